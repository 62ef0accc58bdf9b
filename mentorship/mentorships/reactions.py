"""How running mentorships react to other features' signals (`core.signals`)."""

import sqlalchemy as sa

from ..core import signals
from ..core.transitions import transition
from ..db import db
from ..matches.transitions import free_slot
from ..programmes.models import Enrolment
from . import lifecycle
from .models import Mentorship, MentorshipStatus


def init_app(app):
    signals.person_erased.connect(close_for_erasure)
    signals.offer_accepted.connect(lifecycle.start)


def close_for_erasure(user, *, now, reason, partners, **_):
    """Her active mentorships close early; each partner is back in the pool."""
    active = db.session.scalars(
        sa.select(Mentorship).where(
            Mentorship.status == MentorshipStatus.ACTIVE,
            sa.or_(
                Mentorship.mentee_user_id == user.id,
                Mentorship.mentor_user_id == user.id,
            ),
        )
    ).all()
    for mentorship in active:
        won = transition(
            Mentorship,
            mentorship,
            [MentorshipStatus.ACTIVE],
            MentorshipStatus.CLOSED_EARLY,
            reason=reason,
            close_reason=reason,
            closed_at=now,
            closed_by_id=user.id,
        )
        if not won:
            continue
        partner_role = "mentor" if mentorship.mentee_user_id == user.id else "mentee"
        enrolment_id = _enrolment_id(mentorship, partner_role)
        if enrolment_id is not None:
            free_slot(enrolment_id)
        partner_id = getattr(mentorship, f"{partner_role}_user_id")
        if partner_id is not None:
            partners.append((partner_id, mentorship.programme_id))


def _enrolment_id(mentorship, role):
    """The enrolment of the mentorship's `role` side (through its proposal if any)."""
    if mentorship.proposal is not None:
        return getattr(mentorship.proposal, f"{role}_enrolment_id")
    return db.session.scalar(
        sa.select(Enrolment.id).where(
            Enrolment.programme_id == mentorship.programme_id,
            Enrolment.user_id == getattr(mentorship, f"{role}_user_id"),
            Enrolment.role == role,
        )
    )
