"""Memberships with terms: a person x an organisation or a body x a position.

History is kept: `end` sets the end date, nothing is deleted. "Current" is a query
(`current()`): started on or before today and not ended by today. Every start and
end has its audit row. The coordinator role is the position 'coordinator' in her
organisation (`User.roles` derives it from her current memberships).
"""

import sqlalchemy as sa

from ..audit import record
from ..db import db, utcnow
from .models import BODY_POSITIONS, ORGANISATION_POSITIONS, Membership


def today():
    """The date terms are counted in (UTC, like every stored time)."""
    return utcnow().date()


def current(on=None):
    """SQL condition: memberships in force on `on` (default today)."""
    on = on or today()
    return sa.and_(
        Membership.starts_on <= on,
        sa.or_(Membership.ends_on.is_(None), Membership.ends_on > on),
    )


def holding(position, *, organisation_id=None, body_id=None, on=None):
    """SQL condition: current memberships in `position` (of that organisation or
    body, a value or a column, when given)."""
    conditions = [Membership.position == position, current(on)]
    if organisation_id is not None:
        conditions.append(Membership.organisation_id == organisation_id)
    if body_id is not None:
        conditions.append(Membership.body_id == body_id)
    return sa.and_(*conditions)


def holders(position, *, organisation_id=None, body_id=None, on=None):
    """SELECT of the ids of the people currently in `position`."""
    condition = holding(
        position, organisation_id=organisation_id, body_id=body_id, on=on
    )
    return sa.select(Membership.user_id).where(condition)


def of(user, *, on=None, position=None):
    """Her memberships, current ones only when `on` is given, newest first."""
    query = sa.select(Membership).where(Membership.user_id == user.id)
    if on is not None:
        query = query.where(current(on))
    if position is not None:
        query = query.where(Membership.position == position)
    return db.session.scalars(
        query.order_by(Membership.starts_on.desc(), Membership.id.desc())
    ).all()


def start(user, position, *, organisation=None, body=None, starts_on=None, actor=None):
    """Give `user` a position in an organisation or a body from `starts_on` (today);
    returns the open membership (the existing one when she already holds it)."""
    organisation_id, body_id = _holder(position, organisation, body)
    existing = _open(user.id, position, organisation_id, body_id)
    if existing is not None:
        return existing
    membership = Membership(
        user_id=user.id,
        organisation_id=organisation_id,
        body_id=body_id,
        position=position,
        starts_on=starts_on or today(),
    )
    db.session.add(membership)
    db.session.flush()
    record(
        membership,
        "membership_started",
        actor=actor,
        to_state=position,
        data=_where(membership),
    )
    _refresh(user)
    return membership


def end(membership, *, ends_on=None, actor=None, reason=""):
    """End a term on `ends_on` (today); the row stays as history. False if ended."""
    if membership.ends_on is not None:
        return False
    membership.ends_on = max(ends_on or today(), membership.starts_on)
    db.session.flush()
    record(
        membership,
        "membership_ended",
        actor=actor,
        from_state=membership.position,
        reason=reason,
        data=_where(membership),
    )
    _refresh_id(membership.user_id)
    return True


def shorten(membership, ends_on, *, actor=None, reason=""):
    """End a term with a planned end (a committee seat's) earlier, on `ends_on`;
    False when it already ends by then. `end` is for open terms."""
    ends_on = max(ends_on, membership.starts_on)
    if membership.ends_on is not None and membership.ends_on <= ends_on:
        return False
    membership.ends_on = ends_on
    db.session.flush()
    record(
        membership,
        "membership_ended",
        actor=actor,
        from_state=membership.position,
        reason=reason,
        data=_where(membership),
    )
    _refresh_id(membership.user_id)
    return True


def end_positions(user, position=None, *, organisation_id=None, actor=None, reason=""):
    """End her open memberships (in `position`, in that organisation); how many."""
    query = sa.select(Membership).where(
        Membership.user_id == user.id, Membership.ends_on.is_(None)
    )
    if position is not None:
        query = query.where(Membership.position == position)
    if organisation_id is not None:
        query = query.where(Membership.organisation_id == organisation_id)
    ended = [m for m in db.session.scalars(query) if end(m, actor=actor, reason=reason)]
    return len(ended)


def _holder(position, organisation, body):
    if (organisation is None) == (body is None):
        raise ValueError("a membership is in one organisation or one body")
    allowed = ORGANISATION_POSITIONS if organisation is not None else BODY_POSITIONS
    if position not in allowed:
        raise ValueError(f"unknown position {position!r}")
    return getattr(organisation, "id", None), getattr(body, "id", None)


def _open(user_id, position, organisation_id, body_id):
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.user_id == user_id,
            Membership.position == position,
            Membership.organisation_id.is_(organisation_id)
            if organisation_id is None
            else Membership.organisation_id == organisation_id,
            Membership.body_id.is_(body_id)
            if body_id is None
            else Membership.body_id == body_id,
            Membership.ends_on.is_(None),
        )
    )


def _where(membership):
    return {
        "user_id": membership.user_id,
        "organisation_id": membership.organisation_id,
        "body_id": membership.body_id,
    }


def _refresh(user):
    """Her cached current memberships (User.roles) are read again when next used."""
    if "current_memberships" in sa.inspect(user).dict:
        db.session.expire(user, ["current_memberships"])


def _refresh_id(user_id):
    """_refresh for the person with this id, if this session holds her."""
    for obj in list(db.session.identity_map.values()):
        if obj.__tablename__ == "users" and sa.inspect(obj).identity == (user_id,):
            _refresh(obj)
