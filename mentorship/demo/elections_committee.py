"""The Steering Committee for the demo: last year's counted election (seeded by the
record's demo) elected the committee; here its members get their offices, one
member resigns and her seat is filled by recounting the original ballots, so that
the committee page shows a filled vacancy.

Through the services, with every email silenced. The demo assumes the election's
offices are chair, vice-chair and treasurer (it gives those of them the election
has). Does nothing without a counted election, or once a recount was made.
"""

import sqlalchemy as sa

from ..auth.models import User
from ..core import notifications
from ..db import db
from ..elections import terms
from ..elections.models import CountKind, ElectionCount
from ..elections.queries_committee import last_counted
from ..elections.services import ElectionError
from ..policy import secretariat_condition

OFFICES = ["chair", "vice_chair", "treasurer"]


def seed_elections_committee(random_state=None):
    """Offices for the sitting members, one resignation, its vacancy filled."""
    election = last_counted()
    if election is None or _recounted():
        return None
    staff = db.session.scalar(
        sa.select(User).where(secretariat_condition()).order_by(User.id).limit(1)
    )
    sitting = [s for s in terms.current_seats() if s.election_id == election.id]
    if not sitting:
        return None
    offices = [o for o in OFFICES if o in election.offices]
    leaving, staying = sitting[-1], sitting[:-1]
    with notifications.muted():
        for seat, office in zip(staying, offices, strict=False):
            if seat.office is None:
                terms.give_office(seat, office, staff)
        terms.end_seat(leaving, "resigned", staff)
        try:
            new = terms.fill_vacancy(leaving, staff)
        except ElectionError:
            return None  # no one left to elect: the seat stays vacant
        held = {s.office for s in terms.current_seats()}
        free = [o for o in offices if o not in held]
        if free:
            terms.give_office(new, free[0], staff)
    db.session.flush()
    return new


def _recounted():
    return db.session.scalar(
        sa.select(ElectionCount.id).where(ElectionCount.kind == CountKind.RECOUNT)
    )
