"""Who hears what, when a proposal moves. Each email in its recipient's language."""

from collections import defaultdict

import sqlalchemy as sa

from ..auth.models import RoleGrant, User
from ..core import memberships
from ..db import db
from ..email import send_email


def _coordinators(organisation_id):
    if organisation_id is None:
        return []
    return db.session.scalars(
        sa.select(User).where(
            User.id.in_(
                memberships.holders("coordinator", organisation_id=organisation_id)
            )
        )
    ).all()


def _secretariat():
    return db.session.scalars(
        sa.select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == "secretariat")
    ).all()


def deciders(organisation_id):
    """Coordinators of the organisation, or the Secretariat standing in."""
    return _coordinators(organisation_id) or _secretariat()


def proposals_released(proposals):
    """One digest per decider: how many proposals wait for her approval."""
    waiting = defaultdict(int)
    people = {}
    for proposal in proposals:
        sides = {proposal.mentee_organisation_id, proposal.mentor_organisation_id}
        for organisation_id in sides:
            for person in deciders(organisation_id):
                waiting[person.id] += 1
                people[person.id] = person
    for person_id, count in waiting.items():
        send_email(
            people[person_id],
            "proposals_waiting",
            person=people[person_id],
            count=count,
        )


def offer(proposal):
    """Both people are told of the proposed pairing and asked to answer."""
    for role in ("mentee", "mentor"):
        person = getattr(proposal, f"{role}_enrolment").user
        send_email(person, "offer", person=person, proposal=proposal, role=role)


def mentorship_started(mentorship):
    """The introduction: each gets the other's name and email address."""
    pairs = (
        (mentorship.mentee, mentorship.mentor, "mentee"),
        (mentorship.mentor, mentorship.mentee, "mentor"),
    )
    for person, partner, role in pairs:
        send_email(
            person,
            "mentorship_started",
            person=person,
            partner=partner,
            role=role,
            mentorship=mentorship,
        )


def declined(proposal, declined_by):
    """The other person learns, kindly, that this pairing will not go ahead."""
    other = "mentor" if declined_by == "mentee" else "mentee"
    person = getattr(proposal, f"{other}_enrolment").user
    send_email(person, "proposal_declined", person=person, proposal=proposal)


def expired(proposal):
    for role in ("mentee", "mentor"):
        person = getattr(proposal, f"{role}_enrolment").user
        send_email(person, "proposal_expired", person=person, proposal=proposal)


def reminder(proposal):
    """A nudge to whoever still has to act on the proposal."""
    if proposal.status == "offered":
        for role in ("mentee", "mentor"):
            if getattr(proposal, f"{role}_answer") is None:
                person = getattr(proposal, f"{role}_enrolment").user
                send_email(person, "offer_reminder", person=person, proposal=proposal)
        return
    for side in ("mentee", "mentor"):
        if getattr(proposal, f"{side}_org_decision") is None:
            for person in deciders(getattr(proposal, f"{side}_organisation_id")):
                send_email(
                    person, "approval_reminder", person=person, proposal=proposal
                )
