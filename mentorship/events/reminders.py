"""Reminders before each session (the `reminders` part), through `core.schedule`.

One reminder per offset of the series (`series.reminder_minutes`, by default 7 days,
24 hours and 1 hour), keyed `event:<session_id>:reminder:<minutes>`: scheduling again
moves it (and re-arms it). They are scheduled when a session is created or moved,
and for all of a series' future sessions when its offsets change (removed offsets
are cancelled); a cancelled session's reminders are cancelled. An offset already
past when scheduling is skipped: no burst of stale reminders. The handler writes to
every person *holding a seat when it is sent*, in her language and her clock, with
the joining link.
"""

from datetime import timedelta

import sqlalchemy as sa

from ..core import schedule
from ..core.models import Reminder
from ..core.notifications import notify
from ..db import db, utcnow
from . import signals
from .calendars import personal_context
from .models import DEFAULT_REMINDERS, SEATED, EventSession, Registration

JOB = "events.session_reminder"
MAX_OFFSET = 60 * 24 * 366  # a year: longer offsets are ignored


def key(session_id, minutes):
    return f"event:{session_id}:reminder:{minutes}"


def _prefix(session_id):
    return f"event:{session_id}:reminder:"


def offsets(series):
    """The series' offsets in minutes: positive whole numbers, each once."""
    raw = series.reminder_minutes if series is not None else None
    if raw is None:
        raw = DEFAULT_REMINDERS
    found = set()
    for value in raw if isinstance(raw, list | tuple) else ():
        whole = isinstance(value, int) and not isinstance(value, bool)
        if whole and 0 < value <= MAX_OFFSET:
            found.add(value)
    return sorted(found, reverse=True)


def _scheduled_keys(session_id):
    prefix = _prefix(session_id)
    return set(
        db.session.scalars(
            sa.select(Reminder.key).where(
                Reminder.key.startswith(prefix, autoescape=True)
            )
        )
    )


def schedule_session(session, now=None):
    """Arm (or move) the session's reminders; cancel those no longer wanted.

    Returns the keys scheduled. The caller commits."""
    now = now or utcnow()
    if session.id is None:
        db.session.flush()
    wanted = {}
    if not session.is_cancelled:
        for minutes in offsets(session.series):
            due = session.starts_at - _minutes(minutes)
            if due > now:  # already past: skipped, never sent late
                wanted[key(session.id, minutes)] = (due, minutes)
    for stale in _scheduled_keys(session.id) - set(wanted):
        schedule.cancel(stale)
    for name, (due, minutes) in wanted.items():
        schedule.schedule(
            name, due, JOB, {"session_id": session.id, "minutes": minutes}
        )
    return sorted(wanted)


def cancel_session(session):
    """Forget every reminder of the session. The caller commits."""
    for name in _scheduled_keys(session.id):
        schedule.cancel(name)


def schedule_series(series, now=None):
    """Re-arm the reminders of every future session of the series."""
    now = now or utcnow()
    sessions = db.session.scalars(
        sa.select(EventSession).where(
            EventSession.series_id == series.id, EventSession.starts_at > now
        )
    ).all()
    for session in sessions:
        schedule_session(session, now)


def _minutes(minutes):
    return timedelta(minutes=minutes)


@schedule.handler(JOB)
def send_reminder(payload, reminder=None):
    """Tell everyone holding a seat now: her time, the joining link."""
    sent_at = getattr(reminder, "sent_at", None)  # the sweep's moment
    session = db.session.get(EventSession, payload.get("session_id"))
    if session is None or session.is_cancelled or session.has_started(sent_at):
        return
    if _overtaken(session, payload.get("minutes"), sent_at):
        return
    seated = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.session_id == session.id,
            Registration.status.in_(SEATED),
        )
        .order_by(Registration.id)
    ).all()
    for registration in seated:
        user = registration.user
        if user is None or user.erased_at is not None:
            continue
        context = personal_context(session, user, registration)
        context.pop("attachment")
        notify(user, "event_session_reminder", **context)


def _overtaken(session, minutes, now=None):
    """A later reminder of the same session is due already (the sweep was late):
    this one is stale, only the latest goes out."""
    if not isinstance(minutes, int):
        return False
    now = now or utcnow()
    return any(
        later < minutes and session.starts_at - _minutes(later) <= now
        for later in offsets(session.series)
    )


@signals.session_saved.connect
def _session_saved(session, created=False, moved=False, **_extra):
    if created or moved:
        schedule_session(session)


@signals.series_saved.connect
def _series_saved(series, **_extra):
    schedule_series(series)


@signals.session_cancelled.connect
def _session_cancelled(session, **_extra):
    cancel_session(session)
