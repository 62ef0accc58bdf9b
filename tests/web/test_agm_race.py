"""Two check-ins of one organisation at once (PostgreSQL): the unique check-in per
organisation and AGM leaves one row, and the other desk gets a translated
message; two chairs putting one motion to the vote at once open one decision."""

import threading
from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from mentorship.agm import attendance, services, voting
from mentorship.agm.models import AgendaItem, Agm, AgmCheckIn
from mentorship.core import memberships, translated
from mentorship.db import db, utcnow
from mentorship.decisions.models import Decision

pytestmark = pytest.mark.commits


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


def _world(app, make_org, make_user):
    with app.test_request_context():
        org = make_org()
        first, second = make_user(roles=["secretariat"]), make_user(roles=["admin"])
        delegate = make_user(org=org)
        memberships.start(delegate, "voting_delegate", organisation=org)
        day = (utcnow() + timedelta(days=5)).date()
        agm = services.create_agm(
            services.AgmValues(
                year=day.year,
                day=day,
                starts=time(14, 0),
                duration=180,
                timezone="Europe/Paris",
            ),
            first,
        )
        db.session.commit()
        return {
            "agm": agm.id,
            "org": org.id,
            "delegate": delegate.id,
            "people": (first.id, second.id),
        }


def _race(app, world, move):
    barrier, results = threading.Barrier(2), {}

    def run(name, person_id):
        from mentorship.auth.models import User

        with app.test_request_context():
            try:
                person = db.session.get(User, person_id)
                agm = db.session.get(Agm, world["agm"])
                barrier.wait(5)
                move(agm, person)
                db.session.commit()
                results[name] = "won"
            except services.AgmError as error:
                db.session.rollback()
                results[name] = str(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, args=(name, person))
        for name, person in zip(("first", "second"), world["people"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    return sorted(results.values())


def test_two_check_ins_of_one_organisation_at_once_keep_one(app, make_org, make_user):
    world = _world(app, make_org, make_user)

    def check_in(agm, person):
        from mentorship.auth.models import User
        from mentorship.organisations.models import Organisation

        organisation = db.session.get(Organisation, world["org"])
        delegate = db.session.get(User, world["delegate"])
        attendance.check_in(agm, organisation, delegate, person)

    outcome = _race(app, world, check_in)
    assert outcome[1] == "won" and "already checked in" in outcome[0], outcome
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AgmCheckIn.id))) == 1


def test_two_chairs_putting_one_motion_to_the_vote_open_one_decision(
    app, make_org, make_user
):
    world = _world(app, make_org, make_user)
    with app.test_request_context():
        from mentorship.auth.models import User

        staff = db.session.get(User, world["people"][0])
        agm = db.session.get(Agm, world["agm"])
        item = services.add_item(
            agm,
            services.ItemValues(
                kind="motion",
                title=translated.Edit("en", {"en": "Adopt the plan"}),
                text=translated.Edit("en", {}),
            ),
            staff,
        )
        services.table(item, staff)
        services.open_agm(agm, staff)
        db.session.commit()
        item_id = item.id

    def put(_agm, person):
        voting.put_to_vote(db.session.get(AgendaItem, item_id), person, 15)

    outcome = _race(app, world, put)
    assert outcome[1] == "won" and "tabled motion" in outcome[0], outcome
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Decision.id))) == 1
