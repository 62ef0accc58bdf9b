"""Programmes (cohorts), their versioned matching settings, and enrolments."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow
from ..profiles.models import Side

programme_organisations = sa.Table(
    "programme_organisations",
    db.metadata,
    sa.Column(
        "programme_id",
        sa.ForeignKey("programmes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class ProgrammeStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class EnrolmentStatus(enum.StrEnum):
    ENROLLED = "enrolled"
    WITHDRAWN = "withdrawn"


class Programme(db.Model):
    __tablename__ = "programmes"
    __table_args__ = (
        enum_check("status", ProgrammeStatus),
        sa.CheckConstraint("enrol_closes_on >= enrol_opens_on", name="enrol_window"),
        sa.CheckConstraint("ends_on > starts_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Written in one language, read in all (core.translated).
    name_id, name = translated_field()
    description_id, description = translated_field()
    enrol_opens_on: Mapped[date] = mapped_column()
    enrol_closes_on: Mapped[date] = mapped_column()
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date] = mapped_column()
    duration_months: Mapped[int] = mapped_column(default=6)
    # Empty list of organisations means every member organisation takes part.
    all_organisations: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(sa.String(10), default=ProgrammeStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    organisations = relationship("Organisation", secondary=programme_organisations)
    settings_versions: Mapped[list["ProgrammeSettings"]] = relationship(
        back_populates="programme",
        order_by="ProgrammeSettings.version",
        cascade="all, delete-orphan",
    )

    @property
    def current_settings(self):
        return self.settings_versions[-1] if self.settings_versions else None

    def enrolment_open(self, today):
        return (
            self.status == ProgrammeStatus.PUBLISHED
            and self.enrol_opens_on <= today <= self.enrol_closes_on
        )

    def __repr__(self):
        return f"<Programme {self.id}>"


class ProgrammeSettings(db.Model):
    """One immutable version of a programme's matching settings; runs point at one."""

    __tablename__ = "programme_settings"
    __table_args__ = (sa.UniqueConstraint("programme_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column()
    weights: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    cross_organisation_required: Mapped[bool] = mapped_column(default=True)
    proposals_per_mentee: Mapped[int] = mapped_column(default=1)
    max_timezone_gap_hours: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    programme: Mapped[Programme] = relationship(back_populates="settings_versions")


class Enrolment(db.Model):
    """A person in a programme in one role; a mentor's slots are counted here."""

    __tablename__ = "enrolments"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "user_id", "role"),
        enum_check("role", Side),
        enum_check("status", EnrolmentStatus),
        # The database itself refuses to commit a mentor beyond her capacity.
        sa.CheckConstraint(
            "slots_taken >= 0 AND slots_taken <= capacity", name="slots"
        ),
        sa.CheckConstraint("capacity BETWEEN 1 AND 5", name="capacity"),
        sa.Index("ix_enrolments_programme_role", "programme_id", "role", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(6))
    goals: Mapped[str] = mapped_column(sa.Text, default="")
    capacity: Mapped[int] = mapped_column(default=1)
    slots_taken: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(sa.String(10), default=EnrolmentStatus.ENROLLED)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    programme: Mapped[Programme] = relationship()
    user = relationship("User")

    @property
    def slots_left(self):
        return self.capacity - self.slots_taken
