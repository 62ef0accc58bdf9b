"""Match runs, the proposals they make, and pairs excluded from future runs."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow

RUN_STATES = ("queued", "running", "preview", "released", "discarded", "failed")
# Proposal life: draft (in a run's preview) -> awaiting_approval -> offered -> accepted;
# side exits: rejected (a coordinator), declined (mentee or mentor), expired, removed.
LIVE_STATES = ("draft", "awaiting_approval", "offered")
PROPOSAL_STATES = (
    *LIVE_STATES,
    "accepted",
    "rejected",
    "declined",
    "expired",
    "removed",
)
_LIVE_SQL = "status IN ('draft', 'awaiting_approval', 'offered')"


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class MatchRun(db.Model):
    __tablename__ = "match_runs"
    __table_args__ = (
        sa.CheckConstraint(_in("status", RUN_STATES), name="status"),
        # One run at a time per programme, whoever clicks: enforced by the database.
        sa.Index(
            "uq_match_runs_active",
            "programme_id",
            unique=True,
            sqlite_where=sa.text("status IN ('queued', 'running', 'preview')"),
            postgresql_where=sa.text("status IN ('queued', 'running', 'preview')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    settings_id: Mapped[int] = mapped_column(sa.ForeignKey("programme_settings.id"))
    library_version: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(10), default="queued")
    progress: Mapped[int] = mapped_column(default=0)
    started_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
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
        sa.CheckConstraint(_in("status", PROPOSAL_STATES), name="status"),
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
        sa.ForeignKey("enrolments.id", ondelete="CASCADE")
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
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    mentee_org_decision: Mapped[str | None] = mapped_column(sa.String(10))
    mentee_org_decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    mentee_org_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentor_org_decision: Mapped[str | None] = mapped_column(sa.String(10))
    mentor_org_decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
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
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
