"""Steering Committee elections: the seat model, nominations, the counts, and the
seats they fill.

An `Election` states its seat model before nominations open (seats, each region's
minimum and maximum, one seat per organisation, term length, the limit on
consecutive terms, the officer roles and how they are filled) and never changes it
after. Member organisations nominate (`Nomination`); a candidate accepts one
nomination (the database keeps one accepted per person and election); the
Secretariat checks her eligibility. The vote is an organisation ballot of the
decisions package (a ranked decision counted by STV, options referring to
nominations); its count, and each recount filling a vacancy, is an `ElectionCount`
holding the published protocol. Each elected candidate takes a `Seat`: a Steering
Committee membership (`core.memberships`) with its term, region, organisation and
office.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class ElectionStatus(enum.StrEnum):
    DRAFT = "draft"  # the Secretariat sets the seat model and windows
    NOMINATING = "nominating"  # nominations open (a window, to come, open or over)
    VOTING = "voting"  # its ranked decision is open
    COUNTED = "counted"  # the count elected the committee; seats taken
    CANCELLED = "cancelled"


class OfficersBy(enum.StrEnum):
    ELECTED = "elected"  # the new members elect the officers among themselves
    ALLOCATED = "allocated"  # the committee allocates the offices


class Office(enum.StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    TREASURER = "treasurer"
    SECRETARY = "secretary"


class NominationStatus(enum.StrEnum):
    PROPOSED = "proposed"  # waits for the candidate's answer
    ACCEPTED = "accepted"  # she stands (one accepted nomination per election)
    DECLINED = "declined"  # by her, or because she accepted another
    WITHDRAWN = "withdrawn"  # by her or her nominating organisation


class Eligibility(enum.StrEnum):
    PENDING = "pending"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"  # with a reason


class CountKind(enum.StrEnum):
    ELECTION = "election"  # the count of the election's ballots
    RECOUNT = "recount"  # a vacancy filled by recounting the same ballots


class SeatEnd(enum.StrEnum):
    TERM = "term"  # the term ran its course
    RESIGNED = "resigned"
    REMOVED = "removed"  # e.g. her organisation left the Alliance


OPTION_PREFIX = "nomination:"
"""An election's decision option stands for a nomination: its ref is this + the id."""


class Election(db.Model):
    """One election of Steering Committee seats, with its seat model and windows."""

    __tablename__ = "elections"
    __table_args__ = (
        enum_check("status", ElectionStatus),
        enum_check("officers_by", OfficersBy),
        sa.CheckConstraint("seats BETWEEN 1 AND 30", name="seats"),
        sa.CheckConstraint("nominations_per_org BETWEEN 1 AND 10", name="per_org"),
        sa.CheckConstraint("term_years BETWEEN 1 AND 5", name="term_years"),
        sa.CheckConstraint(
            "consecutive_terms IS NULL OR consecutive_terms BETWEEN 1 AND 10",
            name="consecutive_terms",
        ),
        sa.CheckConstraint(
            "nominations_close_at IS NULL OR nominations_open_at IS NULL"
            " OR nominations_close_at > nominations_open_at",
            name="window_order",
        ),
        sa.CheckConstraint(
            "status = 'draft' OR status = 'cancelled' OR (nominations_open_at IS NOT"
            " NULL AND nominations_close_at IS NOT NULL)",
            name="window_set",
        ),
        sa.CheckConstraint(
            "status NOT IN ('voting', 'counted') OR decision_id IS NOT NULL",
            name="vote_set",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(
        sa.String(12), default=ElectionStatus.DRAFT, index=True
    )
    title_id, title = translated_field()
    # The seat model, fixed once nominations open.
    seats: Mapped[int] = mapped_column(default=3)
    nominations_per_org: Mapped[int] = mapped_column(default=2)
    term_years: Mapped[int] = mapped_column(default=2)
    # The first day of the terms of those elected (staggered terms: elections of
    # part of the committee each year, with terms of several years).
    term_starts_on: Mapped[date | None] = mapped_column(sa.Date)
    consecutive_terms: Mapped[int | None] = mapped_column()  # None: no limit
    officers_by: Mapped[str] = mapped_column(
        sa.String(12), default=OfficersBy.ALLOCATED
    )
    offices: Mapped[list] = mapped_column(sa.JSON, default=list)  # Office values
    # The AGM decision that set this election's seat model, when there was one.
    agm_decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="SET NULL"), index=True
    )
    nominations_open_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nominations_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voting_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The organisations' ranked ballot (decisions), from the vote on.
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="RESTRICT"), index=True, unique=True
    )
    # The seed of the published draw that breaks ties no earlier round breaks:
    # fixed and shown when the vote opens, before any ballot.
    seed: Mapped[str | None] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    regions: Mapped[list["ElectionRegion"]] = relationship(
        back_populates="election",
        order_by="ElectionRegion.region",
        cascade="all, delete-orphan",
    )
    decision = relationship("Decision", foreign_keys=[decision_id])

    def limits(self):
        """({region: minimum}, {region: maximum}) of its seat model."""
        minimum = {r.region: r.minimum for r in self.regions if r.minimum}
        maximum = {r.region: r.maximum for r in self.regions if r.maximum is not None}
        return minimum, maximum

    def nominations_open(self, now=None):
        now = now or utcnow()
        return (
            self.status == ElectionStatus.NOMINATING
            and self.nominations_open_at <= now < self.nominations_close_at
        )


