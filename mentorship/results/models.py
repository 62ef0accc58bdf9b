"""A published recommendation followed as a result: its owner, status, progress,
dated updates, and links to the group's meetings and the actions of their minutes.

One result per recommendation (a unique constraint): the `recommendation_published`
signal opens it, a second signal or a race finds the one already there. Every change
of the result bumps `revision`, so that an update is of the state she read.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class ResultStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"  # progress is 100
    DROPPED = "dropped"  # with its reason


class Result(db.Model):
    """The tracked result of one published recommendation."""

    __tablename__ = "results"
    __table_args__ = (
        sa.UniqueConstraint("recommendation_id", name="uq_results_recommendation"),
        enum_check("status", ResultStatus),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        sa.CheckConstraint("status <> 'done' OR progress = 100", name="done_is_100"),
        sa.CheckConstraint(
            "status <> 'dropped' OR dropped_reason_id IS NOT NULL",
            name="dropped_has_reason",
        ),
        sa.CheckConstraint("revision >= 0", name="revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendations.id", ondelete="CASCADE")
    )
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(12), default=ResultStatus.PLANNED)
    progress: Mapped[int] = mapped_column(default=0)
    dropped_reason_id, dropped_reason = translated_field()
    revision: Mapped[int] = mapped_column(default=0)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    recommendation = relationship("Recommendation", lazy="joined")
    owner = relationship("User")
    updates: Mapped[list["ResultUpdate"]] = relationship(
        back_populates="result",
        order_by="[ResultUpdate.on_date, ResultUpdate.id]",
        cascade="all, delete-orphan",
    )
    links: Mapped[list["ResultLink"]] = relationship(
        back_populates="result",
        order_by="ResultLink.id",
        cascade="all, delete-orphan",
    )

    @property
    def group(self):
        return self.recommendation.group

    def __repr__(self):
        return f"<Result {self.id} {self.status} {self.progress}%>"


class ResultUpdate(db.Model):
    """A dated update, in its author's language, maybe with the new status and
    progress it set. Erasing its author deletes its text; the date and figures stay
    in the result's history."""

    __tablename__ = "result_updates"
    __table_args__ = (
        enum_check("new_status", ResultStatus),
        sa.CheckConstraint(
            "new_progress IS NULL OR new_progress BETWEEN 0 AND 100",
            name="progress_range",
        ),
        sa.Index("ix_result_updates_result_date", "result_id", "on_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(
        sa.ForeignKey("results.id", ondelete="CASCADE")
    )
    on_date: Mapped[date] = mapped_column()
    text_id, text = translated_field()
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    new_status: Mapped[str | None] = mapped_column(sa.String(12))
    new_progress: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    result: Mapped[Result] = relationship(back_populates="updates")
    author = relationship("User")


class ResultLink(db.Model):
    """A meeting of the group (a session of its series), or an action recorded in
    such a meeting's minutes, that produced the result."""

    __tablename__ = "result_links"
    __table_args__ = (
        sa.CheckConstraint(
            "(session_id IS NULL) <> (item_id IS NULL)", name="one_target"
        ),
        sa.UniqueConstraint("result_id", "session_id", name="uq_result_link_session"),
        sa.UniqueConstraint("result_id", "item_id", name="uq_result_link_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(
        sa.ForeignKey("results.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event_minutes_items.id", ondelete="CASCADE"), index=True
    )
    linked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    result: Mapped[Result] = relationship(back_populates="links")
    session = relationship("EventSession")
    item = relationship("MinutesItem")
    linked_by = relationship("User")
