"""What the decisions' pages read: the archive, participation, what awaits an
organisation's answer, and the Secretariat's lists."""

import sqlalchemy as sa
from sqlalchemy.orm import lazyload, selectinload
from sqlalchemy.orm.attributes import set_committed_value as loaded

from ..auth.models import User
from ..core.models import Membership
from ..core.pagination import paginate
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..roles.voices import SPEAKERS, member_count, member_organisations, voices
from . import counting, proxies
from .models import Ballot, Decision, DecisionStatus, Participation, Proxy

PER_PAGE = 20
PUBLIC_STATUSES = (
    DecisionStatus.OPEN,
    DecisionStatus.CLOSED,
    DecisionStatus.CANCELLED,
)
ADMIN_STATUSES = (DecisionStatus.DRAFT, *PUBLIC_STATUSES)


def archive(page):
    """Open decisions first (closing soonest), then the closed and cancelled ones,
    latest first."""
    open_first = sa.case((Decision.status == DecisionStatus.OPEN, 0), else_=1)
    query = (
        sa.select(Decision)
        .where(Decision.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Decision.options))
        .order_by(
            open_first,
            sa.case(
                (Decision.status == DecisionStatus.OPEN, Decision.closes_at),
                else_=None,
            ),
            sa.func.coalesce(Decision.closed_at, Decision.created_at).desc(),
            Decision.id.desc(),
        )
    )
    return paginate(query, page, PER_PAGE)


def admin_list(status, page):
    """Every decision (drafts included), of one status or all, newest first."""
    query = sa.select(Decision).order_by(Decision.id.desc())
    if status:
        query = query.where(Decision.status == status)
    return paginate(query, page, PER_PAGE)


def participation_counts(ids):
    """{decision id: how many organisations answered}."""
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Participation.decision_id, sa.func.count(Participation.id))
        .where(Participation.decision_id.in_(ids))
        .group_by(Participation.decision_id)
    ).all()
    counts = dict.fromkeys(ids, 0)
    counts.update(dict(rows))
    return counts


def electorate(decision):
    """The quorum's base: frozen when it opened, else today's member count."""
    if decision.electorate_size is not None:
        return decision.electorate_size
    return member_count()


def quorum_needed(decision):
    return counting.quorum_needed(electorate(decision), decision.quorum_percent)


def participation_of(decision, organisation_id):
    return db.session.scalar(
        sa.select(Participation).where(
            Participation.decision_id == decision.id,
            Participation.organisation_id == organisation_id,
        )
    )


def published_ballots(decision):
    """After close: every ballot's receipt and choices, in receipt order (which
    follows no voter)."""
    return db.session.scalars(
        sa.select(Ballot)
        .where(Ballot.decision_id == decision.id)
        .order_by(Ballot.receipt)
    ).all()


def participation_table(decision):
    """(organisation, its participation or None, its open ballot's choices or
    None) for every member organisation, and every organisation that answered.
    Choices only for an open ballot, and only once closed."""
    answered = {
        p.organisation_id: p
        for p in db.session.scalars(
            sa.select(Participation).where(Participation.decision_id == decision.id)
        )
    }
    organisations = db.session.scalars(
        sa.select(Organisation)
        .where(
            sa.or_(
                Organisation.status == "member",
                Organisation.id.in_(list(answered) or [0]),
            )
        )
        .order_by(Organisation.name)
    ).all()
    choices = {}
    if decision.is_closed and not decision.secret:
        choices = dict(
            db.session.execute(
                sa.select(Ballot.organisation_id, Ballot.choices).where(
                    Ballot.decision_id == decision.id
                )
            ).all()
        )
    return [(o, answered.get(o.id), choices.get(o.id)) for o in organisations]


