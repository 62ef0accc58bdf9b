"""Registration's rows: anyone signed in may register for a public session;
cancelling, changing her choice, confirming or declining need a registration (or an
offer) of her own, else 400 with the reason; the participant list is for those
holding a seat and the organisers (staff)."""

from datetime import timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.events.models import EventSeries, EventSession, Registration

from ..policy_rows import LOGIN, row

S = "/events/{reg_session_id}"
# member_own holds a seat; leader_own holds an offered seat.
REGISTER = row(
    LOGIN, 400, 302, 302, 302, 302, 302, 302, 302, 302, leader=400, delegate=302
)
HERS = row(LOGIN, 302, 400, 400, 400, 400, 400, 400, 400, 400, leader=302, delegate=400)
OFFERED = row(
    LOGIN, 400, 400, 400, 400, 400, 400, 400, 400, 400, leader=302, delegate=400
)
PARTICIPANTS = row(
    LOGIN, 200, 404, 404, 404, 200, 404, 200, 200, 404, leader=200, delegate=404
)

ROWS = {
    ("events.register", "POST"): (
        f"{S}/register",
        {"visibility": "everyone"},
        REGISTER,
    ),
    ("events.cancel", "POST"): (f"{S}/cancel", {}, HERS),
    ("events.confirm", "POST"): (f"{S}/confirm", {}, OFFERED),
    ("events.decline", "POST"): (f"{S}/decline", {}, OFFERED),
    ("events.visibility", "POST"): (
        f"{S}/visibility",
        {"visibility": "organisers"},
        HERS,
    ),
    ("events.participants", "GET"): (f"{S}/participants", {}, PARTICIPANTS),
}


def world(ids, people, make_org, make_user):
    """A public session with seats left, a seat of member_own's and an offer to
    leader_own."""
    start = utcnow().replace(microsecond=0) + timedelta(days=20)
    series = EventSeries(
        slug="matrix-registration",
        kind="round_table",
        name=translated.new_text("en", en="Registration RT"),
        confirm_hours=24,
    )
    event = EventSession(
        series=series,
        title=translated.new_text("en", en="Round table with seats"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="Europe/Paris",
        audience="public",
        capacity=10,
    )
    db.session.add_all([series, event])
    db.session.flush()
    db.session.add_all(
        [
            Registration(
                session_id=event.id,
                user_id=people["member_own"].id,
                status="registered",
                list_visibility="everyone",
            ),
            Registration(
                session_id=event.id,
                user_id=people["leader_own"].id,
                status="offered",
                offer_expires_at=utcnow() + timedelta(hours=12),
                list_visibility="organisers",
            ),
        ]
    )
    db.session.commit()
    return {"reg_session_id": event.id}
