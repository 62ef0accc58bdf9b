"""Shared builders of the API tests: tokens, the bearer header, an event."""

from datetime import timedelta

from mentorship import policy
from mentorship.api import tokens
from mentorship.db import db, utcnow

ALL = list(policy.SCOPES)


def make_token(user, scopes=ALL, organisation=None, days=30, name="test"):
    """(token row, secret) committed; an organisation token keeps the scopes an
    organisation may carry."""
    kind = "organisation" if organisation is not None else "personal"
    allowed = policy.token_scopes_for(kind)
    token, secret = tokens.create(
        name=name,
        scopes=[s for s in scopes if s in allowed],
        expires_on=utcnow() + timedelta(days=days),
        by=user,
        organisation=organisation,
    )
    db.session.commit()
    return token, secret


def bearer(secret, lang=None):
    headers = {"Authorization": f"Bearer {secret}"}
    if lang:
        headers["Accept-Language"] = lang
    return headers
