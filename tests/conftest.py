"""Fixtures: app -> db -> people, as in the Flask tutorial and cookiecutter-flask.

The schema comes from the real migrations (upgrade once per session). Each test then
runs inside one database transaction that is rolled back at its end: one connection
per test, an outer transaction on it, and every database session of the app (the
test's, each request's, each inline job's) bound to that connection with
`join_transaction_mode="create_savepoint"`, so the app's commits release savepoints
and its rollbacks return to them, and `after_commit` work still runs on each commit.
Tests that need real commits seen from other connections (threads, a second app,
migrations, a live server) are marked `commits` and take the old path: they commit
for real and the tables are emptied afterwards.

DATABASE_URL selects PostgreSQL, as CI does; else SQLite. Under pytest-xdist
(`make test` runs the suite on every core) each worker has its own database: its
own SQLite file, or `<name>_gw0`, `<name>_gw1`... beside the PostgreSQL database
named, created on first use.
"""

import os

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

import mentorship.models  # noqa: F401,E402  (every model registered before any test module queries)
from mentorship import create_app
from mentorship.db import db

from .factories import PASSWORD, create_org, create_user, login

__all__ = ["PASSWORD"]  # test modules import it from here too


def _test_config(tmp_path_factory):
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url and os.environ.get("PYTEST_XDIST_WORKER"):
        url = _worker_database(url, os.environ["PYTEST_XDIST_WORKER"])
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
        "STORAGE_DIR": str(tmp_path_factory.mktemp("files")),
    }


def _worker_database(url, worker):
    """This xdist worker's own PostgreSQL database beside `url`'s, created if absent."""
    url = sa.engine.make_url(url)
    if not url.get_backend_name().startswith("postgresql"):
        return url.render_as_string(hide_password=False)
    mine = f"{url.database}_{worker}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": mine},
            )
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{mine}"'))
    finally:
        engine.dispose()
    return url.set(database=mine).render_as_string(hide_password=False)


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
        db.session.remove()
    # Sessions bound to a connection already in a transaction work in a savepoint.
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    _release_what_only_read(db.session.session_factory.class_)
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


_shared = {"connection": None}  # the test's connection while a test runs on one


def _release_what_only_read(session_class):
    """On the shared connection, a session that only read ends its savepoint with a
    RELEASE rather than a ROLLBACK TO.

    Separate connections would not need this: there, a reader's rollback undoes
    nothing of anyone else's. On one connection, a request or an inline job that
    commits while another session (the test's, or the request that queued the job)
    holds a read-only savepoint is nested inside it, and that reader's rollback or
    close would undo the committed work. A session that wrote rolls back for real
    ("nothing sent on rollback" stays provable); so does one whose RELEASE fails
    (PostgreSQL's aborted savepoint).
    """
    from mentorship.core.deferred import WROTE

    rollback, close = session_class.rollback, session_class.close

    def only_read(session):
        return (
            _shared["connection"] is not None
            and session.in_transaction()
            and not session.in_nested_transaction()
            and not session.info.get(WROTE)
            and not (session.new or session.dirty or session.deleted)
        )

    def release(session):
        try:
            session.commit()
            return True
        except sa.exc.SQLAlchemyError:
            return False

    def rollback_unless_only_read(self):
        if not (only_read(self) and release(self)):
            rollback(self)

    def close_after_release(self):
        if only_read(self):
            release(self)
        close(self)

    session_class.rollback = rollback_unless_only_read
    session_class.close = close_after_release


def _savepoints_on_sqlite(connection):
    """pysqlite's own transaction handling breaks SAVEPOINT: on this connection only,
    let SQLAlchemy emit BEGIN itself (SQLAlchemy docs, "Serializable isolation /
    Savepoints / Transactional DDL"). Returns how to put the connection back.

    Only here: in that mode a read holds SQLite's shared lock until the transaction
    ends, which would lock out the second app of a `commits` test."""
    if connection.dialect.name != "sqlite":
        return lambda: None
    dbapi_connection = connection.connection.driver_connection
    dbapi_connection.isolation_level = None

    def emit_begin(conn):
        conn.exec_driver_sql("BEGIN")

    sa.event.listen(connection, "begin", emit_begin)

    def restore():
        sa.event.remove(connection, "begin", emit_begin)
        dbapi_connection.isolation_level = ""  # pysqlite's default (deferred)

    return restore


@pytest.fixture(autouse=True)
def _isolation(request):
    """Every test in a transaction rolled back at its end; `commits` tests commit."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    _forget_what_earlier_tests_kept()
    marker = request.node.get_closest_marker
    if marker("commits") or marker("browser"):  # a live server answers from a thread
        yield
        with app.app_context():
            db.session.remove()
            _empty_all_tables()
        return
    with app.app_context():
        engines = db.engines  # Flask-SQLAlchemy's {bind key: engine} for this app
        engine = engines[None]
        connection = engine.connect()
        restore = _savepoints_on_sqlite(connection)
        outer = connection.begin()
        engines[None] = connection  # every session's get_bind() now returns it
        _shared["connection"] = connection
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
        engines[None] = engine
        _shared["connection"] = None
        outer.rollback()
        restore()
        connection.close()


def _forget_what_earlier_tests_kept():
    """Kept pages and the thread's kept users are keyed by data version, not by the
    app's settings: a login page kept by a test with CSRF off was served to one that
    turned it on (and had no token to post)."""
    from mentorship.auth import forget_kept_users
    from mentorship.core import pagecache

    pagecache.clear()
    forget_kept_users()


def _empty_all_tables():
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engines[None].begin() as conn:
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
    """`make_org(...)`: an organisation (factories.create_org), numbered 1, 2..."""
    counter = iter(range(1, 10_000))
    return lambda *args, **fields: create_org(*args, n=next(counter), **fields)


@pytest.fixture
def make_user(app_ctx):
    """`make_user(...)`: a person (tests.factories.create_user), numbered 1, 2..."""
    counter = iter(range(1, 10_000))
    return lambda *args, **fields: create_user(*args, n=next(counter), **fields)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email, password=PASSWORD):
        return login(self._client, email, password)

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
