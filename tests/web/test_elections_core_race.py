"""Races on PostgreSQL (two connections), decided by the database: an organisation's
two nominators taking its last nomination at once make one; a candidate accepting two
nominations at once stands once; two Secretariat members filling one vacancy at once
fill it once."""

import threading

import pytest
import sqlalchemy as sa

from mentorship.auth.models import User
from mentorship.db import db
from mentorship.elections import nominations, terms
from mentorship.elections.models import Election, Nomination, Seat
from mentorship.elections.services import ElectionError
from mentorship.organisations.models import Organisation

from . import test_elections_core as core

alliance = core.alliance  # the fixture: six member organisations in three regions

pytestmark = pytest.mark.commits


@pytest.fixture
def on_postgres(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("races between connections are proven on PostgreSQL")


def _at_once(app, *calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n, call):
        with app.app_context(), app.test_request_context():
            barrier.wait()
            try:
                results[n] = call()
                db.session.commit()
            except ElectionError as error:
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


def test_two_nominators_taking_the_last_nomination_make_one(app, alliance, on_postgres):
    election = core.new_election(alliance, nominations_per_org=1)
    org = alliance["org0"].id
    leader = alliance["other1"]  # a second nominator for organisation 0
    from mentorship.core import memberships

    memberships.start(leader, "leader", organisation=alliance["org0"])
    db.session.commit()
    eid, by = election.id, [alliance["delegate0"].id, leader.id]
    people = [alliance["cand0"].id, alliance["other0"].id]

    def nominate(n):
        def call():
            return nominations.nominate(
                db.session.get(Election, eid),
                db.session.get(Organisation, org),
                db.session.get(User, people[n]),
                db.session.get(User, by[n]),
            ).id

        return call

    results = _at_once(app, nominate(0), nominate(1))
    assert sum(isinstance(r, int) for r in results) == 1
    assert sum(isinstance(r, ElectionError) for r in results) == 1
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 1


def test_accepting_two_nominations_at_once_stands_once(app, alliance, on_postgres):
    election = core.new_election(alliance)
    first = nominations.nominate(
        election, alliance["org0"], alliance["cand0"], alliance["delegate0"]
    )
    second = nominations.nominate(
        election, alliance["org1"], alliance["cand0"], alliance["delegate1"]
    )
    db.session.commit()
    ids, who = [first.id, second.id], alliance["cand0"].id

    def accept(n):
        def call():
            nomination = db.session.get(Nomination, ids[n])
            return nominations.accept(nomination, db.session.get(User, who)).id

        return call

    results = _at_once(app, accept(0), accept(1))
    db.session.expire_all()
    statuses = sorted(db.session.get(Nomination, i).status for i in ids)
    assert statuses == ["accepted", "declined"], results


def test_two_fills_of_one_vacancy_fill_it_once(app, alliance, on_postgres):
    election = core.new_election(alliance)
    alliance["stood"] = {i: core.stand(alliance, election, i) for i in range(6)}
    rankings = {0: [0, 2], 1: [0, 1], 2: [2, 3], 3: [2, 0], 4: [1, 3], 5: [3, 1]}
    core.run_election(alliance, election, rankings)
    seat = terms.current_seats()[0]
    terms.end_seat(seat, "resigned", alliance["secretariat"])
    db.session.commit()
    sid, by = seat.id, alliance["secretariat"].id

    def fill():
        return terms.fill_vacancy(
            db.session.get(Seat, sid), db.session.get(User, by)
        ).id

    results = _at_once(app, fill, fill)
    assert sum(isinstance(r, int) for r in results) == 1, results
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Seat.id)).where(Seat.replaces_id == sid)
        )
        == 1
    )
