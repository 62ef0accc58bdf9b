"""A mentorship: what an accepted proposal becomes."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, enum_check, enum_values, utcnow
from ..profiles.models import Side


class MentorshipStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CLOSED_EARLY = "closed_early"


class GoalStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class Mentorship(db.Model):
    __tablename__ = "mentorships"
    __table_args__ = (
        enum_check("status", MentorshipStatus),
        sa.Index("ix_mentorships_programme_status", "programme_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="SET NULL"), unique=True
    )
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE")
    )
    mentee_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    mentor_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Kept for the aggregates when a member erases her account.
    mentee_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    mentor_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(14), default=MentorshipStatus.ACTIVE)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ends_on: Mapped[date | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Why it closed early: a code, plus a note only the Secretariat reads.
    close_reason: Mapped[str] = mapped_column(sa.String(40), default="")
    close_note: Mapped[str] = mapped_column(sa.Text, default="")
    rematch_requested: Mapped[bool] = mapped_column(default=False)
    next_meeting_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Last "no meeting logged for 30 days" reminder, so it is sent once a month.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    goals: Mapped[list["Goal"]] = relationship(
        back_populates="mentorship", order_by="Goal.id", cascade="all, delete-orphan"
    )
    meetings: Mapped[list["Meeting"]] = relationship(
        back_populates="mentorship",
        order_by="Meeting.held_on.desc()",
        cascade="all, delete-orphan",
    )

    proposal = relationship("Proposal")
    programme = relationship("Programme")
    mentee = relationship("User", foreign_keys=[mentee_user_id])
    mentor = relationship("User", foreign_keys=[mentor_user_id])


class MeetingMode(enum.StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"
    PHONE = "phone"


GOAL_STATES = enum_values(GoalStatus)
MEETING_MODES = enum_values(MeetingMode)


class Goal(db.Model):
    """A goal the pair agreed: the mentee proposes, both may edit."""

    __tablename__ = "goals"
    __table_args__ = (enum_check("status", GoalStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mentorships.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(12), default=GoalStatus.NOT_STARTED)
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    achieved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mentorship: Mapped[Mentorship] = relationship(back_populates="goals")


class Meeting(db.Model):
    """One meeting of the pair, as logged by either of them."""

    __tablename__ = "meetings"
    __table_args__ = (
        enum_check("mode", MeetingMode),
        sa.CheckConstraint("duration_minutes BETWEEN 5 AND 600", name="duration"),
        sa.Index("ix_meetings_mentorship_held_on", "mentorship_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mentorships.id", ondelete="CASCADE")
    )
    held_on: Mapped[date] = mapped_column()
    duration_minutes: Mapped[int] = mapped_column(default=60)
    mode: Mapped[str] = mapped_column(sa.String(10), default=MeetingMode.ONLINE)
    topics: Mapped[str] = mapped_column(sa.Text, default="")
    logged_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mentorship: Mapped[Mentorship] = relationship(back_populates="meetings")
    notes: Mapped[list["MeetingNote"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )


class MeetingNote(db.Model):
    """A private note on a meeting: only its author ever reads it."""

    __tablename__ = "meeting_notes"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "author_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE")
    )
    author_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    meeting: Mapped[Meeting] = relationship(back_populates="notes")


class CheckIn(db.Model):
    """'How is it going?': after the first meeting ('first'), then monthly."""

    __tablename__ = "check_ins"
    __table_args__ = (
        sa.UniqueConstraint("mentorship_id", "role", "period"),
        enum_check("role", Side),
        sa.CheckConstraint("fit BETWEEN 1 AND 5", name="fit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mentorships.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(6))
    period: Mapped[str] = mapped_column(sa.String(7))
    fit: Mapped[int] = mapped_column()
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
