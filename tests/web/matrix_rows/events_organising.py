"""Organising events: the Secretariat's list and new series are the Secretariat's;
a series' and a session's organiser pages are its organisers' (staff here; a record
out of reach is 404); the certificate is for the one who attended (member_own)."""

from datetime import timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.events.models import EventSeries, EventSession, Registration

from ..policy_rows import LOGIN, STAFF_BAD, STAFF_PAGE, row

ORGANISERS_PAGE = row(LOGIN, 404, 404, 404, 404, 200, 404, 200, 200, 404)
ORGANISERS_BAD = row(LOGIN, 404, 404, 404, 404, 400, 404, 400, 400, 404)
ORGANISERS_POST = row(LOGIN, 404, 404, 404, 404, 302, 404, 302, 302, 404)
ATTENDEE_PAGE = row(
    LOGIN, 200, 404, 404, 404, 404, 404, 404, 404, 404, leader=404, delegate=404
)
S = "/events/{organised_session_id}"
SERIES = "/admin/events/series/{organised_series_id}"

ROWS = {
    ("events.admin", "GET"): ("/admin/events", {}, STAFF_PAGE),
    ("events.new_series", "GET"): ("/admin/events/series/new", {}, STAFF_PAGE),
    ("events.new_series", "POST"): ("/admin/events/series/new", {}, STAFF_BAD),
    ("events.edit_series", "GET"): (f"{SERIES}/edit", {}, ORGANISERS_PAGE),
    ("events.edit_series", "POST"): (f"{SERIES}/edit", {}, ORGANISERS_BAD),
    ("events.new_session", "GET"): (f"{SERIES}/sessions/new", {}, ORGANISERS_PAGE),
    ("events.new_session", "POST"): (f"{SERIES}/sessions/new", {}, ORGANISERS_BAD),
    ("events.edit_session", "GET"): (f"{S}/edit", {}, ORGANISERS_PAGE),
    ("events.edit_session", "POST"): (f"{S}/edit", {}, ORGANISERS_BAD),
    ("events.cancel_session", "GET"): (f"{S}/cancel-session", {}, ORGANISERS_PAGE),
    ("events.cancel_session", "POST"): (f"{S}/cancel-session", {}, ORGANISERS_BAD),
    ("events.organise", "GET"): (f"{S}/organise", {}, ORGANISERS_PAGE),
    ("events.registrations_csv", "GET"): (
        f"{S}/registrations.csv",
        {},
        ORGANISERS_PAGE,
    ),
    ("events.message", "POST"): (f"{S}/message", {}, ORGANISERS_BAD),
    ("events.attendance", "POST"): (f"{S}/attendance", {}, ORGANISERS_POST),
    ("events.certificate", "GET"): (f"{S}/certificate", {}, ATTENDEE_PAGE),
}


def world(ids, people, make_org, make_user):
    """A members' session under way, in a series offering certificates; A's member
    attended it."""
    now = utcnow().replace(microsecond=0)
    series = EventSeries(
        slug="matrix-organised",
        kind="round_table",
        name=translated.new_text("en", en="Organised"),
        offers_certificate=True,
    )
    event = EventSession(
        series=series,
        title=translated.new_text("en", en="Round table under way"),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        timezone="Africa/Johannesburg",
        audience="members",
        capacity=10,
        join_url="https://meet.example.org/under-way",
    )
    db.session.add_all([series, event])
    db.session.flush()
    member = people["member_own"]
    db.session.add(
        Registration(
            session_id=event.id,
            user_id=member.id,
            organisation_id=member.organisation_id,
            status="registered",
            attended=True,
            attendance_source="organiser",
        )
    )
    db.session.commit()
    return {"organised_series_id": series.id, "organised_session_id": event.id}
