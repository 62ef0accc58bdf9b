"""The guests a group's runners invite to one of its meetings (the `meetings` part).

A working group's meetings are sessions of its series in the events engine
(`events.models`, audience "working_group"): the group's current members see and
register for them, and so does a guest for the one session she was invited to
(`policy.group_meetings.is_meeting_guest`). One row per person and session.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow


class MeetingGuest(db.Model):
    """A person invited to one meeting of a working group, by one of its runners."""

    __tablename__ = "group_meeting_guests"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "user_id", name="uq_group_meeting_guest"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_sessions.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session = relationship("EventSession")
    user = relationship("User", foreign_keys=[user_id])
    invited_by = relationship("User", foreign_keys=[invited_by_id])
