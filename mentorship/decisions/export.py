"""Her part in decisions, for her data export: the votes she cast for an
organisation (never what a secret ballot chose) and the proxies she handed or holds."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..db import db
from ..i18n import localized
from . import words
from .models import Participation, Proxy


def _iso(value):
    return value.isoformat() if value is not None else None


def _title(decision):
    return localized(decision, "title") if decision is not None else None


def votes_of(user):
    """The answers she cast: decision, organisation, when, how."""
    rows = db.session.scalars(
        sa.select(Participation)
        .where(Participation.cast_by_id == user.id)
        .options(
            selectinload(Participation.decision),
            selectinload(Participation.organisation),
        )
        .order_by(Participation.cast_at, Participation.id)
    ).all()
    return [
        {
            "decision": _title(row.decision),
            "organisation": row.organisation.name,
            "cast_at": _iso(row.cast_at),
            "via": {"code": row.via, "label": str(words.label(words.VIA, row.via))},
        }
        for row in rows
    ]


def proxies_of(user):
    """The proxies she handed for her organisation, and those she holds."""
    rows = db.session.scalars(
        sa.select(Proxy)
        .where(sa.or_(Proxy.granted_by_id == user.id, Proxy.holder_id == user.id))
        .options(
            selectinload(Proxy.decision),
            selectinload(Proxy.organisation),
            selectinload(Proxy.holder_organisation),
        )
        .order_by(Proxy.granted_at, Proxy.id)
    ).all()
    return [
        {
            "role": "granted" if row.granted_by_id == user.id else "held",
            "scope": row.scope,
            "decision": _title(row.decision),
            "organisation": row.organisation.name,
            "held_for": row.holder_organisation.name,
            "granted_at": _iso(row.granted_at),
            "expires_at": _iso(row.expires_at),
            "revoked_at": _iso(row.revoked_at),
        }
        for row in rows
    ]
