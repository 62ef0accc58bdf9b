"""Races on PostgreSQL (two connections), decided by the database: the delegate and
the alternate voting at once make one answer (open and secret ballots); two overrides
of one proxy at once make one; two organisations handing their votes to one delegate
at once cannot pass the proxy cap."""

import threading

import pytest
import sqlalchemy as sa

from mentorship.db import db
from mentorship.decisions import ballots, proxies
from mentorship.decisions.models import Ballot, Decision, Proxy
from mentorship.decisions.services import DecisionError

from . import test_decisions_core as core

alliance = core.alliance  # the fixture: four member organisations and their delegates
make_decision, vote = core.make_decision, core.vote

pytestmark = pytest.mark.commits


@pytest.fixture
def on_postgres(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("races between connections are proven on PostgreSQL")


def _at_once(app, *calls):
    """Run `calls` in threads, each in its own app context and connection;
    returns what each returned or the DecisionError it raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n, call):
        with app.app_context():
            barrier.wait()
            try:
                results[n] = call()
                db.session.commit()
            except DecisionError as error:
                db.session.rollback()
                results[n] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _cast(decision_id, org_id, person_id, choice, via="delegate", proxy_id=None):
    from mentorship.auth.models import User
    from mentorship.organisations.models import Organisation

    def call():
        decision = db.session.get(Decision, decision_id)
        proxy = db.session.get(Proxy, proxy_id) if proxy_id else None
        return ballots.cast(
            decision,
            db.session.get(Organisation, org_id),
            db.session.get(User, person_id),
            {"choice": choice},
            via,
            proxy,
        ).receipt

    return call


def test_the_delegate_and_the_alternate_at_once_make_one_answer(
    app, alliance, on_postgres
):
    for secret in (False, True):
        decision = make_decision(alliance, secret=secret)
        results = _at_once(
            app,
            _cast(decision.id, alliance["a"].id, alliance["delegate_a"].id, "agree"),
            _cast(
                decision.id, alliance["a"].id, alliance["alternate_a"].id, "disagree"
            ),
        )
        assert sum(isinstance(r, DecisionError) for r in results) == 1
        db.session.expire_all()
        assert ballots.participants(decision) == 1
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Ballot)
                .where(Ballot.decision_id == decision.id)
            )
            == 1
        )


def test_two_overrides_of_one_proxy_at_once_make_one_answer(app, alliance, on_postgres):
    decision = make_decision(alliance, secret=True)
    proxy = proxies.grant(
        alliance["a"], alliance["delegate_b"], alliance["delegate_a"], decision=decision
    )
    db.session.commit()
    vote(
        alliance,
        decision,
        "a",
        "delegate_b",
        {"choice": "block"},
        via="proxy",
        proxy=proxy,
    )
    results = _at_once(
        app,
        _cast(decision.id, alliance["a"].id, alliance["delegate_a"].id, "agree"),
        _cast(decision.id, alliance["a"].id, alliance["alternate_a"].id, "disagree"),
    )
    assert sum(isinstance(r, DecisionError) for r in results) == 1
    db.session.expire_all()
    choices = db.session.scalars(
        sa.select(Ballot.choices).where(Ballot.decision_id == decision.id)
    ).all()
    assert len(choices) == 1 and choices[0]["choice"] in ("agree", "disagree")


def test_the_proxy_cap_holds_when_two_organisations_hand_votes_at_once(
    app, alliance, on_postgres
):
    from mentorship.auth.models import User
    from mentorship.organisations.models import Organisation

    decision = make_decision(alliance)
    app.config["DECISIONS_PROXY_CAP"] = 1
    holder_id = alliance["delegate_b"].id

    def hand(org_key, granter_key):
        org_id, granter_id = alliance[org_key].id, alliance[granter_key].id

        def call():
            return proxies.grant(
                db.session.get(Organisation, org_id),
                db.session.get(User, holder_id),
                db.session.get(User, granter_id),
                decision=db.session.get(Decision, decision.id),
            ).id

        return call

    try:
        results = _at_once(app, hand("a", "delegate_a"), hand("c", "delegate_c"))
    finally:
        app.config.pop("DECISIONS_PROXY_CAP")
    assert sum(isinstance(r, DecisionError) for r in results) == 1
    assert db.session.scalar(sa.select(sa.func.count(Proxy.id))) == 1
