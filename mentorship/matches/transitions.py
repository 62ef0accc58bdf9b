"""Conditional updates: every state change succeeds for exactly one caller.

Two coordinators clicking at once, or a mentor's last slot claimed twice, are settled
by the database: each change is an UPDATE whose WHERE clause states what must still be
true, and the row count says whether this caller won. PostgreSQL re-checks the WHERE
clause after waiting on a concurrent writer's row lock; SQLite serialises writers.
"""

import sqlalchemy as sa

from ..core.errors import ServiceError
from ..core.transitions import transition, update_if
from ..db import db
from ..programmes.models import Enrolment, EnrolmentStatus
from .models import Proposal


class FlowError(ServiceError):
    """A request of the matching flow that cannot be carried out (translated)."""


def update_proposal(proposal, *conditions, **values):
    """UPDATE the proposal only if `conditions` still hold; True when this call won."""
    return update_if(Proposal, proposal, *conditions, **values)


def move(
    proposal,
    from_states,
    to_state,
    *conditions,
    actor=None,
    reason="",
    note="",
    **values,
):
    """Change the proposal's status if it is still in one of `from_states` (and the
    extra `conditions` still hold)."""
    return transition(
        Proposal,
        proposal,
        from_states,
        to_state,
        *conditions,
        actor=actor,
        reason=" ".join(filter(None, [reason, note])),
        **values,
    )


def take_slot(enrolment_id):
    """Claim one of the enrolment's slots; False when none is left."""
    stmt = (
        sa.update(Enrolment)
        .where(
            Enrolment.id == enrolment_id,
            Enrolment.status == EnrolmentStatus.ENROLLED,
            Enrolment.slots_taken < Enrolment.capacity,
        )
        .values(slots_taken=Enrolment.slots_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(stmt).rowcount == 1


def free_slot(enrolment_id):
    """Give one slot back (a proposal ended without a mentorship)."""
    stmt = (
        sa.update(Enrolment)
        .where(Enrolment.id == enrolment_id, Enrolment.slots_taken > 0)
        .values(slots_taken=Enrolment.slots_taken - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(stmt)


def take_pair_slots(proposal):
    """Claim a slot of the mentee and of the mentor, or neither."""
    if not take_slot(proposal.mentee_enrolment_id):
        return False
    if not take_slot(proposal.mentor_enrolment_id):
        free_slot(proposal.mentee_enrolment_id)
        return False
    _expire_enrolments(proposal)
    return True


def free_pair_slots(proposal):
    """Both people return to the pool."""
    free_slot(proposal.mentee_enrolment_id)
    free_slot(proposal.mentor_enrolment_id)
    _expire_enrolments(proposal)


def _expire_enrolments(proposal):
    for enrolment_id in (proposal.mentee_enrolment_id, proposal.mentor_enrolment_id):
        enrolment = db.session.identity_map.get(
            db.session.identity_key(Enrolment, enrolment_id)
        )
        if enrolment is not None:
            db.session.expire(enrolment)
