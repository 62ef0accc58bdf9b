"""The private address of each person's calendar feed (the `calendars` part).

One row per person: an unguessable token in the feed's URL. Regenerating it gives a
new token, so the old address stops working at once (revocation).
"""

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow


def new_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(db.Model):
    __tablename__ = "event_calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True
    )
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
