"""The member organisations and who speaks for them today: the queries the features
that write to them (positions, decisions, consultations, the AGM) share and refine."""

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from ..auth.models import User
from ..core import memberships
from ..core.models import Membership
from ..db import db
from ..organisations.models import Organisation
from ..policy.constituents import SPEAKERS

__all__ = ["SPEAKERS", "member_count", "member_organisations", "voices"]


def member_organisations(ids=None, names_only=False):
    """The member organisations (of `ids` only, when given), by name;
    `names_only`: without their descriptions (a notice that names them)."""
    query = sa.select(Organisation).where(Organisation.status == "member")
    if names_only:
        query = query.options(lazyload(Organisation.description))
    if ids is not None:
        if not ids:
            return []
        query = query.where(Organisation.id.in_(list(ids)))
    return db.session.scalars(query.order_by(Organisation.name)).all()


def member_count():
    """How many member organisations there are today (an electorate, a quorum's
    base)."""
    return db.session.scalar(
        sa.select(sa.func.count(Organisation.id)).where(Organisation.status == "member")
    )


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
