"""Mentor and mentee profiles: one person may hold one of each."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, enum_check, utcnow


class Side(enum.StrEnum):
    """Mentor or mentee: a profile's role, and an enrolment's, a check-in's, a survey
    answer's (one definition for every table that stores it)."""

    MENTOR = "mentor"
    MENTEE = "mentee"


class Profile(db.Model):
    __tablename__ = "profiles"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "role"),
        enum_check("role", Side),
        sa.CheckConstraint(
            "capacity IS NULL OR (capacity BETWEEN 1 AND 5)", name="capacity"
        ),
        sa.CheckConstraint("availability_hours BETWEEN 0 AND 40", name="availability"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(6))
    headline: Mapped[str] = mapped_column(sa.String(140))
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    # Expertise for a mentor, goals for a mentee: free text that the matcher reads.
    focus: Mapped[str] = mapped_column(sa.Text, default="")
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    discipline: Mapped[str] = mapped_column(sa.String(40))
    career_stage: Mapped[str] = mapped_column(sa.String(20))
    years_experience: Mapped[int] = mapped_column(default=0)
    commodity: Mapped[str] = mapped_column(sa.String(40))
    operation_type: Mapped[str] = mapped_column(sa.String(20))
    country: Mapped[str] = mapped_column(sa.String(2))
    timezone: Mapped[str] = mapped_column(sa.String(64))
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    availability_hours: Mapped[int] = mapped_column(default=2)
    capacity: Mapped[int | None] = mapped_column()
    cross_org_only: Mapped[bool] = mapped_column(default=True)
    same_region_preferred: Mapped[bool] = mapped_column(default=False)
    meeting_mode: Mapped[str] = mapped_column(sa.String(10), default="online")
    paused: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    user = relationship("User", back_populates="profiles")

    @property
    def is_mentor(self):
        return self.role == Side.MENTOR

    def __repr__(self):
        return f"<Profile {self.role} of user {self.user_id}>"
