"""API tokens: created on the account and organisation pages, shown once, stored
as a hash; expiry, revocation, last use, scopes; the session cookie authenticates
nobody under /api."""

import hashlib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.api import tokens
from mentorship.api.models import ApiToken
from mentorship.db import db, utcnow

from ..factories import sign_in
from .api_helpers import bearer, make_token


def _secret_in(html):
    found = re.search(r'value="(wimapi_[A-Za-z0-9_-]+)"', html)
    return found.group(1) if found else None


def test_a_personal_token_is_shown_once_and_stored_as_a_hash(client, make_user):
    her = make_user()
    sign_in(client, her)
    answer = client.post(
        "/account/api-tokens",
        data={"name": "My CRM", "scopes": ["profile:read"], "lifetime": "30"},
    )
    assert answer.status_code == 200
    secret = _secret_in(answer.get_data(as_text=True))
    assert secret and secret.startswith("wimapi_")
    row = db.session.scalar(sa.select(ApiToken))
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(db.session.execute(sa.select(ApiToken.__table__)).all())
    assert row.scopes == ["profile:read"] and row.kind == "personal"
    assert timedelta(days=29) < row.expires_at - utcnow() <= timedelta(days=30)
    listing = client.get("/account/api-tokens").get_data(as_text=True)
    assert "My CRM" in listing and secret not in listing and row.hint in listing
    me = client.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200 and me.json["id"] == her.id
    # Her data export lists it, without its secret or fingerprint.
    from mentorship.mydata.export import collect

    with client.application.test_request_context():
        exported = collect(her)["api_tokens"]
    assert [t["name"] for t in exported] == ["My CRM"]
    assert secret not in str(exported) and row.token_hash not in str(exported)


def test_bad_token_form_changes_nothing(client, make_user):
    sign_in(client, make_user())
    for data in (
        {"name": "", "scopes": ["profile:read"], "lifetime": "30"},
        {"name": "x", "scopes": [], "lifetime": "30"},
        {"name": "x", "scopes": ["root:all"], "lifetime": "30"},
        {"name": "x", "scopes": ["profile:read"], "lifetime": "3650"},
    ):
        assert client.post("/account/api-tokens", data=data).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0


def test_organisation_tokens_are_its_coordinators(client, make_org, make_user):
    org, other = make_org(), make_org()
    coordinator = make_user(org=org, roles=["coordinator"])
    member = make_user(org=org)
    sign_in(client, member)
    assert client.get(f"/organisations/{org.id}/api-tokens").status_code == 404
    data = {"name": "CiviCRM", "scopes": ["members:read"], "lifetime": "365"}
    url = f"/organisations/{org.id}/api-tokens"
    assert client.post(url, data=data).status_code == 404
    sign_in(client, coordinator)
    assert client.get(f"/organisations/{other.id}/api-tokens").status_code == 404
    answer = client.post(url, data=data)
    assert answer.status_code == 200
    row = db.session.scalar(sa.select(ApiToken))
    assert row.kind == "organisation" and row.organisation_id == org.id
    # An organisation has no account nor mentorships: those scopes are refused.
    bad = {"name": "x", "scopes": ["mentorships:read"], "lifetime": "30"}
    assert client.post(url, data=bad).status_code == 400


def test_expired_revoked_unknown_tokens_are_401(client, make_user):
    her = make_user()
    _, expired = make_token(her, days=-1)
    revoked_row, revoked = make_token(her)
    tokens.revoke(revoked_row, her)
    db.session.commit()
    for secret, kind in (
        (expired, "token-expired"),
        (revoked, "token-revoked"),
        ("wimapi_nothing", "token-unknown"),
        ("not-even-ours", "token-unknown"),
    ):
        answer = client.get("/api/v1/me", headers=bearer(secret))
        assert answer.status_code == 401
        assert answer.content_type == "application/problem+json"
        assert answer.json["type"].endswith(kind)
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    # A bad token is refused even where no token is needed.
    answer = client.get("/api/v1/organisations", headers=bearer(expired))
    assert answer.status_code == 401


def test_revoking_from_the_page(client, make_user):
    her, other = make_user(), make_user()
    row, secret = make_token(her)
    theirs, _ = make_token(other)
    sign_in(client, her)
    assert client.post(f"/account/api-tokens/{theirs.id}/revoke").status_code == 404
    assert client.post(f"/account/api-tokens/{row.id}/revoke").status_code == 302
    from mentorship.audit.models import AuditEvent

    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.entity_type == "api_tokens", AuditEvent.entity_id == row.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["api_token_created", "api_token_revoked"]
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    db.session.refresh(theirs)
    assert theirs.revoked_at is None


def test_last_used_is_written_at_most_once_a_minute(client, make_user):
    her = make_user()
    row, secret = make_token(her)
    assert row.last_used_at is None
    client.get("/api/v1/me", headers=bearer(secret))
    db.session.refresh(row)
    first = row.last_used_at
    assert first is not None
    client.get("/api/v1/me", headers=bearer(secret))
    db.session.refresh(row)
    assert row.last_used_at == first
    earlier = first - timedelta(minutes=2)
    row.last_used_at = earlier
    db.session.commit()
    client.get("/api/v1/me", headers=bearer(secret))
    db.session.refresh(row)
    assert row.last_used_at > earlier


def test_a_missing_scope_is_403_and_a_missing_token_401(client, make_user):
    her = make_user()
    _, secret = make_token(her, scopes=["events:read"])
    answer = client.get("/api/v1/me", headers=bearer(secret))
    assert answer.status_code == 403
    assert answer.json["type"].endswith("missing-scope")
    assert client.get("/api/v1/me").status_code == 401


def test_the_session_cookie_authenticates_nobody_under_api(client, make_user):
    her = make_user(roles=["secretariat"])
    sign_in(client, her)
    assert client.get("/account").status_code == 200
    answer = client.get("/api/v1/me")
    assert answer.status_code == 401
    assert "Set-Cookie" not in answer.headers
    # And no CSRF token is asked of a token's write.
    assert client.put("/api/v1/events/1/registrations/1").status_code == 401


def test_an_erased_holder_token_stops_working(client, make_user):
    her = make_user()
    _, secret = make_token(her)
    her.erased_at = utcnow()
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401


@pytest.mark.commits  # a second app: its own engine and connections
def test_rate_limit_per_token(app, make_user):
    from .test_security import _client, _second_app

    her, other = make_user(), make_user()
    _, first = make_token(her)
    _, second_token = make_token(other)
    with _second_app(app, RATELIMIT_ENABLED=True, RATELIMIT_API="3 per minute") as s:
        client = _client(s, "10.7.7.7")
        codes = [
            client.get("/api/v1/me", headers=bearer(first)).status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        limited = client.get("/api/v1/me", headers=bearer(first, "fr"))
        assert limited.content_type == "application/problem+json"
        assert limited.json["status"] == 429 and limited.headers["Retry-After"]
        # Another token from the same address has its own allowance.
        assert client.get("/api/v1/me", headers=bearer(second_token)).status_code == 200
