"""The kernel's own tables."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, attribute_keyed_dict, mapped_column, relationship

from ..db import UTCDateTime, db, enum_check, enum_values, sql_in, utcnow


class Reminder(db.Model):
    """One reminder relative to a moment, sent once (`core.schedule`).

    `key` names what it is about and when ("mentorship:12:next_meeting:24h"), so that
    scheduling it again moves it rather than adding a second one. `payload` holds ids
    only, never personal text.
    """

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    job: Mapped[str] = mapped_column(sa.String(100))
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- Translated content (core.translated) -------------------------------------------


class TranslationStatus(enum.StrEnum):
    """A translation's state ('source' and 'missing' are derived, never stored)."""

    DRAFT = "draft"
    REVIEWED = "reviewed"
    OUTDATED = "outdated"


TRANSLATION_STATUSES = enum_values(TranslationStatus)


class TranslatedText(db.Model):
    """One piece of content written in a source language and read in every
    configured language: one row, and a `Translation` row per language written.

    Languages are rows, not columns: adding one to the LANGUAGES setting touches no
    table. A model attaches one with `core.translated.translated_field()`.
    """

    __tablename__ = "translated_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_lang: Mapped[str] = mapped_column(sa.String(8))

    translations: Mapped[dict[str, "Translation"]] = relationship(
        collection_class=attribute_keyed_dict("lang"),
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="text",
    )

    def body(self, lang):
        """The text in `lang` ('' when none)."""
        row = self.translations.get(lang)
        return row.body if row is not None else ""

    def status(self, lang):
        """source, missing, draft, reviewed or outdated."""
        if lang == self.source_lang and self.body(lang):
            return "source"
        row = self.translations.get(lang)
        if row is None or not row.body:
            return "missing"
        return row.status

    def __repr__(self):
        return f"<TranslatedText {self.id} {self.source_lang}>"


class Translation(db.Model):
    """The text of one `TranslatedText` in one language, with its status."""

    __tablename__ = "translations"
    __table_args__ = (
        sa.UniqueConstraint("text_id", "lang"),
        enum_check("status", TranslationStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text_id: Mapped[int] = mapped_column(
        sa.ForeignKey("translated_texts.id", ondelete="CASCADE")
    )
    lang: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(10), default=TranslationStatus.DRAFT)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    text: Mapped[TranslatedText] = relationship(back_populates="translations")


# --- Memberships with terms (core.memberships) ---------------------------------------


class BodyKind(enum.StrEnum):
    STEERING_COMMITTEE = "steering_committee"
    WORKING_GROUP = "working_group"
    TRANSLATORS = "translators"  # the library's volunteer translators (a term each)


class OrganisationPosition(enum.StrEnum):
    COORDINATOR = "coordinator"
    LEADER = "leader"
    VOTING_DELEGATE = "voting_delegate"
    ALTERNATE_DELEGATE = "alternate_delegate"
    DATA_SUBMITTER = "data_submitter"
    EVENT_CONTACT = "event_contact"


class BodyPosition(enum.StrEnum):
    CHAIR = "chair"
    CHAMPION = "champion"
    MEMBER = "member"
    LIAISON = "liaison"
    OFFICER = "officer"


BODY_KINDS = enum_values(BodyKind)
ORGANISATION_POSITIONS = enum_values(OrganisationPosition)
BODY_POSITIONS = enum_values(BodyPosition)


class Body(db.Model):
    """A body of the Alliance with members: the Steering Committee, a working group."""

    __tablename__ = "bodies"
    __table_args__ = (enum_check("kind", BodyKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name_id: Mapped[int] = mapped_column(
        sa.ForeignKey("translated_texts.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    name: Mapped[TranslatedText] = relationship(
        foreign_keys=[name_id], cascade="all, delete-orphan", single_parent=True
    )

    def __repr__(self):
        return f"<Body {self.slug}>"


class Membership(db.Model):
    """A person holding a position in an organisation or a body, for a term.

    Nothing is deleted: ending sets `ends_on`. Current means
    starts_on <= today < ends_on (or no end), see `core.memberships.current`.
    """

    __tablename__ = "memberships"
    __table_args__ = (
        sa.CheckConstraint(
            "(organisation_id IS NULL) <> (body_id IS NULL)", name="one_holder"
        ),
        # Generated from both enums: an organisation's positions, a body's positions.
        sa.CheckConstraint(
            f"(organisation_id IS NULL OR {sql_in('position', OrganisationPosition)})"
            f" AND (body_id IS NULL OR {sql_in('position', BodyPosition)})",
            name="position",
        ),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="term"),
        sa.Index("ix_memberships_organisation", "organisation_id", "position"),
        sa.Index("ix_memberships_body", "body_id", "position"),
        # One open term per person and position in the same organisation or body.
        sa.Index(
            "uq_memberships_open_organisation",
            "user_id",
            "organisation_id",
            "position",
            unique=True,
            sqlite_where=sa.text("ends_on IS NULL AND organisation_id IS NOT NULL"),
            postgresql_where=sa.text("ends_on IS NULL AND organisation_id IS NOT NULL"),
        ),
        sa.Index(
            "uq_memberships_open_body",
            "user_id",
            "body_id",
            "position",
            unique=True,
            sqlite_where=sa.text("ends_on IS NULL AND body_id IS NOT NULL"),
            postgresql_where=sa.text("ends_on IS NULL AND body_id IS NOT NULL"),
        ),
        # One voting delegate and one alternate at a time per organisation (roles):
        # a second open term is refused by the database, whoever clicks.
        *(
            sa.Index(
                f"uq_memberships_one_{position}",
                "organisation_id",
                unique=True,
                sqlite_where=sa.text(f"position = '{position}' AND ends_on IS NULL"),
                postgresql_where=sa.text(
                    f"position = '{position}' AND ends_on IS NULL"
                ),
            )
            for position in ("voting_delegate", "alternate_delegate")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE")
    )
    body_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bodies.id", ondelete="CASCADE")
    )
    position: Mapped[str] = mapped_column(sa.String(20))
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    body: Mapped[Body | None] = relationship()

    def is_current(self, today):
        return self.starts_on <= today and (
            self.ends_on is None or self.ends_on > today
        )

    def __repr__(self):
        return f"<Membership {self.user_id} {self.position}>"


class ParkedJob(db.Model):
    """A job the queue refused (Redis unreachable), kept until the queue is back.

    `jobs.requeue_parked` hands it to the queue again and deletes the row; `data`
    holds the job's arguments, which may carry an email address or a message.
    """

    __tablename__ = "parked_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    parked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    task: Mapped[str] = mapped_column(sa.String(200))
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    request_id: Mapped[str] = mapped_column(sa.String(64), default="")


class FailedEmail(db.Model):
    """A message the mail server refused every time it was tried.

    The Secretariat sees these (`/admin/undelivered-emails`) and can send them again.
    """

    __tablename__ = "failed_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    address: Mapped[str] = mapped_column(sa.String(320))
    subject: Mapped[str] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(default=1)
    error: Mapped[str] = mapped_column(sa.String(300), default="")
    request_id: Mapped[str] = mapped_column(sa.String(64), default="")
    resent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- Data versions (core.versions) -------------------------------------------------


class DataVersion(db.Model):
    """A named version of some tables' data, changed by every commit that writes
    them: what caches of figures computed from those tables are keyed by."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    stamp: Mapped[int] = mapped_column(sa.BigInteger)
