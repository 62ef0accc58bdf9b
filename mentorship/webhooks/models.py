"""An organisation's webhook endpoints, the deliveries recorded for them and each
attempt to send one (the delivery log).

A delivery is one event for one endpoint: its body is fixed when the event happens
(the signature covers those exact bytes, and every retry sends the same message
with the same `webhook-id`). The database is the source of truth for what is due:
`next_attempt_at` says when a pending delivery is next tried.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, enum_check, utcnow


class EndpointStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


class PauseReason(enum.StrEnum):
    MANUAL = "manual"  # a coordinator paused it
    FAILURES = "failures"  # it failed too many times in a row


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its first attempt or a retry
    SUCCEEDED = "succeeded"  # the endpoint answered 2xx
    FAILED = "failed"  # every attempt failed


class WebhookEndpoint(db.Model):
    """Where an organisation wants its members' events sent, and which ones.

    The signing secret is not stored: `secret_salt` is a random value from which the
    secret is derived with the server's WEBHOOK_SIGNING_KEY (`signing.secret_for`),
    so a copy of the database alone cannot sign. Rotating the secret draws a new salt.
    """

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        enum_check("status", EndpointStatus),
        enum_check("paused_reason", PauseReason),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(sa.String(2000))
    events: Mapped[list] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(20), default=EndpointStatus.ACTIVE)
    paused_reason: Mapped[str | None] = mapped_column(sa.String(20))
    secret_salt: Mapped[str] = mapped_column(sa.String(64))
    secret_rotated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    failures_in_a_row: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    organisation = relationship("Organisation", lazy="joined")

    @property
    def active(self):
        return self.status == EndpointStatus.ACTIVE


class WebhookDelivery(db.Model):
    """One event for one endpoint. Its body names the organisation's own member(s),
    whose ids are kept in `member_id` / `other_member_id` for erasure."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        enum_check("status", DeliveryStatus),
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    event_type: Mapped[str] = mapped_column(sa.String(40))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    other_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    endpoint = relationship(WebhookEndpoint, lazy="joined")
    attempt_log = relationship(
        "WebhookAttempt",
        order_by="WebhookAttempt.id",
        lazy="selectin",
        passive_deletes=True,
    )


class WebhookAttempt(db.Model):
    """One try at sending a delivery: when, the status code or the error, how long."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_code: Mapped[int | None]
    error: Mapped[str] = mapped_column(sa.String(300), default="")
    duration_ms: Mapped[int] = mapped_column(default=0)

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300
