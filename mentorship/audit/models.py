"""Audit events are append-only; nothing updates or deletes them except erasure."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(sa.String(40))
    from_state: Mapped[str | None] = mapped_column(sa.String(30))
    to_state: Mapped[str | None] = mapped_column(sa.String(30))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actor = relationship("User")
