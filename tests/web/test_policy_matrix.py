"""Every route of the app x every kind of viewer: the answers the policy promises.

The matrix is complete by construction: `test_every_route_has_a_row` enumerates the
app's `url_map` (every endpoint x method but `static`) and fails on a pair without a
row, so a new route cannot ship without saying who may open it.

Organisation A holds the people and records the routes are about ("own"); B is the
other organisation ("other"). `pair` is the mentee of A the proposal, the offer and
the mentorship belong to. `coordinator_secretariat` coordinates B and is also
Secretariat: both powers combine. Expected codes: 200 a page, 302 a redirect after an
allowed action (or, for `anonymous`, to the login page), 400 bad input reached the
view, 403 a page reserved to a role, 404 a record out of reach (or no such record).

Every row asks about the same world, committed once for the module: each row runs
in its own transaction on top of it, each viewer's request in a savepoint rolled
back after it, so what one viewer's request changed is gone before the next asks.
"""

import itertools
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from mentorship.core import memberships
from mentorship.db import db, utcnow
from mentorship.matches.models import MatchRun
from mentorship.mentorships.models import Goal, Meeting
from mentorship.organisations import services as organisation_services

from ..conftest import _empty_all_tables
from ..factories import create_org, create_user
from . import matrix_rows
from .flow import enrol, make_mentorship, make_programme, released_proposal
from .policy_rows import (
    ADMIN_PAGE,
    ADMIN_POST,
    ALL_PARTICIPANTS,
    ALLIANCE_METRICS,
    ANON,
    ANYONE_BAD,
    ANYONE_REDIRECTED,
    CONFIRM_ALL,
    DECIDERS_PAGE,
    ELSEWHERE,
    ENROLLED_BAD,
    GUESTS_PAGE,
    GUESTS_POST,
    INVITED_ONLY,
    ORG_METRICS,
    ORG_OUTCOMES,
    ORG_PARTICIPANTS,
    ORG_PEOPLE,
    ORG_PEOPLE_POST,
    OUTCOMES_HOME,
    PAIR_BAD,
    PAIR_PAGE,
    PAIR_POST,
    PERSON_PAGE,
    PROPOSAL_POST,
    PUBLIC,
    READERS_PAGE,
    SIGNED_IN,
    SIGNED_IN_BAD,
    SIGNED_IN_POST,
    STAFF_BAD,
    STAFF_PAGE,
    STAFF_POST,
    VIEWERS,
)

