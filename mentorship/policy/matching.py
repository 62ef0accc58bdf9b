"""Programmes and the matching flow: enrolment, approvals, stand-ins, offers."""

import sqlalchemy as sa

from ..db import db
from .people import (
    coordinates,
    coordinators_of,
    is_coordinator,
    is_staff,
    my_organisation,
    secretariat_condition,
)

SIDES = ("mentee", "mentor")


def can_manage_programmes(user):
    """Create programmes, tune and run matching, override: the Secretariat."""
    return is_staff(user)


def can_view_programme(user, programme):
    """Published and archived programmes: anyone signed in; drafts: the Secretariat."""
    if not user.is_authenticated:
        return False
    return programme.status != "draft" or can_manage_programmes(user)


def can_view_enrolments(user, organisation_id):
    """Who from an organisation enrolled: its coordinators and the Secretariat."""
    return is_staff(user) or coordinates(user, organisation_id)


# --- Enrolment ---------------------------------------------------------------------

ENROLMENT_REFUSALS = ("unverified", "closed", "organisation", "no_profile", "paused")


def _takes_part(programme, organisation_id):
    """True when members of that organisation (None: independents) may enrol."""
    if programme.all_organisations:
        return True
    return any(org.id == organisation_id for org in programme.organisations)


def enrolment_refusal(user, programme, role, today):
    """Why `user` may not enrol in `role` today (one of ENROLMENT_REFUSALS), or None."""
    if not user.is_verified:
        return "unverified"
    if not programme.enrolment_open(today):
        return "closed"
    org = user.organisation
    if (org is not None and org.status != "member") or not _takes_part(
        programme, user.organisation_id
    ):
        return "organisation"
    profile = user.profile(role)
    if profile is None:
        return "no_profile"
    if profile.paused:
        return "paused"
    return None


def enrolable_programmes(user, today):
    """SQL condition on `Programme`: published, open today, and her organisation
    (a member organisation, or none: an independent) takes part."""
    from ..organisations.models import Organisation
    from ..programmes.models import Programme, programme_organisations

    takes_part = sa.or_(
        Programme.all_organisations.is_(True),
        Programme.id.in_(
            sa.select(programme_organisations.c.programme_id).where(
                programme_organisations.c.organisation_id == user.organisation_id
            )
        ),
    )
    member_or_independent = (
        sa.true()
        if user.organisation_id is None
        else sa.exists().where(
            Organisation.id == user.organisation_id, Organisation.status == "member"
        )
    )
    return sa.and_(
        Programme.status == "published",
        Programme.enrol_opens_on <= today,
        Programme.enrol_closes_on >= today,
        takes_part,
        member_or_independent,
    )


# --- Approvals: coordinators decide, the Secretariat stands in ---------------------


def has_approval_queue(user):
    """Coordinators decide for their organisation; the Secretariat stands in."""
    return is_coordinator(user) or is_staff(user)


def has_coordinator(organisation_id):
    """True when the organisation has someone to decide for it."""
    from ..auth.models import User

    if organisation_id is None:
        return False
    query = sa.select(User.id).where(coordinators_of(organisation_id)).limit(1)
    return db.session.scalar(query) is not None


def stands_in(user, organisation_id, override=False):
    """The Secretariat decides for an organisation without coordinator (or for an
    independent member), and for any organisation when it overrides."""
    return is_staff(user) and (override or not has_coordinator(organisation_id))


def can_decide_for_organisation(user, organisation_id, override=False):
    """Approve or reject a proposal's side that belongs to this organisation: its
    coordinators, or the Secretariat standing in. Both powers combine: a coordinator
    who is also Secretariat decides for her organisation and stands in elsewhere."""
    return coordinates(user, organisation_id) or stands_in(
        user, organisation_id, override
    )


def decidable_sides(user, proposal, override=False):
    """The sides of `proposal` that `user` may still decide."""
    return [
        side
        for side in SIDES
        if getattr(proposal, f"{side}_org_decision") is None
        and can_decide_for_organisation(
            user, getattr(proposal, f"{side}_organisation_id"), override
        )
    ]


def deciders(organisation_ids):
    """SQL condition on `User`: who is asked to decide for these organisations (and
    emailed): their coordinators, and the Secretariat when one of them has none."""
    from ..auth.models import User

    wanted = set(organisation_ids)
    known = wanted - {None}
    coordinated = set(
        db.session.scalars(
            sa.select(User.organisation_id)
            .where(coordinators_of(), User.organisation_id.in_(known))
            .distinct()
        )
    )
    condition = sa.and_(coordinators_of(), User.organisation_id.in_(known))
    if wanted - coordinated:
        condition = sa.or_(condition, secretariat_condition())
    return condition


def decidable_proposals(user):
    """SQL condition: proposals with a side still waiting for `user`'s decision.

    Coordinators: undecided sides of their organisation. Secretariat: undecided sides
    of organisations without a coordinator, and of independent members. Someone who
    is both gets both.
    """
    from ..auth.models import User
    from ..matches.models import Proposal

    own = my_organisation(user)
    staff = is_staff(user)

    def side(org_column, decision_column):
        mine = []
        if own is not None:
            mine.append(org_column == own)
        if staff:
            without_coordinator = (
                ~sa.select(User.id).where(coordinators_of(org_column)).exists()
            )
            mine.append(sa.or_(org_column.is_(None), without_coordinator))
        if not mine:
            return sa.false()
        return sa.and_(decision_column.is_(None), sa.or_(*mine))

    return sa.and_(
        Proposal.status == "awaiting_approval",
        sa.or_(
            side(Proposal.mentee_organisation_id, Proposal.mentee_org_decision),
            side(Proposal.mentor_organisation_id, Proposal.mentor_org_decision),
        ),
    )


def reachable_proposals(user):
    """SQL condition: released proposals a decider may list in her approval queue.

    Secretariat: all of them. Coordinators: those involving a member of their
    organisation, either side. Anyone else: none (their offers are shown elsewhere).
    """
    from ..matches.models import Proposal

    released = Proposal.status.notin_(["draft", "removed"])
    if is_staff(user):
        return released
    own = my_organisation(user)
    if own is not None:
        return sa.and_(
            released,
            sa.or_(
                Proposal.mentee_organisation_id == own,
                Proposal.mentor_organisation_id == own,
            ),
        )
    return sa.false()


def can_view_proposal(user, proposal):
    """A proposal: its two people, the coordinators of either side, the Secretariat."""
    if not user.is_authenticated:
        return False
    people = {
        proposal.mentee_enrolment.user_id,
        proposal.mentor_enrolment.user_id,
    }
    return (
        user.id in people
        or is_staff(user)
        or coordinates(user, proposal.mentee_organisation_id)
        or coordinates(user, proposal.mentor_organisation_id)
    )


# --- Offers to the pair ------------------------------------------------------------


def _enrolment(proposal, role):
    return proposal.mentee_enrolment if role == "mentee" else proposal.mentor_enrolment


def is_party_to(user, proposal):
    """One of the two people the proposal pairs."""
    return user.is_authenticated and any(
        _enrolment(proposal, role).user_id == user.id for role in SIDES
    )


def can_view_offer(user, proposal):
    """An offer is addressed to the pair, once both organisations approved."""
    released = proposal.status not in ("draft", "awaiting_approval")
    return released and is_party_to(user, proposal)


def can_answer_offer(user, proposal, role):
    """Only the mentee answers for the mentee side, the mentor for hers."""
    return user.is_authenticated and _enrolment(proposal, role).user_id == user.id
