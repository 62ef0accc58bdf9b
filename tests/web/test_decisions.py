"""Decisions through their pages: every kind counted by its stated rules, results
hidden until the close, live participation, secret ballots unlinkable after close,
receipts, proxies (grant, cap, override, revoke, audit), every bad input refused
with a message and nothing changed, closing on time, and the Secretariat's pages."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, schedule, translated
from mentorship.db import db, utcnow
from mentorship.decisions import proxies, services
from mentorship.decisions.models import Ballot, Decision, Participation, Proxy

from ..factories import sign_in


def edit(**bodies):
    return translated.Edit(next(iter(bodies)), bodies)


def make_decision(by, kind="proposal", options=(), opened=True, **rules):
    rules.setdefault("closes_at", utcnow() + timedelta(days=7))
    decision = services.create(
        kind,
        edit(en=f"Question {kind}", fr=f"Question ({kind}) en français"),
        edit(en="Why we ask."),
        by,
        options=[edit(en=o) if isinstance(o, str) else o for o in options],
        **rules,
    )
    if opened:
        services.open_decision(decision, by)
    db.session.commit()
    return decision


@pytest.fixture
def world(make_org, make_user):
    orgs = {k: make_org(name=f"WIM {k.upper()}") for k in "abcd"}
    orgs["e"] = make_org(name="WIM Applicant", status="applicant")
    people = {
        "secretariat": make_user(roles=["secretariat"]),
        "delegate_a": make_user(org=orgs["a"], name="Dina"),
        "alternate_a": make_user(org=orgs["a"], name="Alma", locale="fr"),
        "leader_a": make_user(org=orgs["a"], name="Lea"),
        "member_a": make_user(org=orgs["a"]),
        "delegate_e": make_user(org=orgs["e"]),
    }
    for key in "bcd":
        people[f"delegate_{key}"] = make_user(org=orgs[key])
        memberships.start(
            people[f"delegate_{key}"], "voting_delegate", organisation=orgs[key]
        )
    memberships.start(people["delegate_a"], "voting_delegate", organisation=orgs["a"])
    memberships.start(
        people["alternate_a"], "alternate_delegate", organisation=orgs["a"]
    )
    memberships.start(people["leader_a"], "leader", organisation=orgs["a"])
    memberships.start(people["delegate_e"], "voting_delegate", organisation=orgs["e"])
    db.session.commit()
    return {**orgs, **people}


def vote(client, world, decision, person, org, **form):
    sign_in(client, world[person])
    data = {"organisation_id": str(world[org].id), **form}
    return client.post(f"/decisions/{decision.id}/vote", data=data)


def close(decision, world):
    assert services.close(decision, world["secretariat"])
    db.session.commit()


def page(client, decision):
    return client.get(f"/decisions/{decision.id}").get_data(as_text=True)


def audit(entity, action):
    return db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == entity.__tablename__,
            AuditEvent.entity_id == entity.id,
            AuditEvent.action == action,
        )
    ).all()


def ballots_of(decision):
    return db.session.scalars(
        sa.select(Ballot).where(Ballot.decision_id == decision.id)
    ).all()


def participations(decision):
    return db.session.scalars(
        sa.select(Participation).where(Participation.decision_id == decision.id)
    ).all()


# --- Each kind, counted through the pages ---------------------------------------------


@pytest.mark.parametrize(
    "choices,abstentions,outcome,words",
    [
        (("agree", "agree", "agree", "disagree"), "excluded", "passed", "3 of 4"),
        (("agree", "agree", "disagree", "abstain"), "excluded", "passed", "2 of 3"),
        (("agree", "agree", "disagree", "abstain"), "against", "rejected", "2 of 4"),
        (("agree", "disagree", "block", "agree"), "excluded", "rejected", "2 of 4"),
    ],
)
def test_a_proposal_is_counted_under_two_thirds(
    app_ctx, client, world, choices, abstentions, outcome, words
):
    decision = make_decision(
        world["secretariat"], majority="two_thirds", abstentions=abstentions
    )
    for org, choice in zip("abcd", choices, strict=True):
        assert vote(client, world, decision, f"delegate_{org}", org, choice=choice)
    close(decision, world)
    assert decision.outcome == outcome
    html = page(client, decision)
    if outcome == "passed":
        assert f"Passed under the two-thirds majority: {words} counted" in html
    else:
        assert "the two-thirds majority was not reached" in html and words in html


def test_without_quorum_nothing_is_decided(app_ctx, client, world):
    decision = make_decision(world["secretariat"], quorum_percent=75)
    assert "75% of member organisations: 3 of 4." in page(client, decision)
    vote(client, world, decision, "delegate_a", "a", choice="agree")
    vote(client, world, decision, "delegate_b", "b", choice="agree")
    close(decision, world)
    assert decision.outcome == "no_quorum"
    assert "the quorum was not met (2 answered, 3 needed)" in page(client, decision)


def test_an_approval_shortlist_keeps_its_winners(app_ctx, client, world):
    decision = make_decision(
        world["secretariat"], "approval", ("Lima", "Perth", "Accra"), winners=2
    )
    lima, perth, accra = (str(o.id) for o in decision.options)
    vote(client, world, decision, "delegate_a", "a", approved=[lima, perth])
    vote(client, world, decision, "delegate_b", "b", approved=[lima])
    vote(client, world, decision, "delegate_c", "c", approved=[perth, accra])
    vote(client, world, decision, "delegate_d", "d")  # approves none: abstains
    close(decision, world)
    assert decision.counts["tally"] == {lima: 2, perth: 2, accra: 1}
    assert decision.counts["carried"] == [lima, perth]
    assert decision.counts["abstained"] == 1 and decision.counts["base"] == 3
    assert "Chosen by approval, with the majority needed: Lima, Perth." in page(
        client, decision
    )


def test_a_score_vote_chooses_the_highest_total(app_ctx, client, world):
    decision = make_decision(
        world["secretariat"], "score", ("Data", "Mentoring"), max_score=5
    )
    data, mentoring = (str(o.id) for o in decision.options)
    vote(client, world, decision, "delegate_a", "a", **{f"score-{data}": "5"})
    vote(
        client,
        world,
        decision,
        "delegate_b",
        "b",
        **{f"score-{data}": "3", f"score-{mentoring}": "4"},
    )
    close(decision, world)
    assert decision.counts["tally"] == {data: 8, mentoring: 4}
    assert "Chosen by the highest total score: Data." in page(client, decision)


def test_a_ranked_choice_runs_off_round_by_round(app_ctx, client, world):
    decision = make_decision(world["secretariat"], "ranked", ("X", "Y", "Z"))
    x, y, z = (str(o.id) for o in decision.options)
    ranks = {
        "a": {x: "1", y: "2"},
        "b": {y: "1", x: "2"},
        "c": {z: "1", y: "2"},
        "d": {x: "1"},
    }
    for org, ranking in ranks.items():
        form = {f"rank-{option}": rank for option, rank in ranking.items()}
        assert (
            vote(client, world, decision, f"delegate_{org}", org, **form).status_code
            == 302
        )
    close(decision, world)
    rounds = decision.counts["rounds"]
    assert [r["eliminated"] for r in rounds] == [z, y, None]
    assert rounds[-1]["tally"] == {x: 3} and decision.counts["carried"] == [x]
    html = page(client, decision)
    assert "Chosen by instant runoff: X." in html and "Round 3" in html


def test_a_time_poll_chooses_the_time_with_most_yes(app_ctx, client, world):
    soon = utcnow().replace(microsecond=0) + timedelta(days=10)
    decision = make_decision(
        world["secretariat"],
        "time_poll",
        [
            ("", edit(en="first"), soon),
            ("", edit(en="second"), soon + timedelta(hours=3)),
        ],
    )
    first, second = (str(o.id) for o in decision.options)
    answers = {
        "a": ("yes", "no"),
        "b": ("if_need_be", "yes"),
        "c": ("yes", "yes"),
    }
    for org, (one, two) in answers.items():
        vote(
            client,
            world,
            decision,
            f"delegate_{org}",
            org,
            **{f"time-{first}": one, f"time-{second}": two},
        )
    close(decision, world)
    assert decision.counts["carried"] == [first]
    assert decision.counts["tally"][first] == {"yes": 2, "if_need_be": 1, "no": 0}
    assert "The time that suits most:" in page(client, decision)


# --- Integrity: hidden results, participation, secrecy, receipts ----------------------


def test_results_stay_hidden_while_participation_moves(app_ctx, client, world):
    decision = make_decision(world["secretariat"])
    assert "0 of 4 member organisations have answered." in page(client, decision)
    vote(client, world, decision, "delegate_a", "a", choice="agree")
    sign_in(client, world["secretariat"])
    html = page(client, decision)
    assert "1 of 4 member organisations have answered." in html
    assert "The count" not in html and 'id="outcome"' not in html
    staff = client.get(f"/admin/decisions/{decision.id}").get_data(as_text=True)
    assert "Voted" in staff and "Agree" not in staff  # no choice before close


def test_a_secret_ballot_cannot_be_linked_after_close(app_ctx, client, world, outbox):
    decision = make_decision(world["secretariat"], secret=True)
    assert decision.ballot_key
    sign_in(client, world["delegate_a"])
    shown = client.post(
        f"/decisions/{decision.id}/vote",
        data={"organisation_id": str(world["a"].id), "choice": "agree"},
        follow_redirects=True,
    )
    receipt = db.session.scalar(sa.select(Ballot.receipt))
    assert receipt in shown.get_data(as_text=True)  # shown once, on the page
    vote(client, world, decision, "delegate_b", "b", choice="disagree")
    before = {b.id for b in ballots_of(decision)}
    assert all(b.slot and b.organisation_id is None for b in ballots_of(decision))
    receipt_mail = next(m for m in outbox if m.to == [world["delegate_a"].email])
    assert receipt not in receipt_mail.body and "Agree" not in receipt_mail.body
    close(decision, world)
    db.session.expire_all()
    after = ballots_of(decision)
    assert decision.ballot_key is None
    assert all(b.slot is None and b.organisation_id is None for b in after)
    assert {b.id for b in after}.isdisjoint(before)  # written again, new ids
    assert receipt in page(client, decision)
    sign_in(client, world["secretariat"])
    staff = client.get(f"/admin/decisions/{decision.id}").get_data(as_text=True)
    assert "Voted" in staff and '<th scope="col">Choices</th>' not in staff


def test_the_receipt_shows_once_and_is_mailed_in_her_language(
    app_ctx, client, world, outbox
):
    decision = make_decision(world["secretariat"])
    outbox.clear()
    sign_in(client, world["alternate_a"])
    response = client.post(
        f"/decisions/{decision.id}/vote",
        data={"organisation_id": str(world["a"].id), "choice": "agree"},
        follow_redirects=True,
    )
    receipt = db.session.scalar(sa.select(Ballot.receipt))
    assert receipt in response.get_data(as_text=True)
    (mail,) = outbox
    assert mail.to == [world["alternate_a"].email]
    assert receipt in mail.body and "Question (proposal) en français" in mail.body
    assert 'lang="fr"' in mail.alternatives[0][0]


# --- Proxies --------------------------------------------------------------------------


def hand(client, world, decision, person, org, holder, **extra):
    sign_in(client, world[person])
    data = {
        "organisation_id": str(world[org].id),
        "holder_id": str(world[holder].id),
        "confirm": "y",
        **extra,
    }
    return client.post(
        f"/decisions/{decision.id}/proxy?organisation_id={world[org].id}", data=data
    )


def test_a_proxy_votes_and_the_delegate_overrides_it(app_ctx, client, world):
    decision = make_decision(world["secretariat"])
    form = client.get(f"/decisions/{decision.id}/proxy?organisation_id={world['a'].id}")
    assert form.status_code == 302  # not signed in: to the login page
    sign_in(client, world["leader_a"])
    html = client.get(
        f"/decisions/{decision.id}/proxy?organisation_id={world['a'].id}"
    ).get_data(as_text=True)
    assert "WIM B: voting delegate" in html and "WIM A:" not in html
    assert (
        hand(client, world, decision, "leader_a", "a", "delegate_b").status_code == 302
    )
    (proxy,) = db.session.scalars(sa.select(Proxy)).all()
    assert proxy.expires_at == decision.closes_at and audit(proxy, "proxy_granted")
    assert "A: " not in page(client, decision)
    sign_in(client, world["delegate_b"])
    assert "whose proxy you hold" in page(client, decision)
    assert (
        vote(client, world, decision, "delegate_b", "a", choice="disagree").status_code
        == 302
    )
    (done,) = participations(decision)
    assert (done.via, done.proxy_id) == ("proxy", proxy.id)
    sign_in(client, world["delegate_a"])
    assert "Replace the proxy" in page(client, decision)
    assert (
        vote(client, world, decision, "delegate_a", "a", choice="agree").status_code
        == 302
    )
    db.session.expire_all()
    (done,) = participations(decision)
    assert (done.via, done.cast_by_id) == ("delegate", world["delegate_a"].id)
    assert [b.choices for b in ballots_of(decision)] == [{"choice": "agree"}]
    # a second override is a second vote: refused
    again = vote(client, world, decision, "alternate_a", "a", choice="block")
    assert again.status_code == 400
    # refused in her language (the alternate reads French)
    assert "a déjà voté" in again.get_data(as_text=True)


def test_a_revoked_proxy_no_longer_votes(app_ctx, client, world):
    decision = make_decision(world["secretariat"])
    hand(client, world, decision, "delegate_a", "a", "delegate_b")
    proxy = db.session.scalar(sa.select(Proxy))
    sign_in(client, world["delegate_b"])
    assert client.post(f"/decisions/proxies/{proxy.id}/revoke").status_code == 403
    sign_in(client, world["leader_a"])
    assert client.post(f"/decisions/proxies/{proxy.id}/revoke").status_code == 302
    db.session.expire_all()
    assert proxy.revoked_at and proxy.revoked_by_id == world["leader_a"].id
    assert audit(proxy, "proxy_revoked")
    assert (
        vote(client, world, decision, "delegate_b", "a", choice="agree").status_code
        == 403
    )
    sign_in(client, world["leader_a"])
    again = client.post(f"/decisions/proxies/{proxy.id}/revoke")
    assert again.status_code == 400 and "already revoked" in again.get_data(
        as_text=True
    )
    sign_in(client, world["secretariat"])
    staff = client.get(f"/admin/decisions/{decision.id}").get_data(as_text=True)
    assert "Proxies and their audit" in staff and "WIM B" in staff


def test_proxies_to_oneself_own_organisation_or_past_the_cap_are_refused(
    app, app_ctx, client, world, monkeypatch
):
    decision = make_decision(world["secretariat"])
    # her own organisation's alternate is not another organisation's delegate
    own = hand(client, world, decision, "delegate_a", "a", "alternate_a")
    assert own.status_code == 400
    # she leads A and is B's alternate: handing A's vote to herself is refused
    memberships.start(world["leader_a"], "alternate_delegate", organisation=world["b"])
    db.session.commit()
    self_ = hand(client, world, decision, "leader_a", "a", "leader_a")
    assert self_.status_code == 400
    assert "you cannot hand the vote to yourself" in self_.get_data(as_text=True)
    monkeypatch.setitem(app.config, "DECISIONS_PROXY_CAP", 1)
    assert (
        hand(client, world, decision, "delegate_c", "c", "delegate_b").status_code
        == 302
    )
    past = hand(client, world, decision, "delegate_d", "d", "delegate_b")
    assert (
        past.status_code == 400
        and "the most one delegate may hold" in past.get_data(as_text=True)
    )
    assert db.session.scalar(sa.select(sa.func.count(Proxy.id))) == 1


# --- Bad input: a message, nothing changed --------------------------------------------


def test_bad_votes_are_refused_and_change_nothing(app_ctx, client, world):
    decision = make_decision(world["secretariat"], "ranked", ("X", "Y", "Z"))
    x, y, _z = (str(o.id) for o in decision.options)
    twice = vote(
        client,
        world,
        decision,
        "delegate_a",
        "a",
        **{f"rank-{x}": "1", f"rank-{y}": "1"},
    )
    assert twice.status_code == 400
    assert "two options share a rank" in twice.get_data(as_text=True)
    assert not participations(decision) and not ballots_of(decision)
    assert (
        vote(client, world, decision, "member_a", "a", **{f"rank-{x}": "1"}).status_code
        == 403
    )
    assert (
        vote(
            client, world, decision, "delegate_e", "e", **{f"rank-{x}": "1"}
        ).status_code
        == 403
    )
    assert (
        vote(
            client, world, decision, "delegate_a", "a", **{f"rank-{x}": "1"}
        ).status_code
        == 302
    )
    second = vote(client, world, decision, "alternate_a", "a", **{f"rank-{y}": "1"})
    assert second.status_code == 400
    assert "a déjà voté" in second.get_data(as_text=True)
    assert len(ballots_of(decision)) == 1
    close(decision, world)
    late = vote(client, world, decision, "delegate_b", "b", **{f"rank-{y}": "1"})
    assert late.status_code == 400 and "This vote is closed" in late.get_data(
        as_text=True
    )
    assert len(participations(decision)) == 1


def test_nothing_changes_after_close(app_ctx, client, world):
    decision = make_decision(world["secretariat"])
    vote(client, world, decision, "delegate_a", "a", choice="agree")
    close(decision, world)
    counted = dict(decision.counts)
    with pytest.raises(services.DecisionError):
        services.update_draft(
            decision, edit(en="New"), edit(en="T"), world["secretariat"]
        )
    with pytest.raises(services.DecisionError):
        services.cancel(decision, world["secretariat"], "Too late")
    with pytest.raises(services.DecisionError):
        proxies.grant(
            world["b"], world["delegate_c"], world["delegate_b"], decision=decision
        )
    db.session.rollback()
    assert services.close(decision, world["secretariat"]) is False
    sign_in(client, world["secretariat"])
    again = client.post(f"/admin/decisions/{decision.id}/close", data={"confirm": "y"})
    assert again.status_code == 400
    db.session.expire_all()
    assert decision.counts == counted and len(participations(decision)) == 1


def test_it_closes_itself_on_time(app_ctx, client, world):
    decision = make_decision(world["secretariat"])
    vote(client, world, decision, "delegate_a", "a", choice="agree")
    after = decision.closes_at + timedelta(minutes=1)
    assert schedule.due(after) == 1  # its closing job, run by the sweep
    db.session.expire_all()
    assert decision.status == "closed" and decision.outcome == "passed"
    assert schedule.due(after) == 0  # once


# --- The Secretariat's pages, the awaiting page ---------------------------------------


def test_the_secretariat_drafts_opens_and_closes_through_the_pages(
    app_ctx, client, world
):
    sign_in(client, world["secretariat"])
    closes = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    form = {
        "kind": "time_poll",
        "title-source": "en",
        "title-en": "When do we meet?",
        "title-fr": "Quand nous réunir ?",
        "text-source": "en",
        "options-source": "en",
        "options-en": "2030-03-10 14:00\n2030-03-11 09:00",
        "quorum_percent": "25",
        "majority": "simple",
        "abstentions": "excluded",
        "winners": "1",
        "max_score": "5",
        "timezone": "Europe/London",
        "closes_local": closes,
    }
    assert client.post("/admin/decisions/new", data=form).status_code == 302
    decision = db.session.scalar(sa.select(Decision))
    assert [o.starts_at.hour for o in decision.options] == [14, 9]
    assert client.get(f"/admin/decisions/{decision.id}/edit").status_code == 200
    bad = client.post(
        f"/admin/decisions/{decision.id}/edit",
        data={**form, "options-en": "tomorrow\nlater"},
    )
    assert bad.status_code == 400 and "2027-03-31 14:00" in bad.get_data(as_text=True)
    assert client.post(f"/admin/decisions/{decision.id}/open").status_code == 302
    db.session.expire_all()
    assert decision.status == "open" and decision.electorate_size == 4
    assert client.get(f"/admin/decisions/{decision.id}/close").status_code == 200
    refused = client.post(f"/admin/decisions/{decision.id}/close", data={})
    assert refused.status_code == 400
    assert (
        client.post(
            f"/admin/decisions/{decision.id}/close", data={"confirm": "y"}
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert decision.status == "closed" and decision.outcome == "no_quorum"
    assert "When do we meet?" in client.get("/decisions").get_data(as_text=True)


def test_cancel_needs_a_reason(app_ctx, client, world):
    decision = make_decision(world["secretariat"])
    sign_in(client, world["secretariat"])
    assert (
        client.post(f"/admin/decisions/{decision.id}/cancel", data={}).status_code
        == 400
    )
    done = client.post(
        f"/admin/decisions/{decision.id}/cancel", data={"reason": "Wrong question"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert decision.status == "cancelled"
    html = page(client, decision)
    assert "was cancelled" in html and "Wrong question" in html


def test_drafts_are_the_secretariats(app_ctx, client, world):
    draft = make_decision(world["secretariat"], opened=False)
    assert client.get(f"/decisions/{draft.id}").status_code == 404
    sign_in(client, world["secretariat"])
    assert client.get(f"/decisions/{draft.id}").status_code == 200
    assert client.get("/decisions").status_code == 200


def test_the_awaiting_page_gathers_what_waits(app_ctx, client, world):
    decision = make_decision(world["secretariat"])
    sign_in(client, world["member_a"])
    assert client.get("/awaiting").status_code == 403
    for person in ("leader_a", "delegate_a"):
        sign_in(client, world[person])
        html = client.get("/awaiting").get_data(as_text=True)
        assert "Question proposal" in html and "WIM A has not answered." in html
        assert "1 vote awaits your organisation" in client.get("/").get_data(
            as_text=True
        )
    org_page = client.get(f"/organisations/{world['a'].slug}").get_data(as_text=True)
    assert "Votes awaiting this organisation" in org_page and "/awaiting" in org_page
    hand(client, world, decision, "delegate_a", "a", "delegate_b")
    sign_in(client, world["delegate_b"])
    assert "you hold its proxy" in client.get("/awaiting").get_data(as_text=True)
    vote(client, world, decision, "delegate_a", "a", choice="agree")
    html = client.get("/awaiting").get_data(as_text=True)
    assert "Nothing awaits" in html
    sign_in(client, world["leader_a"])
    org_page = client.get(f"/organisations/{world['a'].slug}").get_data(as_text=True)
    assert "Votes awaiting this organisation" not in org_page


# --- The demo ------------------------------------------------------------------------


def test_the_demo_has_a_counted_resolution_and_an_open_vote(app_ctx, client):
    from mentorship import demo
    from mentorship.demo.decisions import seed_decisions

    demo.seed(n_members=40)
    db.session.commit()
    assert seed_decisions() is None  # twice is harmless
    db.session.commit()
    closed, current = db.session.scalars(
        sa.select(Decision)
        .where(Decision.kind == "proposal", Decision.session_id.is_(None))
        .order_by(Decision.id)
    )
    assert (closed.status, closed.majority, closed.outcome) == (
        "closed",
        "two_thirds",
        "passed",
    )
    assert closed.counts["participants"] == len(participations(closed)) >= 5
    assert current.status == "open" and current.secret
    assert 1 <= len(participations(current)) <= 4
    (proxy,) = db.session.scalars(
        sa.select(Proxy).where(Proxy.decision_id == current.id)
    ).all()
    assert proxy.decision_id == current.id and proxy.expires_at == current.closes_at
    assert "Passed under the two-thirds majority" in page(client, closed)
    assert "member organisations have answered" in page(client, current)


def test_her_export_lists_her_votes_and_proxies_without_secret_choices(
    app_ctx, client, world
):
    decision = make_decision(world["secretariat"], secret=True)
    hand(client, world, decision, "leader_a", "a", "delegate_b")
    vote(client, world, decision, "delegate_b", "a", choice="block")
    sign_in(client, world["delegate_b"])
    data = client.get("/account/data.json").get_json()
    (cast,) = data["decision_votes"]
    assert cast["organisation"] == "WIM A" and cast["via"]["code"] == "proxy"
    assert cast["decision"] == "Question proposal" and "block" not in str(cast)
    assert [p["role"] for p in data["decision_proxies"]] == ["held"]
    sign_in(client, world["leader_a"])
    data = client.get("/account/data.json").get_json()
    assert data["decision_votes"] == []
    assert [p["role"] for p in data["decision_proxies"]] == ["granted"]


# --- Hostile input, accessibility ---------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["proposal", "approval", "score", "ranked", "time_poll"]
)
def test_hostile_votes_are_refused_never_a_server_error(app_ctx, client, world, kind):
    soon = utcnow() + timedelta(days=3)
    options = [("", edit(en=n), soon + timedelta(hours=i)) for i, n in enumerate("XY")]
    decision = make_decision(world["secretariat"], kind, options)
    ids = [str(o.id) for o in decision.options] or ["1"]  # a proposal has none
    hostile = [
        "\x00",
        str(2**63),
        "-1",
        "1e999",
        "x" * 10_000,
        "\u202e",
        "²",
        "9" * 5000,
    ]
    for value in hostile:
        form = {"choice": value, "approved": [value, ids[0]]}
        for option in ids:
            form.update({f"score-{option}": value, f"rank-{option}": value})
            form[f"time-{option}"] = value
        answer = vote(client, world, decision, "delegate_a", "a", **form)
        assert answer.status_code == 400, value
        sign_in(client, world["delegate_a"])
        bad_org = client.post(
            f"/decisions/{decision.id}/vote", data={"organisation_id": value}
        )
        assert bad_org.status_code == 403
    assert not participations(decision)


def test_hostile_proxies_and_drafts_never_a_server_error(app_ctx, client, world):
    decision = make_decision(world["secretariat"])
    for value in ("\x00", str(2**63), "-1", "9999-12-31T23:59", "0001-01-01T00:00"):
        sign_in(client, world["delegate_a"])
        url = f"/decisions/{decision.id}/proxy?organisation_id={world['a'].id}"
        data = {"holder_id": value, "expires_local": value, "confirm": "y"}
        assert client.post(url, data=data).status_code == 400
        odd = client.get(f"/decisions/{decision.id}/proxy?organisation_id={value}")
        assert odd.status_code == 403
        sign_in(client, world["secretariat"])
        form = {
            "kind": value,
            "title-source": value,
            "title-en": value,
            "quorum_percent": value,
            "winners": value,
            "max_score": value,
            "timezone": value,
            "closes_local": value,
            "options-en": value,
        }
        assert client.post("/admin/decisions/new", data=form).status_code == 400
    past = (utcnow() - timedelta(days=400)).strftime("%Y-%m-%dT%H:%M")
    sign_in(client, world["delegate_a"])
    url = f"/decisions/{decision.id}/proxy?organisation_id={world['a'].id}"
    data = {"holder_id": str(world["delegate_b"].id), "expires_local": past}
    answer = client.post(url, data={**data, "confirm": "y"})
    assert answer.status_code == 400 and "no later than the vote" in answer.get_data(
        as_text=True
    )
    assert not db.session.scalars(sa.select(Proxy)).all()


class _Fields(HTMLParser):
    """The ids of a page's visible form controls and of its labels' targets."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs.get("id"))
        if tag == "label":
            self.labelled.add(attrs.get("for"))


