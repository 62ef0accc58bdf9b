"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

Each endpoint's secret is 32 bytes derived from the server's signing key and the
endpoint's random salt: HMAC-SHA256(key, "wim-webhook-secret:" + salt). The database
holds the salt only; the key comes from WEBHOOK_SIGNING_KEY (by default derived from
SECRET_KEY). Shown to the coordinator as `whsec_<base64>`, the form Standard
Webhooks libraries accept.
"""

import base64
import hashlib
import hmac
import secrets

from flask import current_app

PREFIX = "whsec_"


def new_salt():
    return secrets.token_hex(32)


def _signing_key():
    key = current_app.config.get("WEBHOOK_SIGNING_KEY") or ""
    if not key:
        key = "webhooks:" + current_app.config["SECRET_KEY"]
    return key.encode()


def secret_bytes(salt):
    """The endpoint's secret (what HMACs are keyed with)."""
    return hmac.new(
        _signing_key(), b"wim-webhook-secret:" + salt.encode(), hashlib.sha256
    ).digest()


def secret_for(salt):
    """The secret as the coordinator copies it: whsec_ + base64 of its bytes."""
    return PREFIX + base64.b64encode(secret_bytes(salt)).decode()


def signature(secret, message_id, timestamp, body):
    """`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the secret bytes."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(salt, message_id, timestamp, body):
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret_bytes(salt), message_id, timestamp, body),
    }
