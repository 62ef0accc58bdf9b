"""Who hears of the committee's seats, in her language: a member when her seat is
given an office, loses it or ends; the member a recount elected (welcome, her
term's end); the Secretariat when a term's end drafted the next election.

The term-end job (`terms.term_end`) is wrapped, not changed: `term_end` below runs
it, then tells the member and, if it drafted the next election, the Secretariat.
"""

import sqlalchemy as sa

from ..auth.models import User
from ..core.notifications import notify, public_url
from ..db import db
from ..policy.people import secretariat_condition
from . import queries_committee, terms
from .models import Election, ElectionStatus, Seat

TEMPLATE = "committee_news"


def _tell(person, news, **context):
    if person is None or person.erased_at is not None:
        return
    notify(
        person,
        TEMPLATE,
        person=person,
        news=news,
        words=queries_committee,
        url=public_url("elections.committee"),
        **context,
    )


def office_changed(seat):
    """She was given an office, or hers was taken away."""
    _tell(seat.user, "office" if seat.office else "office_taken", seat=seat)


def seat_ended(seat):
    """Her seat ended (her term over, her resignation, her removal)."""
    _tell(seat.user, "ended", seat=seat)


def welcome(seat):
    """A recount elected her to a vacant seat, until the seat's term ends."""
    _tell(seat.user, "welcome", seat=seat)


def next_election_drafted(election):
    """The Secretariat: the next election is drafted, to be prepared."""
    people = db.session.scalars(
        sa.select(User)
        .where(secretariat_condition(), User.erased_at.is_(None))
        .order_by(User.id)
    ).all()
    url = public_url("elections.election", election_id=election.id)
    for person in people:
        notify(
            person,
            TEMPLATE,
            person=person,
            news="next",
            election=election,
            words=queries_committee,
            url=url,
        )


def _drafts():
    return set(
        db.session.scalars(
            sa.select(Election.id).where(Election.status == ElectionStatus.DRAFT)
        )
    )


def term_end(payload, reminder):
    """The term-end job, then its emails: the member whose term ended, and the
    Secretariat if the next election was drafted."""
    seat = db.session.get(Seat, payload.get("id"))
    sitting = seat is not None and seat.ended_on is None
    before = _drafts()
    terms.term_end(payload, reminder)
    if sitting and seat.ended_on is not None:
        seat_ended(seat)
    for election_id in sorted(_drafts() - before):
        next_election_drafted(db.session.get(Election, election_id))
