"""The events' calendars (timecal): a public session's .ics and a series' public
feed are anyone's; a private feed is anyone's who holds its unguessable address;
renewing that address is hers (signed in)."""

from datetime import timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.events.calendar_models import CalendarFeed
from mentorship.events.models import EventSeries, EventSession

from ..policy_rows import PUBLIC, SIGNED_IN_POST

PUBLIC_ENDPOINTS = {"events.session_ics", "events.series_ics", "events.feed"}

ROWS = {
    ("events.session_ics", "GET"): ("/events/{timecal_session_id}.ics", {}, PUBLIC),
    ("events.series_ics", "GET"): ("/events/series/matrix-timecal.ics", {}, PUBLIC),
    ("events.feed", "GET"): ("/events/feed/{timecal_feed_token}.ics", {}, PUBLIC),
    ("events.regenerate_feed", "POST"): ("/events/feed", {}, SIGNED_IN_POST),
}


def world(ids, people, make_org, make_user):
    """A series with one public session next month; a feed of organisation A's
    member."""
    start = utcnow().replace(microsecond=0) + timedelta(days=30)
    series = EventSeries(
        slug="matrix-timecal",
        kind="round_table",
        name=translated.new_text("en", en="Timecal"),
    )
    public = EventSession(
        series=series,
        title=translated.new_text("en", en="Open call"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="Australia/Perth",
        audience="public",
    )
    feed = CalendarFeed(user_id=people["member_own"].id, token="matrix-feed-token")
    db.session.add_all([series, public, feed])
    db.session.commit()
    return {"timecal_session_id": public.id, "timecal_feed_token": feed.token}
