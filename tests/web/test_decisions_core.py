"""The decisions core through its services: one answer per organisation, proxies and
their cap, the delegate overriding her proxy, secret ballots unlinkable after close,
nothing changing after close, and the races decided by the database (PostgreSQL)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, schedule, translated
from mentorship.db import db, utcnow
from mentorship.decisions import ballots, proxies, services
from mentorship.decisions.models import Ballot, Decision, Participation
from mentorship.decisions.services import DecisionError


def edit(text, **others):
    return translated.Edit("en", {"en": text, **others})


@pytest.fixture(autouse=True)
def in_request(app):
    """Refusals are translated messages: reading them needs a request."""
    with app.test_request_context():
        yield


@pytest.fixture
def alliance(make_org, make_user):
    """Four member organisations with a delegate each (A also an alternate and a
    leader), an applicant, and the Secretariat."""
    people = {"secretariat": make_user(roles=["secretariat"])}
    orgs = {}
    for key in "abcd":
        orgs[key] = make_org(name=f"WIM {key.upper()}")
        people[f"delegate_{key}"] = make_user(org=orgs[key])
        memberships.start(
            people[f"delegate_{key}"], "voting_delegate", organisation=orgs[key]
        )
    people["alternate_a"] = make_user(org=orgs["a"], locale="fr")
    memberships.start(
        people["alternate_a"], "alternate_delegate", organisation=orgs["a"]
    )
    orgs["applicant"] = make_org(name="WIM Applicant", status="applicant")
    db.session.commit()
    return {**orgs, **people}


def make_decision(world, kind="proposal", options=(), open_it=True, **rules):
    decision = services.create(
        kind,
        edit("Adopt the data charter", fr="Adopter la charte", es="Adoptar la carta"),
        edit("The charter, as circulated."),
        world["secretariat"],
        options=[edit(o) for o in options],
        **rules,
    )
    if open_it:
        services.open_decision(
            decision, world["secretariat"], utcnow() + timedelta(days=7)
        )
    db.session.commit()
    return decision


def vote(world, decision, org, person, choices, via="delegate", proxy=None):
    ballot = ballots.cast(decision, world[org], world[person], choices, via, proxy)
    db.session.commit()
    return ballot


def test_opening_freezes_the_rules_and_counts_the_electorate(alliance):
    decision = make_decision(alliance, quorum_percent=50, majority="two_thirds")
    assert decision.electorate_size == 4  # the applicant is not a member
    with pytest.raises(DecisionError):
        services.update_draft(
            decision, edit("Changed"), edit("Changed"), alliance["secretariat"]
        )


def test_one_answer_per_organisation(alliance):
    decision = make_decision(alliance)
    vote(alliance, decision, "a", "delegate_a", {"choice": "agree"})
    with pytest.raises(DecisionError, match="already voted"):
        vote(alliance, decision, "a", "alternate_a", {"choice": "disagree"})
    db.session.rollback()
    assert ballots.participants(decision) == 1
    assert db.session.scalar(sa.select(Ballot.choices)) == {"choice": "agree"}


def test_a_non_member_organisation_cannot_vote(alliance):
    decision = make_decision(alliance)
    with pytest.raises(DecisionError, match="member organisations"):
        vote(alliance, decision, "applicant", "delegate_a", {"choice": "agree"})


def test_a_vote_after_close_is_refused_and_nothing_changes(alliance):
    decision = make_decision(alliance)
    vote(alliance, decision, "a", "delegate_a", {"choice": "agree"})
    assert services.close(decision, alliance["secretariat"])
    db.session.commit()
    counts = dict(decision.counts)
    with pytest.raises(DecisionError, match="closed"):
        vote(alliance, decision, "b", "delegate_b", {"choice": "agree"})
    db.session.rollback()
    assert not services.close(decision)  # closing twice counts nothing again
    assert decision.counts == counts and ballots.participants(decision) == 1


def test_the_outcome_is_counted_at_close_by_the_stated_rules(alliance):
    decision = make_decision(alliance, quorum_percent=50, majority="two_thirds")
    vote(alliance, decision, "a", "delegate_a", {"choice": "agree"})
    vote(alliance, decision, "b", "delegate_b", {"choice": "agree"})
    vote(alliance, decision, "c", "delegate_c", {"choice": "disagree"})
    services.close(decision, alliance["secretariat"])
    db.session.commit()
    assert decision.outcome == "passed"  # 3 of 4 answered; 2 of 3 agree
    assert decision.counts["tally"] == {
        "agree": 2,
        "abstain": 0,
        "disagree": 1,
        "block": 0,
    }


def test_a_secret_ballot_leaves_no_link_to_an_organisation_after_close(alliance):
    decision = make_decision(alliance, secret=True)
    assert decision.ballot_key
    first = vote(alliance, decision, "a", "delegate_a", {"choice": "agree"})
    vote(alliance, decision, "b", "delegate_b", {"choice": "disagree"})
    receipts = {first.receipt}
    stored = db.session.scalars(sa.select(Ballot)).all()
    assert all(b.organisation_id is None and b.slot for b in stored)
    before_ids = {b.id for b in stored}
    services.close(decision, alliance["secretariat"])
    db.session.commit()
    assert decision.ballot_key is None
    after = db.session.scalars(sa.select(Ballot)).all()
    assert all(b.organisation_id is None and b.slot is None for b in after)
    assert not before_ids & {b.id for b in after}  # written again, new ids
    assert receipts <= {b.receipt for b in after}  # receipts still verify
    # who voted is kept apart: participation names organisations, never choices
    assert {
        p.organisation_id for p in db.session.scalars(sa.select(Participation))
    } == {
        alliance["a"].id,
        alliance["b"].id,
    }


def test_an_open_ballot_names_its_organisation(alliance):
    decision = make_decision(alliance)
    ballot = vote(alliance, decision, "a", "delegate_a", {"choice": "agree"})
    assert ballot.organisation_id == alliance["a"].id and ballot.slot is None


def test_a_proxy_votes_and_the_delegate_voting_later_overrides_it(alliance):
    for secret in (False, True):
        decision = make_decision(alliance, secret=secret)
        proxy = proxies.grant(
            alliance["a"],
            alliance["delegate_b"],
            alliance["delegate_a"],
            decision=decision,
        )
        db.session.commit()
        assert proxies.held_by(alliance["delegate_b"], decision) == [proxy]
        vote(
            alliance,
            decision,
            "a",
            "delegate_b",
            {"choice": "disagree"},
            via="proxy",
            proxy=proxy,
        )
        vote(alliance, decision, "a", "alternate_a", {"choice": "agree"})
        mine = db.session.scalars(
            sa.select(Ballot).where(Ballot.decision_id == decision.id)
        ).all()
        assert [b.choices for b in mine] == [{"choice": "agree"}]
        participation = db.session.scalar(
            sa.select(Participation).where(Participation.decision_id == decision.id)
        )
        assert participation.via == "delegate" and participation.proxy_id is None
        # the organisation has now answered itself: a second override is refused
        with pytest.raises(DecisionError, match="already voted"):
            vote(alliance, decision, "a", "delegate_a", {"choice": "block"})
        db.session.rollback()


def test_a_proxy_never_overrides_the_delegate(alliance):
    decision = make_decision(alliance)
    proxy = proxies.grant(
        alliance["a"], alliance["delegate_b"], alliance["delegate_a"], decision=decision
    )
    vote(alliance, decision, "a", "delegate_a", {"choice": "agree"})
    with pytest.raises(DecisionError, match="already voted"):
        vote(
            alliance,
            decision,
            "a",
            "delegate_b",
            {"choice": "block"},
            via="proxy",
            proxy=proxy,
        )


def test_proxies_are_audited_capped_and_never_to_ones_own_organisation(alliance, app):
    decision = make_decision(alliance)
    app.config["DECISIONS_PROXY_CAP"] = 1
    try:
        with pytest.raises(DecisionError, match="another member organisation"):
            proxies.grant(
                alliance["a"],
                alliance["alternate_a"],
                alliance["delegate_a"],
                decision=decision,
            )
        proxy = proxies.grant(
            alliance["a"],
            alliance["delegate_b"],
            alliance["delegate_a"],
            decision=decision,
        )
        db.session.commit()
        with pytest.raises(DecisionError, match="already holds 1"):
            proxies.grant(
                alliance["c"],
                alliance["delegate_b"],
                alliance["delegate_c"],
                decision=decision,
            )
        with pytest.raises(DecisionError, match="already handed"):
            proxies.grant(
                alliance["a"],
                alliance["delegate_c"],
                alliance["delegate_a"],
                decision=decision,
            )
        db.session.rollback()
        proxies.revoke(proxy, alliance["delegate_a"])
        db.session.commit()
        with pytest.raises(DecisionError, match="already revoked"):
            proxies.revoke(proxy, alliance["delegate_a"])
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(
                AuditEvent.entity_type == "decision_proxies",
                AuditEvent.entity_id == proxy.id,
            )
        ).all()
        assert actions == ["proxy_granted", "proxy_revoked"]
        granted = db.session.scalar(
            sa.select(AuditEvent.data).where(AuditEvent.action == "proxy_granted")
        )
        assert granted["scope"] == "decision" and granted["expires_at"]
    finally:
        app.config.pop("DECISIONS_PROXY_CAP")


def test_a_decision_closes_itself_at_its_time(alliance):
    decision = make_decision(alliance)
    vote(alliance, decision, "a", "delegate_a", {"choice": "agree"})
    assert schedule.due(utcnow()) == 0  # its closing job, not yet due
    assert schedule.due(utcnow() + timedelta(days=8)) == 1
    db.session.expire_all()
    assert db.session.get(Decision, decision.id).status == "closed"


def test_a_cancelled_decision_keeps_no_ballot(alliance):
    decision = make_decision(alliance)
    vote(alliance, decision, "a", "delegate_a", {"choice": "agree"})
    with pytest.raises(DecisionError, match="why"):
        services.cancel(decision, alliance["secretariat"], "  ")
    services.cancel(decision, alliance["secretariat"], "Put to the AGM instead.")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0


def test_a_proposal_keeps_no_options_given_to_it(alliance):
    decision = make_decision(alliance, options=("Yes", "No"), open_it=False)
    assert decision.options == []  # its answers are agree, abstain, disagree, block