class ElectionRegion(db.Model):
    """A region's place in an election's seat model: at least `minimum` seats, at
    most `maximum` (None: no maximum)."""

    __tablename__ = "election_regions"
    __table_args__ = (
        sa.UniqueConstraint("election_id", "region", name="uq_election_regions"),
        sa.CheckConstraint("minimum >= 0", name="minimum"),
        sa.CheckConstraint(
            "maximum IS NULL OR maximum >= minimum", name="maximum_over_minimum"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(
        sa.ForeignKey("elections.id", ondelete="CASCADE"), index=True
    )
    region: Mapped[str] = mapped_column(sa.String(32))
    minimum: Mapped[int] = mapped_column(default=0)
    maximum: Mapped[int | None] = mapped_column()

    election: Mapped[Election] = relationship(back_populates="regions")


class Nomination(db.Model):
    """A member organisation nominates a person; she accepts or declines; the
    Secretariat checks her eligibility. She stands when accepted and eligible."""

    __tablename__ = "election_nominations"
    __table_args__ = (
        enum_check("status", NominationStatus),
        enum_check("eligibility", Eligibility),
        sa.UniqueConstraint(
            "election_id",
            "organisation_id",
            "candidate_id",
            name="uq_election_nominations_once",
        ),
        # She stands once per election: one accepted nomination.
        sa.Index(
            "uq_election_nominations_accepted",
            "election_id",
            "candidate_id",
            unique=True,
            sqlite_where=sa.text("status = 'accepted'"),
            postgresql_where=sa.text("status = 'accepted'"),
        ),
        sa.CheckConstraint(
            "eligibility <> 'ineligible' OR eligibility_reason <> ''",
            name="reason_given",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(
        sa.ForeignKey("elections.id", ondelete="CASCADE"), index=True
    )
    # The nominating member organisation, and who nominated on its behalf.
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    nominated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # Her own organisation and its region when nominated: the count's one seat per
    # organisation and regional rules read these.
    candidate_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    region: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(
        sa.String(12), default=NominationStatus.PROPOSED, index=True
    )
    eligibility: Mapped[str] = mapped_column(sa.String(12), default=Eligibility.PENDING)
    eligibility_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    checked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Her statement, in her language (translated content, with its status).
    statement_id, statement = translated_field()
    # Her photo and CV (checked uploads in `core.storage`).
    photo_key: Mapped[str | None] = mapped_column(sa.String(64))
    photo_type: Mapped[str | None] = mapped_column(sa.String(80))
    cv_key: Mapped[str | None] = mapped_column(sa.String(64))
    cv_name: Mapped[str | None] = mapped_column(sa.String(200))
    cv_type: Mapped[str | None] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    election: Mapped[Election] = relationship()
    organisation = relationship("Organisation", foreign_keys=[organisation_id])
    candidate_organisation = relationship(
        "Organisation", foreign_keys=[candidate_organisation_id]
    )
    candidate = relationship("User", foreign_keys=[candidate_id])
    nominated_by = relationship("User", foreign_keys=[nominated_by_id])

    @property
    def standing(self):
        return (
            self.status == NominationStatus.ACCEPTED
            and self.eligibility == Eligibility.ELIGIBLE
        )


class ElectionCount(db.Model):
    """A published count: the election's, or a recount filling a vacancy, with its
    whole protocol (JSON of `stv.Result`), the anonymous ballots it read and the
    candidates' names as they stood, so that anyone can recount."""

    __tablename__ = "election_counts"
    __table_args__ = (
        enum_check("kind", CountKind),
        sa.CheckConstraint(
            "(kind = 'recount') = (vacated_seat_id IS NOT NULL)", name="recount_seat"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(
        sa.ForeignKey("elections.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(12), default=CountKind.ELECTION)
    # The seat a recount filled (no foreign key: seats and counts point at each
    # other, and both stay as long as their election).
    vacated_seat_id: Mapped[int | None] = mapped_column(index=True)
    # {"protocol": Result.to_json(), "ballots": [[weight, [nomination id...]]],
    #  "candidates": {nomination id: {"name", "region", "organisation"}},
    #  "withdrawn": [...], "fixed": [...]}
    record: Mapped[dict] = mapped_column(sa.JSON)
    elected: Mapped[list] = mapped_column(sa.JSON, default=list)  # nomination ids
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    election: Mapped[Election] = relationship()


class Seat(db.Model):
    """A Steering Committee seat held by an elected member for her term: her
    membership of the committee (`core.memberships`), its region, organisation and
    office. Ending it early makes a vacancy, filled by a recount."""

    __tablename__ = "election_seats"
    __table_args__ = (
        enum_check("office", Office),
        enum_check("end_reason", SeatEnd),
        sa.CheckConstraint("ends_on > starts_on", name="term"),
        sa.CheckConstraint(
            "(ended_on IS NULL) = (end_reason IS NULL)", name="end_recorded"
        ),
        # One office holder at a time per office.
        sa.Index(
            "uq_election_seats_office",
            "office",
            unique=True,
            sqlite_where=sa.text("office IS NOT NULL AND ended_on IS NULL"),
            postgresql_where=sa.text("office IS NOT NULL AND ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(
        sa.ForeignKey("elections.id", ondelete="CASCADE"), index=True
    )
    nomination_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("election_nominations.id", ondelete="SET NULL"), index=True
    )
    count_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("election_counts.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    membership_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("memberships.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    region: Mapped[str] = mapped_column(sa.String(32))
    office: Mapped[str | None] = mapped_column(sa.String(12))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)  # the term's planned end
    ended_on: Mapped[date | None] = mapped_column(sa.Date)  # when it did end
    end_reason: Mapped[str | None] = mapped_column(sa.String(12))
    # The seat whose vacancy this one fills, for the rest of its term.
    replaces_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("election_seats.id", ondelete="SET NULL"), index=True
    )

    election: Mapped[Election] = relationship()
    nomination = relationship("Nomination")
    user = relationship("User")
    organisation = relationship("Organisation")
    membership = relationship("Membership")

    def current(self, on):
        return self.ended_on is None and self.starts_on <= on < self.ends_on
