"""Survey answers. Reports never show one person's answers: aggregates of 5 or more."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow

STAGES = ("baseline", "midpoint", "final")


class SurveyResponse(db.Model):
    """One person's answer to one survey of one mentorship (her role identifies her
    side; no user id is stored, so erasure keeps the numbers and loses nobody)."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        # Answered once: a second submission is refused by the database too.
        sa.UniqueConstraint("mentorship_id", "role", "stage"),
        sa.CheckConstraint("role IN ('mentor', 'mentee')", name="role"),
        sa.CheckConstraint("stage IN ('baseline', 'midpoint', 'final')", name="stage"),
        sa.CheckConstraint(
            "satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="satisfaction"
        ),
        sa.CheckConstraint("nps IS NULL OR nps BETWEEN 0 AND 10", name="nps"),
        sa.CheckConstraint(
            "confidence IS NULL OR confidence BETWEEN 1 AND 5", name="confidence"
        ),
        sa.Index("ix_survey_responses_programme_stage", "programme_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("mentorships.id", ondelete="SET NULL")
    )
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE")
    )
    # The respondent's organisation, region and language when she answered.
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    region: Mapped[str | None] = mapped_column(sa.String(32))
    language: Mapped[str] = mapped_column(sa.String(5), default="en")
    role: Mapped[str] = mapped_column(sa.String(6))
    stage: Mapped[str] = mapped_column(sa.String(10))
    satisfaction: Mapped[int | None] = mapped_column()
    nps: Mapped[int | None] = mapped_column()
    # Confidence (1-5) in the areas of her goals: compared baseline vs final.
    confidence: Mapped[int | None] = mapped_column()
    # {goal_id: percent done} at this stage.
    goal_progress: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