P = "{programme_id}"
MATRIX = {
    # --- main ---------------------------------------------------------------------
    ("main.index", "GET"): ("/", {}, PUBLIC),
    ("main.privacy", "GET"): ("/privacy", {}, PUBLIC),
    ("main.healthz", "GET"): ("/healthz", {}, PUBLIC),
    # --- operations ---------------------------------------------------------------
    ("operations.readyz", "GET"): ("/readyz", {}, PUBLIC),
    ("operations.undelivered", "GET"): ("/admin/undelivered-emails", {}, STAFF_PAGE),
    ("operations.resend", "POST"): (
        "/admin/undelivered-emails/999/resend",
        {},
        STAFF_POST,
    ),
    ("main.set_language", "POST"): ("/language", {"locale": "fr"}, ANYONE_REDIRECTED),
    # --- auth ---------------------------------------------------------------------
    ("auth.login", "GET"): ("/login", {}, GUESTS_PAGE),
    ("auth.login", "POST"): ("/login", {}, GUESTS_POST),
    ("auth.register", "GET"): ("/register", {}, GUESTS_PAGE),
    ("auth.register", "POST"): ("/register", {}, GUESTS_POST),
    ("auth.logout", "POST"): ("/logout", {}, ANYONE_REDIRECTED),
    ("auth.request_password_reset", "GET"): ("/reset", {}, PUBLIC),
    ("auth.request_password_reset", "POST"): ("/reset", {}, ANYONE_BAD),
    ("auth.reset_password", "GET"): ("/reset/not-a-token", {}, ANYONE_REDIRECTED),
    ("auth.reset_password", "POST"): ("/reset/not-a-token", {}, ANYONE_REDIRECTED),
    ("auth.verify_email", "GET"): ("/verify/not-a-token", {}, ANYONE_REDIRECTED),
    ("auth.resend_verification", "GET"): ("/verify/resend", {}, SIGNED_IN_POST),
    ("auth.resend_verification", "POST"): ("/verify/resend", {}, SIGNED_IN_POST),
    ("auth.account", "GET"): ("/account", {}, SIGNED_IN),
    ("auth.update_account", "POST"): ("/account/details", {}, SIGNED_IN_BAD),
    ("auth.change_password", "POST"): ("/account/password", {}, SIGNED_IN_BAD),
    ("auth.change_email", "POST"): ("/account/email", {}, SIGNED_IN_BAD),
    ("auth.confirm_email_change", "GET"): (
        "/account/email/not-a-token",
        {},
        ANYONE_REDIRECTED,
    ),
    ("auth.users", "GET"): ("/admin/users", {}, ADMIN_PAGE),
    ("auth.update_roles", "POST"): (
        "/admin/users/{person_id}/roles",
        {"roles": ["steering"]},
        ADMIN_POST,
    ),
    # --- organisations ------------------------------------------------------------
    ("organisations.directory", "GET"): ("/organisations", {}, PUBLIC),
    ("organisations.detail", "GET"): ("/organisations/{org_slug}", {}, PUBLIC),
    ("organisations.registry", "GET"): ("/admin/organisations", {}, STAFF_PAGE),
    ("organisations.overview", "GET"): ("/admin/alliance", {}, STAFF_PAGE),
    ("organisations.create", "GET"): ("/admin/organisations/new", {}, STAFF_PAGE),
    ("organisations.create", "POST"): ("/admin/organisations/new", {}, STAFF_BAD),
    ("organisations.edit", "GET"): (
        "/admin/organisations/{org_id}/edit",
        {},
        STAFF_PAGE,
    ),
    ("organisations.edit", "POST"): (
        "/admin/organisations/{org_id}/edit",
        {},
        STAFF_BAD,
    ),
    ("organisations.coordinators", "GET"): (
        "/admin/organisations/{org_id}/coordinators",
        {},
        STAFF_PAGE,
    ),
    ("organisations.coordinators", "POST"): (
        "/admin/organisations/{org_id}/coordinators",
        {"user_id": "{member_own_id}"},
        STAFF_POST,
    ),
    ("organisations.members", "GET"): (
        "/organisations/{org_id}/members",
        {},
        ORG_PEOPLE,
    ),
    ("organisations.invite", "POST"): (
        "/organisations/{org_id}/invite",
        {"emails": "new.person@example.org", "locale": "en"},
        ORG_PEOPLE_POST,
    ),
    ("organisations.accept_invitation", "GET"): (
        "/invitations/{invitation_token}",
        {},
        INVITED_ONLY,
    ),
    ("organisations.accept_invitation", "POST"): (
        "/invitations/{invitation_token}",
        {},
        INVITED_ONLY,
    ),
    # --- profiles -----------------------------------------------------------------
    ("profiles.overview", "GET"): ("/profile", {}, SIGNED_IN),
    ("profiles.edit", "GET"): ("/profile/mentor", {}, SIGNED_IN),
    ("profiles.edit", "POST"): ("/profile/mentor", {}, SIGNED_IN_BAD),
    ("profiles.pause", "POST"): ("/profile/mentee/pause", {}, PAIR_POST),
    ("profiles.resume", "POST"): ("/profile/mentee/resume", {}, PAIR_POST),
    ("profiles.delete", "GET"): ("/profile/mentee/delete", {}, PAIR_PAGE),
    ("profiles.delete", "POST"): ("/profile/mentee/delete", {}, PAIR_POST),
    ("profiles.person", "GET"): ("/people/{person_id}", {}, PERSON_PAGE),
    # --- programmes ---------------------------------------------------------------
    ("programmes.index", "GET"): ("/programmes", {}, SIGNED_IN),
    ("programmes.detail", "GET"): (f"/programmes/{P}", {}, SIGNED_IN),
    ("programmes.enrol", "POST"): (f"/programmes/{P}/enrol/mentor", {}, SIGNED_IN_POST),
    ("programmes.update_enrolment", "POST"): (
        f"/programmes/{P}/enrolments/mentee",
        {},
        ENROLLED_BAD,
    ),
    ("programmes.withdraw", "POST"): (
        f"/programmes/{P}/withdraw/mentee",
        {},
        SIGNED_IN_POST,
    ),
    ("programmes.organisation_enrolments", "GET"): (
        f"/programmes/{P}/organisations/{{org_id}}/enrolments",
        {},
        ORG_PEOPLE,
    ),
    ("programmes.create", "GET"): ("/admin/programmes/new", {}, STAFF_PAGE),
    ("programmes.create", "POST"): ("/admin/programmes/new", {}, STAFF_BAD),
    ("programmes.admin", "GET"): (f"/admin/programmes/{P}", {}, STAFF_PAGE),
    ("programmes.edit", "GET"): (f"/admin/programmes/{P}/edit", {}, STAFF_PAGE),
    ("programmes.edit", "POST"): (f"/admin/programmes/{P}/edit", {}, STAFF_BAD),
    ("programmes.settings", "GET"): (f"/admin/programmes/{P}/settings", {}, STAFF_PAGE),
    ("programmes.settings", "POST"): (
        f"/admin/programmes/{P}/settings",
        {},
        STAFF_BAD,
    ),
    ("programmes.publish", "POST"): (f"/admin/programmes/{P}/publish", {}, STAFF_POST),
    ("programmes.confirm_archive", "GET"): (
        f"/admin/programmes/{P}/archive",
        {},
        STAFF_PAGE,
    ),
    ("programmes.archive", "POST"): (f"/admin/programmes/{P}/archive", {}, STAFF_POST),
    # --- matches: runs (Secretariat) ----------------------------------------------
    ("matches.start_run", "POST"): (f"/admin/programmes/{P}/runs", {}, STAFF_POST),
    ("matches.run", "GET"): ("/admin/runs/{run_id}", {}, STAFF_PAGE),
    ("matches.confirm_release", "GET"): (
        "/admin/runs/{run_id}/release",
        {},
        STAFF_PAGE,
    ),
    ("matches.release_run", "POST"): ("/admin/runs/{run_id}/release", {}, STAFF_POST),
    ("matches.confirm_discard", "GET"): (
        "/admin/runs/{run_id}/discard",
        {},
        STAFF_PAGE,
    ),
    ("matches.discard_run", "POST"): ("/admin/runs/{run_id}/discard", {}, STAFF_POST),
    ("matches.remove_proposal", "POST"): (
        "/admin/proposals/{proposal_id}/remove",
        {},
        STAFF_POST,
    ),
    ("matches.manual_pair", "GET"): (
        f"/admin/programmes/{P}/pairs/new",
        {},
        STAFF_PAGE,
    ),
    ("matches.manual_pair", "POST"): (
        f"/admin/programmes/{P}/pairs/new",
        {},
        STAFF_BAD,
    ),
    ("matches.programme_proposals", "GET"): (
        f"/admin/programmes/{P}/proposals",
        {},
        STAFF_PAGE,
    ),
    # --- matches: approvals (coordinators, the Secretariat standing in) ------------
    ("matches.queue", "GET"): ("/approvals", {}, DECIDERS_PAGE),
    ("matches.confirm_all", "GET"): ("/approvals/confirm", {}, CONFIRM_ALL),
    ("matches.approve_many", "POST"): (
        "/approvals/bulk",
        {"proposal": ["{proposal_id}"]},
        DECIDERS_PAGE,  # asks to confirm first
    ),
    ("matches.approve", "POST"): (
        "/proposals/{proposal_id}/approve",
        {},
        PROPOSAL_POST,
    ),
    ("matches.reject", "POST"): ("/proposals/{proposal_id}/reject", {}, PROPOSAL_POST),
    # --- matches: offers (the pair) -------------------------------------------------
    ("matches.offer", "GET"): ("/offers/{offer_id}", {}, PAIR_PAGE),
    ("matches.accept", "POST"): ("/offers/{offer_id}/accept", {}, PAIR_POST),
    ("matches.decline", "POST"): ("/offers/{offer_id}/decline", {}, PAIR_POST),
    # --- mentorships (the pair's private space) -------------------------------------
    ("mentorships.index", "GET"): ("/mentorships", {}, SIGNED_IN),
    ("mentorships.detail", "GET"): ("/mentorships/{mentorship_id}", {}, PAIR_PAGE),
    ("mentorships.add_goal", "POST"): (
        "/mentorships/{mentorship_id}/goals",
        {"goal-title": "Board"},
        PAIR_POST,
    ),
    ("mentorships.update_goal", "POST"): (
        "/mentorships/{mentorship_id}/goals/{goal_id}",
        {},
        PAIR_BAD,
    ),
    ("mentorships.log_meeting", "POST"): (
        "/mentorships/{mentorship_id}/meetings",
        {},
        PAIR_BAD,
    ),
    ("mentorships.save_note", "POST"): (
        "/mentorships/{mentorship_id}/meetings/{meeting_id}/note",
        {"note-{meeting_id}-body": "Private thoughts"},
        PAIR_POST,
    ),
    ("mentorships.set_next_meeting", "POST"): (
        "/mentorships/{mentorship_id}/next-meeting",
        {},
        PAIR_BAD,
    ),
    ("mentorships.next_meeting_ics", "GET"): (
        "/mentorships/{mentorship_id}/next-meeting.ics",
        {},
        PAIR_PAGE,
    ),
    ("mentorships.check_in", "POST"): (
        "/mentorships/{mentorship_id}/check-in",
        {},
        PAIR_BAD,
    ),
    ("mentorships.close", "GET"): ("/mentorships/{mentorship_id}/close", {}, PAIR_PAGE),
    ("mentorships.close", "POST"): (
        "/mentorships/{mentorship_id}/close",
        {},
        PAIR_BAD,
    ),
    # --- surveys --------------------------------------------------------------------
    ("surveys.index", "GET"): ("/surveys", {}, SIGNED_IN),
    ("surveys.answer", "GET"): ("/surveys/{mentorship_id}/baseline", {}, PAIR_PAGE),
    ("surveys.answer", "POST"): ("/surveys/{mentorship_id}/baseline", {}, PAIR_BAD),
    # --- my data ----------------------------------------------------------------------
    ("mydata.index", "GET"): ("/account/data", {}, SIGNED_IN),
    ("mydata.download_json", "GET"): ("/account/data.json", {}, SIGNED_IN),
    ("mydata.download_html", "GET"): ("/account/data.html", {}, SIGNED_IN),
    ("mydata.erase", "GET"): ("/account/erase", {}, SIGNED_IN),
    ("mydata.erase", "POST"): ("/account/erase", {}, SIGNED_IN_BAD),
    ("mydata.goodbye", "GET"): ("/account/erased", {}, GUESTS_PAGE),
    # --- outcomes ---------------------------------------------------------------------
    ("outcomes.dashboard", "GET"): ("/dashboard", {}, OUTCOMES_HOME),
    ("outcomes.organisation", "GET"): (
        "/dashboard/organisations/{org_id}",
        {},
        ORG_OUTCOMES,
    ),
    ("outcomes.export_participants", "GET"): (
        "/dashboard/export/participants.csv?organisation={org_id}",
        {},
        ORG_PARTICIPANTS,
    ),
    ("outcomes.export_metrics", "GET"): (
        "/dashboard/export/metrics.xlsx?organisation={org_id}",
        {},
        ORG_METRICS,
    ),
    ("outcomes.report", "GET"): (
        f"/dashboard/programmes/{P}/report",
        {},
        READERS_PAGE,
    ),
}
"""(endpoint, method) -> (url, form data, expected answer per viewer)."""
MATRIX.update(matrix_rows.ROWS)  # the features' own rows (tests/web/matrix_rows/)

