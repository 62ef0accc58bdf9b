"""The onboarding checklist the Secretariat defines, and each organisation's ticks."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class ItemKind(enum.StrEnum):
    AUTOMATIC = "automatic"  # answered by a check a feature registered
    MANUAL = "manual"  # ticked by the organisation's stewards or the Secretariat


class OnboardingItem(db.Model):
    """One step of the checklist every new organisation goes through."""

    __tablename__ = "onboarding_items"
    __table_args__ = (
        enum_check("kind", ItemKind),
        sa.CheckConstraint(
            "(kind = 'automatic') = (check_key IS NOT NULL)", name="check_key"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    label_id, label = translated_field(nullable=False)
    help_id, help_text = translated_field()
    kind: Mapped[str] = mapped_column(sa.String(12))
    # The key a feature registered with core.checks (automatic items only).
    check_key: Mapped[str | None] = mapped_column(sa.String(60))
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OnboardingTick(db.Model):
    """A manual item done for one organisation: by whom and when (unticking deletes
    it; the audit trail keeps both)."""

    __tablename__ = "onboarding_ticks"
    __table_args__ = (sa.UniqueConstraint("item_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("onboarding_items.id", ondelete="CASCADE")
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    ticked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    ticked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticked_by = relationship("User")
