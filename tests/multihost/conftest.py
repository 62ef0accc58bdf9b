"""A cluster on one machine: two app hosts (gunicorn, two workers each, two loopback
ports) and two job consumers on a private Redis, all on one PostgreSQL database
created for the run. Selected only with `pytest -m multihost` (CI: `.ci/run`).

Needs PostgreSQL (MULTIHOST_PG, default postgresql://postgres@127.0.0.1:5432) and
`redis-server`; with REQUIRE_MULTIHOST=1 a missing one fails instead of skipping.
Everything started here is stopped by process group at the end, bounded in time.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from mentorship import create_app, jobs
from mentorship.db import db

from . import world
from .harness import ROOT, Consumer, Host, RedisServer, postgres_bin, psql

ADMIN_URL = os.environ.get("MULTIHOST_PG", "postgresql://postgres@127.0.0.1:5432")
SECRET = "multihost-secret-key-0123456789abcdefABCDEF"


def pytest_collection_modifyitems(config, items):
    """Only an explicit `-m multihost` runs these: they start servers."""
    if "multihost" in (config.option.markexpr or ""):
        return
    here = os.path.dirname(__file__)
    kept = [item for item in items if not str(item.fspath).startswith(here)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def _missing(reason):
    if os.environ.get("REQUIRE_MULTIHOST"):
        pytest.fail(reason)
    pytest.skip(reason)


def _pg_up():
    return (
        subprocess.run(
            [postgres_bin("pg_isready") or "pg_isready", "-d", ADMIN_URL + "/postgres"],
            capture_output=True,
        ).returncode
        == 0
    )


def host_env(database_url, redis_url, outbox, **extra):
    """The environment of an app host or consumer, as a deployment sets it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAIL_", "RATELIMIT_", "JOBS_", "REDIS", "DATABASE"))
    }
    env.update(
        APP_ENV="development",
        SECRET_KEY=SECRET,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        JOBS_BACKEND="redis",
        MAIL_BACKEND="file",
        MAIL_FILE_PATH=str(outbox),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="4",
        PROXY_HOPS="1",
        LOG_FORMAT="json",
        RATELIMIT_LOGIN="6 per minute",
        BASE_URL="http://127.0.0.1:8000",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def create_database(name, admin_url=ADMIN_URL):
    """An empty database `name`, created once and emptied on each run.

    Emptied rather than dropped: DROP DATABASE waits for a checkpoint of the whole
    server, which a busy shared server can make take minutes.
    """
    exists = psql(
        admin_url + "/postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    )
    if not exists:
        psql(admin_url + "/postgres", f'CREATE DATABASE "{name}"')
    empty_database(f"{admin_url}/{name}")
    return f"{admin_url}/{name}"


def empty_database(url):
    psql(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def migrate(database_url):
    env = host_env(database_url, "", "/tmp", JOBS_BACKEND="sqlite")
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def local_app(database_url, redis_url):
    """An app in the test process, on the shared database and queue: it builds the
    world and reads what the hosts wrote; jobs it queues go to the consumers."""
    return create_app(
        {
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": database_url.replace(
                "postgresql://", "postgresql+psycopg://"
            ),
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True,
                "poolclass": sa.pool.NullPool,
            },
            "REDIS_URL": redis_url,
            "JOBS_BACKEND": "redis",
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_BACKEND": "locmem",
            "ARGON2_FAST": True,
        }
    )


class Cluster:
    def __init__(self, base):
        self.base = base
        self.logs = base / "logs"
        self.outbox = base / "outbox"
        self.logs.mkdir()
        self.outbox.mkdir()
        self.db_name = "test_multihost"
        self.redis = None
        self.hosts, self.consumers = [], []
        self.app = None
        self.ids = {}

    def start(self):
        self.redis = RedisServer(self.logs).start()
        self.database_url = create_database(self.db_name)
        migrate(self.database_url)
        self.app = local_app(self.database_url, self.redis.url)
        with self.app.app_context():
            self.ids = world.build()
        self.env = host_env(self.database_url, self.redis.url, self.outbox)
        self.hosts = [Host(name, self.env, self.logs) for name in ("host-a", "host-b")]
        self.consumers = [
            Consumer(n, self.env, self.logs) for n in ("jobs-1", "jobs-2")
        ]
        for process in (*self.hosts, *self.consumers):
            process.start()
        for host in self.hosts:
            host.wait_ready()
        return self

    @property
    def a(self):
        return self.hosts[0]

    @property
    def b(self):
        return self.hosts[1]

    @contextlib.contextmanager
    def queue(self):
        """An app context whose jobs go to this cluster's consumers (another test's
        app may have pointed this process's queue elsewhere)."""
        jobs.configure("redis", self.redis.url)
        with self.app.app_context():
            yield

    def scalar(self, sql, **params):
        with self.app.app_context():
            try:
                return db.session.execute(sa.text(sql), params).scalar()
            finally:
                db.session.remove()

    def rows(self, sql, **params):
        with self.app.app_context():
            try:
                return db.session.execute(sa.text(sql), params).all()
            finally:
                db.session.remove()

    def stop(self):
        for process in (*self.consumers, *self.hosts):
            process.stop()
        if self.redis:
            self.redis.stop()
        if self.app:
            with self.app.app_context():
                db.session.remove()
                db.engine.dispose()
        empty_database(self.database_url)

    def dump_logs(self):
        for path in sorted(self.logs.glob("*.log")):
            print(f"===== {path.name}\n{path.read_text(errors='replace')[-4000:]}")


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    if not shutil.which("redis-server"):
        _missing("redis-server is not installed")
    if not _pg_up():
        _missing(f"PostgreSQL does not answer at {ADMIN_URL}")
    started = time.monotonic()
    cluster = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        cluster.start()
        print(f"cluster up in {time.monotonic() - started:.1f} s")
        yield cluster
    except BaseException:
        cluster.dump_logs()
        raise
    finally:
        cluster.stop()
