"""Fixtures: app -> db -> people, as in the Flask tutorial and cookiecutter-flask.

The schema comes from the real migrations (upgrade once per session); every test then
starts from empty tables. DATABASE_URL selects PostgreSQL, as CI does; else SQLite.
"""

import os

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from mentorship import create_app
from mentorship.db import db

PASSWORD = "a long enough passphrase"


def _test_config(tmp_path_factory):
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production-000000",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "locmem",
        "JOBS_BACKEND": "immediate",
        "RATELIMIT_ENABLED": False,
        "ARGON2_FAST": True,
        "FORCE_HTTPS": False,
        "SERVER_NAME": "localhost",
    }


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production.

    Otherwise a request reuses the test's pushed context: `g` (locale, current user)
    and the database session would leak from one request to the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(_test_config(tmp_path_factory))
    app.test_client_class = FreshContextClient
    with app.app_context():
        _fresh_schema()
    yield app
    # Close pooled connections ourselves: psycopg warns about any left to the GC.
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _fresh_schema():
    from flask_migrate import upgrade

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        _empty_all_tables()


def _empty_all_tables():
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """Emails sent during the test (Flask-Mailman's in-memory backend)."""
    mail = app.extensions["mailman"]
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def make_org(app_ctx):
    from mentorship.organisations.models import Organisation

    counter = iter(range(1, 10_000))

    def make(name=None, region="africa", country="ZA", status="member", **fields):
        """`description` is {language: text}, the first language its source."""
        from mentorship.core import translated

        n = next(counter)
        if "description" in fields:
            texts = fields.pop("description")
            fields["description"] = translated.new_text(next(iter(texts)), **texts)
        org = Organisation(
            name=name or f"WIM Test {n}",
            slug=f"wim-test-{n}",
            country=country,
            region=region,
            status=status,
            **fields,
        )
        db.session.add(org)
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_user(app_ctx):
    from mentorship.auth import services

    counter = iter(range(1, 10_000))

    def make(email=None, org=None, roles=(), verified=True, locale="en", name=None):
        n = next(counter)
        user = services.create_user(
            email=email or f"person{n}@example.org",
            name=name or f"Person {n}",
            password=PASSWORD,
            locale=locale,
            organisation=org,
            verified=verified,
        )
        for role in roles:
            services.grant_role(user, role)
        db.session.commit()
        return user

    return make


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email, password=PASSWORD):
        return self._client.post(
            "/login",
            data={"email": email, "password": password},
            follow_redirects=False,
        )

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
