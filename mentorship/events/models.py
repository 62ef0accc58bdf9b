"""The events engine: series, their sessions, and each person's registration.

One engine serves the Global WIM Calls (organisation leaders), the round tables
(members of member organisations) and the working groups' monthly meetings (the
group's members). A *series* holds *sessions*; a session is stored in UTC with the
organiser's IANA zone beside it, so that every reader sees it in her own clock and
the organiser's. A person registers once per session; when the seats are taken she
joins a first-come waitlist, and a freed seat passes to the next person in the same
transaction that freed it (the session's row is locked for it: see
`events.registration`).

Seats may be reserved per region (`SeatReservation`) so that one large organisation
or region cannot fill a session; reservations hold until `reserved_until`, after
which any seat left is open to all.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow

# Reminders before the start, in minutes: 7 days, 24 hours, 1 hour.
DEFAULT_REMINDERS = [7 * 24 * 60, 24 * 60, 60]


class SeriesKind(enum.StrEnum):
    CALL = "call"  # Global WIM Calls, among organisation leaders
    ROUND_TABLE = "round_table"
    WORKING_GROUP = "working_group"  # a working group's monthly meetings
    OTHER = "other"


class Audience(enum.StrEnum):
    """Who may register (and, but for `public`, who may see the session)."""

    LEADERS = "leaders"  # the leaders of member organisations (calls)
    MEMBERS = "members"  # people of member organisations
    WORKING_GROUP = "working_group"  # current members of the series' body
    PUBLIC = "public"  # anyone with an account; the page is public


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"  # holds a seat
    OFFERED = "offered"  # a freed seat is hers if she confirms by `offer_expires_at`
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"  # she (or the organiser) cancelled
    LAPSED = "lapsed"  # an offered seat she did not confirm in time


# Statuses that hold a seat: an offered seat is kept for her until it lapses.
SEATED = (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)


class ListVisibility(enum.StrEnum):
    """Where her name appears on the participant list: her choice, never changed
    silently."""

    EVERYONE = "everyone"  # everyone registered for the session sees her name
    ORGANISERS = "organisers"  # only the organisers


class AttendanceSource(enum.StrEnum):
    ORGANISER = "organiser"  # marked by an organiser
    LINK = "link"  # she followed the joining link during the session


class EventSeries(db.Model):
    """A series of sessions: "Round tables 2027", "Global WIM Calls"."""

    __tablename__ = "event_series"
    __table_args__ = (
        enum_check("kind", SeriesKind),
        enum_check("default_audience", Audience),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default=SeriesKind.OTHER)
    name_id, name = translated_field(nullable=False)
    description_id, description = translated_field()
    # A working group's meetings belong to its body (core.models.Body).
    body_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bodies.id", ondelete="SET NULL"), index=True
    )
    default_audience: Mapped[str] = mapped_column(
        sa.String(16), default=Audience.MEMBERS
    )
    # Minutes before each session's start when registrants are reminded.
    reminder_minutes: Mapped[list] = mapped_column(
        sa.JSON, default=lambda: list(DEFAULT_REMINDERS)
    )
    # A freed seat offered to the next on the waitlist must be confirmed within this
    # many hours (None: it is hers at once).
    confirm_hours: Mapped[int | None] = mapped_column()
    offers_certificate: Mapped[bool] = mapped_column(default=False)
    # The public feed of the series (.ics) is on; sessions for everyone only.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    body = relationship("Body")
    sessions: Mapped[list["EventSession"]] = relationship(
        back_populates="series",
        order_by="EventSession.starts_at",
        cascade="all, delete-orphan",
    )


class EventSession(db.Model):
    """One call, round table or meeting: when, in what language, for whom."""

    __tablename__ = "event_sessions"
    __table_args__ = (
        enum_check("audience", Audience),
        enum_check("status", SessionStatus),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity"),
        sa.Index("ix_event_sessions_series_start", "series_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_series.id", ondelete="CASCADE")
    )
    title_id, title = translated_field(nullable=False)
    description_id, description = translated_field()
    # The agenda: the minutes' first draft is made from it (events.minutes).
    agenda_id, agenda = translated_field()
    theme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("themes.id", ondelete="SET NULL"), index=True
    )
    # The language spoken, and the interpretations offered (codes of vocab.LANGUAGES).
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    interpretations: Mapped[list] = mapped_column(sa.JSON, default=list)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The organiser's IANA zone ("America/Lima"): shown beside the reader's own.
    timezone: Mapped[str] = mapped_column(sa.String(64))
    # Shown only to people holding a seat, and to organisers.
    join_url: Mapped[str] = mapped_column(sa.String(500), default="")
    audience: Mapped[str] = mapped_column(sa.String(16), default=Audience.MEMBERS)
    status: Mapped[str] = mapped_column(sa.String(12), default=SessionStatus.SCHEDULED)
    # None: no limit.
    capacity: Mapped[int | None] = mapped_column()
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Regional reservations hold until then (None: until the start).
    reserved_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optional questions: [{"id": "q1", "label": {"en": ..., "fr": ..., "es": ...},
    # "required": bool}]; answers are kept on the registration.
    questions: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Grows with every change a registrant's calendar must follow (.ics SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    # Bumped on every registration change: the organiser's counts cache on it.
    version: Mapped[int] = mapped_column(default=0)
    organiser_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    series: Mapped[EventSeries] = relationship(back_populates="sessions")
    theme = relationship("Theme")
    organiser = relationship("User", foreign_keys=[organiser_id])
    reservations: Mapped[list["SeatReservation"]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="SeatReservation.region",
    )

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    def has_started(self, now=None):
        return (now or utcnow()) >= self.starts_at

    def has_ended(self, now=None):
        return (now or utcnow()) >= self.ends_at

    def registration_is_open(self, now=None):
        """Open now: not cancelled, not started, within its opening dates."""
        now = now or utcnow()
        return (
            not self.is_cancelled
            and now < self.starts_at
            and (
                self.registration_opens_at is None or now >= self.registration_opens_at
            )
            and (
                self.registration_closes_at is None or now < self.registration_closes_at
            )
        )


class SeatReservation(db.Model):
    """Seats of a session kept for people of one region (vocab.REGIONS)."""

    __tablename__ = "event_seat_reservations"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "region", name="uq_event_seats_region"),
        sa.CheckConstraint("seats > 0", name="seats"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE")
    )
    region: Mapped[str] = mapped_column(sa.String(32))
    seats: Mapped[int] = mapped_column()

    session: Mapped[EventSession] = relationship(back_populates="reservations")


class Registration(db.Model):
    """A person's place at a session: a seat, an offered seat, or on the waitlist.

    One row per person and session (unique): cancelling and registering again
    reuses it, at the end of the waitlist if the seats are gone. `region` and
    `organisation_id` are kept as they were when she registered (the seat she took
    and the organisations that attended stay true if she moves later).
    """

    __tablename__ = "event_registrations"
    __table_args__ = (
        enum_check("status", RegistrationStatus),
        enum_check("list_visibility", ListVisibility),
        enum_check("attendance_source", AttendanceSource),
        sa.UniqueConstraint("session_id", "user_id", name="uq_event_registration"),
        sa.Index("ix_event_registrations_session_status", "session_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    region: Mapped[str | None] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(sa.String(12))
    # The seat she holds came from her region's reservation (released if she leaves).
    reserved_seat: Mapped[bool] = mapped_column(default=False)
    # Order on the waitlist: the moment she joined it (first come, first served).
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    list_visibility: Mapped[str] = mapped_column(
        sa.String(12), default=ListVisibility.ORGANISERS
    )
    # {question id: answer text}
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # None: not taken yet; True attended; False a no-show.
    attended: Mapped[bool | None] = mapped_column()
    attendance_source: Mapped[str | None] = mapped_column(sa.String(12))
    attendance_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Private token of her calendar feed is on the person (events.calendars); this
    # counts the changes of her own registration for the .ics SEQUENCE.
    sequence: Mapped[int] = mapped_column(default=0)

    session: Mapped[EventSession] = relationship()
    user = relationship("User")
    organisation = relationship("Organisation")

    @property
    def holds_seat(self):
        return self.status in SEATED
