"""Races on the shared metrics (PostgreSQL, two connections): the same figure
entered twice at once keeps one row (the other is told, nothing overwritten); two
edits from the same revision keep one (the other is a conflict, its edit log never
written); two reviews at once record one."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mentorship.auth.models import User
from mentorship.core import memberships
from mentorship.db import db
from mentorship.metrics import cycles, standard, values
from mentorship.metrics.models import Cycle, Indicator, MetricValue, MetricValueChange
from mentorship.organisations.models import Organisation

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
        first, second = make_user(org=org), make_user(org=org)
        for person in (first, second):
            memberships.start(person, "data_submitter", organisation=org)
        made = standard.seed()
        today = datetime.now(UTC).date()
        cycle = cycles.create(
            today.year,
            today - timedelta(days=1),
            today + timedelta(days=9),
            [i.id for i in made],
            staff,
        )
        db.session.commit()
        return {
            "org": org.id,
            "staff": staff.id,
            "people": (first.id, second.id),
            "cycle": cycle.id,
            "indicator": made[0].id,
        }


def _race(app, work, names):
    """Run `work(name)` in two threads, each with its own session; their results."""
    results = {}

    def run(name):
        with app.test_request_context():
            try:
                results[name] = work(name)
                db.session.commit()
            except values.MetricsError as error:
                db.session.rollback()
                results[name] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results


def _both_checked(monkeypatch, name="_ensure_explained"):
    """Both callers pass the checks before either writes."""
    barrier = threading.Barrier(2, timeout=10)
    real = getattr(values, name)

    def wait_then(*args, **kwargs):
        barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(values, name, wait_then)


def test_the_same_figure_entered_twice_at_once_keeps_one(app, world, monkeypatch):
    _both_checked(monkeypatch)

    def enter(n):
        return values.enter(
            db.session.get(Cycle, world["cycle"]),
            db.session.get(Organisation, world["org"]),
            db.session.get(Indicator, world["indicator"]),
            {},
            values.Figures(women=10 + n, total=100),
            db.session.get(User, world["people"][n]),
        ).id

    results = _race(app, enter, (0, 1))
    refused = [r for r in results.values() if isinstance(r, values.Conflict)]
    assert len(refused) == 1
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(MetricValue.id))) == 1


def test_two_edits_from_the_same_revision_keep_one(app, world, monkeypatch):
    with app.test_request_context():
        row = values.enter(
            db.session.get(Cycle, world["cycle"]),
            db.session.get(Organisation, world["org"]),
            db.session.get(Indicator, world["indicator"]),
            {},
            values.Figures(women=10, total=100),
            db.session.get(User, world["people"][0]),
        )
        db.session.commit()
        row_id = row.id
    _both_checked(monkeypatch)

    def edit(n):
        return values.edit(
            db.session.get(MetricValue, row_id),
            values.Figures(women=20 + n, total=100),
            db.session.get(User, world["people"][n]),
            1,
        ).id

    results = _race(app, edit, (0, 1))
    refused = [r for r in results.values() if isinstance(r, values.Conflict)]
    assert len(refused) == 1
    db.session.expire_all()
    row = db.session.get(MetricValue, row_id)
    assert row.revision == 2 and row.women in (20, 21)
    women = db.session.scalars(
        sa.select(MetricValueChange.new).where(
            MetricValueChange.metric_value_id == row_id,
            MetricValueChange.field == "women",
        )
    ).all()
    assert women == ["10", str(row.women)]


def test_two_reviews_at_once_record_one(app, world, monkeypatch):
    with app.test_request_context():
        row = values.enter(
            db.session.get(Cycle, world["cycle"]),
            db.session.get(Organisation, world["org"]),
            db.session.get(Indicator, world["indicator"]),
            {},
            values.Figures(women=10, total=100),
            db.session.get(User, world["people"][0]),
            submit=True,
        )
        db.session.commit()
        row_id = row.id
    barrier = threading.Barrier(2, timeout=10)
    real = values.transition

    def wait_then(*args, **kwargs):
        barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(values, "transition", wait_then)

    def review(action):
        staff = db.session.get(User, world["staff"])
        row = db.session.get(MetricValue, row_id)
        return values.review(row, action, "Not the census.", staff).status

    results = _race(app, review, ("approve", "reject"))
    refused = [r for r in results.values() if isinstance(r, values.MetricsError)]
    assert len(refused) == 1
    db.session.expire_all()
    assert db.session.get(MetricValue, row_id).status in ("approved", "rejected")
