"""Reading the AGM: which AGM a URL names, who is present, the quorum, the
delegates and the proxies."""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..auth.models import User
from ..core import memberships
from ..core.models import Membership
from ..db import db, utcnow
from ..decisions.counting import quorum_needed
from ..decisions.models import Decision, Proxy, ProxyScope
from ..organisations.models import Organisation
from ..roles.voices import SPEAKERS, member_count, voices
from .models import Agm, AgmCheckIn, AgmStatus

MIN_YEAR, MAX_YEAR = 2000, 2100


def agm_by_ref(ref):
    """The AGM of that year, else with that id, else None."""
    if not isinstance(ref, int):
        return None
    if MIN_YEAR <= ref <= MAX_YEAR:
        found = db.session.scalar(sa.select(Agm).where(Agm.year == ref))
        if found is not None:
            return found
    return db.session.get(Agm, ref)


def agm_of_session(session_id):
    """The AGM held as this event session, or None."""
    if session_id is None:
        return None
    return db.session.scalar(sa.select(Agm).where(Agm.session_id == session_id))


def all_agms():
    """Every AGM, the latest first."""
    return db.session.scalars(sa.select(Agm).order_by(Agm.year.desc())).all()


def upcoming(now=None):
    """The AGMs not closed yet whose session has not ended, soonest first."""
    from ..events.models import EventSession

    now = now or utcnow()
    return db.session.scalars(
        sa.select(Agm)
        .join(EventSession, EventSession.id == Agm.session_id)
        .where(Agm.status != AgmStatus.CLOSED, EventSession.ends_at > now)
        .order_by(EventSession.starts_at)
    ).all()


def checkins(agm):
    """The AGM's check-ins, by organisation name."""
    return db.session.scalars(
        sa.select(AgmCheckIn)
        .join(Organisation, Organisation.id == AgmCheckIn.organisation_id)
        .where(AgmCheckIn.agm_id == agm.id)
        .order_by(Organisation.name)
        .options(selectinload(AgmCheckIn.delegate))
    ).all()


def checked_in_ids(agm):
    """Ids of the member organisations checked in (a set)."""
    return set(
        db.session.scalars(
            sa.select(AgmCheckIn.organisation_id)
            .join(Organisation, Organisation.id == AgmCheckIn.organisation_id)
            .where(AgmCheckIn.agm_id == agm.id, Organisation.status == "member")
        )
    )


def agm_proxies(agm, in_force_only=True, now=None):
    """The AGM's proxies (in force now, or all of them for the audit list)."""
    query = sa.select(Proxy).where(
        Proxy.scope == ProxyScope.AGM, Proxy.session_id == agm.session_id
    )
    if in_force_only:
        query = query.where(
            Proxy.revoked_at.is_(None), Proxy.expires_at > (now or utcnow())
        )
    people = (Proxy.organisation, Proxy.holder, Proxy.holder_organisation)
    query = query.options(*(selectinload(link) for link in people))
    return db.session.scalars(query.order_by(Proxy.granted_at, Proxy.id)).all()


def moment(agm, now=None):
    """When the AGM's presence is read: now, or its end once it is over (its
    proxies expire then, and a past AGM shows the quorum it had)."""
    now = now or utcnow()
    return min(now, agm.session.ends_at - timedelta(seconds=1))


def represented_ids(agm, now=None):
    """Ids of the member organisations whose AGM proxy is held by a delegate who
    is checked in (a set)."""
    now = moment(agm, now)
    present_delegates = sa.select(AgmCheckIn.delegate_id).where(
        AgmCheckIn.agm_id == agm.id, AgmCheckIn.delegate_id.is_not(None)
    )
    return set(
        db.session.scalars(
            sa.select(Proxy.organisation_id)
            .join(Organisation, Organisation.id == Proxy.organisation_id)
            .where(
                Proxy.scope == ProxyScope.AGM,
                Proxy.session_id == agm.session_id,
                Proxy.revoked_at.is_(None),
                Proxy.expires_at > now,
                Proxy.holder_id.in_(present_delegates),
                Organisation.status == "member",
            )
        )
    )


def present_ids(agm, now=None):
    """Ids of the member organisations present or represented (a set)."""
    return checked_in_ids(agm) | represented_ids(agm, now)


@dataclass
class Quorum:
    """What the AGM page shows: present, members, needed, reached."""

    present: int
    checked_in: int
    represented: int
    members: int
    needed: int
    percent: int
    ids: frozenset = frozenset()  # the organisations present or represented

    @property
    def reached(self):
        return self.present >= self.needed and self.present > 0


def quorum(agm, now=None):
    """The quorum now: organisations present (checked in or represented by a
    proxy held by a checked-in delegate) out of the member organisations."""
    checked, represented = checked_in_ids(agm), represented_ids(agm, now)
    members = member_count()
    return Quorum(
        present=len(checked | represented),
        checked_in=len(checked),
        represented=len(represented - checked),
        members=members,
        needed=quorum_needed(members, agm.quorum_percent),
        percent=agm.quorum_percent,
        ids=frozenset(checked | represented),
    )


def with_decisions(items):
    """Read the decisions of these agenda items in one statement and hand each
    item its own."""
    ids = {item.decision_id for item in items if item.decision_id is not None}
    if ids:
        found = db.session.scalars(sa.select(Decision).where(Decision.id.in_(ids)))
        by_id = {decision.id: decision for decision in found}
        for item in items:
            if item.decision_id is not None:
                set_committed_value(item, "decision", by_id[item.decision_id])
    return items


def delegates_of(organisation_id):
    """(person, position) of its current voting delegate and alternate."""
    return db.session.execute(
        sa.select(User, Membership.position)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.organisation_id == organisation_id,
            Membership.position.in_(SPEAKERS),
            memberships.current(),
            User.erased_at.is_(None),
        )
        .order_by(Membership.position.desc(), User.name)
    ).all()


def delegates_by_organisation(ids=None):
    """{organisation id: [(person, position)]} of the current delegates and
    alternates (of `ids` if given), in one query."""
    query = (
        sa.select(Membership.organisation_id, User, Membership.position)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.position.in_(SPEAKERS),
            memberships.current(),
            User.erased_at.is_(None),
        )
        .order_by(Membership.position.desc(), User.name)
    )
    if ids is not None:
        query = query.where(Membership.organisation_id.in_(ids or [-1]))
    found = {}
    for organisation_id, person, position in db.session.execute(query):
        found.setdefault(organisation_id, []).append((person, position))
    return found


def delegate_position(person, organisation_id):
    """Her current delegate position in that organisation, or None."""
    for user, position in delegates_of(organisation_id):
        if user.id == person.id:
            return position
    return None


def speakers_elsewhere(organisation_id):
    """(person, organisation) of every current delegate or alternate of the other
    member organisations: who may hold a proxy."""
    query = voices().where(Organisation.id != organisation_id)
    return db.session.execute(query).all()
