"""Proxies: an organisation hands its vote, for one decision or for an AGM, to another
organisation's voting delegate, until it expires or is revoked.

One proxy in force per organisation and scope (a partial unique index); a holder
carries at most DECISIONS_PROXY_CAP proxies per scope, counted under a lock on her
row so that two organisations handing her their votes at once cannot pass the cap.
Every grant and revocation is audited: who, when, scope, expiry.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..auth.models import User
from ..core.transitions import update_if
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..roles.voices import voices
from . import notify
from .models import DecisionStatus, Proxy, ProxyScope
from .services import DecisionError

DEFAULT_CAP = 2
AGM_OVERRUN = timedelta(hours=12)
"""An AGM proxy lasts past the session's planned end: meetings run over."""


def cap():
    """How many proxies one delegate may hold for one decision or AGM."""
    return current_app.config.get("DECISIONS_PROXY_CAP", DEFAULT_CAP)


def holder_organisation(holder, organisation):
    """The member organisation (other than `organisation`) she speaks for, or None."""
    query = (
        voices()
        .with_only_columns(Organisation.id, maintain_column_froms=True)
        .where(User.id == holder.id, Organisation.id != organisation.id)
        .order_by(None)
        .order_by(Organisation.id)
        .limit(1)
    )
    found = db.session.scalar(query)
    return db.session.get(Organisation, found) if found is not None else None


def grant(organisation, holder, by, *, decision=None, session=None, expires_at=None):
    """Hand `organisation`'s vote to `holder` for `decision` (or every decision of
    the AGM `session`) until `expires_at` (its close, or the AGM's end)."""
    scope, ends = _scope(decision, session)
    expires_at = expires_at or ends
    if not isinstance(expires_at, datetime) or not utcnow() < expires_at <= ends:
        raise DecisionError(
            _l("A proxy ends after now and no later than the vote: nothing changed.")
        )
    if holder is None or holder.erased_at is not None:
        raise DecisionError(_l("Choose the delegate who will hold your proxy."))
    if holder.id == by.id:
        raise DecisionError(
            _l("A proxy goes to someone else: you cannot hand the vote to yourself.")
        )
    held_for = holder_organisation(holder, organisation)
    if held_for is None:
        raise DecisionError(
            _l("A proxy goes to the voting delegate of another member organisation.")
        )
    _lock(holder)
    if _held(holder, scope, decision, session) >= cap():
        raise DecisionError(
            _l(
                "She already holds %(cap)s proxies for this vote, the most one"
                " delegate may hold: nothing changed.",
                cap=cap(),
            )
        )
    proxy = Proxy(
        scope=scope,
        decision_id=getattr(decision, "id", None),
        session_id=getattr(session, "id", None),
        organisation_id=organisation.id,
        holder_id=holder.id,
        holder_organisation_id=held_for.id,
        granted_by_id=by.id,
        granted_at=utcnow(),
        expires_at=expires_at,
    )
    try:
        with db.session.begin_nested():
            db.session.add(proxy)
    except IntegrityError:
        raise DecisionError(
            _l(
                "Your organisation has already handed its vote here: revoke that"
                " proxy first."
            )
        ) from None
    record(proxy, "proxy_granted", actor=by, to_state=scope, data=_audit(proxy))
    notify.proxy_granted(proxy)
    return proxy


def _scope(decision, session):
    if (decision is None) == (session is None):
        raise ValueError("a proxy is for one decision or one AGM")
    if decision is not None:
        if decision.status not in (DecisionStatus.DRAFT, DecisionStatus.OPEN):
            raise DecisionError(_l("This vote is closed: nothing changed."))
        if decision.closes_at is None:
            raise DecisionError(_l("This vote has no closing time yet."))
        return ProxyScope.DECISION, decision.closes_at
    ends = session.ends_at + AGM_OVERRUN
    if ends <= utcnow():
        raise DecisionError(_l("This AGM is over: nothing changed."))
    return ProxyScope.AGM, ends


def _lock(holder):
    db.session.execute(sa.select(User.id).where(User.id == holder.id).with_for_update())


def _held(holder, scope, decision, session):
    target = (
        Proxy.decision_id == decision.id
        if scope == ProxyScope.DECISION
        else Proxy.session_id == session.id
    )
    return db.session.scalar(
        sa.select(sa.func.count(Proxy.id)).where(
            Proxy.holder_id == holder.id,
            Proxy.scope == scope,
            target,
            Proxy.revoked_at.is_(None),
            Proxy.expires_at > utcnow(),
        )
    )


def _audit(proxy):
    return {
        "scope": proxy.scope,
        "decision_id": proxy.decision_id,
        "session_id": proxy.session_id,
        "organisation_id": proxy.organisation_id,
        "holder_id": proxy.holder_id,
        "holder_organisation_id": proxy.holder_organisation_id,
        "expires_at": proxy.expires_at.isoformat(),
    }


def revoke(proxy, by):
    """End a proxy now (its organisation takes its vote back); audited."""
    won = update_if(
        Proxy,
        proxy,
        Proxy.revoked_at.is_(None),
        revoked_at=utcnow(),
        revoked_by_id=by.id,
    )
    if not won:
        raise DecisionError(_l("This proxy was already revoked."))
    record(proxy, "proxy_revoked", actor=by, data=_audit(proxy))
    return proxy


def in_force(decision, *, holder_id=None, organisation_id=None, now=None):
    """SELECT of the proxies in force for `decision` (its own, or its AGM's)."""
    now = now or utcnow()
    scopes = [
        sa.and_(Proxy.scope == ProxyScope.DECISION, Proxy.decision_id == decision.id)
    ]
    if decision.session_id is not None:
        scopes.append(
            sa.and_(
                Proxy.scope == ProxyScope.AGM,
                Proxy.session_id == decision.session_id,
            )
        )
    query = sa.select(Proxy).where(
        sa.or_(*scopes), Proxy.revoked_at.is_(None), Proxy.expires_at > now
    )
    if holder_id is not None:
        query = query.where(Proxy.holder_id == holder_id)
    if organisation_id is not None:
        query = query.where(Proxy.organisation_id == organisation_id)
    return query.order_by(Proxy.id)


def held_by(user, decision):
    """The proxies she holds for `decision`, in force now."""
    return db.session.scalars(in_force(decision, holder_id=user.id)).all()


def given_by(organisation_id, decision):
    """The proxy `organisation` has handed for `decision`, or None."""
    return db.session.scalars(
        in_force(decision, organisation_id=organisation_id)
    ).first()
