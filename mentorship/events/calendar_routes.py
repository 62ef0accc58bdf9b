"""Routes of the events engine's calendars part (see events/routes.py and
events/calendars.py): a session's .ics, her private feed, a series' public feed."""

from flask import Response, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagecache import public_page
from ..db import db
from . import calendars
from .models import EventSeries, EventSession
from .routes import bp

MIMETYPE = "text/calendar; charset=utf-8"


def _calendar(body, filename, cache="private, max-age=300"):
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = MIMETYPE
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = cache
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/events/<int:session_id>.ics")
@public_page
def session_ics(session_id):
    """The session as a calendar file ("add to calendar"), for whoever may see it;
    the joining link only for a person holding a seat."""
    event = db.get_or_404(EventSession, session_id)
    policy.ensure_reach(policy.can_download_session_calendar(current_user, event))
    registration = calendars.registration_of(current_user, event)
    body = calendars.session_file(event, current_user, registration)
    return _calendar(body, calendars.filename(event), cache="private, no-cache")


@bp.get("/events/feed/<token>.ics")
def feed(token):
    """Her private feed, by its unguessable address (no sign-in: calendars fetch it)."""
    found = calendars.feed_by_token(token)
    policy.ensure_reach(
        found is not None and found.user is not None and found.user.erased_at is None
    )
    body = calendars.personal_feed(found.user)
    return _calendar(body, "wim-events.ics", cache="private, max-age=900")


@bp.post("/events/feed")
@policy.requires()
def regenerate_feed():
    """Create her feed's address, or replace it (the old one stops working)."""
    user = current_user._get_current_object()
    had = calendars.mine_panel(user)["feed_url"] is not None
    calendars.regenerate(user)
    db.session.commit()
    if had:
        flash(
            _(
                "Your calendar has a new address. Subscribe to it again; "
                "the old address no longer works."
            ),
            "success",
        )
    else:
        flash(_("Your calendar address is ready."), "success")
    return redirect(url_for("events.mine"))


@bp.get("/events/series/<series_slug>.ics")
def series_ics(series_slug):
    """A series' public sessions as a feed anyone may subscribe to."""
    series = db.first_or_404(
        db.select(EventSeries).where(EventSeries.slug == series_slug[:80])
    )
    body = calendars.series_feed(series)
    return _calendar(body, f"{series.slug}.ics", cache="public, max-age=900")
