"""The kernel's own tables."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db


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
