"""Every route x every role x own / other organisation: the answers policy.py promises.

Organisation A holds the people and records the routes are about; each role is played
once by someone of A ("own") and once by someone of B ("other") where it matters.
Expected codes: 200 allowed page, 302 after an allowed POST (or login redirect when
anonymous), 403 role-reserved page, 404 someone else's people.
"""

import pytest

from mentorship.db import db
from mentorship.matches.models import MatchRun

from .flow import enrol, make_mentorship, make_programme, released_proposal

ANON, LOGIN = "anonymous", 302
VIEWERS = [
    ANON,
    "member_own",
    "member_other",
    "coordinator_own",
    "coordinator_other",
    "secretariat",
    "steering",
    "admin",
]


def _row(*codes):
    return dict(zip(VIEWERS, codes, strict=True))


PUBLIC = _row(200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = _row(LOGIN, 200, 200, 200, 200, 200, 200, 200)
STAFF_PAGE = _row(LOGIN, 403, 403, 403, 403, 200, 403, 200)
STAFF_POST = _row(LOGIN, 403, 403, 403, 403, 302, 403, 302)
ADMIN_PAGE = _row(LOGIN, 403, 403, 403, 403, 403, 403, 200)
ADMIN_POST = _row(LOGIN, 403, 403, 403, 403, 403, 403, 302)
ORG_PEOPLE = _row(LOGIN, 404, 404, 200, 404, 200, 404, 200)
ORG_PEOPLE_POST = _row(LOGIN, 404, 404, 302, 404, 302, 404, 302)
DECIDERS_PAGE = _row(LOGIN, 403, 403, 200, 200, 200, 403, 200)
PAIR_ONLY = _row(LOGIN, 404, 404, 404, 404, 404, 404, 404)
OUTCOMES_HOME = _row(LOGIN, 403, 403, 302, 302, 200, 200, 200)
ORG_OUTCOMES = _row(LOGIN, 404, 404, 200, 404, 200, 200, 200)
ORG_PARTICIPANTS = _row(LOGIN, 403, 403, 200, 404, 200, 403, 200)
ALL_PARTICIPANTS = _row(LOGIN, 403, 403, 404, 404, 200, 403, 200)
ALLIANCE_METRICS = _row(LOGIN, 403, 403, 404, 404, 200, 200, 200)
ORG_METRICS = _row(LOGIN, 403, 403, 200, 404, 200, 200, 200)
READERS_PAGE = _row(LOGIN, 403, 403, 403, 403, 200, 200, 200)

ROUTES = [
    ("GET", "/", {}, PUBLIC),
    ("GET", "/organisations", {}, PUBLIC),
    ("GET", "/organisations/{org_slug}", {}, PUBLIC),
    ("GET", "/privacy", {}, PUBLIC),
    ("GET", "/profile", {}, SIGNED_IN),
    ("GET", "/profile/mentor", {}, SIGNED_IN),
    ("GET", "/profile/mentee", {}, SIGNED_IN),
    ("GET", "/account", {}, SIGNED_IN),
    ("GET", "/admin/undelivered-emails", {}, STAFF_PAGE),
    ("GET", "/admin/organisations", {}, STAFF_PAGE),
    ("GET", "/admin/organisations/new", {}, STAFF_PAGE),
    ("GET", "/admin/organisations/{org_id}/edit", {}, STAFF_PAGE),
    ("GET", "/admin/organisations/{org_id}/coordinators", {}, STAFF_PAGE),
    ("GET", "/admin/users", {}, ADMIN_PAGE),
    ("POST", "/admin/users/{person_id}/roles", {"roles": ["steering"]}, ADMIN_POST),
    ("GET", "/organisations/{org_id}/members", {}, ORG_PEOPLE),
    (
        "POST",
        "/organisations/{org_id}/invite",
        {"emails": "new.person@example.org", "locale": "en"},
        ORG_PEOPLE_POST,
    ),
    ("GET", "/people/{person_id}", {}, ORG_PEOPLE),
    ("GET", "/programmes", {}, SIGNED_IN),
    ("GET", "/programmes/{programme_id}", {}, SIGNED_IN),
    ("GET", "/admin/programmes/new", {}, STAFF_PAGE),
    ("GET", "/admin/programmes/{programme_id}", {}, STAFF_PAGE),
    ("GET", "/admin/programmes/{programme_id}/settings", {}, STAFF_PAGE),
    ("GET", "/admin/programmes/{programme_id}/proposals", {}, STAFF_PAGE),
    ("GET", "/admin/programmes/{programme_id}/pairs/new", {}, STAFF_PAGE),
    ("POST", "/admin/programmes/{programme_id}/runs", {}, STAFF_POST),
    (
        "GET",
        "/programmes/{programme_id}/organisations/{org_id}/enrolments",
        {},
        ORG_PEOPLE,
    ),
    ("GET", "/approvals", {}, DECIDERS_PAGE),
    ("GET", "/approvals?status=decided&sort=score&page=2", {}, DECIDERS_PAGE),
    # Confirming "approve all shown": a page when something waits for her, else
    # back to the queue (organisation B's coordinator has nothing to decide).
    ("GET", "/approvals/confirm", {}, _row(LOGIN, 403, 403, 200, 302, 200, 403, 200)),
    ("GET", "/admin/programmes/{programme_id}/archive", {}, STAFF_PAGE),
    ("GET", "/admin/runs/{run_id}/release", {}, STAFF_PAGE),
    ("GET", "/admin/runs/{run_id}/discard", {}, STAFF_PAGE),
    ("POST", "/proposals/{proposal_id}/approve", {}, ORG_PEOPLE_POST),
    ("GET", "/offers/{proposal_id}", {}, PAIR_ONLY),
    ("GET", "/mentorships", {}, SIGNED_IN),
    ("GET", "/mentorships/{mentorship_id}", {}, PAIR_ONLY),
    ("POST", "/mentorships/{mentorship_id}/goals", {"title": "Board"}, PAIR_ONLY),
    ("GET", "/mentorships/{mentorship_id}/close", {}, PAIR_ONLY),
    ("GET", "/surveys", {}, SIGNED_IN),
    ("GET", "/surveys/{mentorship_id}/baseline", {}, PAIR_ONLY),
    ("GET", "/account/data", {}, SIGNED_IN),
    ("GET", "/account/data.json", {}, SIGNED_IN),
    ("GET", "/account/erase", {}, SIGNED_IN),
    ("GET", "/dashboard", {}, OUTCOMES_HOME),
    ("GET", "/dashboard/organisations/{org_id}", {}, ORG_OUTCOMES),
    (
        "GET",
        "/dashboard/export/participants.csv?organisation={org_id}",
        {},
        ORG_PARTICIPANTS,
    ),
    ("GET", "/dashboard/export/participants.xlsx", {}, ALL_PARTICIPANTS),
    ("GET", "/dashboard/export/metrics.csv", {}, ALLIANCE_METRICS),
    ("GET", "/dashboard/export/metrics.xlsx?organisation={org_id}", {}, ORG_METRICS),
    ("GET", "/dashboard/programmes/{programme_id}/report", {}, READERS_PAGE),
]


@pytest.fixture
def world(make_org, make_user):
    org_a, org_b = make_org(name="WIM Alpha"), make_org(name="WIM Beta")
    person = make_user(email="person@a.example.org", org=org_a)
    people = {
        "member_own": make_user(org=org_a),
        "member_other": make_user(org=org_b),
        "coordinator_own": make_user(org=org_a, roles=["coordinator"]),
        "coordinator_other": make_user(org=org_b, roles=["coordinator"]),
        "secretariat": make_user(roles=["secretariat"]),
        "steering": make_user(org=org_a, roles=["steering"]),
        "admin": make_user(roles=["admin"]),
    }
    programme = make_programme()
    mentee = enrol(programme, person, "mentee")
    mentor = enrol(programme, make_user(org=make_org(name="WIM Gamma")), "mentor")
    proposal = released_proposal(programme, mentee, mentor)
    run = MatchRun(
        programme_id=programme.id,
        settings_id=programme.current_settings.id,
        library_version="test",
        status="preview",
    )
    db.session.add(run)
    db.session.commit()
    mentorship, _mentee, _mentor = make_mentorship(make_org, make_user, mentee=person)
    ids = {
        "org_id": org_a.id,
        "org_slug": org_a.slug,
        "person_id": person.id,
        "programme_id": programme.id,
        "proposal_id": proposal.id,
        "mentorship_id": mentorship.id,
        "run_id": run.id,
    }
    return {"ids": ids, "people": {k: v.get_id() for k, v in people.items()}}


def _sign_in(client, cookie_id):
    with client.session_transaction() as session:
        session["_user_id"] = cookie_id
        session["_fresh"] = True


CASES = [
    pytest.param(
        method, path, data, viewer, expected[viewer], id=f"{method} {path} as {viewer}"
    )
    for method, path, data, expected in ROUTES
    for viewer in VIEWERS
]


@pytest.mark.parametrize("method,path,data,viewer,expected", CASES)
def test_route_answers_per_role(app, world, method, path, data, viewer, expected):
    client = app.test_client()
    if viewer != ANON:
        _sign_in(client, world["people"][viewer])
    url = path.format(**world["ids"])
    response = client.open(url, method=method, data=data)
    assert response.status_code == expected, response.data[:300]
    if viewer == ANON and expected == LOGIN:
        assert "/login" in response.headers["Location"]
    db.session.remove()


def test_self_may_see_own_person_page(app, make_org, make_user):
    me = make_user(org=make_org())
    client = app.test_client()
    _sign_in(client, me.get_id())
    assert client.get(f"/people/{me.id}").status_code == 200


def test_unknown_ids_are_404_for_staff(app, make_user):
    admin = make_user(roles=["admin"])
    client = app.test_client()
    _sign_in(client, admin.get_id())
    for url in (
        "/people/999999",
        "/organisations/999999/members",
        "/admin/organisations/999999/edit",
        "/admin/organisations/999999/coordinators",
        "/organisations/no-such-slug",
    ):
        assert client.get(url).status_code == 404, url


def test_named_member_rows_of_an_organisation(app, make_org, make_user):
    """The outcome page of organisation A names members to A's coordinators and the
    Secretariat only; the Steering Committee reads its aggregates (same 200 above)."""
    from mentorship import policy

    org_a, org_b = make_org(), make_org()
    expected = {
        "member": (make_user(org=org_a), False),
        "coordinator_own": (make_user(org=org_a, roles=["coordinator"]), True),
        "coordinator_other": (make_user(org=org_b, roles=["coordinator"]), False),
        "secretariat": (make_user(roles=["secretariat"]), True),
        "admin": (make_user(roles=["admin"]), True),
        "steering": (make_user(org=org_a, roles=["steering"]), False),
    }
    for name, (user, allowed) in expected.items():
        assert policy.can_see_member_rows(user, org_a.id) is allowed, name
