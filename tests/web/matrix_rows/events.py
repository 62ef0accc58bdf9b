"""The events' shared pages: the calendar and a public session are anyone's; her
events are hers. Each part of the engine adds its rows in `events_<part>.py`."""

from datetime import timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.events.models import EventSeries, EventSession

from ..policy_rows import LOGIN, PUBLIC, SIGNED_IN, row

# The joining link: the organisers (staff) are sent on; no one else holds a seat.
ORGANISERS_ONLY = row(LOGIN, 404, 404, 404, 404, 302, 404, 302, 302, 404)

PUBLIC_ENDPOINTS = {"events.calendar", "events.session"}

ROWS = {
    ("events.calendar", "GET"): ("/events", {}, PUBLIC),
    ("events.session", "GET"): ("/events/{public_session_id}", {}, PUBLIC),
    ("events.mine", "GET"): ("/events/mine", {}, SIGNED_IN),
    ("events.join", "GET"): ("/events/{public_session_id}/join", {}, ORGANISERS_ONLY),
}


def world(ids, people, make_org, make_user):
    """A series with one public session next month."""
    start = utcnow().replace(microsecond=0) + timedelta(days=30)
    series = EventSeries(
        slug="matrix-series",
        kind="round_table",
        name=translated.new_text("en", en="RT"),
    )
    public = EventSession(
        series=series,
        title=translated.new_text("en", en="Open round table"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="America/Lima",
        audience="public",
        capacity=10,
        join_url="https://meet.example.org/open-round-table",
    )
    db.session.add_all([series, public])
    db.session.commit()
    return {"series_id": series.id, "public_session_id": public.id}
