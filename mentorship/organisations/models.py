"""Member organisations of the Alliance and invitations to join them."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class OrganisationStatus(enum.StrEnum):
    APPLICANT = "applicant"
    MEMBER = "member"
    INACTIVE = "inactive"


class SizeBand(enum.StrEnum):
    """How many members an organisation has, in bands (never an exact count)."""

    UNDER_25 = "under_25"
    FROM_25 = "25_99"
    FROM_100 = "100_499"
    FROM_500 = "500_plus"


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        enum_check("status", OrganisationStatus),
        enum_check("size_band", SizeBand),
        sa.CheckConstraint(
            "founding_year IS NULL OR founding_year BETWEEN 1800 AND 2200",
            name="founding_year",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160), unique=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    country: Mapped[str] = mapped_column(sa.String(2))
    region: Mapped[str] = mapped_column(sa.String(32), index=True)
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    # Written in one language, read in all: shown with fallback (i18n.localized).
    description_id, description = translated_field()
    status: Mapped[str] = mapped_column(
        sa.String(12), default=OrganisationStatus.APPLICANT, index=True
    )
    # The languages it works in (codes of vocab.LANGUAGES), e.g. ["fr", "en"].
    working_languages: Mapped[list] = mapped_column(sa.JSON, default=list)
    founding_year: Mapped[int | None] = mapped_column()
    size_band: Mapped[str | None] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members = relationship("User", back_populates="organisation")

    def __repr__(self):
        return f"<Organisation {self.slug}>"


class Invitation(db.Model):
    """A coordinator's invitation for someone to join her organisation."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
