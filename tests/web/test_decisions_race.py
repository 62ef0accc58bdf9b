"""Races on PostgreSQL (several connections): an organisation's delegate and
alternate voting at once answer once; two organisations handing their proxies to one
delegate at the cap's edge cannot pass the cap; two overrides of one proxy's answer
replace it once."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.auth.models import User
from mentorship.core import memberships, translated
from mentorship.db import db, utcnow
from mentorship.decisions import ballots, proxies, services
from mentorship.decisions.models import Ballot, Decision, Participation, Proxy
from mentorship.organisations.models import Organisation

pytestmark = pytest.mark.commits


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


@pytest.fixture
def world(app, make_user, make_org):
    orgs = [make_org() for _ in range(4)]
    staff = make_user(roles=["secretariat"])
    delegate, alternate = make_user(org=orgs[0]), make_user(org=orgs[0])
    holder = make_user(org=orgs[1])
    others = [make_user(org=orgs[2]), make_user(org=orgs[3])]
    memberships.start(delegate, "voting_delegate", organisation=orgs[0])
    memberships.start(alternate, "alternate_delegate", organisation=orgs[0])
    memberships.start(holder, "voting_delegate", organisation=orgs[1])
    for person, org in zip(others, orgs[2:], strict=True):
        memberships.start(person, "voting_delegate", organisation=org)
    db.session.commit()
    with app.test_request_context():
        decision = services.create(
            "proposal",
            translated.Edit("en", {"en": "Race"}),
            translated.Edit("en", {}),
            staff,
            closes_at=utcnow() + timedelta(days=3),
        )
        services.open_decision(decision, staff)
        db.session.commit()
    return {
        "decision": decision.id,
        "orgs": [o.id for o in orgs],
        "delegate": delegate.id,
        "alternate": alternate.id,
        "holder": holder.id,
        "others": [o.id for o in others],
    }


def _race(app, calls):
    """Run each call() in its own thread and connection, released together;
    returns "won" or the refusal's message for each."""
    start = threading.Barrier(len(calls), timeout=10)
    results = [None] * len(calls)

    def run(index, call):
        with app.test_request_context():
            try:
                start.wait()
                call()
                db.session.commit()
                results[index] = "won"
            except services.DecisionError as error:
                db.session.rollback()
                results[index] = str(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results


def _get(model, key):
    return db.session.get(model, key)


def _cast(world, user_id, choice, via="delegate", proxy_id=None):
    def call():
        decision = _get(Decision, world["decision"])
        organisation = _get(Organisation, world["orgs"][0])
        proxy = _get(Proxy, proxy_id) if proxy_id else None
        ballots.cast(
            decision, organisation, _get(User, user_id), {"choice": choice}, via, proxy
        )

    return call


def _rows(world):
    participations = db.session.scalars(
        sa.select(Participation).where(Participation.decision_id == world["decision"])
    ).all()
    cast = db.session.scalars(
        sa.select(Ballot).where(Ballot.decision_id == world["decision"])
    ).all()
    return participations, cast


def test_delegate_and_alternate_at_once_answer_once(app, world):
    calls = [
        _cast(world, world["delegate"], "agree"),
        _cast(world, world["alternate"], "disagree"),
    ]
    results = _race(app, calls)
    assert results.count("won") == 1
    assert "already voted" in [r for r in results if r != "won"][0]
    participations, cast = _rows(world)
    assert len(participations) == 1 and len(cast) == 1


def test_two_proxies_at_the_cap_edge_keep_the_cap(app, world):
    app.config["DECISIONS_PROXY_CAP"] = 1
    try:

        def grant(org_index, granter):
            def call():
                proxies.grant(
                    _get(Organisation, world["orgs"][org_index]),
                    _get(User, world["holder"]),
                    _get(User, granter),
                    decision=_get(Decision, world["decision"]),
                )

            return call

        results = _race(
            app, [grant(2, world["others"][0]), grant(3, world["others"][1])]
        )
    finally:
        app.config.pop("DECISIONS_PROXY_CAP")
    assert results.count("won") == 1
    held = db.session.scalar(
        sa.select(sa.func.count(Proxy.id)).where(Proxy.holder_id == world["holder"])
    )
    assert held == 1


def test_two_overrides_of_a_proxy_answer_replace_it_once(app, world):
    with app.test_request_context():
        proxy = proxies.grant(
            _get(Organisation, world["orgs"][0]),
            _get(User, world["holder"]),
            _get(User, world["delegate"]),
            decision=_get(Decision, world["decision"]),
        )
        db.session.commit()
        proxy_id = proxy.id
        _cast(world, world["holder"], "block", "proxy", proxy_id)()
        db.session.commit()
        db.session.remove()
    calls = [
        _cast(world, world["delegate"], "agree"),
        _cast(world, world["alternate"], "disagree"),
    ]
    results = _race(app, calls)
    assert results.count("won") == 1
    participations, cast = _rows(world)
    assert len(participations) == 1 and participations[0].via == "delegate"
    assert len(cast) == 1 and cast[0].choices["choice"] in ("agree", "disagree")
