"""Who speaks for the member organisations today: the one query the features that
write to them (positions, decisions, consultations, the AGM) refine."""

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships
from ..core.models import Membership
from ..organisations.models import Organisation

SPEAKERS = ("voting_delegate", "alternate_delegate")


def voices(positions=SPEAKERS, *columns):
    """SELECT (person, organisation, *columns) for each current holder of one of
    `positions` in a member organisation, her account not erased, by organisation
    name then person; callers add their own conditions."""
    return (
        sa.select(User, Organisation, *columns)
        .join(Membership, Membership.user_id == User.id)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(
            Membership.position.in_(positions),
            memberships.current(),
            Organisation.status == "member",
            User.erased_at.is_(None),
        )
        .order_by(Organisation.name, User.id)
    )
