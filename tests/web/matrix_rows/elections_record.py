"""The elections' rows, part record: a counted election's round-by-round record and
its JSON and CSV downloads (`?count=` too) are public. An election not yet counted
is 404 to everyone: tests/web/test_elections_record.py checks it."""

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from mentorship.core import memberships, translated
from mentorship.db import db, utcnow
from mentorship.decisions import ballots
from mentorship.decisions import services as decisions
from mentorship.elections import nominations, services, vote
from mentorship.elections.models import ElectionCount

from ..policy_rows import PUBLIC

PUBLIC_ENDPOINTS = {"elections.record", "elections.record_json", "elections.record_csv"}
E = "/elections/{record_election_id}/record"
ROWS = {
    ("elections.record", "GET"): (E, {}, PUBLIC),
    ("elections.record_json", "GET"): (E + ".json", {}, PUBLIC),
    ("elections.record_csv", "GET"): (E + ".csv?count={record_count_id}", {}, PUBLIC),
}


def world(ids, people, make_org, make_user):
    """A counted election: two candidates, one seat, one ballot."""
    staff = people["secretariat"]
    with current_app.test_request_context():
        counted, count_id = _election(staff, make_org, make_user)
        db.session.commit()
    return {"record_election_id": counted.id, "record_count_id": count_id}


def _election(staff, make_org, make_user):
    now = utcnow()
    election = services.create(
        translated.Edit("en", {"en": "Record election"}),
        staff,
        seats=1,
        nominations_open_at=now - timedelta(days=1),
        nominations_close_at=now + timedelta(days=1),
        term_starts_on=date.today(),
    )
    services.open_nominations(election, staff)
    voters = []
    for n in range(2):
        org = make_org(name=f"WIM Record {election.id}-{n}")
        delegate = make_user(org=org)
        memberships.start(delegate, "voting_delegate", organisation=org)
        nomination = nominations.nominate(election, org, make_user(org=org), delegate)
        nominations.accept(nomination, nomination.candidate)
        nominations.check(nomination, staff, True)
        voters.append((org, delegate))
    election.nominations_close_at = utcnow() - timedelta(seconds=1)
    db.session.flush()
    decision = vote.open_vote(election, staff, utcnow() + timedelta(days=7))
    org, delegate = voters[0]
    choices = {"ranking": [decision.options[0].id]}
    ballots.cast(decision, org, delegate, choices, "delegate")
    decisions.close(decision, staff)
    db.session.flush()
    count_id = db.session.scalar(
        sa.select(ElectionCount.id).where(ElectionCount.election_id == election.id)
    )
    return election, count_id
