"""The Steering Committee's periodic reports to the member organisations.

A report covers a period ("2026 Q4", from one date to another); its title and body
are translated content. It is drafted by the Secretariat or a committee member,
published once (a conditional UPDATE from draft), and never edited after: its
publication is mailed to every member organisation's leader and voting delegate.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow

PERIOD_MAX = 40


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class CommitteeReport(db.Model):
    """One report of the committee to the member organisations."""

    __tablename__ = "committee_reports"
    __table_args__ = (
        enum_check("status", ReportStatus),
        sa.CheckConstraint("ends_on >= starts_on", name="period_order"),
        sa.CheckConstraint(
            "(status = 'published') = (published_at IS NOT NULL)",
            name="published_when",
        ),
        sa.Index("ix_committee_reports_status_published", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(sa.String(PERIOD_MAX))  # "2026 Q4"
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    title_id, title = translated_field(nullable=False)
    body_id, body = translated_field(nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), default=ReportStatus.DRAFT)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # How many people the digest was mailed to on publication.
    recipients: Mapped[int | None] = mapped_column()

    created_by = relationship("User", foreign_keys=[created_by_id])
    published_by = relationship("User", foreign_keys=[published_by_id])

    @property
    def is_published(self):
        return self.status == ReportStatus.PUBLISHED

    def __repr__(self):
        return f"<CommitteeReport {self.id} {self.status}>"
