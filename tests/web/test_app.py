"""The application shell: settings, security headers, health, error pages."""

import pytest

from mentorship import config
from mentorship.config import ConfigError

PRODUCTION = {
    "APP_ENV": "production",
    "BASE_URL": "https://wim.example",
    "TRUSTED_HOSTS": ["wim.example"],
    "RATELIMIT_STORAGE_URI": "redis://cache:6379/0",
}
RANDOM_KEY = "3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e2b6d4f0a9c1e7b3d"


def test_production_refuses_missing_secret_key():
    settings = {
        **PRODUCTION,
        "SECRET_KEY": "",
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/wim",
        "MAIL_BACKEND": "smtp",
    }
    with pytest.raises(ConfigError):
        config.check(settings)
    settings["SECRET_KEY"] = "dev-" + "x" * 40
    with pytest.raises(ConfigError):
        config.check(settings)
    settings["SECRET_KEY"] = RANDOM_KEY
    config.check(settings)


def test_production_refuses_sqlite():
    settings = {
        **PRODUCTION,
        "SECRET_KEY": RANDOM_KEY,
        "SQLALCHEMY_DATABASE_URI": "sqlite:///x.db",
        "MAIL_BACKEND": "smtp",
    }
    with pytest.raises(ConfigError):
        config.check(settings)


def test_database_url_scheme_is_normalised(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert config.from_environment()["SQLALCHEMY_DATABASE_URI"].startswith(
        "postgresql+psycopg://"
    )


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_health(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_home_page_is_light_and_labelled(client):
    response = client.get("/")
    assert response.status_code == 200
    assert len(response.data) < 30_000
    assert b'<main id="main"' in response.data
    assert b"Skip to content" in response.data


def test_404_page(client):
    response = client.get("/organisations/no-such-org")
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_forged_form_without_csrf_token_is_refused(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/language", data={"locale": "fr", "next": "/"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert b'<html lang="en">' in client.get("/").data
