"""The AGM (issue 15, item 6): created as an event session, its agenda of motions
and amendments, the check-in desk and the quorum shown live, motions voted as
decisions whose outcome the motion follows, AGM proxies, the pack in three
languages, the minutes; refused input changes nothing and is never a 500."""

from dataclasses import dataclass
from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from mentorship import policy
from mentorship.agm import attendance, pack, panels, queries, services, voting
from mentorship.agm.models import AgendaItem, Agm, AgmCheckIn, MotionStatus
from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, translated
from mentorship.db import db, utcnow
from mentorship.decisions import ballots, proxies
from mentorship.decisions import services as decisions
from mentorship.decisions.models import Decision, Proxy
from mentorship.events import minutes as engine_minutes
from mentorship.events.models import EventSeries

from ..factories import sign_in
from .test_fuzz import Fuzzer, fuzz_world  # noqa: F401  (the fixture)


def _edit(en, **others):
    return translated.Edit("en", {"en": en, **others})


@dataclass
class World:
    staff: object
    orgs: list
    delegates: list
    leader: object
    member: object
    agm: Agm


def _values(year=None, days=10):
    day = (utcnow() + timedelta(days=days)).date()
    return services.AgmValues(
        year=year or day.year,
        day=day,
        starts=time(14, 0),
        duration=180,
        timezone="Europe/Paris",
        quorum_percent=50,
    )


