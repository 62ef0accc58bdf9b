"""Common positions and priorities, their versions, and each organisation's answer.

A position has numbered versions. A draft version can be edited; publishing it fixes
its texts and opens its ratification window (dates in UTC, both days included).
Publishing a newer version supersedes the previous one: its window closes early,
its texts and its answers stay on record. Each member organisation answers a
version once, through its voting delegate or alternate (one row per version and
organisation, unique in the database), and may withdraw that answer later.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class PositionKind(enum.StrEnum):
    POSITION = "position"
    PRIORITY = "priority"


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"  # a newer version was published: its window is over


class Answer(enum.StrEnum):
    RATIFIED = "ratified"
    ABSTAINED = "abstained"
    DECLINED = "declined"


class RatificationStatus(enum.StrEnum):
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


class Position(db.Model):
    """A common position or priority of the Alliance; its texts are its versions."""

    __tablename__ = "positions"
    __table_args__ = (enum_check("kind", PositionKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(12), default=PositionKind.POSITION)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    versions: Mapped[list["PositionVersion"]] = relationship(
        back_populates="position",
        order_by="PositionVersion.number",
        cascade="all, delete-orphan",
    )

    @property
    def current(self):
        """The latest published (or superseded) version, or None."""
        shown = [v for v in self.versions if v.status != VersionStatus.DRAFT]
        return shown[-1] if shown else None

    @property
    def draft(self):
        return next((v for v in self.versions if v.status == VersionStatus.DRAFT), None)


class PositionVersion(db.Model):
    """One numbered text of a position, in three languages, with its window."""

    __tablename__ = "position_versions"
    __table_args__ = (
        enum_check("status", VersionStatus),
        sa.UniqueConstraint(
            "position_id", "number", name="uq_position_versions_number"
        ),
        sa.CheckConstraint("number >= 1", name="number"),
        sa.CheckConstraint(
            "opens_on IS NULL OR closes_on IS NULL OR closes_on > opens_on",
            name="window",
        ),
        sa.CheckConstraint(
            "status = 'draft' OR (opens_on IS NOT NULL"
            " AND closes_on IS NOT NULL AND published_at IS NOT NULL)",
            name="published",
        ),
        # At most one draft per position: the next version is prepared in one place.
        sa.Index(
            "uq_position_versions_draft",
            "position_id",
            unique=True,
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        sa.ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(
        sa.String(12), default=VersionStatus.DRAFT, index=True
    )
    title_id, title = translated_field()
    text_id, text = translated_field()
    opens_on: Mapped[date | None] = mapped_column()
    closes_on: Mapped[date | None] = mapped_column()
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    position: Mapped[Position] = relationship(back_populates="versions")

    def is_open(self, today):
        """Organisations may answer it today (UTC): published, within its window."""
        return (
            self.status == VersionStatus.PUBLISHED
            and self.opens_on <= today <= self.closes_on
        )

    def window_state(self, today):
        """'draft', 'upcoming', 'open' or 'closed'."""
        if self.status == VersionStatus.DRAFT:
            return "draft"
        if self.status == VersionStatus.SUPERSEDED or today > self.closes_on:
            return "closed"
        return "open" if today >= self.opens_on else "upcoming"


class Ratification(db.Model):
    """An organisation's one answer to one version; withdrawing keeps the row."""

    __tablename__ = "ratifications"
    __table_args__ = (
        enum_check("answer", Answer),
        enum_check("status", RatificationStatus),
        sa.UniqueConstraint(
            "version_id", "organisation_id", name="uq_ratifications_once"
        ),
        sa.CheckConstraint(
            "(status = 'withdrawn') = (withdrawn_at IS NOT NULL)",
            name="withdrawn",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("position_versions.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    answer: Mapped[str] = mapped_column(sa.String(12))
    status: Mapped[str] = mapped_column(
        sa.String(12), default=RatificationStatus.ANSWERED
    )
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    withdraw_reason: Mapped[str] = mapped_column(sa.Text, default="")

    version: Mapped[PositionVersion] = relationship()
    organisation = relationship("Organisation")
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    withdrawn_by = relationship("User", foreign_keys=[withdrawn_by_id])
