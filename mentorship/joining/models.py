"""An organisation's application to join the Alliance."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, enum_check, sql_in, utcnow
from ..organisations.models import Organisation, SizeBand


class ApplicationStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    INFO_REQUESTED = "info_requested"
    APPROVED = "approved"
    DECLINED = "declined"


# Applications the Secretariat has not decided: their names are reserved.
OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.INFO_REQUESTED)
DECLARATION_VERSION = "2021-03"
"""The International WIM Alliance Declaration (March 2021) applicants agree to."""


class OrganisationApplication(db.Model):
    __tablename__ = "organisation_applications"
    __table_args__ = (
        enum_check("status", ApplicationStatus),
        enum_check("size_band", SizeBand),
        sa.CheckConstraint(
            "founding_year IS NULL OR founding_year BETWEEN 1800 AND 2200",
            name="founding_year",
        ),
        # Two open applications cannot carry the same name (case and accents aside).
        sa.Index(
            "uq_open_application_name",
            "name_key",
            unique=True,
            sqlite_where=sa.text(sql_in("status", OPEN_STATUSES)),
            postgresql_where=sa.text(sql_in("status", OPEN_STATUSES)),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(
        sa.String(16), default=ApplicationStatus.SUBMITTED, index=True
    )
    name: Mapped[str] = mapped_column(sa.String(160))
    # The name folded for comparison: lower case, no accents, single spaces.
    name_key: Mapped[str] = mapped_column(sa.String(160))
    country: Mapped[str] = mapped_column(sa.String(2))
    region: Mapped[str] = mapped_column(sa.String(32), index=True)
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_lang: Mapped[str] = mapped_column(sa.String(5), default="en")
    working_languages: Mapped[list] = mapped_column(sa.JSON, default=list)
    founding_year: Mapped[int | None] = mapped_column()
    size_band: Mapped[str | None] = mapped_column(sa.String(12))
    contact_name: Mapped[str] = mapped_column(sa.String(120))
    contact_email: Mapped[str] = mapped_column(sa.String(254), index=True)
    contact_title: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    declaration_version: Mapped[str] = mapped_column(sa.String(20))
    declaration_agreed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The Secretariat's question, her answer, the reason of a refusal.
    info_request: Mapped[str] = mapped_column(sa.Text, default="")
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def __repr__(self):
        return f"<OrganisationApplication {self.id} {self.status}>"
