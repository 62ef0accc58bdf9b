"""Working groups' charter and meetings rows. This module's own group
("matrix-meetings", active) mirrors the groups' world (its rows module sorts after
this one): `member_other` (of B) chairs it, `member_own` (of A) is a member. Its
series has one upcoming meeting; `coordinator_own` has an account and belongs to no
group (the guest invited by the rows' POST). Runners are the chair and the staff
(Secretariat, admin)."""

from datetime import timedelta

from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.events.models import EventSeries, EventSession
from mentorship.groups.meetings_models import MeetingGuest
from mentorship.groups.models import WorkingGroup
from mentorship.organisations.themes import active_themes, ensure_themes

from ..policy_rows import LOGIN, STAFF_PAGE, STAFF_POST, row

G = "/groups/{meetings_group_slug}"
# anonymous, member own / other (the chair), coordinator own / other, Secretariat,
# Steering, admin, coordinator who is also Secretariat, the pair.
RUNNERS_PAGE = row(LOGIN, 403, 200, 403, 403, 200, 403, 200, 200, 403)
RUNNERS_POST = row(LOGIN, 403, 302, 403, 403, 302, 403, 302, 302, 403)
MEMBERS_PAGE = row(
    LOGIN, 200, 200, 403, 403, 200, 403, 200, 200, 403, leader=403, delegate=403
)

CHARTER = {
    "purpose-source": "en",
    "purpose-en": "To test every route.",
    "scope-source": "en",
    "scope-en": "",
    "deliverables-source": "en",
    "deliverables-en": "",
}

ROWS = {
    ("groups.new_group", "GET"): ("/groups/new", {}, STAFF_PAGE),
    ("groups.new_group", "POST"): (
        "/groups/new",
        {
            "name-source": "en",
            "name-en": "Critical minerals",
            "slug": "critical-minerals",
            "theme_id": "{meetings_theme_id}",
            **CHARTER,
        },
        STAFF_POST,
    ),
    ("groups.edit_charter", "GET"): (G + "/charter", {}, RUNNERS_PAGE),
    ("groups.edit_charter", "POST"): (G + "/charter", CHARTER, RUNNERS_POST),
    ("groups.change_status", "GET"): (G + "/status", {}, STAFF_PAGE),
    ("groups.change_status", "POST"): (
        G + "/status",
        {"status": "closed", "reason-source": "en", "reason-en": "Work done."},
        STAFF_POST,
    ),
    ("groups.meetings_page", "GET"): (G + "/meetings", {}, MEMBERS_PAGE),
    ("groups.schedule_meetings", "GET"): (G + "/meetings/schedule", {}, RUNNERS_PAGE),
    ("groups.schedule_meetings", "POST"): (
        G + "/meetings/schedule",
        {
            "ordinal": "2",
            "weekday": "1",
            "local_time": "14:00",
            "duration": "60",
            "timezone": "Europe/Paris",
            "language": "en",
            "months": "3",
            "first_on": "2090-01-01",
            "agenda-source": "en",
            "agenda-en": "Round of news",
        },
        RUNNERS_POST,
    ),
    ("groups.meeting_guests", "GET"): (
        G + "/meetings/{meetings_session_id}/guests",
        {},
        RUNNERS_PAGE,
    ),
    ("groups.meeting_guests", "POST"): (
        G + "/meetings/{meetings_session_id}/guests",
        {"email": "{meetings_guest_email}"},
        RUNNERS_POST,
    ),
    ("groups.remove_meeting_guest", "POST"): (
        G + "/meetings/{meetings_session_id}/guests/{meetings_invited_id}/remove",
        {},
        RUNNERS_POST,
    ),
}


def world(ids, people, make_org, make_user):
    ensure_themes()
    theme = active_themes()[0]
    body = Body(
        kind="working_group",
        slug="matrix-meetings",
        name=translated.new_text("en", en="Meetings group", fr="Groupe réunions"),
    )
    group = WorkingGroup(
        body=body,
        theme=theme,
        status="active",
        purpose=translated.new_text("en", en="To test the meetings."),
    )
    db.session.add(group)
    db.session.flush()
    since = utcnow().date() - timedelta(days=90)
    memberships.start(people["member_other"], "chair", body=body, starts_on=since)
    memberships.start(people["member_own"], "member", body=body, starts_on=since)
    series = EventSeries(
        slug="matrix-meetings",
        kind="working_group",
        name=translated.new_text("en", en="Meetings group"),
        default_audience="working_group",
        body_id=body.id,
    )
    starts = utcnow().replace(microsecond=0) + timedelta(days=10)
    session = EventSession(
        series=series,
        title=translated.new_text("en", en="Meetings group: next meeting"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        timezone="Europe/Paris",
        audience="working_group",
    )
    db.session.add_all([series, session])
    db.session.flush()
    invited = MeetingGuest(session_id=session.id, user_id=make_user().id)
    db.session.add(invited)
    db.session.commit()
    return {
        "meetings_invited_id": str(invited.id),
        "meetings_group_slug": body.slug,
        "meetings_theme_id": str(theme.id),
        "meetings_session_id": str(session.id),
        "meetings_guest_email": people["coordinator_own"].email,
    }
