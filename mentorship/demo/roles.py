"""Demo roles: most member organisations name a leader (their coordinator), a voting
delegate, an alternate, a data submitter and an event contact among their members;
the last two by slug have no delegate yet (the Secretariat's list shows them, and
their leader can name one); a few organisations keep past terms as history.

Idempotent: a position already held (open term) is left as it is, and history is
added only to an organisation without ended terms.
"""

import random
from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships
from ..core.models import Membership
from ..db import db
from ..organisations.models import Organisation, OrganisationStatus
from .pairs import AMINA, LUCIA

WITHOUT_DELEGATE = 2
SINCE_DAYS = (420, 180, 60)  # terms began some months ago
PAST_TERM_DAYS = 730  # an earlier delegate's term, ended when the current began
SPEAKERS = ("voting_delegate", "alternate_delegate")
OTHERS = ("data_submitter", "event_contact")


def seed_roles(random_state=7):
    """Name the demo organisations' roles; flushes, the caller commits."""
    rng = random.Random(random_state)
    organisations = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.status == OrganisationStatus.MEMBER)
        .order_by(Organisation.slug)
    ).all()
    for index, org in enumerate(organisations):
        people = _people(org, rng)
        with_delegate = index < len(organisations) - WITHOUT_DELEGATE
        since = memberships.today() - timedelta(days=rng.choice(SINCE_DAYS))
        if people:
            _name_roles(org, people, with_delegate, since)
            if with_delegate and index % 3 == 0:
                _past_terms(org, people, since)


def _people(org, rng):
    """Her members who may hold its roles, the coordinator first, the others in a
    seeded order (not Amina or Lucía: their demo is mentoring)."""
    members = db.session.scalars(
        sa.select(User)
        .where(
            User.organisation_id == org.id,
            User.erased_at.is_(None),
            User.email.not_in((AMINA, LUCIA)),
        )
        .order_by(User.id)
    ).all()
    coordinators = [u for u in members if u.email.startswith("coordinator@")]
    others = [u for u in members if u not in coordinators]
    rng.shuffle(others)
    return coordinators + others


def _name_roles(org, people, with_delegate, since):
    coordinator = people[0] if people[0].email.startswith("coordinator@") else None
    leader = coordinator or people[0]
    pool = [p for p in people if p is not leader] or [leader]
    plan = [("leader", leader)]
    if with_delegate:
        plan += [(position, pool[n % len(pool)]) for n, position in enumerate(SPEAKERS)]
    plan += [(position, pool[(n + 2) % len(pool)]) for n, position in enumerate(OTHERS)]
    for position, person in plan:
        if _held(org, position):
            continue
        memberships.start(person, position, organisation=org, starts_on=since)


def _held(org, position):
    return (
        db.session.scalar(
            sa.select(Membership.id).where(
                Membership.organisation_id == org.id,
                Membership.position == position,
                Membership.ends_on.is_(None),
            )
        )
        is not None
    )


def _past_terms(org, people, since):
    """An earlier voting delegate and event contact, whose terms ended when the
    current ones began (history rows, written as they were)."""
    ended_any = db.session.scalar(
        sa.select(Membership.id).where(
            Membership.organisation_id == org.id, Membership.ends_on.is_not(None)
        )
    )
    if ended_any is not None:
        return
    began = since - timedelta(days=PAST_TERM_DAYS)
    db.session.add_all(
        Membership(
            user_id=people[-1].id,
            organisation_id=org.id,
            position=position,
            starts_on=began,
            ends_on=since,
        )
        for position in ("voting_delegate", "event_contact")
    )
    db.session.flush()