EXTRA = [
    # The same endpoints, asked differently: each is a row of its own.
    ("GET", "/approvals?status=decided&sort=score&page=2", {}, DECIDERS_PAGE),
    ("GET", "/dashboard/export/participants.xlsx", {}, ALL_PARTICIPANTS),
    ("GET", "/dashboard/export/metrics.csv", {}, ALLIANCE_METRICS),
    ("GET", "/organisations/{other_slug}", {}, PUBLIC),
]


# --- The world the routes are about -------------------------------------------------


def _build_world(make_org, make_user):
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
        "coordinator_secretariat": make_user(
            org=org_b, roles=["coordinator", "secretariat"]
        ),
        "pair": person,
        "leader_own": make_user(org=org_a),
        "delegate_own": make_user(org=org_a),
    }
    memberships.start(people["leader_own"], "leader", organisation=org_a)
    memberships.start(people["delegate_own"], "voting_delegate", organisation=org_a)
    programme = make_programme()
    mentee = enrol(programme, person, "mentee")
    gamma = make_org(name="WIM Gamma")  # no coordinator: the Secretariat stands in
    mentor = enrol(programme, make_user(org=gamma), "mentor", capacity=3)
    proposal = released_proposal(programme, mentee, mentor)
    autumn = make_programme()  # her offer, from another programme
    offer = released_proposal(
        autumn,
        enrol(autumn, person, "mentee"),
        enrol(autumn, make_user(org=gamma), "mentor"),
    )
    offer.status = "offered"
    offer.mentee_org_decision = offer.mentor_org_decision = "approved"
    run = MatchRun(
        programme_id=programme.id,
        settings_id=programme.current_settings.id,
        library_version="test",
        status="preview",
    )
    db.session.add(run)
    mentorship, _mentee, _mentor = make_mentorship(make_org, make_user, mentee=person)
    mentorship.next_meeting_at = utcnow() + timedelta(days=2)
    goal = Goal(mentorship_id=mentorship.id, title="Lead a closure plan")
    meeting = Meeting(
        mentorship_id=mentorship.id,
        held_on=date.today() - timedelta(days=1),
        duration_minutes=60,
        mode="online",
        logged_by_id=person.id,
    )
    db.session.add_all([goal, meeting])
    invitation = organisation_services.invite(
        org_a, ["invitee@example.org"], "en", by=people["coordinator_own"]
    )[0][0]
    db.session.commit()
    ids = {
        "org_id": org_a.id,
        "org_slug": org_a.slug,
        "other_slug": org_b.slug,
        "person_id": person.id,
        "member_own_id": people["member_own"].id,
        "programme_id": programme.id,
        "proposal_id": proposal.id,
        "offer_id": offer.id,
        "mentorship_id": mentorship.id,
        "goal_id": goal.id,
        "meeting_id": meeting.id,
        "run_id": run.id,
        "invitation_token": organisation_services.invitation_token(invitation),
    }
    ids.update(matrix_rows.build_world(ids, people, make_org, make_user))
    return ids, {name: user.get_id() for name, user in people.items()}


