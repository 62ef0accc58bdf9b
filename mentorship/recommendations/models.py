"""A working group's recommendations (and review documents): the record each part
of the pipeline stands on.

The pipeline (`recommendations` package) moves a recommendation from draft through
the members' comment round, optionally every member organisation's, the Steering
Committee's endorsement, to publication in three languages; each published one is
then followed as a result (`results` package, on the `recommendation_published`
signal).
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class RecommendationKind(enum.StrEnum):
    RECOMMENDATION = "recommendation"
    REVIEW = "review"  # a "review and recommendations" document


class RecommendationStatus(enum.StrEnum):
    DRAFT = "draft"
    MEMBERS_ROUND = "members_round"  # the group's members comment
    ORGANISATIONS_ROUND = "organisations_round"  # every member organisation comments
    ENDORSEMENT = "endorsement"  # awaiting the Steering Committee
    ENDORSED = "endorsed"  # endorsed, not yet published
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Recommendation(db.Model):
    """One recommendation of a working group; its text lives in its versions."""

    __tablename__ = "recommendations"
    __table_args__ = (
        enum_check("kind", RecommendationKind),
        enum_check("status", RecommendationStatus),
        sa.Index("ix_recommendations_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("working_groups.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(
        sa.String(16), default=RecommendationKind.RECOMMENDATION
    )
    status: Mapped[str] = mapped_column(
        sa.String(20), default=RecommendationStatus.DRAFT
    )
    title_id, title = translated_field(nullable=False)
    # A short summary in three languages, for lists and the theme's results page.
    summary_id, summary = translated_field()
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group = relationship("WorkingGroup")
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def is_published(self):
        return self.status == RecommendationStatus.PUBLISHED

    def __repr__(self):
        return f"<Recommendation {self.id} {self.status}>"