def proxies_of(decision):
    """Every proxy handed for this decision (revoked and expired too): the audit.
    Its organisations and people are read in one statement each."""
    found = db.session.scalars(
        sa.select(Proxy)
        .where(Proxy.decision_id == decision.id)
        .order_by(Proxy.granted_at, Proxy.id)
    ).all()
    ids = {p.organisation_id for p in found} | {p.holder_organisation_id for p in found}
    organisations = {
        o.id: o
        for o in db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(ids))
        )
    }
    named = people({p.holder_id for p in found} | {p.granted_by_id for p in found})
    for proxy in found:  # each proxy holds its own (as loaded, not as a change)
        holder_organisation = organisations[proxy.holder_organisation_id]
        loaded(proxy, "organisation", organisations[proxy.organisation_id])
        loaded(proxy, "holder_organisation", holder_organisation)
        loaded(proxy, "holder", named.get(proxy.holder_id))
        loaded(proxy, "granted_by", named.get(proxy.granted_by_id))
    return found


def people(ids):
    """{id: person} for these people, read in one statement without what a User
    eagerly brings (memberships, profile, roles): pages that name them read names."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    query = sa.select(User).where(User.id.in_(ids)).options(lazyload("*"))
    return {person.id: person for person in db.session.scalars(query)}


def open_decisions():
    return db.session.scalars(
        sa.select(Decision)
        .where(Decision.status == DecisionStatus.OPEN, Decision.closes_at > utcnow())
        .order_by(Decision.closes_at, Decision.id)
    ).all()


def answered_ids(decision_ids, organisation_ids):
    """{(decision id, organisation id)} already answered."""
    if not decision_ids or not organisation_ids:
        return set()
    return set(
        db.session.execute(
            sa.select(Participation.decision_id, Participation.organisation_id).where(
                Participation.decision_id.in_(decision_ids),
                Participation.organisation_id.in_(organisation_ids),
            )
        ).all()
    )


def awaiting(user, organisation_ids):
    """What awaits her: [(decision, organisation, proxy or None)] for each open
    decision one of her member organisations has not answered, and each one whose
    proxy she holds."""
    decisions = open_decisions()
    if not decisions:
        return []
    own = member_organisations(organisation_ids)
    held = db.session.scalars(
        sa.select(Proxy).where(
            Proxy.holder_id == user.id,
            Proxy.decision_id.in_([d.id for d in decisions]),
            Proxy.revoked_at.is_(None),
            Proxy.expires_at > utcnow(),
        )
    ).all()
    done = answered_ids(
        [d.id for d in decisions],
        [o.id for o in own] + [p.organisation_id for p in held],
    )
    rows = [
        (decision, organisation, None)
        for decision in decisions
        for organisation in own
        if (decision.id, organisation.id) not in done
    ]
    by_id = {d.id: d for d in decisions}
    rows += [
        (by_id[p.decision_id], p.organisation, p)
        for p in held
        if (p.decision_id, p.organisation_id) not in done
    ]
    return rows


def holders(organisation):
    """(person, her organisation, position) for each current delegate or
    alternate of another member organisation: whom a proxy may go to."""
    query = (
        voices(SPEAKERS, Membership.position)
        .where(Organisation.id != organisation.id)
        .order_by(None)
        .order_by(Organisation.name, Membership.position.desc(), User.id)
    )
    return db.session.execute(query).all()


def given(decision, organisation_id):
    return proxies.given_by(organisation_id, decision)


def awaiting_for(organisation):
    """The open decisions `organisation` has not answered."""
    decisions = open_decisions()
    done = answered_ids([d.id for d in decisions], [organisation.id])
    return [d for d in decisions if (d.id, organisation.id) not in done]


def cancel_reason(decision):
    """The Secretariat's reason for cancelling (kept with the audit row)."""
    from ..audit.models import AuditEvent

    if decision.status != DecisionStatus.CANCELLED:
        return None
    return db.session.scalar(
        sa.select(AuditEvent.reason)
        .where(
            AuditEvent.entity_type == Decision.__tablename__,
            AuditEvent.entity_id == decision.id,
            AuditEvent.action == DecisionStatus.CANCELLED,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
