"""The open programme's first proposals: a few waiting for the coordinators, a few
offered to the pair, two already closed. Everyone else waits for the Secretariat's
first match run, and the two demo logins stay free to try the whole journey.
"""

from datetime import timedelta

import sqlalchemy as sa

from ..core import translated
from ..db import db, utcnow
from ..programmes.models import Enrolment, Programme
from .pairs import (
    AMINA,
    LUCIA,
    Seat,
    answer,
    approve,
    fail,
    load_people,
    offer,
    pick_mentor,
    propose,
)
from .programmes import NAMES

# Who gets a proposal, and how far it went, in order.
STEPS = ("awaiting",) * 6 + ("half",) * 2 + ("offered",) * 3 + ("answered",)
STEPS += ("declined", "rejected")
# How long ago the proposal was released, in hours (else a day or two).
RELEASED_HOURS_AGO = {"declined": 240, "rejected": 120, "offered": 72, "answered": 72}


def seed_open_proposals(rng, deciders, busy):
    """A handful of proposals in the open programme, in every live state and two
    closed; the newcomers and people busy in the autumn cohort stay free."""
    programme = db.session.scalar(
        sa.select(Programme).where(
            translated.body_in(Programme.name_id, "en") == NAMES["en"]
        )
    )
    if programme is None:
        return []
    mentees, mentors = _open_seats(programme, busy)
    now = utcnow()
    proposals = []
    chosen = rng.sample(mentees, min(len(STEPS), len(mentees)))
    for step, seat in zip(STEPS, chosen, strict=False):
        mentor = pick_mentor(rng, seat, mentors)
        if mentor is None:
            continue
        hours = RELEASED_HOURS_AGO.get(step) or rng.randint(2, 70)
        released = now - timedelta(hours=hours)
        proposal = propose(rng, seat, mentor, released, manual=True)
        _advance(rng, deciders, proposal, step, (seat, mentor))
        proposals.append(proposal)
    db.session.add_all(proposals)
    return proposals


def _open_seats(programme, busy):
    """(mentee seats, mentor seats) of the free people enrolled in `programme`."""
    mentees, mentors = load_people()
    people = {(p.user.id, p.profile.role): p for p in mentees + mentors}
    enrolments = db.session.scalars(
        sa.select(Enrolment)
        .where(Enrolment.programme_id == programme.id, Enrolment.status == "enrolled")
        .order_by(Enrolment.id)
    ).all()
    seats = [
        Seat(people[e.user_id, e.role], e)
        for e in enrolments
        if (e.user_id, e.role) in people and e.user_id not in busy
    ]
    seats = [s for s in seats if s.free and s.person.user.email not in (AMINA, LUCIA)]
    return (
        [s for s in seats if s.enrolment.role == "mentee"],
        [s for s in seats if s.enrolment.role == "mentor"],
    )


def _advance(rng, deciders, proposal, step, seats):
    """Move a just-released proposal as far as `step` says."""
    if step == "half":
        approve(proposal, deciders, "mentee", proposal.released_at + timedelta(hours=1))
    elif step in ("offered", "answered"):
        offered = offer(rng, proposal, deciders, within_hours=48)
        if step == "answered":
            answer(proposal, "mentee", offered + timedelta(hours=rng.randint(1, 20)))
    elif step in ("declined", "rejected"):
        fail(rng, proposal, deciders, seats, step)
