"""A working group's discussion: threads, their posts, and each member's digest
watermark.

A thread is read by the group's current members, its runners and the Secretariat,
or also by every signed-in person of a member organisation when its author chose so
(`visibility`). Posts are plain text; nothing is deleted: an author's edit is
marked with its time, a runner's moderation hides a post with a reason (kept).
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, enum_check, utcnow


class ThreadVisibility(enum.StrEnum):
    MEMBERS = "members"  # the group's members, its runners, the Secretariat
    ALLIANCE = "alliance"  # also every signed-in person of a member organisation


class Thread(db.Model):
    """A conversation in one group; its first post is its opening message."""

    __tablename__ = "discussion_threads"
    __table_args__ = (
        enum_check("visibility", ThreadVisibility),
        sa.Index("ix_discussion_threads_group_last", "group_id", "last_posted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("working_groups.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    visibility: Mapped[str] = mapped_column(
        sa.String(10), default=ThreadVisibility.MEMBERS
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    group = relationship("WorkingGroup")
    author = relationship("User", foreign_keys=[author_id])

    @property
    def is_locked(self):
        return self.locked_at is not None


class Post(db.Model):
    """One message of a thread: plain text, edited by its author, hidden by a
    runner with a reason."""

    __tablename__ = "discussion_posts"
    __table_args__ = (
        sa.CheckConstraint(
            "hidden_by_id IS NULL OR hidden_at IS NOT NULL", name="hidden_has_date"
        ),
        sa.Index("ix_discussion_posts_thread_created", "thread_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("discussion_threads.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True
    )
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    hidden_reason: Mapped[str] = mapped_column(sa.Text, default="")

    thread: Mapped[Thread] = relationship()
    author = relationship("User", foreign_keys=[author_id])
    hidden_by = relationship("User", foreign_keys=[hidden_by_id])

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class DigestMark(db.Model):
    """Her digest's watermark in one group: every post up to `digested_until` has
    reached her (or was posted before she chose the digest). The daily job moves it
    forward with one conditional UPDATE, so a digest is never sent twice and no post
    falls between two digests."""

    __tablename__ = "discussion_digest_marks"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "user_id", name="uq_discussion_digest_mark"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("working_groups.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    digested_until: Mapped[datetime] = mapped_column(UTCDateTime)
