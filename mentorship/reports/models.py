"""The annual Alliance report: one per year, drafted by the Secretariat, published
once; each section's narrative is translated content (core.translated)."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class AnnualReportStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class AnnualReport(db.Model):
    __tablename__ = "annual_reports"
    __table_args__ = (
        enum_check("status", AnnualReportStatus),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="sane_year"),
        sa.CheckConstraint(
            "(status = 'published') = (published_at IS NOT NULL)",
            name="published_when",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(sa.String(12), default=AnnualReportStatus.DRAFT)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    narratives: Mapped[list["AnnualReportNarrative"]] = relationship(
        back_populates="report",
        cascade="all, delete-orphan",
        order_by="AnnualReportNarrative.id",
    )

    @property
    def is_published(self):
        return self.status == AnnualReportStatus.PUBLISHED

    def narrative(self, section):
        for row in self.narratives:
            if row.section == section:
                return row
        return None


class AnnualReportNarrative(db.Model):
    """One section's narrative, written by the Secretariat in three languages."""

    __tablename__ = "annual_report_narratives"
    __table_args__ = (sa.UniqueConstraint("report_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        sa.ForeignKey("annual_reports.id", ondelete="CASCADE")
    )
    section: Mapped[str] = mapped_column(sa.String(20))
    text_id, text = translated_field()
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    report: Mapped[AnnualReport] = relationship(back_populates="narratives")