@pytest.fixture
def in_request(app, app_ctx):
    """Services speak the reader's language: a request context for them."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(in_request, make_org, make_user):
    staff = make_user(roles=["secretariat"])
    orgs = [
        make_org(name=f"WIM {name}") for name in ("Alpha", "Beta", "Gamma", "Delta")
    ]
    delegates = []
    for org in orgs:
        person = make_user(org=org)
        memberships.start(person, "voting_delegate", organisation=org)
        delegates.append(person)
    leader = make_user(org=orgs[0])
    memberships.start(leader, "leader", organisation=orgs[0])
    member = make_user(org=orgs[0])
    agm = services.create_agm(_values(), staff)
    db.session.commit()
    return World(staff, orgs, delegates, leader, member, agm)


def _motion(world, title="Adopt the 2027 work plan", parent=None, tabled=True):
    item = services.add_item(
        world.agm,
        services.ItemValues(
            kind="motion",
            title=_edit(title, fr=f"{title} (fr)"),
            text=_edit(f"The text of {title}."),
            parent_id=parent.id if parent is not None else None,
        ),
        world.staff,
    )
    if tabled:
        services.table(item, world.staff)
    db.session.commit()
    return item


def _vote(world, item, choices):
    """Put `item` to the vote, each organisation i answering choices[i], close."""
    decision = voting.put_to_vote(item, world.staff, 15)
    for org, delegate, choice in zip(
        world.orgs, world.delegates, choices, strict=False
    ):
        ballots.cast(decision, org, delegate, {"choice": choice}, "delegate")
    voting.close_vote(item, world.staff)
    db.session.commit()
    return decision


def _check_in_all(world, count=4):
    for org, delegate in list(zip(world.orgs, world.delegates, strict=True))[:count]:
        attendance.check_in(world.agm, org, delegate, world.staff)
    db.session.commit()


# --- Creating the AGM ----------------------------------------------------------------


def test_the_secretariat_creates_an_agm_as_a_session_of_the_agm_series(
    app, world, make_user
):
    client = app.test_client()
    sign_in(client, world.staff)
    day = (utcnow() + timedelta(days=400)).date()
    response = client.post(
        "/admin/agm/new",
        data={
            "year": str(day.year),
            "day": day.isoformat(),
            "starts": "15:00",
            "duration": "120",
            "timezone": "Europe/Paris",
            "language": "en",
            "quorum_percent": "40",
            "majority": "two_thirds",
            "abstentions": "excluded",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    agm = db.session.scalar(sa.select(Agm).where(Agm.year == day.year))
    assert agm.quorum_percent == 40 and agm.majority == "two_thirds"
    assert agm.session.series.slug == "agm"
    assert agm.session.title.body("fr") and agm.session.title.body("es")
    assert db.session.scalar(sa.select(sa.func.count(EventSeries.id))) == 1
    # The same year again: refused with a message, nothing added.
    again = client.post(
        "/admin/agm/new",
        data={
            "year": str(day.year),
            "day": day.isoformat(),
            "starts": "15:00",
            "duration": "120",
            "timezone": "Europe/Paris",
            "language": "en",
            "quorum_percent": "40",
            "majority": "simple",
            "abstentions": "excluded",
        },
    )
    assert again.status_code == 400
    assert "already an AGM" in again.get_data(as_text=True)


def test_the_agm_pages_answer(app, world):
    _motion(world)
    client = app.test_client()
    for url in ("/agm", f"/agm/{world.agm.year}", f"/agm/{world.agm.id}"):
        assert client.get(url).status_code == 200
    assert client.get(f"/agm/{world.agm.year}/pack").status_code == 200
    assert client.get("/agm/1999").status_code == 404


# --- The agenda ----------------------------------------------------------------------


def test_a_draft_motion_is_the_secretariats_until_tabled(app, world):
    draft = _motion(world, "A draft motion", tabled=False)
    client = app.test_client()
    assert "A draft motion" not in client.get(f"/agm/{world.agm.year}").text
    url = f"/agm/{world.agm.year}/items/{draft.id}"
    assert client.get(url).status_code == 404
    sign_in(client, world.staff)
    assert client.get(url).status_code == 200


def test_an_amendment_to_a_motion_already_voted_is_refused(app, world):
    _check_in_all(world)
    services.open_agm(world.agm, world.staff)
    motion = _motion(world)
    _vote(world, motion, ["agree"] * 4)
    client = app.test_client()
    sign_in(client, world.staff)
    before = db.session.scalar(sa.select(sa.func.count(AgendaItem.id)))
    response = client.post(
        f"/admin/agm/{world.agm.id}/items/new",
        data={
            "kind": "motion",
            "title-source": "en",
            "title-en": "Amend the plan",
            "text-source": "en",
            "parent_id": str(motion.id),
            "proposer": "secretariat",
        },
    )
    assert response.status_code == 400
    assert "cannot be amended" in response.text
    assert db.session.scalar(sa.select(sa.func.count(AgendaItem.id))) == before
    # Nor is the voted motion edited.
    edit = client.post(
        f"/admin/agm/items/{motion.id}/edit",
        data={
            "title-source": "en",
            "title-en": "Changed after the vote",
            "text-source": "en",
            "proposer": "secretariat",
        },
    )
    assert edit.status_code == 400
    db.session.expire_all()
    assert motion.title.body("en") == "Adopt the 2027 work plan"


def test_amendments_are_voted_before_their_motion(world):
    _check_in_all(world)
    services.open_agm(world.agm, world.staff)
    motion = _motion(world)
    amendment = _motion(world, "Add a data chapter", parent=motion)
    with pytest.raises(services.AgmError, match="amendments first"):
        voting.put_to_vote(motion, world.staff, 15)
    db.session.rollback()
    _vote(world, amendment, ["agree", "agree", "disagree", "agree"])
    assert amendment.status == MotionStatus.CARRIED
    decision = _vote(world, motion, ["agree", "disagree", "disagree", "abstain"])
    db.session.refresh(motion)
    assert motion.status == MotionStatus.REJECTED
    assert decision.session_id == world.agm.session_id
    assert decision.quorum_percent == world.agm.quorum_percent
    assert decision.outcome == "rejected"


# --- Check-in and quorum -------------------------------------------------------------


def test_the_quorum_is_shown_live_on_the_agm_page(app, world):
    _check_in_all(world, count=2)
    page = app.test_client().get(f"/agm/{world.agm.year}").text
    # Every member organisation of the database counts (the 4 of the world).
    members = decisions.member_count()
    needed = -(-members * 50 // 100)
    assert f"2 of {members} member organisations present" in page
    assert f"quorum {needed} (50%)" in page
    state = "reached" if needed <= 2 else "not reached"
    assert f"<strong>{state}</strong>" in page


def test_a_duplicate_check_in_is_refused_and_changes_nothing(app, world):
    client = app.test_client()
    sign_in(client, world.staff)
    data = {
        "organisation_id": str(world.orgs[0].id),
        "delegate_id": str(world.delegates[0].id),
    }
    url = f"/agm/{world.agm.year}/check-in"
    assert client.post(url, data=data).status_code == 302
    again = client.post(url, data=data)
    assert again.status_code == 400 and "already checked in" in again.text
    assert db.session.scalar(sa.select(sa.func.count(AgmCheckIn.id))) == 1
    audit = db.session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "checked_in")
    )
    assert audit == 1


def test_only_her_organisations_delegate_is_checked_in(app, world):
    client = app.test_client()
    sign_in(client, world.staff)
    url = f"/agm/{world.agm.year}/check-in"
    # A member who is not a delegate cannot be checked in for it.
    response = client.post(
        url,
        data={
            "organisation_id": str(world.orgs[0].id),
            "delegate_id": str(world.member.id),
        },
    )
    assert (
        response.status_code == 400 and "voting delegate or alternate" in response.text
    )
    # A delegate checks herself in only during the AGM, and only her organisation.
    delegate = app.test_client()
    sign_in(delegate, world.delegates[1])
    assert delegate.get(url).status_code == 403
    services.open_agm(world.agm, world.staff)
    db.session.commit()
    assert delegate.get(url).status_code == 200
    other = delegate.post(
        url,
        data={
            "organisation_id": str(world.orgs[0].id),
            "delegate_id": str(world.delegates[0].id),
        },
    )
    assert other.status_code == 400 and "only the organisation you are" in other.text
    mine = delegate.post(
        url,
        data={
            "organisation_id": str(world.orgs[1].id),
            "delegate_id": str(world.delegates[1].id),
        },
    )
    assert mine.status_code == 302
    assert queries.checked_in_ids(world.agm) == {world.orgs[1].id}
    # A plain member has no desk.
    member = app.test_client()
    sign_in(member, world.member)
    assert member.get(url).status_code == 403


def test_no_check_in_once_the_agm_is_closed(world):
    services.open_agm(world.agm, world.staff)
    services.close_agm(world.agm, world.staff)
    with pytest.raises(services.AgmError, match="closed"):
        attendance.check_in(world.agm, world.orgs[0], world.delegates[0], world.staff)


# --- Proxies -------------------------------------------------------------------------


def test_a_leader_hands_her_organisations_agm_vote_and_it_counts_as_present(app, world):
    client = app.test_client()
    sign_in(client, world.leader)
    url = f"/agm/{world.agm.year}/proxies"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        data={
            "organisation_id": str(world.orgs[0].id),
            "holder_id": str(world.delegates[1].id),
            "confirm": "y",
        },
    )
    assert response.status_code == 302, response.text
    proxy = db.session.scalar(sa.select(Proxy))
    assert proxy.scope == "agm" and proxy.session_id == world.agm.session_id
    # it lasts past the planned end: meetings run over
    assert proxy.expires_at == world.agm.session.ends_at + proxies.AGM_OVERRUN
    # Not present until the holder is checked in.
    assert not policy.agm_allows_vote(world.orgs[0].id, _agm_decision(world))
    attendance.check_in(world.agm, world.orgs[1], world.delegates[1], world.staff)
    db.session.commit()
    quorum = queries.quorum(world.agm)
    assert (quorum.present, quorum.checked_in, quorum.represented) == (2, 1, 1)
    assert policy.agm_allows_vote(world.orgs[0].id, _agm_decision(world))
    # The Secretariat sees the proxy in the list; a plain member has no page.
    staff = app.test_client()
    sign_in(staff, world.staff)
    assert world.delegates[1].name in staff.get(url).text
    holder = app.test_client()
    sign_in(holder, world.delegates[1])
    assert "The votes you carry" in holder.get(url).text
    member = app.test_client()
    sign_in(member, world.member)
    assert member.get(url).status_code == 403
    # Revoked: no longer represented.
    revoke = client.post(f"{url}/{proxy.id}/revoke")
    assert revoke.status_code == 302
    assert queries.quorum(world.agm).present == 1


def _agm_decision(world):
    return Decision(session_id=world.agm.session_id)


def test_agm_allows_vote_outside_an_agm_and_for_present_organisations(world):
    assert policy.agm_allows_vote(world.orgs[2].id, Decision(session_id=None))
    assert not policy.agm_allows_vote(world.orgs[2].id, _agm_decision(world))
    assert policy.agm_vote_refusal(world.orgs[2].id, _agm_decision(world))
    attendance.check_in(world.agm, world.orgs[2], world.delegates[2], world.staff)
    assert policy.agm_allows_vote(world.orgs[2].id, _agm_decision(world))
    assert policy.agm_vote_refusal(world.orgs[2].id, _agm_decision(world)) is None


# --- Voting --------------------------------------------------------------------------


def test_the_chair_puts_a_motion_to_the_vote_and_closes_it(app, world):
    _check_in_all(world)
    motion = _motion(world)
    client = app.test_client()
    sign_in(client, world.staff)
    vote = f"/admin/agm/items/{motion.id}/vote"
    # Not before the AGM is in session.
    assert client.post(vote, data={"minutes": "15"}).status_code == 302
    db.session.expire_all()
    assert motion.status == MotionStatus.TABLED and motion.decision_id is None
    services.open_agm(world.agm, world.staff)
    db.session.commit()
    assert client.post(vote, data={"minutes": "15"}).status_code == 302
    db.session.expire_all()
    assert motion.status == MotionStatus.VOTING
    decision = motion.decision
    assert decision.is_open and decision.kind == "proposal"
    length = decision.closes_at - decision.opened_at
    assert timedelta(minutes=14) < length <= timedelta(minutes=15)
    page = client.get(f"/agm/{world.agm.year}/items/{motion.id}").text
    assert f"/decisions/{decision.id}" in page
    ballots.cast(
        decision, world.orgs[0], world.delegates[0], {"choice": "agree"}, "delegate"
    )
    db.session.commit()
    assert (
        "1 organisation has voted so far" in client.get(f"/agm/{world.agm.year}").text
    )
    for org, delegate in zip(world.orgs[1:3], world.delegates[1:3], strict=True):
        ballots.cast(decision, org, delegate, {"choice": "agree"}, "delegate")
    db.session.commit()
    assert client.post(f"/admin/agm/items/{motion.id}/close-vote").status_code == 302
    db.session.expire_all()
    assert motion.status == MotionStatus.CARRIED
    assert decision.outcome == "passed"
    page = client.get(f"/agm/{world.agm.year}/items/{motion.id}").text
    assert "Carried" in page and "Passed" in page
    # Closing again, or voting again: refused, nothing changed.
    assert client.post(f"/admin/agm/items/{motion.id}/close-vote").status_code == 302
    assert client.post(vote, data={"minutes": "15"}).status_code == 302
    db.session.expire_all()
    assert motion.status == MotionStatus.CARRIED
    assert db.session.scalar(sa.select(sa.func.count(Decision.id))) == 1
    with pytest.raises(decisions.DecisionError):
        ballots.cast(
            decision, world.orgs[3], world.delegates[3], {"choice": "agree"}, "delegate"
        )


def test_a_motion_follows_its_decision_closed_on_time(world):
    _check_in_all(world)
    services.open_agm(world.agm, world.staff)
    motion = _motion(world)
    decision = voting.put_to_vote(motion, world.staff, 15)
    db.session.commit()
    decisions.close(decision)  # the scheduler's close, not the chair's
    db.session.commit()
    db.session.refresh(motion)
    assert motion.status == MotionStatus.REJECTED  # nobody voted: no quorum
    assert decision.outcome == "no_quorum"


def test_the_agm_cannot_close_while_a_vote_is_open(world):
    services.open_agm(world.agm, world.staff)
    motion = _motion(world)
    voting.put_to_vote(motion, world.staff, 15)
    with pytest.raises(services.AgmError, match="vote in progress"):
        services.close_agm(world.agm, world.staff)


# --- The pack and the minutes ------------------------------------------------------


def test_the_pack_is_shown_in_the_readers_language_with_its_status(app, world):
    pack.add_section(
        world.agm,
        "financial_report",
        translated.Edit("en", {"en": "Accounts 2026", "fr": "Comptes 2026"}),
        translated.Edit("en", {"en": "Income and spending.", "fr": "Recettes."}),
        world.staff,
    )
    db.session.commit()
    client = app.test_client()
    fr = client.get(f"/agm/{world.agm.year}/pack", headers={"Accept-Language": "fr"})
    assert "Comptes 2026" in fr.text
    es = client.get(f"/agm/{world.agm.year}/pack", headers={"Accept-Language": "es"})
    assert "Accounts 2026" in es.text and 'lang="en"' in es.text


def test_resolutions_are_recorded_in_the_minutes_once(world):
    _check_in_all(world)
    services.open_agm(world.agm, world.staff)
    motion = _motion(world)
    _vote(world, motion, ["agree"] * 4)
    session = world.agm.session
    session.starts_at = utcnow() - timedelta(hours=4)
    session.ends_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    with pytest.raises(services.AgmError, match="minutes first"):
        pack.record_resolutions(world.agm, world.staff)
    minutes = engine_minutes.open_minutes(session, world.staff)
    assert pack.record_resolutions(world.agm, world.staff) == 1
    db.session.refresh(minutes)
    assert [i.kind for i in minutes.items] == ["decision"]
    with pytest.raises(services.AgmError, match="already"):
        pack.record_resolutions(world.agm, world.staff)


# --- Panels --------------------------------------------------------------------------


def test_a_delegate_is_shown_the_agm_she_may_check_in_to(world):
    shown = panels.data(world.delegates[0], utcnow().date())
    assert shown["agm"].id == world.agm.id
    assert [o.id for o in shown["waiting"]] == [world.orgs[0].id]
    assert panels.data(world.member, utcnow().date()) is None
    attendance.check_in(world.agm, world.orgs[0], world.delegates[0], world.staff)
    assert panels.data(world.delegates[0], utcnow().date())["waiting"] == []


def test_the_home_page_shows_the_agm_notice(app, world):
    client = app.test_client()
    sign_in(client, world.delegates[0])
    page = client.get("/").text
    assert "is not checked in yet" in page


# --- Hostile input -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "leader", "secretariat"])
def test_agm_forms_and_urls_never_give_a_server_error(app, fuzz_world, role):  # noqa: F811
    """The fuzzer of test_fuzz on the AGM's routes only: hostile ids, query
    strings and form values, as each role."""
    endpoints = {e for e in app.view_functions if e.startswith("agm.")}
    fuzzer = Fuzzer(app, fuzz_world, role, endpoints=endpoints)
    fuzzer.run()
    print(f"fuzz agm {role}: {fuzzer.requests} requests")
    assert not fuzzer.failures, "\n".join(fuzzer.failures)


# --- The demo ------------------------------------------------------------------------


def test_the_demo_has_last_decembers_agm_held_and_this_decembers_planned(app, app_ctx):
    from mentorship import demo
    from mentorship.agm.models import PackSection
    from mentorship.demo.agm import dates
    from mentorship.events.minutes_models import Minutes

    demo.seed(n_members=60)
    db.session.commit()
    held_day, planned_day = dates()
    held = db.session.scalar(sa.select(Agm).where(Agm.year == held_day.year))
    planned = db.session.scalar(sa.select(Agm).where(Agm.year == planned_day.year))
    assert held.status == "closed" and planned.status == "planned"
    assert planned.session.starts_at > utcnow()
    voted = [i for i in held.items if i.decision_id]
    assert len(voted) == 3 and any(i.is_amendment for i in voted)
    assert all(i.decision.is_closed and i.decision.outcome for i in voted)
    assert all(i.status == MotionStatus.CARRIED for i in voted)
    assert queries.checked_in_ids(held)
    assert queries.agm_proxies(held, in_force_only=False)
    assert queries.quorum(held).reached and queries.quorum(held).represented == 1
    minutes = db.session.scalar(
        sa.select(Minutes).where(Minutes.session_id == held.session_id)
    )
    assert minutes.is_approved and len(minutes.items) == 3
    sections = db.session.scalars(
        sa.select(PackSection).where(PackSection.agm_id == held.id)
    ).all()
    assert len(sections) == 3
    assert all(s.text.body(lang) for s in sections for lang in ("en", "fr", "es"))
    client = app.test_client()
    for url in (f"/agm/{held.year}", f"/agm/{held.year}/pack", "/agm"):
        assert client.get(url).status_code == 200
    # Seeding again adds nothing.
    demo.seed(n_members=60)
    assert db.session.scalar(sa.select(sa.func.count(Agm.id))) == 2


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_agm_pages_speak_french_and_spanish(app, world, lang):
    _motion(world)
    _check_in_all(world, count=1)
    client = app.test_client()
    sign_in(client, world.staff, locale=lang)
    for url in (
        f"/agm/{world.agm.year}",
        f"/agm/{world.agm.year}/pack",
        f"/agm/{world.agm.year}/check-in",
        f"/agm/{world.agm.year}/proxies",
        f"/admin/agm/{world.agm.id}/items/new",
        "/admin/agm/new",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/agm/{world.agm.year}").text
    assert "(50 %)" in page or "(50%)" in page


def test_the_agm_session_page_leads_to_the_agm(app, world):
    client = app.test_client()
    sign_in(client, world.member)
    page = client.get(f"/events/{world.agm.session_id}").text
    assert f'href="/agm/{world.agm.year}"' in page


def test_the_secretariat_takes_a_check_in_back(app, world):
    row = attendance.check_in(world.agm, world.orgs[0], world.delegates[0], world.staff)
    db.session.commit()
    url = f"/agm/{world.agm.year}/check-in/{row.id}/undo"
    delegate = app.test_client()
    sign_in(delegate, world.delegates[0])
    assert delegate.post(url).status_code == 403
    client = app.test_client()
    sign_in(client, world.staff)
    assert client.post(url).status_code == 302
    assert queries.checked_in_ids(world.agm) == set()
    again = client.post(url, follow_redirects=True)
    assert "already taken back" in again.text
    # Checked in again afterwards: one row.
    db.session.expunge(row)
    attendance.check_in(world.agm, world.orgs[0], world.delegates[0], world.staff)
    assert queries.checked_in_ids(world.agm) == {world.orgs[0].id}


def test_a_motion_whose_vote_was_cancelled_goes_back_on_the_table(world):
    services.open_agm(world.agm, world.staff)
    motion = _motion(world)
    decision = voting.put_to_vote(motion, world.staff, 15)
    decisions.cancel(decision, world.staff, "The wrong text was put to the vote.")
    voting.close_vote(motion, world.staff)
    assert motion.status == MotionStatus.TABLED and motion.decision_id is None
    again = voting.put_to_vote(motion, world.staff, 15)
    assert again.id != decision.id and again.is_open


def test_the_rules_change_until_the_agm_opens(app, world):
    client = app.test_client()
    sign_in(client, world.staff)
    url = f"/admin/agm/{world.agm.id}/rules"
    assert client.get(url).status_code == 200
    data = {"quorum_percent": "60", "majority": "two_thirds", "abstentions": "against"}
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert (world.agm.quorum_percent, world.agm.majority) == (60, "two_thirds")
    services.open_agm(world.agm, world.staff)
    db.session.commit()
    refused = client.post(url, data={**data, "quorum_percent": "10"})
    assert refused.status_code == 302
    db.session.expire_all()
    assert world.agm.quorum_percent == 60


def test_the_agm_page_reads_the_same_statements_however_many_motions_voted(app, world):
    """The motions' decisions are read in one statement, the presence once."""
    from ..factories import statements_run

    _check_in_all(world)
    services.open_agm(world.agm, world.staff)
    db.session.commit()
    _vote(world, _motion(world, "First"), ["agree"] * 4)
    client = app.test_client()

    def counted():
        db.session.expire_all()
        with statements_run() as statements:
            assert client.get(f"/agm/{world.agm.year}").status_code == 200
        return len(statements)

    one_motion = counted()
    _vote(world, _motion(world, "Second"), ["agree", "disagree"] * 2)
    _vote(world, _motion(world, "Third"), ["disagree"] * 4)
    assert counted() == one_motion
