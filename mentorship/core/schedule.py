"""Reminders relative to a moment, moved when the moment moves, sent once.

A feature registers what a reminder does (`@handler("mentorship.next_meeting")`) and
schedules it against a key: `schedule("mentorship:12:next_meeting:24h", due_at,
"mentorship.next_meeting", {"mentorship_id": 12})`. Scheduling the same key again
moves it (and re-arms it if it was sent for the old moment). The periodic sweep claims
each due reminder with a conditional UPDATE, so that several workers send it once: the
claim, the handler's work and its emails commit together, or not at all.
"""

import logging

import sqlalchemy as sa
from huey import crontab
from sqlalchemy.exc import IntegrityError

from ..db import db, utcnow
from ..jobs import periodic_job
from .models import Reminder

log = logging.getLogger(__name__)
HANDLERS = {}


def handler(name):
    """Register `fn(payload, reminder)` as what reminders of job `name` do."""

    def register(fn):
        HANDLERS[name] = fn
        return fn

    return register


def schedule(key, due_at, job, payload=None):
    """Create or move the reminder `key`; the caller commits. Returns it."""
    values = {"due_at": due_at, "job": job, "payload": payload or {}}
    reminder = _by_key(key)
    if reminder is None:
        try:
            with db.session.begin_nested():
                reminder = Reminder(key=key, **values)
                db.session.add(reminder)
            return reminder
        except IntegrityError:  # another request created it meanwhile: move that one
            reminder = _by_key(key)
    if reminder.due_at != due_at:
        values["sent_at"] = None  # a new moment deserves its own reminder
    for name, value in values.items():
        setattr(reminder, name, value)
    db.session.flush()
    return reminder


def cancel(key):
    """Forget the reminder `key` (the moment is gone); True if there was one."""
    stmt = sa.delete(Reminder).where(Reminder.key == key)
    return db.session.execute(stmt).rowcount == 1


def claim_once(key, job, now):
    """Mark the one-off reminder `key` as sent now; True only for the first caller.

    For reminders found by a sweep rather than scheduled ahead (a survey that
    opened): the unique key settles a race between workers. A second worker's
    insert waits for the first one's transaction and then fails; the caller commits.
    """
    try:
        with db.session.begin_nested():
            db.session.add(
                Reminder(key=key, job=job, payload={}, due_at=now, sent_at=now)
            )
        return True
    except IntegrityError:
        return False


def claim(reminder_id, now):
    """Mark one due reminder as sent; True only for the caller that won it."""
    stmt = (
        sa.update(Reminder)
        .where(
            Reminder.id == reminder_id,
            Reminder.sent_at.is_(None),
            Reminder.due_at <= now,
        )
        .values(sent_at=now)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(stmt).rowcount == 1


def due(now=None):
    """Send every due reminder once; commits after each. Returns how many it sent."""
    now = now or utcnow()
    ids = db.session.scalars(
        sa.select(Reminder.id)
        .where(Reminder.sent_at.is_(None), Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id)
    ).all()
    db.session.rollback()  # end the read: each claim is its own transaction
    sent = 0
    for reminder_id in ids:
        sent += _send_one(reminder_id, now)
    return sent


def _send_one(reminder_id, now):
    try:
        if not claim(reminder_id, now):
            db.session.rollback()
            return 0
        reminder = db.session.get(Reminder, reminder_id)
        HANDLERS[reminder.job](reminder.payload, reminder)
        db.session.commit()
        return 1
    except Exception:  # one failing reminder stays due; the others still go out
        db.session.rollback()
        log.exception("reminder %s failed", reminder_id)
        return 0


def _by_key(key):
    return db.session.scalar(sa.select(Reminder).where(Reminder.key == key))


@periodic_job(crontab(minute="*/5"))
def sweep_reminders():
    due()
