"""Creating, finding and revoking API tokens. The secret is random, carries a
recognisable prefix, and only its sha256 is stored (it has 256 bits of entropy:
a slow hash would add nothing but a cost on every request)."""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from .. import policy
from ..audit import record
from ..db import db, utcnow
from .models import ORGANISATION, PERSONAL, ApiToken

PREFIX = "wimapi_"
LAST_USED_EVERY = timedelta(minutes=1)


def hash_of(secret):
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create(*, name, scopes, expires_on, by, organisation=None):
    """A new token and its secret (returned once, never stored)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name.strip(),
        kind=ORGANISATION if organisation is not None else PERSONAL,
        user_id=by.id,
        organisation_id=organisation.id if organisation is not None else None,
        scopes=sorted(set(scopes)),
        token_hash=hash_of(secret),
        hint=secret[: len(PREFIX) + 4],
        expires_at=expires_on,
    )
    db.session.add(token)
    db.session.flush()
    record(
        token,
        "api_token_created",
        actor=by,
        to_state="active",
        data={
            "kind": token.kind,
            "organisation_id": token.organisation_id,
            "scopes": token.scopes,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return token, secret


def find(secret):
    """The token with that secret, or None (without saying why)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    return db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == hash_of(secret))
    )


def touch(token, now=None):
    """Record its use, at most once a minute (no write on every request)."""
    now = now or utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        db.session.execute(
            sa.update(ApiToken)
            .where(ApiToken.id == token.id)
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def revoke(token, by, now=None):
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        token.revoked_by_id = by.id
        record(
            token,
            "api_token_revoked",
            actor=by,
            from_state="active",
            to_state="revoked",
        )


def personal_tokens(user):
    return db.session.scalars(
        sa.select(ApiToken)
        .where(ApiToken.kind == PERSONAL, ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()


def organisation_tokens(organisation_id):
    return db.session.scalars(
        sa.select(ApiToken)
        .where(
            ApiToken.kind == ORGANISATION,
            ApiToken.organisation_id == organisation_id,
        )
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()


def allowed_scopes(kind):
    return policy.token_scopes_for(kind)


def export_of(user):
    """Her personal tokens for her data export (never the secret nor its hash)."""

    def iso(moment):
        return moment.isoformat() if moment else None

    return [
        {
            "name": token.name,
            "scopes": list(token.scopes or ()),
            "created_at": iso(token.created_at),
            "expires_at": iso(token.expires_at),
            "last_used_at": iso(token.last_used_at),
            "revoked_at": iso(token.revoked_at),
        }
        for token in personal_tokens(user)
    ]
