"""Signed, timestamped link tokens for emails: one salt per purpose.

A token only says what it was issued for; each reader checks that the account still
matches (same address, same password hash), so a used or outdated link stops working.
"""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

VERIFY_EMAIL = "verify-email"
RESET_PASSWORD = "reset-password"
CHANGE_EMAIL = "change-email"


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make_token(purpose, payload):
    """Sign `payload` (a small dict) for one purpose."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose, token, max_age=None):
    """The payload of a valid, unexpired token for `purpose`, else None (`max_age`
    in seconds, default the TOKEN_MAX_AGE setting)."""
    try:
        payload = _serializer(purpose).loads(
            token, max_age=max_age or current_app.config["TOKEN_MAX_AGE"]
        )
    except BadSignature:  # also SignatureExpired, a subclass
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("id"), int):
        return None
    return payload


def password_fingerprint(user):
    """A short digest of her password hash: a reset link dies once it is used."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]
