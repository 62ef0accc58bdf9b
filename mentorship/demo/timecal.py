"""Demo: the reminders of every upcoming demo session, armed as the organisers'
edits would arm them (demo sessions may be added without the signals)."""

import sqlalchemy as sa

from ..db import db
from ..events import reminders
from ..events.models import EventSeries


def seed_timecal(random_state=7):
    """Arm (or leave as they are) the reminders of every future session; idempotent."""
    for series in db.session.scalars(sa.select(EventSeries).order_by(EventSeries.id)):
        reminders.schedule_series(series)
    db.session.flush()
