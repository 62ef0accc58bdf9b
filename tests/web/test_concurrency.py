"""Races settled by the database (PostgreSQL): two coordinators clicking at once,
a mentor's last place claimed twice, a mentee proposed twice.

Each actor runs in its own thread, app context, session and connection. The first
actor does its work and keeps its transaction open while the second starts, so the
second really runs into the first one's row lock (no reliance on timing luck).
"""

import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from mentorship.auth.models import User
from mentorship.db import db, utcnow
from mentorship.matches import approvals
from mentorship.matches.models import Proposal
from mentorship.matches.transitions import FlowError, take_pair_slots
from mentorship.programmes.models import Enrolment

from .flow import enrol, make_programme, released_proposal

# Each side of a race needs its own connection and sees the other's commits.
pytestmark = pytest.mark.commits


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("row-lock races are proven on PostgreSQL (DATABASE_URL)")


def race(app, first, second, hold=0.5):
    """Run first() then, while its transaction is still open, second()."""
    started, results = threading.Event(), {}

    def run(name, work, before=None, after=None):
        with app.app_context():
            if before:
                before.wait(5)
            try:
                results[name] = work()
                if after:
                    after.set()
                    time.sleep(hold)
                db.session.commit()
            except (FlowError, IntegrityError) as error:
                db.session.rollback()
                results[name] = error
            finally:
                db.session.remove()

    one = threading.Thread(target=run, args=("first", first, None, started))
    two = threading.Thread(target=run, args=("second", second, started, None))
    one.start(), two.start()
    one.join(10), two.join(10)
    return results


def _proposal(proposal_id):
    return db.session.get(Proposal, proposal_id)


def _user(user_id):
    return db.session.get(User, user_id)


def test_two_coordinators_approving_at_once_offer_exactly_once(
    app, make_org, make_user, outbox
):
    org_a, org_b = make_org(), make_org()
    coord_a = make_user(org=org_a, roles=["coordinator"]).id
    coord_b = make_user(org=org_b, roles=["coordinator"]).id
    programme = make_programme()
    mentee = enrol(programme, make_user(org=org_a), "mentee")
    mentor = enrol(programme, make_user(org=org_b), "mentor", capacity=2)
    proposal_id = released_proposal(programme, mentee, mentor).id

    results = race(
        app,
        lambda: approvals.approve(_proposal(proposal_id), _user(coord_a)),
        lambda: approvals.approve(_proposal(proposal_id), _user(coord_b)),
    )
    assert not any(isinstance(r, Exception) for r in results.values()), results
    db.session.expire_all()
    proposal = _proposal(proposal_id)
    assert proposal.status == "offered"
    assert proposal.mentee_org_decided_by_id == coord_a
    assert proposal.mentor_org_decided_by_id == coord_b
    assert len(outbox) == 2  # one offer to each person, sent once


def test_the_same_side_approved_twice_at_once_counts_once(app, make_org, make_user):
    org_a, org_b = make_org(), make_org()
    coord_1 = make_user(org=org_a, roles=["coordinator"]).id
    coord_2 = make_user(org=org_a, roles=["coordinator"]).id
    programme = make_programme()
    mentee = enrol(programme, make_user(org=org_a), "mentee")
    mentor = enrol(programme, make_user(org=org_b), "mentor")
    proposal_id = released_proposal(programme, mentee, mentor).id

    results = race(
        app,
        lambda: approvals.approve(_proposal(proposal_id), _user(coord_1)),
        lambda: approvals.reject(_proposal(proposal_id), _user(coord_2), "other"),
    )
    assert isinstance(results["second"], FlowError)
    db.session.expire_all()
    proposal = _proposal(proposal_id)
    assert proposal.status == "awaiting_approval"
    assert proposal.mentee_org_decided_by_id == coord_1


def test_a_mentors_last_place_goes_to_one_mentee_only(app, make_org, make_user):
    org_a, org_b = make_org(), make_org()
    programme = make_programme()
    mentor = enrol(programme, make_user(org=org_b), "mentor", capacity=1)
    drafts = []
    for _ in range(2):
        mentee = enrol(programme, make_user(org=org_a), "mentee")
        drafts.append(
            Proposal(
                programme_id=programme.id,
                mentee_enrolment_id=mentee.id,
                mentor_enrolment_id=mentor.id,
                status="draft",
                created_at=utcnow(),
            )
        )
    db.session.add_all(drafts)
    db.session.commit()
    ids = [d.id for d in drafts]

    results = race(
        app,
        lambda: take_pair_slots(_proposal(ids[0])),
        lambda: take_pair_slots(_proposal(ids[1])),
    )
    assert sorted(results.values()) == [False, True]
    db.session.expire_all()
    taken = db.session.scalar(
        sa.select(Enrolment.slots_taken).where(Enrolment.id == mentor.id)
    )
    assert taken == 1
    # and the mentee whose claim failed was given her own slot back
    mentee_slots = db.session.scalars(
        sa.select(Enrolment.slots_taken).where(Enrolment.role == "mentee")
    ).all()
    assert sorted(mentee_slots) == [0, 1]


def test_a_mentee_is_never_in_two_live_proposals(app, make_org, make_user):
    org_a, org_b = make_org(), make_org()
    programme = make_programme()
    mentee = enrol(programme, make_user(org=org_a), "mentee")
    mentors = [enrol(programme, make_user(org=org_b), "mentor") for _ in range(2)]

    def propose(mentor):
        proposal = Proposal(
            programme_id=programme.id,
            mentee_enrolment_id=mentee.id,
            mentor_enrolment_id=mentor.id,
            status="awaiting_approval",
        )
        db.session.add(proposal)
        db.session.flush()
        return proposal.id

    results = race(app, lambda: propose(mentors[0]), lambda: propose(mentors[1]))
    assert isinstance(results["second"], IntegrityError)
    db.session.expire_all()
    live = db.session.scalar(
        sa.select(sa.func.count(Proposal.id)).where(
            Proposal.mentee_enrolment_id == mentee.id
        )
    )
    assert live == 1


def test_the_database_refuses_slots_beyond_capacity(app, make_org, make_user):
    programme = make_programme()
    mentor = enrol(programme, make_user(org=make_org()), "mentor", capacity=1)
    with pytest.raises(IntegrityError):
        db.session.execute(
            sa.update(Enrolment).where(Enrolment.id == mentor.id).values(slots_taken=2)
        )
        db.session.flush()
    db.session.rollback()
