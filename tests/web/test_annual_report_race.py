"""Races on PostgreSQL (several connections): two drafts of one year at once give
one report; two publications at once publish it once."""

import threading

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.auth.models import User
from mentorship.db import db
from mentorship.reports import services
from mentorship.reports.models import AnnualReport

pytestmark = pytest.mark.commits
YEAR = 2024


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


def _race(app, staff_id, call, times=2):
    start = threading.Barrier(times, timeout=10)
    results = [None] * times

    def run(index):
        with app.test_request_context():
            try:
                staff = db.session.get(User, staff_id)
                start.wait()
                call(staff)
                db.session.commit()
                results[index] = "won"
            except services.AnnualReportError as error:
                db.session.rollback()
                results[index] = str(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results


def test_two_drafts_and_two_publications_at_once(app, make_user):
    staff = make_user(roles=["secretariat"])
    db.session.commit()
    staff_id = staff.id
    results = _race(app, staff_id, lambda by: services.draft(YEAR, by))
    assert results == ["won", "won"]
    db.session.expire_all()
    reports = db.session.scalars(sa.select(AnnualReport)).all()
    assert [r.year for r in reports] == [YEAR]
    assert _audited("drafted") == 1

    def publish(by):
        services.publish(services.by_year(YEAR), by)

    results = _race(app, staff_id, publish)
    assert sorted(results) == ["This report is already published.", "won"]
    db.session.expire_all()
    assert services.by_year(YEAR).is_published
    assert _audited("published") == 1


def _audited(action):
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.entity_type == "annual_reports", AuditEvent.action == action)
    )
