"""Member organisations of the Alliance and invitations to join them."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class OrganisationStatus(enum.StrEnum):
    APPLICANT = "applicant"
    MEMBER = "member"
    PAUSED = "paused"
    LEFT = "left"


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
    # When it first became a member (kept through a pause or departure) and when
    # its current status started; both set by services.change_status.
    member_since: Mapped[date | None] = mapped_column(sa.Date)
    status_since: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members = relationship("User", back_populates="organisation")
    themes = relationship("Theme", secondary="organisation_themes", order_by="Theme.id")
    links = relationship(
        "OrganisationLink",
        order_by="OrganisationLink.id",
        cascade="all, delete-orphan",
    )
    affiliations = relationship(
        "Affiliation",
        order_by="Affiliation.id",
        cascade="all, delete-orphan",
    )
    logo = relationship(
        "OrganisationLogo",
        uselist=False,
        cascade="all, delete-orphan",
        lazy="select",
        # Only the fingerprint and size are read with the page; the bytes on demand.
    )

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


# --- The profile's parts --------------------------------------------------------------


class Theme(db.Model):
    """A focus theme of the Alliance (the four of 2021, and those voted later)."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name_id, name = translated_field(nullable=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


organisation_themes = sa.Table(
    "organisation_themes",
    db.metadata,
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "theme_id",
        sa.ForeignKey("themes.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class LinkKind(enum.StrEnum):
    LINKEDIN = "linkedin"
    X = "x"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    YOUTUBE = "youtube"
    OTHER = "other"


class OrganisationLink(db.Model):
    """One of an organisation's social or other web links (http or https only)."""

    __tablename__ = "organisation_links"
    __table_args__ = (enum_check("kind", LinkKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(12))
    url: Mapped[str] = mapped_column(sa.String(300))


class AffiliationKind(enum.StrEnum):
    CHAMBER_OF_MINES = "chamber_of_mines"
    INDUSTRY_ASSOCIATION = "industry_association"
    INTERNATIONAL_NETWORK = "international_network"
    OTHER = "other"


class Affiliation(db.Model):
    """A body the organisation belongs to, recorded for information only: it implies
    no control by or over the Alliance."""

    __tablename__ = "organisation_affiliations"
    __table_args__ = (
        enum_check("kind", AffiliationKind),
        sa.CheckConstraint(
            "since_year IS NULL OR since_year BETWEEN 1800 AND 2200",
            name="since_year",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(160))
    kind: Mapped[str] = mapped_column(sa.String(24))
    url: Mapped[str] = mapped_column(sa.String(300), default="")
    since_year: Mapped[int | None] = mapped_column()


class OrganisationLogo(db.Model):
    """The logo, re-encoded by us, in the database: the app hosts share no disk."""

    __tablename__ = "organisation_logos"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    mime: Mapped[str] = mapped_column(sa.String(20))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
