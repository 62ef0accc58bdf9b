"""Calendars (the `calendars` part): a session's .ics, each person's private feed,
each series' public feed, and the emails that follow a moved or cancelled session.

Every event keeps one UID (`events.ics.uid`) for life, so calendars update it in
place; its SEQUENCE (`events.ics.sequence`) grows with each change. A person's
private feed lists the sessions she holds a seat in (CONFIRMED), those she waits
for (TENTATIVE), and those cancelled, by her or the organiser (CANCELLED), so that a
subscribed calendar drops them. The feed's address carries an unguessable token
(`CalendarFeed`); regenerating it revokes the old address.
"""

import re
import unicodedata
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale

from .. import policy
from ..core import calendar, panels
from ..core.notifications import notify, public_context, public_url
from ..db import db, utcnow
from ..i18n import localized
from . import ics, signals, times
from .calendar_models import CalendarFeed, new_token
from .models import (
    SEATED,
    EventSession,
    Registration,
    RegistrationStatus,
)

# Sessions older than this leave the feeds (a calendar keeps what it has).
FEED_HISTORY = timedelta(days=180)
# Who hears of a moved or cancelled session: seats, offers and the waitlist.
INFORMED = (*SEATED, RegistrationStatus.WAITLISTED)


def host():
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def _status(session, registration, feed=True):
    if session.is_cancelled:
        return "CANCELLED"
    if registration is None:
        return "CONFIRMED"
    if not feed and registration.status not in INFORMED:
        return "CONFIRMED"  # she downloads it again after cancelling: a plain event
    if registration.holds_seat:
        return "CONFIRMED"
    if registration.status == RegistrationStatus.WAITLISTED:
        return "TENTATIVE"
    return "CANCELLED"  # she cancelled, or an offered seat lapsed


def event_of(session, user=None, registration=None, join_link=None, feed=True):
    """The session as a CalendarEvent for `user` (texts in the current language)."""
    page = public_url("events.session", session_id=session.id)
    if join_link is None:
        join_link = user is not None and policy.calendar_shows_join_link(
            user, session, registration
        )
    location = public_url("events.join", session_id=session.id) if join_link else ""
    description = str(localized(session, "description") or "")
    description = f"{description}\n\n{page}".strip()
    return calendar.CalendarEvent(
        uid=ics.uid(session, host()),
        start=session.starts_at,
        end=session.ends_at,
        summary=str(localized(session, "title")),
        description=description,
        url=page,
        location=location,
        sequence=ics.sequence(session, registration),
        status=_status(session, registration, feed),
    )


def registration_of(user, session):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.session_id == session.id,
            Registration.user_id == user.id,
        )
    )


def session_file(session, user=None, registration=None, cancelled=None):
    """One session's .ics for `user` (METHOD:CANCEL when the session is cancelled)."""
    event = event_of(session, user, registration, feed=False)
    cancelled = session.is_cancelled if cancelled is None else cancelled
    return calendar.calendar_ics([event], method="CANCEL" if cancelled else "PUBLISH")


def filename(session):
    """'round-table-critical-minerals.ics': ASCII, from the title."""
    text = unicodedata.normalize("NFKD", str(localized(session, "title")))
    text = text.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")
    return f"{slug or 'session'}-{session.id}.ics"


# --- Her private feed --------------------------------------------------------------


def feed_of(user):
    """Her feed's row, created on first use (the caller commits)."""
    feed = db.session.scalar(
        sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id)
    )
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
        db.session.flush()
    return feed


def regenerate(user):
    """A new address for her feed: the old one stops working (the caller commits)."""
    feed = feed_of(user)
    feed.token = new_token()
    feed.created_at = utcnow()
    db.session.flush()
    return feed


def feed_by_token(token):
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token == token))


def personal_feed(user, now=None):
    """Her sessions as one .ics: seats, waitlist places, and cancellations."""
    now = now or utcnow()
    rows = db.session.scalars(
        sa.select(Registration)
        .join(Registration.session)
        .where(
            Registration.user_id == user.id,
            EventSession.ends_at > now - FEED_HISTORY,
        )
        .order_by(EventSession.starts_at)
    ).all()
    events = [event_of(r.session, user, r) for r in rows]
    return calendar.calendar_ics(events, name=_feed_name(user))


