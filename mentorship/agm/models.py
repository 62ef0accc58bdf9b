"""The AGM: one event session of the Alliance's AGM series, its agenda of motions
(with amendments), the organisations checked in, and its pack.

An `Agm` is one session of the events engine (unique `session_id`): registration,
calendars and minutes are the engine's. Its agenda items are reports, motions,
elections and other points; an amendment is a motion whose `parent_id` names the
motion it amends, voted before it. A motion is put to the vote as a decision of the
decisions core (`decision_id`); its status follows the decision's outcome. One
check-in per organisation (unique): its voting delegate or alternate, by whom, when.
The pack holds the reports and results, each a text in three languages.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow
from ..decisions.models import Abstentions, Majority


class AgmStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_SESSION = "in_session"
    CLOSED = "closed"


class ItemKind(enum.StrEnum):
    REPORT = "report"
    MOTION = "motion"
    ELECTION = "election"
    OTHER = "other"


class MotionStatus(enum.StrEnum):
    DRAFT = "draft"  # being prepared: the Secretariat sees it
    TABLED = "tabled"  # on the agenda, may be amended
    VOTING = "voting"  # put to the vote: its decision is open
    CARRIED = "carried"
    REJECTED = "rejected"  # rejected, or the quorum was not met
    WITHDRAWN = "withdrawn"


# A motion whose amendments still wait in one of these cannot be put to the vote.
PENDING = (MotionStatus.DRAFT, MotionStatus.TABLED, MotionStatus.VOTING)
# Once in one of these, a motion is voted (or gone): no amendment, no edit.
SETTLED = (
    MotionStatus.VOTING,
    MotionStatus.CARRIED,
    MotionStatus.REJECTED,
    MotionStatus.WITHDRAWN,
)


class Proposer(enum.StrEnum):
    """Who proposes a motion, when not a member organisation."""

    ORGANISATION = "organisation"
    STEERING_COMMITTEE = "steering_committee"
    SECRETARIAT = "secretariat"


class DelegatePosition(enum.StrEnum):
    VOTING = "voting_delegate"
    ALTERNATE = "alternate_delegate"


class SectionKind(enum.StrEnum):
    REPORT = "report"
    ELECTION_RESULTS = "election_results"
    FINANCIAL_REPORT = "financial_report"
    OTHER = "other"


class Agm(db.Model):
    """One AGM: its session, year, quorum and default rules for its motions."""

    __tablename__ = "agms"
    __table_args__ = (
        enum_check("status", AgmStatus),
        enum_check("majority", Majority),
        enum_check("abstentions", Abstentions),
        sa.CheckConstraint("quorum_percent BETWEEN 0 AND 100", name="quorum"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), unique=True
    )
    year: Mapped[int] = mapped_column(unique=True)
    # The share of member organisations that must be checked in (or represented).
    quorum_percent: Mapped[int] = mapped_column(default=50)
    majority: Mapped[str] = mapped_column(sa.String(12), default="simple")
    abstentions: Mapped[str] = mapped_column(sa.String(12), default="excluded")
    secret: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(12), default=AgmStatus.PLANNED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    session = relationship("EventSession")
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="agm",
        order_by="AgendaItem.position",
        cascade="all, delete-orphan",
    )
    sections: Mapped[list["PackSection"]] = relationship(
        back_populates="agm",
        order_by="PackSection.position",
        cascade="all, delete-orphan",
    )

    @property
    def is_closed(self):
        return self.status == AgmStatus.CLOSED

    @property
    def in_session(self):
        return self.status == AgmStatus.IN_SESSION


class AgendaItem(db.Model):
    """A point of the agenda; a motion (or an amendment: `parent_id`) is voted."""

    __tablename__ = "agm_items"
    __table_args__ = (
        enum_check("kind", ItemKind),
        enum_check("status", MotionStatus),
        enum_check("proposer", Proposer),
        enum_check("majority", Majority),
        enum_check("abstentions", Abstentions),
        sa.UniqueConstraint("agm_id", "position", name="uq_agm_items_position"),
        sa.CheckConstraint(
            "parent_id IS NULL OR kind = 'motion'", name="amendment_is_a_motion"
        ),
        sa.CheckConstraint(
            "(proposer = 'organisation') = (proposer_organisation_id IS NOT NULL)",
            name="proposer_named",
        ),
        sa.CheckConstraint(
            "decision_id IS NULL OR kind = 'motion'", name="only_motions_voted"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agm_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agms.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(sa.String(12), default=ItemKind.MOTION)
    title_id, title = translated_field(nullable=False)
    text_id, text = translated_field()
    # An amendment names the motion it amends.
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agm_items.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(12), default=MotionStatus.DRAFT)
    proposer: Mapped[str] = mapped_column(sa.String(20), default=Proposer.SECRETARIAT)
    proposer_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    # The motion's own rules; None: the AGM's defaults.
    majority: Mapped[str | None] = mapped_column(sa.String(12))
    abstentions: Mapped[str | None] = mapped_column(sa.String(12))
    secret: Mapped[bool | None] = mapped_column()
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="SET NULL"), unique=True
    )
    # The resolution as recorded in the session's minutes (a minutes decision).
    minutes_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event_minutes_items.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    agm: Mapped[Agm] = relationship(back_populates="items")
    parent: Mapped["AgendaItem | None"] = relationship(
        remote_side=[id], back_populates="amendments"
    )
    amendments: Mapped[list["AgendaItem"]] = relationship(
        back_populates="parent", order_by="AgendaItem.position"
    )
    proposer_organisation = relationship("Organisation")
    decision = relationship("Decision")

    @property
    def is_motion(self):
        return self.kind == ItemKind.MOTION

    @property
    def is_amendment(self):
        return self.parent_id is not None


class AgmCheckIn(db.Model):
    """An organisation present at the AGM through its delegate (one per AGM)."""

    __tablename__ = "agm_checkins"
    __table_args__ = (
        enum_check("position", DelegatePosition),
        sa.UniqueConstraint("agm_id", "organisation_id", name="uq_agm_checkins_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agm_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agms.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    delegate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[str] = mapped_column(sa.String(20))
    checked_in_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agm: Mapped[Agm] = relationship()
    organisation = relationship("Organisation")
    delegate = relationship("User", foreign_keys=[delegate_id])
    checked_in_by = relationship("User", foreign_keys=[checked_in_by_id])


class PackSection(db.Model):
    """A part of the AGM pack: a report, election results, the accounts..."""

    __tablename__ = "agm_pack_sections"
    __table_args__ = (
        enum_check("kind", SectionKind),
        sa.UniqueConstraint("agm_id", "position", name="uq_agm_pack_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agm_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agms.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(sa.String(20), default=SectionKind.REPORT)
    title_id, title = translated_field(nullable=False)
    text_id, text = translated_field()
    resource_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("library_resources.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    agm: Mapped[Agm] = relationship(back_populates="sections")
    resource = relationship("Resource")
