"""Needs and offers, introductions between organisations, and the partnerships
that came out of them."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow
from ..organisations.models import Organisation


class Category(enum.StrEnum):
    """The Alliance's taxonomy of needs and offers: codes are stored, never change."""

    MENTORING_CAPACITY = "mentoring_capacity"
    DATA_RESEARCH = "data_research"
    ADVOCACY = "advocacy"
    LEGAL_GOVERNANCE = "legal_governance"
    FUNDRAISING = "fundraising"
    EVENTS = "events"
    COMMUNICATIONS = "communications"
    TRANSLATION = "translation"
    TRAINING = "training"
    TECHNICAL_EXPERTISE = "technical_expertise"
    NETWORKING = "networking"
    OTHER = "other"


class ListingKind(enum.StrEnum):
    NEED = "need"
    OFFER = "offer"


class IntroductionStatus(enum.StrEnum):
    PROPOSED = "proposed"  # waiting for both organisations' acceptance
    INTRODUCED = "introduced"  # both accepted: the introduction emails went out
    DECLINED = "declined"  # one side declined
    WITHDRAWN = "withdrawn"  # the proposer took it back


OPEN_STATES = (IntroductionStatus.PROPOSED, IntroductionStatus.INTRODUCED)
"""An unordered pair of organisations has at most one introduction in these."""


class Decision(enum.StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class FollowUpAnswer(enum.StrEnum):
    PARTNERSHIP = "partnership"
    NO_PARTNERSHIP = "no_partnership"


class PartnershipKind(enum.StrEnum):
    MENTORING_EXCHANGE = "mentoring_exchange"
    JOINT_EVENT = "joint_event"
    RESEARCH_DATA = "research_data"
    ADVOCACY = "advocacy"
    SHARED_RESOURCES = "shared_resources"
    OTHER = "other"


class PartnershipStatus(enum.StrEnum):
    EXPLORING = "exploring"
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED = "ended"


class Listing(db.Model):
    """One thing an organisation needs or can offer, described in its language."""

    __tablename__ = "organisation_listings"
    __table_args__ = (
        enum_check("kind", ListingKind),
        enum_check("category", Category),
        sa.UniqueConstraint("organisation_id", "kind", "category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(8))
    category: Mapped[str] = mapped_column(sa.String(24))
    description_id, description = translated_field()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    organisation: Mapped[Organisation] = relationship()


_OPEN_SQL = "status IN ('proposed', 'introduced')"


class Introduction(db.Model):
    """Two organisations introduced to each other: the pair is stored ordered
    (org_low_id < org_high_id), each side decides once (double opt-in)."""

    __tablename__ = "introductions"
    __table_args__ = (
        enum_check("status", IntroductionStatus),
        enum_check("low_decision", Decision),
        enum_check("high_decision", Decision),
        enum_check("follow_up_answer", FollowUpAnswer),
        sa.CheckConstraint("org_low_id < org_high_id", name="ordered_pair"),
        sa.Index(
            "uq_introductions_open_pair",
            "org_low_id",
            "org_high_id",
            unique=True,
            sqlite_where=sa.text(_OPEN_SQL),
            postgresql_where=sa.text(_OPEN_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_low_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    org_high_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(
        sa.String(12), default=IntroductionStatus.PROPOSED, index=True
    )
    onboarding: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    # The side that proposed it (None: the Secretariat) and the person.
    proposed_by_org_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL")
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    low_decision: Mapped[str | None] = mapped_column(sa.String(8))
    low_decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    low_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    high_decision: Mapped[str | None] = mapped_column(sa.String(8))
    high_decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    high_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    introduced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_answer: Mapped[str | None] = mapped_column(sa.String(16))
    follow_up_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    org_low: Mapped[Organisation] = relationship(foreign_keys=[org_low_id])
    org_high: Mapped[Organisation] = relationship(foreign_keys=[org_high_id])
    proposed_by_org: Mapped[Organisation | None] = relationship(
        foreign_keys=[proposed_by_org_id]
    )
    partnership: Mapped["Partnership | None"] = relationship(
        back_populates="introduction", uselist=False
    )

    @property
    def organisations(self):
        return (self.org_low, self.org_high)

    def side_of(self, organisation_id):
        """'low' or 'high' for one of its two organisations, else None."""
        if organisation_id == self.org_low_id:
            return "low"
        if organisation_id == self.org_high_id:
            return "high"
        return None

    def other(self, organisation_id):
        """The other organisation of the pair."""
        return self.org_high if organisation_id == self.org_low_id else self.org_low

    def decision_of(self, side):
        return getattr(self, f"{side}_decision")


class Partnership(db.Model):
    """What came out of an introduction, recorded by either side."""

    __tablename__ = "partnerships"
    __table_args__ = (
        enum_check("kind", PartnershipKind),
        enum_check("status", PartnershipStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("introductions.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(
        sa.String(12), default=PartnershipStatus.EXPLORING, index=True
    )
    outcome: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    introduction: Mapped[Introduction] = relationship(back_populates="partnership")
