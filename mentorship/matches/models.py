"""Match runs, the proposals they make, and pairs excluded from future runs."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, enum_check, enum_values, sql_in, utcnow


class RunStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    PREVIEW = "preview"
    RELEASED = "released"
    DISCARDED = "discarded"
    FAILED = "failed"


class ProposalStatus(enum.StrEnum):
    """draft (in a run's preview) -> awaiting_approval -> offered -> accepted; side
    exits: rejected (a coordinator), declined (mentee or mentor), expired, removed."""

    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DECLINED = "declined"
    EXPIRED = "expired"
    REMOVED = "removed"


class OrgDecision(enum.StrEnum):
    """A coordinator's decision for her side of a proposal (NULL: not yet)."""

    APPROVED = "approved"
    REJECTED = "rejected"


class OfferAnswer(enum.StrEnum):
    """The mentee's or mentor's answer to an offer (NULL: not yet)."""

    ACCEPTED = "accepted"
    DECLINED = "declined"


RUN_STATES = enum_values(RunStatus)
ACTIVE_RUN_STATES = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PREVIEW)
LIVE_STATES = (
    ProposalStatus.DRAFT,
    ProposalStatus.AWAITING_APPROVAL,
    ProposalStatus.OFFERED,
)
PROPOSAL_STATES = enum_values(ProposalStatus)
_LIVE_SQL = sql_in("status", LIVE_STATES)
_ACTIVE_RUN_SQL = sql_in("status", ACTIVE_RUN_STATES)


class MatchRun(db.Model):
    __tablename__ = "match_runs"
    __table_args__ = (
        enum_check("status", RunStatus),
        # One run at a time per programme, whoever clicks: enforced by the database.
        sa.Index(
            "uq_match_runs_active",
            "programme_id",
            unique=True,
            sqlite_where=sa.text(_ACTIVE_RUN_SQL),
            postgresql_where=sa.text(_ACTIVE_RUN_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    settings_id: Mapped[int] = mapped_column(sa.ForeignKey("programme_settings.id"))
    library_version: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(10), default=RunStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)
    started_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    n_mentees: Mapped[int] = mapped_column(default=0)
    n_mentors: Mapped[int] = mapped_column(default=0)
    n_proposed: Mapped[int] = mapped_column(default=0)
    # {reason_code: count} for mentees the run could not pair.
    unmatched: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    timings: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    error: Mapped[str] = mapped_column(sa.Text, default="")

    programme = relationship("Programme")
    settings = relationship("ProgrammeSettings")
    proposals: Mapped[list["Proposal"]] = relationship(back_populates="run")


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        enum_check("status", ProposalStatus),
        enum_check("mentee_org_decision", OrgDecision),
        enum_check("mentor_org_decision", OrgDecision),
        enum_check("mentee_answer", OfferAnswer),
        enum_check("mentor_answer", OfferAnswer),
        # A mentee is in at most one live proposal per programme (her enrolment is
        # per programme and role), and a pair is never proposed twice at once.
        sa.Index(
            "uq_proposals_live_mentee",
            "mentee_enrolment_id",
            unique=True,
            sqlite_where=sa.text(_LIVE_SQL),
            postgresql_where=sa.text(_LIVE_SQL),
        ),
        sa.Index(
            "uq_proposals_live_pair",
            "mentee_enrolment_id",
            "mentor_enrolment_id",
            unique=True,
            sqlite_where=sa.text(_LIVE_SQL),
            postgresql_where=sa.text(_LIVE_SQL),
        ),
        sa.Index("ix_proposals_programme_status", "programme_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE")
    )
    run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("match_runs.id", ondelete="SET NULL"), index=True
    )
    mentee_enrolment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    mentor_enrolment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    # The organisations at proposal time: approval belongs to them even if she moves.
    mentee_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    mentor_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    score: Mapped[float] = mapped_column(default=0.0)
    # [{"code": ..., "value": ..., "contribution": ...}]: codes, translated at display.
    reasons: Mapped[list] = mapped_column(sa.JSON, default=list)
    # The next best mentors for this mentee (programme setting "proposals per
    # mentee" > 1): [{"mentor_enrolment_id", "score"}], for the Secretariat's review.
    alternatives: Mapped[list] = mapped_column(
        sa.JSON, default=list, server_default="[]"
    )
    manual: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(20), default=ProposalStatus.DRAFT)
    mentee_org_decision: Mapped[str | None] = mapped_column(sa.String(10))
    mentee_org_decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    mentee_org_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentor_org_decision: Mapped[str | None] = mapped_column(sa.String(10))
    mentor_org_decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    mentor_org_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentee_answer: Mapped[str | None] = mapped_column(sa.String(10))
    mentee_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentor_answer: Mapped[str | None] = mapped_column(sa.String(10))
    mentor_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why it left the live states (rejection or decline reason code + free text).
    close_reason: Mapped[str] = mapped_column(sa.String(40), default="")
    close_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    run: Mapped[MatchRun | None] = relationship(back_populates="proposals")
    programme = relationship("Programme")
    mentee_enrolment = relationship("Enrolment", foreign_keys=[mentee_enrolment_id])
    mentor_enrolment = relationship("Enrolment", foreign_keys=[mentor_enrolment_id])


class Exclusion(db.Model):
    """A pair the Secretariat keeps out of future runs (a programme's, or all)."""

    __tablename__ = "exclusions"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "mentee_user_id", "mentor_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE")
    )
    mentee_user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    mentor_user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
