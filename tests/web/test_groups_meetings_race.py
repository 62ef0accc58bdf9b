"""Two runners scheduling a group's meetings at once (PostgreSQL): the second waits
on the group's row, then finds the first's series and days; one series, one set of
meetings, and a translated refusal for the second. Two invitations of the same
guest at once: one row (the unique constraint), a message for the other."""

import threading
from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa

from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.events.models import EventSeries, EventSession
from mentorship.groups import meetings as service
from mentorship.groups.meetings_models import MeetingGuest
from mentorship.groups.models import WorkingGroup

pytestmark = pytest.mark.commits


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


def _world(app, make_org, make_user):
    with app.test_request_context():
        org = make_org()
        staff = make_user(roles=["secretariat"])
        chair = make_user(org=org)
        guest = make_user(org=org)
        body = Body(
            kind="working_group",
            slug="race-group",
            name=translated.new_text("en", en="Race group"),
        )
        group = WorkingGroup(body=body, status="active")
        db.session.add(group)
        db.session.flush()
        since = utcnow().date() - timedelta(days=5)
        memberships.start(chair, "chair", body=body, starts_on=since)
        db.session.commit()
        return group.id, staff.id, chair.id, guest.email


def _plan():
    return service.MonthlyPlan(
        ordinal=2,
        weekday=1,
        local_time=time(14, 0),
        duration=60,
        timezone="Europe/Paris",
        language="en",
        months=3,
        first_on=date(utcnow().year + 1, 1, 1),
    )


def _race(app, people, move):
    barrier, results = threading.Barrier(2), {}

    def run(name, person_id):
        from mentorship.auth.models import User

        with app.test_request_context():
            try:
                person = db.session.get(User, person_id)
                group = db.session.get(WorkingGroup, people[0])
                barrier.wait(5)
                move(group, person)
                db.session.commit()
                results[name] = "won"
            except service.MeetingsError as error:
                db.session.rollback()
                results[name] = str(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, args=("first", people[1])),
        threading.Thread(target=run, args=("second", people[2])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    return sorted(results.values())


def test_two_runners_scheduling_at_once_make_one_set(app, make_org, make_user):
    people = _world(app, make_org, make_user)
    outcome = _race(
        app, people, lambda group, person: service.schedule(group, _plan(), person)
    )
    assert outcome[1] == "won" and "already scheduled" in outcome[0], outcome
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(EventSeries.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(EventSession.id))) == 3


def test_two_invitations_of_one_guest_at_once_keep_one(app, make_org, make_user):
    people = _world(app, make_org, make_user)
    with app.test_request_context():
        from mentorship.auth.models import User

        group = db.session.get(WorkingGroup, people[0])
        session = service.schedule(group, _plan(), db.session.get(User, people[1]))[0]
        db.session.commit()
        session_id = session.id

    def invite(group, person):
        meeting = db.session.get(EventSession, session_id)
        service.invite_guest(group, meeting, people[3], person)

    outcome = _race(app, people, invite)
    assert outcome[1] == "won" and "already invited" in outcome[0], outcome
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(MeetingGuest.id))) == 1
