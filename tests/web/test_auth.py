"""Accounts: registration, verification, login and logout, resets, changes, roles.

Each request runs in its own application context (the `client` fixture below), as in
production: with the test's context shared, Flask-Login would keep the previous
request's user in `g` and a copied cookie would prove nothing.
"""

import re
from contextlib import contextmanager
from unittest import mock

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from mentorship import create_app
from mentorship.auth import services
from mentorship.auth.models import RoleGrant, User
from mentorship.config import PRIVACY_NOTICE_VERSION
from mentorship.db import db
from mentorship.extensions import limiter
from mentorship.organisations import services as org_services

from ..conftest import FreshContextClient
from ..factories import PASSWORD, login, signed_in

NEW_PASSWORD = "another quite long passphrase"
GENERIC_LOGIN_ERROR = b"Wrong email address or password."


def _new_client(app):
    return FreshContextClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def client(app):
    return _new_client(app)


def _count(model, *where):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(*where)
    )


def _reload(user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def _link(message):
    """The path of the first absolute link in an email's text part."""
    return re.search(r"http://localhost(/\S+)", message.body).group(1)


def _html(message):
    return next(
        content for content, mimetype in message.alternatives if mimetype == "text/html"
    )


def _without_csrf(page):
    """A page without its per-session form tokens, to compare two answers."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", page)


def _copy_cookies(source, target, names=("session",)):
    for name in names:
        cookie = source.get_cookie(name)
        target.set_cookie(name, cookie.value)


@contextmanager
def _issued_long_ago(seconds):
    """Tokens signed inside this block carry a timestamp `seconds` in the past."""
    real = TimestampSigner.get_timestamp
    with mock.patch.object(
        TimestampSigner, "get_timestamp", lambda self: real(self) - seconds
    ):
        yield


def _registration(**overrides):
    data = {
        "name": "Amina Diallo",
        "email": "Amina@Example.org",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "organisation": "0",
        "locale": "en",
        "consent": "y",
    }
    data.update(overrides)
    return data


# --- Registration --------------------------------------------------------------------


def test_register_page_lists_member_organisations_by_name(client, make_org):
    make_org(name="WIM Zambia")
    make_org(name="WIM Australia")
    make_org(name="WIM Applicant", status="applicant")
    page = client.get("/register").get_data(as_text=True)
    assert "Independent (no organisation)" in page
    assert page.index("WIM Australia") < page.index("WIM Zambia")
    assert "WIM Applicant" not in page
    assert 'href="/privacy"' in page


def test_register_creates_account_with_consent_and_sends_link(client, make_org, outbox):
    org = make_org(name="WIM Ghana")
    response = client.post(
        "/register", data=_registration(organisation=str(org.id), locale="fr")
    )
    assert response.status_code == 200
    assert b"Check your email" in response.data
    assert not signed_in(client)  # not before she confirms her address
    user = services.find_by_email("amina@example.org")
    assert user.name == "Amina Diallo"
    assert user.organisation_id == org.id
    assert user.locale == "fr"
    assert user.consent_version == PRIVACY_NOTICE_VERSION
    assert user.consent_at is not None
    assert not user.is_verified
    assert services.check_password(user, NEW_PASSWORD)
    [message] = outbox
    assert message.to == ["amina@example.org"]
    assert "/verify/" in message.body
    assert '<html lang="fr">' in _html(message)  # rendered in her language
    # The link signs her in, and the site speaks her language.
    response = client.get(_link(message))
    assert response.headers["Location"].endswith("/profile")
    assert b'<html lang="fr">' in client.get("/account").data


def test_register_independent(client, app_ctx):
    assert client.post("/register", data=_registration()).status_code == 200
    assert services.find_by_email("amina@example.org").organisation_id is None


def test_register_defaults_to_the_current_language(client, app_ctx):
    client.post("/language", data={"locale": "es", "next": "/"})
    page = client.get("/register").get_data(as_text=True)
    assert '<option selected value="es">' in page
    data = _registration()
    del data["locale"]
    assert client.post("/register", data=data).status_code == 200
    assert services.find_by_email("amina@example.org").locale == "es"


def test_register_duplicate_email_tells_the_owner_not_the_visitor(
    app, client, make_user, outbox
):
    make_user(email="amina@example.org", name="Amina Owner", locale="es")
    taken = client.post("/register", data=_registration(email=" AMINA@example.org"))
    fresh = _new_client(app).post(
        "/register", data=_registration(email="bmina@example.org")
    )
    assert taken.status_code == fresh.status_code == 200
    assert _without_csrf(taken.text) == _without_csrf(fresh.text).replace(
        "bmina", "amina"
    )
    assert b"An account already uses this address" not in taken.data
    assert _count(User) == 2  # the owner and bmina; nothing for the visitor
    owner_notice, verification = outbox
    assert owner_notice.to == ["amina@example.org"]
    assert "/login" in owner_notice.body and "/reset" in owner_notice.body
    assert "/verify/" not in owner_notice.body
    assert '<html lang="es">' in _html(owner_notice)
    assert verification.to == ["bmina@example.org"]
    assert services.check_password(
        services.find_by_email("amina@example.org"), PASSWORD
    )


def test_register_duplicate_email_race_tells_the_owner(
    client, make_user, monkeypatch, outbox
):
    make_user(email="amina@example.org")
    # The address is free when checked, taken when inserted.
    real_find = services.find_by_email
    lookups = iter([None])
    monkeypatch.setattr(
        services, "find_by_email", lambda email: next(lookups, None) or real_find(email)
    )
    monkeypatch.setattr(services, "email_taken", lambda *a, **k: False)
    response = client.post("/register", data=_registration())
    assert response.status_code == 200
    assert b"Check your email" in response.data
    assert _count(User) == 1
    [notice] = outbox
    assert notice.to == ["amina@example.org"]
    assert "/verify/" not in notice.body


def test_register_requires_consent(client, app_ctx, outbox):
    data = _registration()
    del data["consent"]
    response = client.post("/register", data=data)
    assert response.status_code == 400
    assert b"Please accept the privacy notice" in response.data
    assert _count(User) == 0
    assert outbox == []


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"password": "short", "confirm": "short"}, "Between 12 and 128 characters"),
        ({"password": "x" * 129, "confirm": "x" * 129}, "Between 12 and 128"),
        ({"confirm": "something else entirely"}, "The two passwords differ"),
        (
            {"password": "amina@example.org", "confirm": "amina@example.org"},
            "must not be your email address",
        ),
        ({"email": "not an address"}, "valid email address"),
        ({"email": "a" * 250 + "@example.org"}, "At most 254 characters"),
        ({"email": ""}, "Please enter an email address"),
        ({"name": "   "}, "Please enter your name"),
        ({"name": "N" * 121}, "At most 120 characters"),
        ({"organisation": "999999"}, "Not a valid choice"),
        ({"organisation": "abc"}, "Invalid Choice"),
        ({"locale": "de"}, "Not a valid choice"),
    ],
)
def test_register_rejects_bad_fields(client, app_ctx, overrides, message):
    response = client.post("/register", data=_registration(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(User) == 0


def test_register_refuses_an_applicant_organisation(client, make_org):
    applicant = make_org(status="applicant")
    response = client.post(
        "/register", data=_registration(organisation=str(applicant.id))
    )
    assert response.status_code == 400
    assert _count(User) == 0


# --- Invitations ---------------------------------------------------------------------


@pytest.fixture
def invitation(make_org, make_user):
    """An invitation to WIM Peru for ines@example.org, and its token."""
    org = make_org(name="WIM Peru", country="PE", region="latin_america")
    coordinator = make_user(org=org, roles=["coordinator"])
    [created], _ = org_services.invite(org, ["ines@example.org"], "es", coordinator)
    db.session.commit()
    return created, org_services.invitation_token(created)


def test_invitation_prefills_and_fixes_the_organisation(client, invitation):
    _, token = invitation
    page = client.get(f"/register?invitation={token}").get_data(as_text=True)
    assert "WIM Peru" in page
    assert 'value="ines@example.org"' in page
    assert 'name="organisation"' not in page


def test_registering_with_the_invited_address_verifies_it(
    client, invitation, make_org, outbox
):
    invite, token = invitation
    elsewhere = make_org(name="WIM Elsewhere")
    response = client.post(
        f"/register?invitation={token}",
        data=_registration(email="ines@example.org", organisation=str(elsewhere.id)),
    )
    assert response.status_code == 302
    user = services.find_by_email("ines@example.org")
    assert user.is_verified
    assert user.organisation_id == invite.organisation_id  # not the posted one
    db.session.refresh(invite)
    assert invite.accepted_at is not None
    assert outbox == []  # nothing to verify


def test_an_invitation_admits_only_the_invited_address(client, invitation, outbox):
    """A forwarded link must not let a stranger join the organisation."""
    invite, token = invitation
    response = client.post(
        f"/register?invitation={token}", data=_registration(email="ines@home.example")
    )
    assert response.status_code == 400
    assert "This invitation is for ines@example.org." in response.text
    assert services.find_by_email("ines@home.example") is None
    assert not signed_in(client)
    db.session.refresh(invite)
    assert invite.accepted_at is None
    assert outbox == []
    assert "readonly" in client.get(f"/register?invitation={token}").text


@pytest.mark.parametrize("used", [False, True])
def test_bad_or_used_invitation_is_refused(client, invitation, used):
    invite, token = invitation
    if used:
        client.post(
            f"/register?invitation={token}",
            data=_registration(email="ines@example.org"),
        )
        client.post("/logout")
    else:
        token = token[:-3] + "xyz"
    response = client.get(f"/register?invitation={token}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register")
    page = client.get("/register").get_data(as_text=True)
    assert "This invitation is invalid" in page
    response = client.post(
        f"/register?invitation={token}", data=_registration(email="ines2@example.org")
    )
    assert response.status_code == 302
    assert services.find_by_email("ines2@example.org") is None


# --- Email verification --------------------------------------------------------------


def test_verification_link_confirms_the_address(app, client, app_ctx, outbox):
    client.post("/register", data=_registration())
    response = client.get(_link(outbox[0]))
    assert response.status_code == 302
    assert services.find_by_email("amina@example.org").is_verified
    assert "confirmed" in client.get("/").get_data(as_text=True)
    assert signed_in(client)
    # Only its first use signs in: a second browser with the same link does not.
    again = _new_client(app)
    assert again.get(_link(outbox[0])).status_code == 302
    assert not signed_in(again)


def test_tampered_verification_link_is_refused(client, app_ctx, outbox):
    client.post("/register", data=_registration())
    response = client.get(_link(outbox[0]) + "x", follow_redirects=True)
    assert response.status_code == 200
    assert b"This confirmation link is invalid or has expired." in response.data
    assert not services.find_by_email("amina@example.org").is_verified


def test_expired_verification_link_is_refused(client, app, make_user):
    user = make_user(verified=False)
    with _issued_long_ago(app.config["TOKEN_MAX_AGE"] + 60):
        token = services.verification_token(user)
    response = client.get(f"/verify/{token}", follow_redirects=True)
    assert b"This confirmation link is invalid or has expired." in response.data
    assert not _reload(user).is_verified


def test_verification_link_for_an_old_address_is_refused(client, make_user):
    user = make_user(email="old@example.org", verified=False)
    token = services.verification_token(user)
    user.email = "new@example.org"
    db.session.commit()
    client.get(f"/verify/{token}")
    assert not _reload(user).is_verified


def test_resend_verification(client, make_user, outbox, auth):
    user = make_user(verified=False)
    auth.login(user.email)
    assert client.get("/verify/resend").status_code == 200
    assert client.post("/verify/resend").status_code == 302
    [message] = outbox
    client.get(_link(message))
    assert _reload(user).is_verified
    response = client.get("/verify/resend")
    assert response.status_code == 302  # nothing left to confirm


def test_resend_verification_needslogin(client):
    response = client.get("/verify/resend")
    assert "/login" in response.headers["Location"]


# --- Login and logout ----------------------------------------------------------------


def test_login_and_next(client, make_user):
    user = make_user(email="lea@example.org")
    response = client.post(
        "/login?next=/account",
        data={"email": "  LEA@example.org ", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert signed_in(client)
    assert user.email in client.get("/account").get_data(as_text=True)


def test_login_ignores_off_site_next(client, make_user):
    user = make_user()
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_unknown_email_and_wrong_password_get_the_same_answer(client, make_user):
    user = make_user()
    wrong_password = login(client, user.email, "not the right password")
    unknown = login(client, "nobody@example.org")
    assert wrong_password.status_code == unknown.status_code == 400
    assert GENERIC_LOGIN_ERROR in wrong_password.data
    assert GENERIC_LOGIN_ERROR in unknown.data
    assert not signed_in(client)


def test_unverified_people_may_log_in(client, make_user):
    user = make_user(verified=False)
    login(client, user.email)
    page = client.get("/").get_data(as_text=True)
    assert "Please confirm your email address" in page


def test_anonymous_pages_redirect_tologin(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_logout_ends_a_copied_cookie_and_keeps_the_language(app, client, make_user):
    user = make_user()
    client.post("/language", data={"locale": "fr", "next": "/"})
    login(client, user.email)
    thief = _new_client(app)
    _copy_cookies(client, thief)
    assert signed_in(thief)
    response = client.post("/logout")
    assert response.status_code == 302
    assert not signed_in(client)
    assert not signed_in(thief)
    assert b'<html lang="fr">' in client.get("/").data


def test_logout_ends_remember_me_cookies(app, client, make_user):
    user = make_user()
    login(client, user.email, remember="y")
    remembered = client.get_cookie("remember_token").value

    def other_device():
        device = _new_client(app)
        device.set_cookie("remember_token", remembered)
        return device

    assert signed_in(other_device())
    client.post("/logout")
    assert not signed_in(other_device())


def test_logout_requires_post(client, make_user):
    user = make_user()
    login(client, user.email)
    assert client.get("/logout").status_code == 405
    assert signed_in(client)


# --- Password reset ------------------------------------------------------------------


def test_reset_request_answers_the_same_for_unknown_addresses(client, app_ctx, outbox):
    response = client.post(
        "/reset", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert b"If an account uses this address" in response.data
    assert outbox == []


def test_password_reset_end_to_end_and_single_use(app, client, make_user, outbox):
    user = make_user(email="rosa@example.org", verified=False)
    other_device = _new_client(app)
    login(other_device, user.email)
    response = client.post(
        "/reset", data={"email": "rosa@example.org"}, follow_redirects=True
    )
    assert b"If an account uses this address" in response.data
    [message] = outbox
    assert message.to == ["rosa@example.org"]
    link = _link(message)
    assert client.get(link).status_code == 200

    response = client.post(link, data={"password": "short", "confirm": "short"})
    assert response.status_code == 400
    response = client.post(
        link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(other_device)
    user = _reload(user)
    assert services.check_password(user, NEW_PASSWORD)
    assert user.is_verified
    assert outbox[-1].to == ["rosa@example.org"]
    assert "password" in outbox[-1].subject.lower()

    # The link dies once used.
    again = _new_client(app)
    response = again.get(link, follow_redirects=True)
    assert b"This link is invalid, has expired or was already used." in response.data
    response = again.post(
        link, data={"password": "yet another long password", "confirm": "x"}
    )
    assert response.status_code == 302
    assert services.check_password(_reload(user), NEW_PASSWORD)
    assert login(again, user.email, PASSWORD).status_code == 400


def test_expired_or_tampered_reset_link(app, client, make_user):
    user = make_user()
    with _issued_long_ago(app.config["TOKEN_MAX_AGE"] + 1):
        expired = services.reset_token(user)
    for token in (expired, services.reset_token(user)[:-2] + "zz", "garbage"):
        response = client.post(
            f"/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        )
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/reset")
    assert services.check_password(_reload(user), PASSWORD)


def test_reset_password_must_differ_from_the_email(client, make_user):
    user = make_user(email="longaddress@example.org")
    token = services.reset_token(user)
    response = client.post(
        f"/reset/{token}", data={"password": user.email, "confirm": user.email}
    )
    assert response.status_code == 400
    assert services.check_password(_reload(user), PASSWORD)


# --- Her account ---------------------------------------------------------------------


def test_account_page_shows_her_details(client, make_org, make_user):
    user = make_user(org=make_org(name="WIM Chile"), roles=["coordinator"])
    login(client, user.email)
    page = client.get("/account").get_data(as_text=True)
    for text in (user.name, user.email, "WIM Chile", PRIVACY_NOTICE_VERSION):
        assert text in page
    assert "Coordinator" in page


def test_update_name_and_language(client, make_user):
    user = make_user()
    login(client, user.email)
    response = client.post(
        "/account/details", data={"account-name": "Nadia", "account-locale": "es"}
    )
    assert response.status_code == 302
    user = _reload(user)
    assert (user.name, user.locale) == ("Nadia", "es")
    assert b'<html lang="es">' in client.get("/account").data
    response = client.post(
        "/account/details", data={"account-name": "", "account-locale": "xx"}
    )
    assert response.status_code == 400
    assert _reload(user).name == "Nadia"


def test_change_password_ends_other_sessions_only(app, client, make_user, outbox):
    user = make_user()
    login(client, user.email)
    other_device = _new_client(app)
    _copy_cookies(client, other_device)
    data = {
        "password-current_password": PASSWORD,
        "password-password": NEW_PASSWORD,
        "password-confirm": NEW_PASSWORD,
    }
    response = client.post("/account/password", data=data)
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(other_device)
    assert services.check_password(_reload(user), NEW_PASSWORD)
    [message] = outbox
    assert message.to == [user.email]


@pytest.mark.parametrize(
    "overrides",
    [
        {"password-current_password": "not my password"},
        {"password-current_password": ""},
        {"password-confirm": "different password here"},
        {"password-password": "short", "password-confirm": "short"},
    ],
)
def test_change_password_refuses_bad_input(client, make_user, outbox, overrides):
    user = make_user()
    login(client, user.email)
    data = {
        "password-current_password": PASSWORD,
        "password-password": NEW_PASSWORD,
        "password-confirm": NEW_PASSWORD,
        **overrides,
    }
    response = client.post("/account/password", data=data)
    assert response.status_code == 400
    assert services.check_password(_reload(user), PASSWORD)
    assert signed_in(client)
    assert outbox == []


def test_change_email_end_to_end(client, make_user, outbox):
    user = make_user(email="old@example.org", locale="es")
    login(client, user.email)
    response = client.post(
        "/account/email",
        data={"email-email": "New@Example.org", "email-current_password": PASSWORD},
    )
    assert response.status_code == 302
    confirm, notice = outbox
    assert confirm.to == ["new@example.org"]
    assert '<html lang="es">' in _html(confirm)
    assert notice.to == ["old@example.org"]
    assert "new@example.org" in notice.body
    assert _reload(user).email == "old@example.org"  # not until confirmed

    link = _link(confirm)
    response = client.get(link, follow_redirects=True)
    assert b"new@example.org" in response.data
    assert _reload(user).email == "new@example.org"
    assert _reload(user).is_verified
    # The link works once; the refusal is in her language.
    response = client.get(link, follow_redirects=True)
    assert "Este enlace no es válido, ha caducado o ya se ha usado." in response.text
    assert login(_new_client(client.application), "new@example.org").status_code == 302


@pytest.mark.parametrize(
    "email,password,message",
    [
        ("taken@example.org", PASSWORD, "Another account already uses this address."),
        ("me@example.org", PASSWORD, "This is already your address."),
        ("fresh@example.org", "wrong password", "This is not your current password."),
        ("not-an-address", PASSWORD, "Please enter a valid email address."),
    ],
)
def test_change_email_refuses_bad_input(
    client, make_user, outbox, email, password, message
):
    make_user(email="taken@example.org")
    user = make_user(email="me@example.org")
    login(client, user.email)
    response = client.post(
        "/account/email",
        data={"email-email": email, "email-current_password": password},
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert outbox == []
    assert _reload(user).email == "me@example.org"


def test_change_email_to_an_address_taken_meanwhile(client, make_user, outbox):
    user = make_user(email="me@example.org")
    login(client, user.email)
    client.post(
        "/account/email",
        data={"email-email": "wanted@example.org", "email-current_password": PASSWORD},
    )
    make_user(email="wanted@example.org")
    response = client.get(_link(outbox[0]), follow_redirects=True)
    assert b"Another account now uses this address" in response.data
    assert _reload(user).email == "me@example.org"


# --- CSRF ----------------------------------------------------------------------------


@contextmanager
def _csrf_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _csrf_token(page, name="csrf_token"):
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


def test_posts_without_csrf_token_are_refused(app, client, make_user, outbox):
    user = make_user()
    admin = make_user(roles=["admin"])
    with _csrf_enabled(app):
        assert client.post("/register", data=_registration()).status_code == 400
        assert login(client, user.email).status_code == 400
        assert not signed_in(client)
        assert client.post("/reset", data={"email": user.email}).status_code == 400
    assert _count(User) == 2
    assert outbox == []

    login(client, admin.email)
    with _csrf_enabled(app):
        response = client.post(f"/admin/users/{user.id}/roles", data={"roles": "admin"})
        assert response.status_code == 400
        assert client.post("/logout").status_code == 400
        assert signed_in(client)
    assert not _reload(user).has_role("admin")


def test_forms_carry_working_csrf_tokens(app, client, make_user):
    user = make_user()
    with _csrf_enabled(app):
        token = _csrf_token(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login",
            data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302
        page = client.get("/account").get_data(as_text=True)
        response = client.post(
            "/account/password",
            data={
                "password-csrf_token": _csrf_token(page, "password-csrf_token"),
                "password-current_password": PASSWORD,
                "password-password": NEW_PASSWORD,
                "password-confirm": NEW_PASSWORD,
            },
        )
        assert response.status_code == 302
    assert services.check_password(_reload(user), NEW_PASSWORD)


# --- Rate limits ---------------------------------------------------------------------


@pytest.fixture
def limited_app(app, tmp_path):
    """A second app on the same database with rate limits on (3 logins a minute)."""
    enabled = limiter.enabled
    config = {
        "TESTING": True,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "locmem",
        "JOBS_BACKEND": "immediate",
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_LOGIN": "3 per minute",
        "ARGON2_FAST": True,
        "FORCE_HTTPS": False,
        "SERVER_NAME": "localhost",
    }
    limited = create_app(config)
    try:
        yield limited
    finally:
        # The limiter is one object shared by every app: switch it off again.
        limiter.enabled = enabled
        limiter.reset()
        with limited.app_context():
            db.engine.dispose()


def test_login_is_rate_limited_per_address_of_the_client(limited_app, make_user):
    user = make_user()
    client = _new_client(limited_app)
    for n in range(3):
        response = login(client, f"guess{n}@example.org")
        assert response.status_code == 400
    response = login(client, user.email)
    assert response.status_code == 429
    assert b"Too many attempts" in response.data
    assert not signed_in(client)
    assert client.get("/login").status_code == 200  # reading the form stays free


def test_login_is_rate_limited_per_email(limited_app, make_user):
    user = make_user()
    for n in range(3):
        client = _new_client(limited_app)
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n}"
        assert login(client, user.email, "wrong guess").status_code == 400
    client = _new_client(limited_app)
    client.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert login(client, user.email).status_code == 429
    assert login(client, "someone.else@example.org").status_code == 400


# --- People and roles (admin) --------------------------------------------------------


def _roles(user):
    """Her roles beyond member, read afresh (coordinator is a membership)."""
    db.session.expire_all()
    return db.session.get(User, user.id).roles - {"member"}


def test_admin_lists_and_searches_people(client, make_org, make_user):
    admin = make_user(roles=["admin"], name="Ada Admin")
    make_user(name="Zanele Mokoena", org=make_org(name="WIM South Africa"))
    make_user(name="Carmen Rojas", email="carmen@example.org")
    login(client, admin.email)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Zanele Mokoena" in page and "WIM South Africa" in page
    assert "<caption>" in page
    page = client.get("/admin/users?q=CARMEN").get_data(as_text=True)
    assert "Carmen Rojas" in page and "Zanele" not in page
    page = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "Nobody matches this search." in page
    assert client.get("/admin/users?page=abc").status_code == 200


def test_admin_people_are_paginated(client, app_ctx, make_user):
    admin = make_user(roles=["admin"], name="Aaa Admin")
    for n in range(55):
        services.create_user(
            email=f"p{n:02d}@example.org", name=f"Person {n:02d}", password=PASSWORD
        )
    db.session.commit()
    login(client, admin.email)
    first = client.get("/admin/users").get_data(as_text=True)
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert "Person 48" in first and "Person 49" not in first
    assert "Person 49" in second and "Person 54" in second


def test_admin_grants_and_revokes_roles(client, make_org, make_user):
    admin = make_user(roles=["admin"])
    person = make_user(org=make_org())
    login(client, admin.email)
    response = client.post(
        f"/admin/users/{person.id}/roles",
        data={"roles": ["coordinator", "steering"], "next": "/admin/users?q=x"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users?q=x"
    assert _roles(person) == {"coordinator", "steering"}
    grant = db.session.get(RoleGrant, (person.id, "steering"))
    assert grant.granted_by_id == admin.id
    client.post(f"/admin/users/{person.id}/roles", data={"roles": ["secretariat"]})
    assert _roles(person) == {"secretariat"}
    client.post(f"/admin/users/{person.id}/roles", data={})
    assert _roles(person) == set()


def test_admin_cannot_remove_her_own_admin_role(client, make_user):
    admin = make_user(roles=["admin"])
    login(client, admin.email)
    response = client.post(
        f"/admin/users/{admin.id}/roles",
        data={"roles": ["steering"]},
        follow_redirects=True,
    )
    assert b"You cannot remove your own administrator role." in response.data
    assert _roles(admin) == {"admin"}


def test_coordinator_needs_an_organisation(client, make_user):
    admin = make_user(roles=["admin"])
    independent = make_user()
    login(client, admin.email)
    response = client.post(
        f"/admin/users/{independent.id}/roles",
        data={"roles": ["coordinator"]},
        follow_redirects=True,
    )
    assert b"A coordinator must belong to an organisation." in response.data
    assert _roles(independent) == set()


def test_unknown_role_is_refused(client, make_user):
    admin = make_user(roles=["admin"])
    person = make_user()
    login(client, admin.email)
    response = client.post(f"/admin/users/{person.id}/roles", data={"roles": "king"})
    assert response.status_code == 400
    assert _roles(person) == set()


def test_unknown_person_is_404(client, make_user):
    admin = make_user(roles=["admin"])
    login(client, admin.email)
    response = client.post("/admin/users/999999/roles", data={"roles": ["steering"]})
    assert response.status_code == 404


@pytest.mark.parametrize("roles", [["secretariat"], ["coordinator"], []])
def test_only_admins_manage_roles(client, make_org, make_user, roles):
    viewer = make_user(org=make_org(), roles=roles)
    person = make_user()
    login(client, viewer.email)
    assert client.get("/admin/users").status_code == 403
    response = client.post(f"/admin/users/{person.id}/roles", data={"roles": ["admin"]})
    assert response.status_code == 403
    assert _roles(person) == set()


def test_anonymous_is_sent_to_login_for_admin_pages(client, make_user):
    person = make_user()
    for response in (
        client.get("/admin/users"),
        client.post(f"/admin/users/{person.id}/roles", data={"roles": ["admin"]}),
    ):
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    assert _roles(person) == set()


def test_account_page_takes_three_queries(app, make_org, make_user):
    """Her (roles and profiles with her), the page's data version (it is kept:
    `core.pagecache.reader_page`) and her organisation's name: not its description
    nor the description's languages."""
    from ..factories import sign_in, statements_run

    her = make_user(org=make_org(name="WIM Kenya"), name="Wanjiru")
    client = app.test_client()
    sign_in(client, her)
    with statements_run() as statements:
        html = client.get("/account").get_data(as_text=True)
    assert "WIM Kenya" in html
    assert len(statements) <= 3, "\n".join(s[:100] for s in statements)
