"""The events' shared pages (the `pages` part): the calendar and a public session
are anyone's; a members' session and a leaders' call are their audience's (anonymous
visitors are sent to log in, whether the session exists or not; others outside the
audience get 404); a series follows its sessions; her events are hers. Each other
part of the engine adds its rows in `events_<part>.py`."""

from datetime import timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.events.models import EventSeries, EventSession

from ..policy_rows import LOGIN, PUBLIC, SIGNED_IN, row

# The joining link: the organisers (staff) are sent on; no one else holds a seat.
ORGANISERS_ONLY = row(LOGIN, 404, 404, 404, 404, 302, 404, 302, 302, 404)
# A leaders' call: the leader of A and the staff; anonymous visitors log in first.
LEADERS_ONLY = row(LOGIN, 404, 404, 404, 404, 200, 404, 200, 200, 404, leader=200)

PUBLIC_ENDPOINTS = {"events.calendar", "events.session", "events.series"}

ROWS = {
    ("events.calendar", "GET"): ("/events", {}, PUBLIC),
    ("events.session", "GET"): ("/events/{public_session_id}", {}, PUBLIC),
    ("events.mine", "GET"): ("/events/mine", {}, SIGNED_IN),
    ("events.join", "GET"): ("/events/{public_session_id}/join", {}, ORGANISERS_ONLY),
    ("events.series", "GET"): ("/events/series/matrix-series", {}, PUBLIC),
}
EXTRA = [
    ("GET", "/events?when=past&language=fr&spoken=1&page=2", {}, PUBLIC),
    ("GET", "/events/{members_session_id}", {}, SIGNED_IN),
    ("GET", "/events/{leaders_session_id}", {}, LEADERS_ONLY),
    ("GET", "/events/series/matrix-calls", {}, LEADERS_ONLY),
]


def world(ids, people, make_org, make_user):
    """A public series with one public and one members' session next month, and a
    leaders' series with one call."""
    start = utcnow().replace(microsecond=0) + timedelta(days=30)
    series = EventSeries(
        slug="matrix-series",
        kind="round_table",
        name=translated.new_text("en", en="RT"),
        default_audience="public",
    )
    calls = EventSeries(
        slug="matrix-calls",
        kind="call",
        name=translated.new_text("en", en="Calls"),
        default_audience="leaders",
    )

    def session(in_series, title, audience, join_url=""):
        return EventSession(
            series=in_series,
            title=translated.new_text("en", en=title),
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            timezone="America/Lima",
            audience=audience,
            capacity=10,
            join_url=join_url,
        )

    public = session(
        series, "Open round table", "public", "https://meet.example.org/open"
    )
    members = session(series, "Members' round table", "members")
    leaders = session(calls, "Leaders' call", "leaders")
    db.session.add_all([series, calls, public, members, leaders])
    db.session.commit()
    return {
        "series_id": series.id,
        "public_session_id": public.id,
        "members_session_id": members.id,
        "leaders_session_id": leaders.id,
    }