def _sign_in(client, cookie_id):
    with client.session_transaction() as session:
        session["_user_id"] = cookie_id
        session["_fresh"] = True


def _fill(value, ids):
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value.format(**ids)


@pytest.fixture(scope="module")
def world(app):
    """The world every row asks about, committed once for the module (each row runs
    in its own transaction on top of it); the tables are emptied after."""
    # Numbered apart from the make_org and make_user of the tests beside it.
    orgs, users = itertools.count(9001), itertools.count(9001)
    with app.app_context():
        built = _build_world(
            lambda *args, **fields: create_org(*args, n=next(orgs), **fields),
            lambda *args, **fields: create_user(*args, n=next(users), **fields),
        )
        db.session.commit()
        db.session.remove()
    yield built
    with app.app_context():
        db.session.remove()
        _empty_all_tables()


def _answers(app, world, method, path, data):
    """Each viewer's answer, every one against the same world: each request runs
    in a savepoint of the test's transaction, rolled back after it (whatever it
    committed), so no viewer sees what another's request changed."""
    answers = {}
    ids, people = world
    db.session.remove()  # the test's own session holds nothing across savepoints
    connection = db.engines[None]  # the test's connection (tests/conftest.py)
    assert isinstance(connection, sa.Connection)
    for viewer in VIEWERS:
        point = connection.begin_nested()
        try:
            client = app.test_client()
            if viewer != ANON:
                _sign_in(client, people[viewer])
            form = {_fill(k, ids): _fill(v, ids) for k, v in data.items()}
            response = client.open(_fill(path, ids), method=method, data=form)
            response.get_data()  # a streamed download runs to its end
            response.close()
        finally:
            db.session.remove()
            point.rollback()
        answers[viewer] = response.status_code
        location = response.headers.get("Location", "")
        if viewer == ANON and response.status_code == 302 and "/login" not in location:
            answers[viewer] = ELSEWHERE
    return answers


