"""Survey answers. Reports never show one person's answers (see core/disclosure.py).

An answer is stored without her name, her account or her mentorship: `answer_key`, a
keyed fingerprint of (mentorship, side, stage), keeps "answered once" (surveys/keys.py).
"""

import enum
from datetime import UTC, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, enum_check, enum_values, utcnow
from ..profiles.models import Side


class SurveyStage(enum.StrEnum):
    BASELINE = "baseline"
    MIDPOINT = "midpoint"
    FINAL = "final"


STAGES = enum_values(SurveyStage)


def today_utc():
    """The start of the current UTC day: when an answer was given, to the day."""
    return datetime.combine(utcnow().date(), time.min, tzinfo=UTC)


class SurveyResponse(db.Model):
    """One person's answer to one survey. No user id, no mentorship id: the database
    alone cannot tell whose it is; the application, holding the key of
    `answer_key`, finds her own answers for her (export, erasure, answered once)."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        # Answered once: a second submission is refused by the database too.
        sa.UniqueConstraint("answer_key"),
        enum_check("role", Side),
        enum_check("stage", SurveyStage),
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
    # HMAC of "<mentorship id>:<role>:<stage>" (surveys/keys.py); erasure replaces it.
    answer_key: Mapped[str] = mapped_column(sa.String(64))
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
    # Percent done of each of her goals at this stage, smallest first: no goal ids,
    # which would lead back to the mentorship.
    goal_progress: Mapped[list] = mapped_column(sa.JSON, default=list)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    # The day only (midnight UTC): a time could be matched with other records.
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=today_utc)
