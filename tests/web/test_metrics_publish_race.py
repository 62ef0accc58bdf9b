"""Two publications of the same cycle at once (PostgreSQL, two connections): the
cycle's row lock makes them versions 1 and 2, never a clash on the version."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mentorship.auth.models import User
from mentorship.core import memberships
from mentorship.db import db
from mentorship.metrics import cycles, publication, standard, values
from mentorship.metrics.models import Cycle

pytestmark = pytest.mark.commits


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


@pytest.fixture
def world(app, make_org, make_user):
    with app.test_request_context():
        org = make_org(name="WIM Race")
        staff = make_user(roles=["secretariat"])
        leader = make_user(org=org)
        memberships.start(leader, "leader", organisation=org)
        made = standard.seed()
        today = datetime.now(UTC).date()
        cycle = cycles.create(
            today.year,
            today - timedelta(days=1),
            today + timedelta(days=9),
            [i.id for i in made],
            staff,
        )
        row = values.enter(
            cycle,
            org,
            made[0],
            {},
            values.Figures(women=10, total=100, source="HR"),
            leader,
            submit=True,
        )
        values.review(row, "approve", "", staff)
        db.session.commit()
        return {"cycle": cycle.id, "staff": staff.id}


def test_two_publications_at_once_are_two_versions(app, world):
    barrier = threading.Barrier(2, timeout=10)
    results = {}

    def run(name):
        with app.test_request_context():
            try:
                barrier.wait()
                made = publication.publish(
                    db.session.get(Cycle, world["cycle"]),
                    db.session.get(User, world["staff"]),
                )
                db.session.commit()
                results[name] = made.version
            except Exception as error:  # noqa: BLE001 - the test reports it
                db.session.rollback()
                results[name] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(results.values()) == [1, 2], results
    count = db.session.scalar(sa.select(sa.func.count(publication.Publication.id)))
    assert count == 2