def _feed_name(user):
    from flask_babel import gettext as _

    return _("WIM Alliance events: %(name)s", name=user.name)


def series_feed(series, now=None):
    """The series' public sessions as one .ics (cancelled ones marked so)."""
    now = now or utcnow()
    sessions = [
        s
        for s in db.session.scalars(
            sa.select(EventSession)
            .where(
                EventSession.series_id == series.id,
                EventSession.ends_at > now - FEED_HISTORY,
            )
            .order_by(EventSession.starts_at)
        )
        if policy.in_public_series_feed(s)
    ]
    events = [event_of(s, join_link=False) for s in sessions]
    return calendar.calendar_ics(events, name=localized(series, "name"))


# --- Panels ------------------------------------------------------------------------


def webcal(url):
    return "webcal://" + url.split("://", 1)[-1]


def session_panel(session, reader):
    """The session page: its time in the Alliance's regions and "add to calendar"."""
    return {
        "places": times.strip(session),
        "session_zone": times.timezones.zone_label(
            session.timezone, now=session.starts_at
        ),
        "ics_url": url_for("events.session_ics", session_id=session.id),
        "cancelled": session.is_cancelled,
        "zone_unknown": times.reader_zone(reader) is None,
        "signed_in": bool(getattr(reader, "is_authenticated", False)),
    }


def mine_panel(reader):
    """My events: the address of her private feed, and how to renew it."""
    if not getattr(reader, "is_authenticated", False):
        return None
    feed = db.session.scalar(
        sa.select(CalendarFeed).where(CalendarFeed.user_id == reader.id)
    )
    if feed is None:
        return {"feed_url": None}
    url = public_url("events.feed", token=feed.token)
    return {"feed_url": url, "webcal_url": webcal(url)}


def series_panel(series, reader):
    """The series page: subscribe to its public sessions."""
    url = public_url("events.series_ics", series_slug=series.slug)
    return {"feed_url": url, "webcal_url": webcal(url)}


def init_app(app):
    panels.register(
        app, "event.session", "timecal", "events/_timecal_session.html", session_panel
    )
    panels.register(
        app, "events.mine", "timecal-feed", "events/_timecal_feed.html", mine_panel
    )
    panels.register(
        app,
        "event.series",
        "timecal-series-feed",
        "events/_timecal_series_feed.html",
        series_panel,
    )


# --- Emails when a session moves or is cancelled -----------------------------------


def informed(session):
    """Registrations of everyone holding a seat or waiting for one."""
    return db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.session_id == session.id,
            Registration.status.in_(INFORMED),
        )
        .order_by(Registration.id)
    ).all()


def personal_context(session, user, registration=None):
    """What an email about `session` tells `user`, in her language and clock."""
    locale = user.locale or "en"
    with public_context(), force_locale(locale):
        zone = times.person_zone(user)
        return {
            "person": user,
            "title": str(localized(session, "title")),
            "times": times.of(session, zone, locale),
            "url": public_url("events.session", session_id=session.id),
            "join_url": (
                public_url("events.join", session_id=session.id)
                if policy.calendar_shows_join_link(user, session, registration)
                else ""
            ),
            "attachment": (
                filename(session),
                session_file(session, user, registration),
                "text/calendar; charset=utf-8; method="
                + ("CANCEL" if session.is_cancelled else "PUBLISH"),
            ),
        }


def send_updates(session, template, **extra):
    """Email everyone holding or waiting for a seat, in her language and zone, with
    the session's new calendar file (`extra`: more for the template, e.g. reason)."""
    for registration in informed(session):
        user = registration.user
        if user is None or user.erased_at is not None:
            continue
        context = personal_context(session, user, registration)
        attachment = context.pop("attachment")
        notify(user, template, attachments=[attachment], **context, **extra)


@signals.session_saved.connect
def _session_saved(session, created=False, moved=False, **_extra):
    if moved and not created and not session.is_cancelled:
        send_updates(session, "event_session_moved")


@signals.session_cancelled.connect
def _session_cancelled(session, reason="", **_extra):
    send_updates(session, "event_session_cancelled", reason=reason)