@pytest.mark.parametrize(
    "kind", ["proposal", "approval", "score", "ranked", "time_poll"]
)
def test_every_vote_field_has_its_label_and_a_french_page_marks_english(
    app_ctx, client, world, kind
):
    soon = utcnow() + timedelta(days=3)
    options = ["X", "Y"]
    if kind == "time_poll":
        options = [
            ("", edit(en=n), soon + timedelta(hours=i)) for i, n in enumerate("XY")
        ]
    decision = make_decision(world["secretariat"], kind, options)
    sign_in(client, world["delegate_a"], locale="fr")
    html = page(client, decision)
    fields = _Fields()
    fields.feed(html)
    assert fields.controls and None not in fields.controls
    assert set(fields.controls) <= fields.labelled
    assert "<fieldset" in html and "<legend>" in html
    if kind in ("approval", "score", "ranked"):
        assert '<li lang="en">X</li>' in html  # an English option on a French page


def test_the_awaiting_page_gathers_positions_too(app_ctx, client, world):
    from mentorship.positions import services as positions

    staff = world["secretariat"]
    position = positions.create_position(
        "position", edit(en="Publish the data"), edit(en="Text."), staff
    )
    today = utcnow().date()
    positions.publish(
        position.versions[0],
        today - timedelta(days=1),
        today + timedelta(days=9),
        staff,
    )
    db.session.commit()
    sign_in(client, world["delegate_a"])
    html = client.get("/awaiting").get_data(as_text=True)
    assert "Common positions" in html and "Publish the data" in html


def test_the_participation_page_reads_the_same_statements_however_many_proxies(
    app_ctx, client, world
):
    """The proxies' organisations and people are read in one statement each."""
    from ..factories import statements_run

    decision = make_decision(world["secretariat"])
    url = f"/admin/decisions/{decision.id}"

    def counted():
        sign_in(client, world["secretariat"])
        db.session.expire_all()
        with statements_run() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    hand(client, world, decision, "leader_a", "a", "delegate_b")
    one_proxy = counted()
    hand(client, world, decision, "delegate_c", "c", "delegate_d")
    hand(client, world, decision, "delegate_b", "b", "delegate_d")
    assert len(db.session.scalars(sa.select(Proxy)).all()) == 3
    assert counted() == one_proxy
