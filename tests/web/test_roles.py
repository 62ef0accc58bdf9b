"""An organisation's roles: granting and ending terms, who may, the one-delegate
rule (also under concurrency), emails, audit, bad input, the panels and the
Secretariat's list of delegates."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import checks, memberships
from mentorship.core.models import Membership
from mentorship.db import db, utcnow
from mentorship.mydata import services as mydata
from mentorship.organisations import services as organisations
from mentorship.roles import services

from ..factories import sign_in


def today():
    """Today, asked at each use: a run crossing midnight must not use yesterday."""
    return memberships.today()


LATAM = "latin_america_caribbean"
IN_OFFICE = "Dora Delegate is the voting delegate; end her term first or replace her."


@pytest.fixture
def world(make_org, make_user):
    """Organisation A with a leader, a delegate, two members; B with its
    own leader and member; the Secretariat."""
    a = make_org(name="WIM Alpha")
    b = make_org(name="WIM Beta", region=LATAM)
    people = {
        "leader": make_user(org=a, name="Léa Leader"),
        "delegate": make_user(org=a, name="Dora Delegate"),
        "member": make_user(org=a, name="Maya Member", locale="fr"),
        "member2": make_user(org=a, name="Nadia Member", locale="es"),
        "coordinator": make_user(org=a, roles=["coordinator"]),
        "leader_b": make_user(org=b, name="Bea Leader"),
        "member_b": make_user(org=b, name="Bo Member"),
        "coordinator_b": make_user(org=b, roles=["coordinator"]),
        "secretariat": make_user(roles=["secretariat"]),
    }
    memberships.start(people["leader"], "leader", organisation=a)
    memberships.start(people["delegate"], "voting_delegate", organisation=a)
    memberships.start(people["leader_b"], "leader", organisation=b)
    db.session.commit()
    return a, b, people


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _grant(client, org, person_id, position, **fields):
    data = {"user_id": person_id, "position": position, "starts_on": today(), **fields}
    return client.post(f"/organisations/{org.slug}/roles", data=data)


def _terms(org, position=None):
    query = sa.select(Membership).where(Membership.organisation_id == org.id)
    if position:
        query = query.where(Membership.position == position)
    db.session.expire_all()
    return db.session.scalars(query.order_by(Membership.id)).all()


def _open(org, position):
    return [t for t in _terms(org, position) if t.ends_on is None]


def _audit(action):
    return db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == action)
    ).all()


def _html(message):
    return message.alternatives[0][0]


# --- Granting and ending ----------------------------------------------------------


def test_the_leader_grants_a_role_audited_and_emailed_in_her_language(
    app, world, outbox
):
    a, _b, p = world
    response = _grant(_client(app, p["leader"]), a, p["member"].id, "data_submitter")
    assert response.status_code == 302
    (term,) = _open(a, "data_submitter")
    assert term.user_id == p["member"].id and term.starts_on == today()
    (event,) = [e for e in _audit("membership_started") if e.entity_id == term.id]
    assert event.actor_id == p["leader"].id and event.to_state == "data_submitter"
    (mail,) = outbox  # the leader acted: nobody else is told
    assert mail.to == [p["member"].email]
    assert 'lang="fr"' in _html(mail) and "Bonjour" in mail.body
    assert f"/organisations/{a.slug}/roles" in mail.body


def test_the_secretariat_grants_and_the_leader_is_told(app, world, outbox):
    a, _b, p = world
    p["leader"].locale = "fr"
    db.session.commit()
    client = _client(app, p["secretariat"])
    response = _grant(client, a, p["member2"].id, "event_contact")
    assert response.status_code == 302
    assert len(_open(a, "event_contact")) == 1
    to = {tuple(m.to): m for m in outbox}
    assert set(to) == {(p["member2"].email,), (p["leader"].email,)}
    assert 'lang="es"' in _html(to[(p["member2"].email,)])
    leader_mail = to[(p["leader"].email,)]
    assert 'lang="fr"' in _html(leader_mail) and "Nadia Member" in leader_mail.body


def test_the_leader_ends_a_term_with_a_reason(app, world, outbox):
    a, _b, p = world
    term = memberships.start(p["member"], "event_contact", organisation=a)
    db.session.commit()
    client = _client(app, p["leader"])
    url = f"/organisations/{a.slug}/roles/{term.id}/end"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"ends_on": today(), "reason": "Moved abroad"})
    assert response.status_code == 302
    (ended,) = _terms(a, "event_contact")
    assert ended.ends_on == today()
    (event,) = [e for e in _audit("membership_ended") if e.entity_id == term.id]
    assert event.actor_id == p["leader"].id and event.reason == "Moved abroad"
    (mail,) = outbox
    assert mail.to == [p["member"].email] and 'lang="fr"' in _html(mail)
    page = client.get(f"/organisations/{a.slug}/roles").get_data(as_text=True)
    assert "Maya Member" in page  # in the history


def test_the_secretariat_ends_a_term_and_the_leader_is_told(app, world, outbox):
    a, _b, p = world
    (term,) = _open(a, "voting_delegate")
    client = _client(app, p["secretariat"])
    response = client.post(
        f"/organisations/{a.slug}/roles/{term.id}/end", data={"ends_on": today()}
    )
    assert response.status_code == 302
    assert _open(a, "voting_delegate") == []
    assert sorted(m.to[0] for m in outbox) == sorted(
        [p["delegate"].email, p["leader"].email]
    )


def test_a_person_may_hold_several_positions(app, world):
    a, _b, p = world
    client = _client(app, p["leader"])
    for position in ("data_submitter", "event_contact", "alternate_delegate"):
        assert _grant(client, a, p["member"].id, position).status_code == 302
    held = {t.position for t in _terms(a) if t.user_id == p["member"].id}
    assert held == {"data_submitter", "event_contact", "alternate_delegate"}


def test_a_coordinator_granted_here_goes_through_the_coordinator_service(app, world):
    a, _b, p = world
    response = _grant(_client(app, p["leader"]), a, p["member"].id, "coordinator")
    assert response.status_code == 302
    db.session.expire_all()
    assert "coordinator" in db.session.get(type(p["member"]), p["member"].id).roles
    response = _grant(
        _client(app, p["leader"]),
        a,
        p["member2"].id,
        "coordinator",
        starts_on=today() + timedelta(days=3),
    )
    assert response.status_code == 400
    assert "appointed from today" in response.get_data(as_text=True)


# --- Who may ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,expected",
    [
        ("member", 403),
        ("delegate", 403),
        ("coordinator", 403),
        ("coordinator_b", 403),
        ("member_b", 403),
        ("leader_b", 404),  # a leader, but of another organisation
    ],
)
def test_only_the_leader_and_the_secretariat_change_roles(app, world, who, expected):
    a, _b, p = world
    (term,) = _open(a, "voting_delegate")
    client = _client(app, p[who])
    before = len(_terms(a))
    assert _grant(client, a, p["member"].id, "event_contact").status_code == expected
    end = client.post(
        f"/organisations/{a.slug}/roles/{term.id}/end", data={"ends_on": today()}
    )
    assert end.status_code == expected
    assert len(_terms(a)) == before and _open(a, "voting_delegate")


@pytest.mark.parametrize(
    "who,expected",
    [
        ("member", 200),
        ("delegate", 200),
        ("coordinator", 200),
        ("leader", 200),
        ("secretariat", 200),
        ("member_b", 404),
        ("coordinator_b", 404),
        ("leader_b", 404),
    ],
)
def test_the_roles_page_is_for_the_organisation_s_people(app, world, who, expected):
    a, _b, p = world
    response = _client(app, p[who]).get(f"/organisations/{a.slug}/roles")
    assert response.status_code == expected
    if expected == 200:
        page = response.get_data(as_text=True)
        assert "Dora Delegate" in page
        assert ("Grant a role" in page) == (who in ("leader", "secretariat"))


def test_a_term_of_another_organisation_is_out_of_reach(app, world):
    a, b, p = world
    (term_b,) = _open(b, "leader")
    client = _client(app, p["leader"])
    url = f"/organisations/{a.slug}/roles/{term_b.id}/end"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"ends_on": today()}).status_code == 404
    assert _open(b, "leader")


# --- One voting delegate at a time -----------------------------------------------


def test_a_second_delegate_is_refused_with_the_message(app, world, outbox):
    a, _b, p = world
    response = _grant(_client(app, p["leader"]), a, p["member"].id, "voting_delegate")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert IN_OFFICE in page.replace("&#39;", "'")
    assert 'name="replace" value="1"' in page
    assert [t.user_id for t in _open(a, "voting_delegate")] == [p["delegate"].id]
    assert outbox == []


def test_replace_ends_the_delegate_and_starts_the_new_one(app, world, outbox):
    a, _b, p = world
    client = _client(app, p["leader"])
    response = _grant(client, a, p["member"].id, "voting_delegate", replace="1")
    assert response.status_code == 302
    terms = _terms(a, "voting_delegate")
    assert [(t.user_id, t.ends_on) for t in terms] == [
        (p["delegate"].id, today()),
        (p["member"].id, None),
    ]
    assert sorted(m.to[0] for m in outbox) == sorted(
        [p["delegate"].email, p["member"].email]
    )
    ended = [e for e in _audit("membership_ended") if e.entity_id == terms[0].id]
    assert ended[0].reason == "replaced"


def test_one_alternate_at_a_time_too(app, world):
    a, _b, p = world
    client = _client(app, p["leader"])
    assert _grant(client, a, p["member"].id, "alternate_delegate").status_code == 302
    response = _grant(client, a, p["member2"].id, "alternate_delegate")
    assert response.status_code == 400
    assert "end her term first" in response.get_data(as_text=True)


def test_the_database_refuses_a_second_open_delegate(world):
    a, _b, p = world
    db.session.add(
        Membership(
            user_id=p["member"].id,
            organisation_id=a.id,
            position="voting_delegate",
            starts_on=today(),
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.commits
def test_two_grants_at_once_make_exactly_one_delegate(
    app, make_org, make_user, monkeypatch
):
    """Two people, each with her own session, name two different delegates at the
    same moment: both pass the check, the database takes one, the other is told."""
    org = make_org(name="WIM Race")
    leader = make_user(org=org, name="Rita Leader")
    secretariat = make_user(roles=["secretariat"])
    first, second = make_user(org=org, name="Ana First"), make_user(org=org)
    memberships.start(leader, "leader", organisation=org)
    db.session.commit()
    slug, ids = org.slug, {"leader": leader.id}
    clients = [_client(app, leader), _client(app, secretariat)]
    barrier = threading.Barrier(2, timeout=10)
    checked = services.in_office

    waited = set()

    def in_office_then_wait(*args):
        holder = checked(*args)
        if threading.get_ident() not in waited:  # the check, not the message after
            waited.add(threading.get_ident())
            barrier.wait()  # both have looked and seen nobody in office
        return holder

    monkeypatch.setattr(services, "in_office", in_office_then_wait)
    answers = {}

    def grant(n, person_id):
        response = clients[n].post(
            f"/organisations/{slug}/roles",
            data={
                "user_id": person_id,
                "position": "voting_delegate",
                "starts_on": today().isoformat(),
            },
        )
        answers[n] = (response.status_code, response.get_data(as_text=True))

    threads = [
        threading.Thread(target=grant, args=(n, person.id))
        for n, person in enumerate((first, second))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    monkeypatch.setattr(services, "in_office", checked)
    codes = sorted(code for code, _page in answers.values())
    assert codes == [302, 400], answers
    db.session.remove()
    delegates = db.session.scalars(
        sa.select(Membership).where(
            Membership.organisation_id == org.id,
            Membership.position == "voting_delegate",
        )
    ).all()
    assert len(delegates) == 1
    winner = db.session.get(type(leader), delegates[0].user_id).name
    (refused,) = [page for code, page in answers.values() if code == 400]
    assert f"{winner} is the voting delegate" in refused
    assert ids  # the leader stays untouched


# --- Bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"user_id": "999999"}, "Only a member of this organisation"),
        ({"user_id": "OTHER"}, "Only a member of this organisation"),
        ({"user_id": str(2**63)}, "Choose a member."),
        ({"user_id": "-1"}, "Choose a member."),
        ({"position": "president"}, "Choose a position."),
        ({"ends_on": today() - timedelta(days=1)}, "must be after the start date"),
        ({"starts_on": "2025-02-30"}, "Enter a date such as"),
        ({"starts_on": "9999-12-31"}, "Enter a date between"),
        ({"starts_on": today() - timedelta(days=3)}, "A term starts today or later."),
    ],
)
def test_bad_grants_are_refused_and_change_nothing(app, world, outbox, fields, message):
    a, _b, p = world
    data = {"user_id": str(p["member"].id), "position": "event_contact", **fields}
    if data["user_id"] == "OTHER":
        data["user_id"] = str(p["member_b"].id)
    before = [(t.id, t.ends_on) for t in _terms(a)]
    client = _client(app, p["leader"])
    response = _grant(client, a, data.pop("user_id"), data.pop("position"), **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert [(t.id, t.ends_on) for t in _terms(a)] == before
    assert outbox == []


def test_the_secretariat_may_record_a_past_start(app, world):
    a, _b, p = world
    client = _client(app, p["secretariat"])
    since = today() - timedelta(days=30)
    assert (
        _grant(client, a, p["member"].id, "event_contact", starts_on=since).status_code
        == 302
    )
    assert _open(a, "event_contact")[0].starts_on == since


def test_a_delegate_term_has_no_planned_end(app, world):
    a, _b, p = world
    (term,) = _open(a, "voting_delegate")
    client = _client(app, p["secretariat"])
    client.post(f"/organisations/{a.slug}/roles/{term.id}/end", data={})
    response = _grant(
        client,
        a,
        p["member"].id,
        "voting_delegate",
        ends_on=today() + timedelta(days=30),
    )
    assert response.status_code == 400
    assert "leave the end date empty" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"ends_on": today() + timedelta(days=1)}, "today or on an earlier date"),
        ({"ends_on": today() - timedelta(days=400)}, "before the start of the term"),
        ({"ends_on": "31/12/2025"}, "Enter a date such as"),
        ({"ends_on": ""}, "Enter the date the term ends."),
        ({"ends_on": today(), "reason": "x" * 400}, "At most 300 characters."),
    ],
)
def test_bad_ends_are_refused_and_change_nothing(app, world, outbox, fields, message):
    a, _b, p = world
    since = today() - timedelta(days=10)
    term = memberships.start(
        p["member"], "event_contact", organisation=a, starts_on=since
    )
    db.session.commit()
    response = _client(app, p["leader"]).post(
        f"/organisations/{a.slug}/roles/{term.id}/end", data=fields
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _open(a, "event_contact") and outbox == []


def test_an_ended_term_cannot_be_ended_again(app, world):
    a, _b, p = world
    term = memberships.start(p["member"], "event_contact", organisation=a)
    memberships.end(term)
    db.session.commit()
    response = _client(app, p["leader"]).post(
        f"/organisations/{a.slug}/roles/{term.id}/end", data={"ends_on": today()}
    )
    assert response.status_code == 400
    assert "already ended" in response.get_data(as_text=True)


@pytest.mark.parametrize("term_id", [str(2**31), "999999"])
def test_unknown_terms_and_organisations_are_404(app, world, term_id):
    a, _b, p = world
    client = _client(app, p["leader"])
    assert client.get(f"/organisations/{a.slug}/roles/{term_id}/end").status_code == 404
    assert client.get("/organisations/no-such-org/roles").status_code == 404


# --- Leaving the organisation ends her terms --------------------------------------


def test_erasing_her_account_ends_her_terms(world):
    a, _b, p = world
    mydata.erase(p["delegate"], now=utcnow())
    db.session.commit()
    assert _open(a, "voting_delegate") == []


def test_moving_to_another_organisation_ends_her_terms(world):
    a, b, p = world
    (invitation,), _ = organisations.invite(
        b, [p["delegate"].email], "en", by=p["leader_b"]
    )
    organisations.accept_invitation(invitation, p["delegate"])
    db.session.commit()
    assert _open(a, "voting_delegate") == []


# --- Panels, the Secretariat's list, the onboarding check ------------------------


def test_the_public_page_says_which_positions_are_filled_not_by_whom(
    app, world, client
):
    a, _b, _p = world
    page = client.get(f"/organisations/{a.slug}").get_data(as_text=True)
    assert "Voting delegate" in page and "named" in page
    assert "Dora Delegate" not in page and "Léa Leader" not in page
    assert f"/organisations/{a.slug}/roles" not in page


def test_the_alliance_overview_counts_organisations_without_a_delegate(app, world):
    a, b, p = world
    page = _client(app, p["secretariat"]).get("/admin/alliance").get_data(as_text=True)
    assert "1 member organisation without a voting delegate" in page
    assert "WIM Beta" in page


def test_the_delegates_list_filters(app, world):
    a, b, p = world
    client = _client(app, p["secretariat"])
    page = client.get("/admin/delegates").get_data(as_text=True)
    assert "WIM Alpha" in page and "Dora Delegate" in page and "Bea Leader" in page
    page = client.get("/admin/delegates?without=1").get_data(as_text=True)
    assert "WIM Beta" in page and "WIM Alpha" not in page
    page = client.get(f"/admin/delegates?region={LATAM}").get_data(as_text=True)
    assert "WIM Beta" in page and "WIM Alpha" not in page
    assert client.get("/admin/delegates?region=%00&page=99999").status_code == 200


def test_the_onboarding_check_asks_for_leader_and_delegate(app, world):
    a, b, _p = world
    check = checks.get("onboarding", "roles_named", app)
    assert check.test(a) is True
    assert check.test(b) is False


# --- Demo -------------------------------------------------------------------------


def test_the_demo_names_roles_leaves_two_without_delegate_and_keeps_history(app_ctx):
    from mentorship import demo

    demo.seed(n_members=60)
    db.session.commit()
    count = db.session.scalar(sa.select(sa.func.count(Membership.id)))
    without, _first = services.without_delegate(5)
    assert without == 2
    ended = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(Membership.ends_on.is_not(None))
    )
    assert ended > 0
    demo.seed(n_members=60)  # twice is harmless
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Membership.id))) == count


def test_the_demo_coordinators_lead_their_organisations(app_ctx):
    from mentorship import demo
    from mentorship.auth.models import User

    demo.seed(n_members=60)
    db.session.commit()
    leaders = db.session.scalars(
        sa.select(User.email).where(User.id.in_(memberships.holders("leader")))
    ).all()
    assert leaders and all(email.startswith("coordinator@") for email in leaders)