ROWS = [
    pytest.param(method, path, data, expected, id=f"{endpoint} {method}")
    for (endpoint, method), (path, data, expected) in MATRIX.items()
] + [
    pytest.param(method, path, data, expected, id=f"{method} {path}")
    for method, path, data, expected in EXTRA
]


@pytest.mark.parametrize("method,path,data,expected", ROWS)
def test_route_answers_per_viewer(app, app_ctx, world, method, path, data, expected):
    answers = _answers(app, world, method, path, data)
    assert answers == expected


def _app_routes(app):
    """Every (endpoint, method) the app serves, `static` aside."""
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_has_a_row(app):
    """A new route without a row in MATRIX fails here; a removed one too."""
    served = _app_routes(app)
    assert sorted(served - set(MATRIX)) == [], "routes without a row in MATRIX"
    assert sorted(set(MATRIX) - served) == [], "rows for routes that do not exist"


def test_rows_ask_their_own_endpoint(app):
    """Each row's URL is served by the endpoint it claims to cover."""
    adapter = app.url_map.bind("localhost")
    sample = {
        key: "1"
        for key in re.findall(r"{(\w+)}", " ".join(p for p, *_ in MATRIX.values()))
    }
    sample.update(org_slug="wim-alpha", invitation_token="token")
    for (endpoint, method), (path, _data, _expected) in MATRIX.items():
        url = path.format(**sample).split("?")[0]
        assert adapter.match(url, method=method)[0] == endpoint, (endpoint, method)


def test_every_guarded_view_uses_the_one_guard(app):
    """A view that is not public is reserved with @policy.requires (403/login); the
    records it reaches are checked inside with policy.ensure_reach (404)."""
    public = {
        "main.index",
        "main.privacy",
        "main.healthz",
        "operations.readyz",
        "main.set_language",
        "auth.login",
        "auth.register",
        "auth.logout",
        "auth.request_password_reset",
        "auth.reset_password",
        "auth.verify_email",
        "auth.confirm_email_change",
        "organisations.directory",
        "organisations.detail",
        "organisations.accept_invitation",
        "mydata.goodbye",
    } | matrix_rows.PUBLIC_ENDPOINTS
    unguarded = sorted(
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static"
        and endpoint not in public
        and not hasattr(view, "policy_question")
    )
    assert unguarded == []


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
        "coordinator_secretariat": (
            make_user(org=org_b, roles=["coordinator", "secretariat"]),
            True,
        ),
    }
    for name, (user, allowed) in expected.items():
        assert policy.can_see_member_rows(user, org_a.id) is allowed, name
