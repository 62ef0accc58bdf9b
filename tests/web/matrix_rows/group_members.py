"""The members part's rows. Its own group ("matrix-members", active), built like
the groups' world (whose module runs after this one): chaired by `member_other`
(of B), with `member_own` (of A) as a member. `pair` (of A) asked to join; A's
leader nominated `coordinator_own` as a champion; both wait. `steering` (of A)
belongs to no group: A's leader or delegate may nominate her."""

from datetime import timedelta

from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.groups.members_models import GroupRequest
from mentorship.groups.models import WorkingGroup

from ..policy_rows import LOGIN, PUBLIC, row

G = "/groups/{members_slug}/members"
REQUEST = G + "/requests/{join_request_id}"
NOMINATION = G + "/requests/{nomination_id}"
TERM = G + "/terms/{member_term_id}"

# In the order of VIEWERS: anonymous, member own / other, coordinator own / other,
# Secretariat, Steering, admin, coordinator who is also Secretariat, the pair.
MEMBERS_POST = row(
    LOGIN, 302, 302, 403, 403, 403, 403, 403, 403, 403, leader=403, delegate=403
)
MEMBERS_PAGE = row(
    LOGIN, 200, 200, 403, 403, 403, 403, 403, 403, 403, leader=403, delegate=403
)
# Of a member organisation: the form, or (already in, or waiting) the roster.
JOIN_PAGE = row(
    LOGIN, 302, 302, 302, 200, 403, 200, 403, 200, 302, leader=200, delegate=200
)
JOIN_POST = row(
    LOGIN, 302, 302, 302, 302, 403, 302, 403, 302, 302, leader=302, delegate=302
)
NOMINATE_PAGE = row(
    LOGIN, 403, 403, 403, 403, 403, 403, 403, 403, 403, leader=200, delegate=200
)
NOMINATE_POST = row(
    LOGIN, 403, 403, 403, 403, 403, 403, 403, 403, 403, leader=302, delegate=302
)
RUNNERS_PAGE = row(
    LOGIN, 403, 200, 403, 403, 200, 403, 200, 200, 403, leader=403, delegate=403
)
RUNNERS_POST = row(
    LOGIN, 403, 302, 403, 403, 302, 403, 302, 302, 403, leader=403, delegate=403
)
STAFF_ONLY_PAGE = row(
    LOGIN, 403, 403, 403, 403, 200, 403, 200, 200, 403, leader=403, delegate=403
)
STAFF_ONLY_POST = row(
    LOGIN, 403, 403, 403, 403, 302, 403, 302, 302, 403, leader=403, delegate=403
)
# The pair's request: she and the runners see it; nobody else learns it exists.
REQUEST_PAGE = row(
    LOGIN, 404, 200, 404, 404, 200, 404, 200, 200, 200, leader=404, delegate=404
)
DECIDE = row(
    LOGIN, 404, 302, 404, 404, 302, 404, 302, 302, 403, leader=404, delegate=404
)
WITHDRAW = row(
    LOGIN, 404, 403, 404, 404, 403, 404, 403, 403, 302, leader=404, delegate=404
)
# coordinator_own's nomination: she declines it; A's voice and the runners see it.
REFUSE = row(
    LOGIN, 404, 403, 302, 404, 403, 404, 403, 403, 404, leader=403, delegate=403
)

PUBLIC_ENDPOINTS = {"groups.members"}

ROWS = {
    ("groups.members", "GET"): (G, {}, PUBLIC),
    ("groups.set_roster_visibility", "POST"): (
        G + "/visibility",
        {"visibility": "public"},
        MEMBERS_POST,
    ),
    ("groups.join", "GET"): (G + "/join", {}, JOIN_PAGE),
    ("groups.join", "POST"): (
        G + "/join",
        {"motivation": "I would like to help."},
        JOIN_POST,
    ),
    ("groups.nominate", "GET"): (G + "/nominate", {}, NOMINATE_PAGE),
    ("groups.nominate", "POST"): (
        G + "/nominate",
        {"person": "{steering_id}", "position": "member", "note": "Knows the field."},
        NOMINATE_POST,
    ),
    ("groups.member_request", "GET"): (REQUEST, {}, REQUEST_PAGE),
    ("groups.accept_request", "POST"): (REQUEST + "/accept", {}, DECIDE),
    ("groups.decline_request", "POST"): (
        REQUEST + "/decline",
        {"reason": "The group is full this year."},
        DECIDE,
    ),
    ("groups.withdraw_request", "POST"): (REQUEST + "/withdraw", {}, WITHDRAW),
    ("groups.refuse_nomination", "POST"): (
        NOMINATION + "/refuse",
        {"reason": ""},
        REFUSE,
    ),
    ("groups.member_term", "GET"): (TERM, {}, RUNNERS_PAGE),
    ("groups.change_position", "POST"): (
        TERM + "/position",
        {"position": "champion"},
        RUNNERS_POST,
    ),
    ("groups.end_term", "POST"): (
        TERM + "/end",
        {"reason": "Asked to step down."},
        RUNNERS_POST,
    ),
    ("groups.appoint", "GET"): (G + "/appoint", {}, STAFF_ONLY_PAGE),
    ("groups.appoint", "POST"): (
        G + "/appoint",
        {"position": "liaison", "person": "{secretariat_id}"},
        STAFF_ONLY_POST,
    ),
    ("groups.leave", "GET"): (G + "/leave", {}, MEMBERS_PAGE),
    ("groups.leave", "POST"): (G + "/leave", {"confirm": "y"}, MEMBERS_POST),
}


def world(ids, people, make_org, make_user):
    body = Body(
        kind="working_group",
        slug="matrix-members",
        name=translated.new_text("en", en="Matrix members"),
    )
    group = WorkingGroup(body=body, status="active")
    db.session.add(group)
    db.session.flush()
    since = utcnow().date() - timedelta(days=90)
    memberships.start(people["member_other"], "chair", body=body, starts_on=since)
    term = memberships.start(people["member_own"], "member", body=body, starts_on=since)
    # Who asked to join: the matrix's "pair" (of A); the fuzz world has none.
    pair = people.get("pair") or make_user(org=people["member_own"].organisation)
    nominee = people["coordinator_own"]
    asked = GroupRequest(
        group_id=group.id,
        user_id=pair.id,
        organisation_id=pair.organisation_id,
        kind="request",
        note="I run site visits.",
        created_by_id=pair.id,
    )
    nominated = GroupRequest(
        group_id=group.id,
        user_id=nominee.id,
        organisation_id=nominee.organisation_id,
        kind="nomination",
        position="champion",
        created_by_id=people["leader_own"].id,
    )
    db.session.add_all([asked, nominated])
    db.session.commit()
    return {
        "members_slug": body.slug,
        "join_request_id": asked.id,
        "nomination_id": nominated.id,
        "member_term_id": term.id,
        "steering_id": people["steering"].id,
        "secretariat_id": people["secretariat"].id,
    }
