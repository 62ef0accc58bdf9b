"""The events' pages: the calendar, a session, a series, her events (the `pages`
part), and her events on her home page.

The session page gathers the panels of slot "event.session" (her registration,
calendar links, the organiser's tools, the minutes), each computed by its part; the
series page those of slot "event.series" (its public feed); her events those of
slot "events.mine" (her private feed).
"""

from flask import render_template, request
from flask_login import current_user

from .. import policy
from ..core import panels
from ..core.pagecache import public_page
from ..core.pagination import page_arg
from ..db import utcnow
from . import published, queries, times, words
from .routes import bp


def _times(sessions):
    zone = times.reader_zone(current_user)
    return {s.id: times.of(s, zone) for s in sessions}


@bp.get("/events")
@public_page
def calendar():
    """Upcoming (or past) sessions the reader may see, filtered and paginated."""
    choices = queries.choices(current_user)
    filters = queries.Filters.from_args(request.args, choices)
    now = utcnow()
    page = queries.calendar(current_user, filters, page_arg(), now)
    return render_template(
        "events/calendar.html",
        page=page,
        filters=filters,
        choices=choices,
        words=words,
        availability=published.availability(page.items, current_user, now),
        times=_times(page.items),
    )


@bp.get("/events/<int:session_id>")
@public_page
def session(session_id):
    """One session: when, in what language, for whom, and each part's panel."""
    event = queries.session_page(session_id)
    policy.ensure_session_reach(current_user, event)
    now = utcnow()
    return render_template(
        "events/session.html",
        event=event,
        words=words,
        times=_times([event])[event.id],
        availability=published.availability([event], current_user, now)[event.id],
        counts=published.counts(event, now),
        panels=panels.gather("event.session", event, current_user),
    )


@bp.get("/events/series/<series_slug>")
@public_page
def series(series_slug):
    """A series: what it is, and its sessions the reader may see."""
    found = queries.series_by_slug(series_slug)
    policy.ensure_series_reach(current_user, found)
    now = utcnow()
    upcoming, past = queries.series_sessions(found, current_user, now)
    return render_template(
        "events/series.html",
        series=found,
        upcoming=upcoming,
        past=past,
        words=words,
        availability=published.availability(upcoming, current_user, now),
        times=_times(upcoming + past),
        panels=panels.gather("event.series", found, current_user),
    )


@bp.get("/events/mine")
@policy.requires()
def mine():
    """Her registrations: seats, offers and waitlist places; past and cancelled."""
    found = queries.mine(current_user)
    sessions = [p.session for p in found.upcoming + found.past + found.cancelled]
    return render_template(
        "events/mine.html",
        mine=found,
        words=words,
        times=_times(sessions),
        panels=panels.gather("events.mine", current_user),
    )
