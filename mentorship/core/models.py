"""The kernel's own tables."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class Reminder(db.Model):
    """One reminder relative to a moment, sent once (`core.schedule`).

    `key` names what it is about and when ("mentorship:12:next_meeting:24h"), so that
    scheduling it again moves it rather than adding a second one. `payload` holds ids
    only, never personal text.
    """

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    job: Mapped[str] = mapped_column(sa.String(100))
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ParkedJob(db.Model):
    """A job the queue refused (Redis unreachable), kept until the queue is back.

    `jobs.requeue_parked` hands it to the queue again and deletes the row; `data`
    holds the job's arguments, which may carry an email address or a message.
    """

    __tablename__ = "parked_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    parked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    task: Mapped[str] = mapped_column(sa.String(200))
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    request_id: Mapped[str] = mapped_column(sa.String(64), default="")


class FailedEmail(db.Model):
    """A message the mail server refused every time it was tried.

    The Secretariat sees these (`/admin/undelivered-emails`) and can send them again.
    """

    __tablename__ = "failed_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    address: Mapped[str] = mapped_column(sa.String(320))
    subject: Mapped[str] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(default=1)
    error: Mapped[str] = mapped_column(sa.String(300), default="")
    request_id: Mapped[str] = mapped_column(sa.String(64), default="")
    resent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
