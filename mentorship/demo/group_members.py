"""The way into the demo's working groups: what waits for the runners.

`seed_groups` seats the chairs, champions, members, the liaison and a past member
of each group. Here, for "Role Models & Mentors" (chaired by Lucía,
lucia.mentor@…): a pending nomination by an organisation's leader, a pending
request to join from a person of another organisation, and an earlier request
the chair declined. Amina (amina.mentee@…) is left free, so that the leader of
WIM South Africa (coordinator@wim-south-africa.example.org) can nominate her.

Deterministic (people in id order, organisations by slug) and idempotent: a group
that already has requests is left as it is.
"""

from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships
from ..core.models import Body, Membership
from ..db import db, utcnow
from ..groups.members_models import GroupRequest
from ..groups.models import WorkingGroup
from ..organisations.models import Organisation, OrganisationStatus
from .groups import AMINA, LUCIA
from .plan import STAFF_DOMAIN

GROUP = "role-models-mentors"
NOTE = (
    "She has mentored six early-career engineers at our member companies and"
    " would like to help shape the Alliance's mentoring review."
)
MOTIVATION = (
    "I coordinate a mentoring circle for women geologists and would like to"
    " share what worked, and learn from the other organisations."
)
DECLINED_MOTIVATION = "I would like to follow the group's work."
DECLINED_REASON = (
    "The group is full until its next review; please join the round tables"
    " meanwhile, and ask again in the spring."
)


def seed_group_members(random_state=7):
    """Add the pending nomination and request (and a declined one); flushes, the
    caller commits."""
    group = db.session.scalar(
        sa.select(WorkingGroup).join(Body).where(Body.slug == GROUP)
    )
    if group is None or _has_requests(group):
        return
    chair = db.session.scalar(sa.select(User).where(User.email == LUCIA))
    inside = set(
        db.session.scalars(
            sa.select(Membership.user_id).where(Membership.body_id == group.body_id)
        )
    )
    free = [
        p
        for p in _people()
        if p.id not in inside
        and p.email != AMINA
        and not p.email.endswith(f"@{STAFF_DOMAIN}")
        and not p.email.startswith("coordinator@")  # leaders: they nominate
    ]
    now = utcnow()
    nomination = _nomination(group, free, now)
    if nomination is not None:
        free = [p for p in free if p.organisation_id != nomination.organisation_id]
    if free:
        _request(group, free[0], MOTIVATION, now - timedelta(days=2))
    others = [p for p in free if free and p.organisation_id != free[0].organisation_id]
    if others and chair is not None:
        _request(
            group,
            others[-1],
            DECLINED_MOTIVATION,
            now - timedelta(days=40),
            declined_by=chair,
        )
    db.session.flush()


def _has_requests(group):
    return (
        db.session.scalar(
            sa.select(GroupRequest.id).where(GroupRequest.group_id == group.id).limit(1)
        )
        is not None
    )


def _nomination(group, free, now):
    """One organisation's leader nominates one of its free people as a champion."""
    leaders = db.session.execute(
        sa.select(Organisation, User)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .join(User, User.id == Membership.user_id)
        .where(
            Organisation.status == OrganisationStatus.MEMBER,
            memberships.holding("leader"),
            Organisation.slug != "wim-south-africa",  # Amina's: her demo
        )
        .order_by(Organisation.slug)
    ).all()
    for organisation, leader in leaders:
        nominee = next(
            (
                p
                for p in free
                if p.organisation_id == organisation.id and p.id != leader.id
            ),
            None,
        )
        if nominee is None:
            continue
        made = GroupRequest(
            group_id=group.id,
            user_id=nominee.id,
            organisation_id=organisation.id,
            kind="nomination",
            position="champion",
            note=NOTE,
            created_by_id=leader.id,
            created_at=now - timedelta(days=3),
        )
        db.session.add(made)
        return made
    return None


def _request(group, person, motivation, when, declined_by=None):
    made = GroupRequest(
        group_id=group.id,
        user_id=person.id,
        organisation_id=person.organisation_id,
        kind="request",
        note=motivation,
        created_by_id=person.id,
        created_at=when,
    )
    if declined_by is not None:
        made.status = "declined"
        made.decided_at = when + timedelta(days=5)
        made.decided_by_id = declined_by.id
        made.decision_reason = DECLINED_REASON
    db.session.add(made)
    return made


def _people():
    """People of member organisations, in id order (deterministic)."""
    return db.session.scalars(
        sa.select(User)
        .join(User.organisation)
        .where(
            Organisation.status == OrganisationStatus.MEMBER,
            User.erased_at.is_(None),
        )
        .order_by(User.id)
    ).all()
