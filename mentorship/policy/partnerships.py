"""Needs and offers, introductions between organisations and their partnerships.

An organisation acts here through its stewards (leader and coordinators). The
Secretariat proposes introductions between any two organisations and marks the
onboarding ones; it answers for a side only when that organisation has no current
leader or coordinator (standing in, as it does for mentorship approvals), so that a
double opt-in is always two organisations' own yes when they have someone to say it.
"""

import sqlalchemy as sa

from ..core import memberships
from ..db import db
from .constituents import STEWARDS, can_edit_organisation, stewards
from .people import is_staff


def stewards_condition(organisation_id):
    """SQL condition on `Membership`: the current leader and coordinators of one
    organisation (an id or a column)."""
    from ..core.models import Membership

    return sa.and_(
        Membership.position.in_(STEWARDS),
        Membership.organisation_id == organisation_id,
        memberships.current(),
    )


def has_stewards(organisation_id):
    """True when the organisation has a current leader or coordinator."""
    from ..core.models import Membership

    found = db.session.scalar(
        sa.select(Membership.id).where(stewards_condition(organisation_id)).limit(1)
    )
    return found is not None


def can_edit_listings(user, organisation):
    """Its leader, its coordinators and the Secretariat edit its needs and offers."""
    return can_edit_organisation(user, organisation)


def can_manage_introductions(user, organisation):
    """Who sees an organisation's suggestions and introductions and proposes one."""
    return can_edit_organisation(user, organisation)


def can_view_introductions_admin(user):
    """The Secretariat's list of every introduction and its suggestions."""
    return is_staff(user)


def can_mark_onboarding(user):
    """Only the Secretariat marks an introduction as an onboarding buddy."""
    return is_staff(user)


def answers_for(user, organisation_id):
    """She may accept or decline for that organisation's side: one of its stewards,
    or the Secretariat standing in for an organisation without one."""
    if stewards(user, organisation_id):
        return True
    return is_staff(user) and not has_stewards(organisation_id)


def decidable_sides(user, introduction):
    """The sides ('low', 'high') of a proposed introduction she may still answer."""
    return [
        side
        for side in ("low", "high")
        if introduction.decision_of(side) is None
        and answers_for(user, getattr(introduction, f"org_{side}_id"))
    ]


def can_view_introduction(user, introduction):
    """Its two organisations' stewards and the Secretariat."""
    return (
        is_staff(user)
        or stewards(user, introduction.org_low_id)
        or stewards(user, introduction.org_high_id)
    )


def can_withdraw_introduction(user, introduction):
    """The proposer: the proposing organisation's stewards, or the Secretariat for
    its own proposals."""
    if introduction.proposed_by_org_id is None:
        return is_staff(user)
    return stewards(user, introduction.proposed_by_org_id)


def can_record_partnership(user, introduction):
    """Either side's stewards (and the Secretariat) record what came of it."""
    return can_view_introduction(user, introduction)
