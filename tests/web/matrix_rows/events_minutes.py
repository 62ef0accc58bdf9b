"""The minutes' rows: a public session that ended yesterday, `member_own` attended
it; its minutes are a draft (read and changed by her and the organisers, the staff);
another's are approved (read by anyone; her action she marks done); a third has
none yet (the organisers open them)."""

from datetime import timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.events.minutes_models import Minutes, MinutesItem
from mentorship.events.models import EventSeries, EventSession, Registration

from ..policy_rows import LOGIN, STAFF_POST, row

DRAFT_READERS = row(
    404, 200, 404, 404, 404, 200, 404, 200, 200, 404, leader=404, delegate=404
)
# Those who see the session but did not attend are told why (403).
DRAFT_CHANGE = row(
    LOGIN, 302, 403, 403, 403, 302, 403, 302, 302, 403, leader=403, delegate=403
)
DRAFT_PAGE = row(
    LOGIN, 200, 403, 403, 403, 200, 403, 200, 200, 403, leader=403, delegate=403
)
APPROVE = row(
    LOGIN, 403, 404, 404, 404, 302, 404, 302, 302, 404, leader=404, delegate=404
)
HER_ACTION = row(
    LOGIN, 302, 403, 403, 403, 302, 403, 302, 302, 403, leader=403, delegate=403
)
S = "/events/{minutes_session_id}/minutes"
ITEM = {
    "revision": "0",
    "kind": "decision",
    "text-source": "en",
    "text-en": "Meet again in March.",
}

PUBLIC_ENDPOINTS = {"events.minutes"}

ROWS = {
    ("events.minutes", "GET"): (S, {}, DRAFT_READERS),
    ("events.open_minutes", "POST"): (
        "/events/{unopened_session_id}/minutes",
        {"amend_days": "7"},
        STAFF_POST,
    ),
    ("events.amend_minutes", "GET"): (S + "/amend", {}, DRAFT_PAGE),
    ("events.amend_minutes", "POST"): (
        S + "/amend",
        {
            "revision": "0",
            "text-source": "en",
            "text-en": "We met and agreed.",
            "comment": "Clearer",
        },
        DRAFT_CHANGE,
    ),
    ("events.add_minutes_item", "POST"): (S + "/items", ITEM, DRAFT_CHANGE),
    ("events.remove_minutes_item", "POST"): (
        "/events/minutes/items/{minutes_item_id}/remove",
        {"revision": "0"},
        DRAFT_CHANGE,
    ),
    ("events.change_minutes_window", "POST"): (
        S + "/window",
        {"amend_days": "3"},
        APPROVE,
    ),
    ("events.approve_minutes", "POST"): (
        S + "/approve",
        {"revision": "0", "confirm": "y"},
        APPROVE,
    ),
    ("events.mark_action_done", "POST"): (
        "/events/minutes/items/{approved_item_id}/done",
        {},
        HER_ACTION,
    ),
}


def _session(series, title, days_ago):
    ends = utcnow().replace(microsecond=0) - timedelta(days=days_ago)
    return EventSession(
        series=series,
        title=translated.new_text("en", en=title),
        starts_at=ends - timedelta(hours=1),
        ends_at=ends,
        timezone="Europe/Paris",
        audience="public",
    )


def world(ids, people, make_org, make_user):
    """Three past public sessions of one series, `member_own` attended each."""
    series = EventSeries(
        slug="matrix-minutes",
        kind="round_table",
        name=translated.new_text("en", en="M"),
    )
    drafted = _session(series, "Drafted", 1)
    approved = _session(series, "Approved", 40)
    unopened = _session(series, "Unopened", 2)
    db.session.add_all([series, drafted, approved, unopened])
    db.session.flush()
    her = people["member_own"]
    for session in (drafted, approved, unopened):
        db.session.add(
            Registration(
                session_id=session.id,
                user_id=her.id,
                organisation_id=her.organisation_id,
                status="registered",
                attended=True,
            )
        )
    now = utcnow()
    draft = Minutes(
        session_id=drafted.id,
        status="draft",
        text=translated.new_text("en", en="Agenda"),
        amend_until=now + timedelta(days=7),
    )
    done = Minutes(
        session_id=approved.id,
        status="approved",
        text=translated.new_text("en", en="We met."),
        amend_until=now - timedelta(days=30),
        approved_at=now - timedelta(days=29),
    )
    db.session.add_all([draft, done])
    db.session.flush()
    decision = MinutesItem(
        minutes_id=draft.id, kind="decision", text=translated.new_text("en", en="Go")
    )
    action = MinutesItem(
        minutes_id=done.id,
        kind="action",
        text=translated.new_text("en", en="Write the note"),
        owner_user_id=her.id,
        due_on=(now + timedelta(days=10)).date(),
    )
    db.session.add_all([decision, action])
    db.session.commit()
    return {
        "minutes_session_id": drafted.id,
        "approved_session_id": approved.id,
        "unopened_session_id": unopened.id,
        "minutes_item_id": decision.id,
        "approved_item_id": action.id,
    }
