"""Background jobs on Huey: SQLite by default, Redis in production, inline in tests.

The database stays the source of truth for any job's state; the queue only carries work.
"""

import functools
import os

from flask import current_app, has_app_context
from huey import MemoryHuey, RedisHuey, SqliteHuey

from .config import INSTANCE


def _make_huey():
    backend = os.environ.get("JOBS_BACKEND") or (
        "redis" if os.environ.get("REDIS_URL") else "sqlite"
    )
    if backend == "redis":
        return RedisHuey("wim", url=os.environ["REDIS_URL"])
    if backend == "immediate":
        return MemoryHuey("wim", immediate=True)
    INSTANCE.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("wim", filename=str(INSTANCE / "jobs.db"))


huey = _make_huey()
_worker_app = None


def job(**options):
    """Declare a background job that runs inside an application context."""

    def decorate(fn):
        @functools.wraps(fn)
        def in_context(*args, **kwargs):
            if has_app_context():
                return fn(*args, **kwargs)
            with _app().app_context():
                return fn(*args, **kwargs)

        return huey.task(**options)(in_context)

    return decorate


def periodic_job(schedule):
    """Declare a scheduled job (a huey crontab) that runs inside an app context."""

    def decorate(fn):
        @functools.wraps(fn)
        def in_context():
            with _app().app_context():
                return fn()

        return huey.periodic_task(schedule)(in_context)

    return decorate


def _app():
    global _worker_app
    if _worker_app is None:
        from . import create_app

        _worker_app = create_app()
    return _worker_app


def init_app(app):
    if app.config["JOBS_BACKEND"] == "immediate" or app.testing:
        huey.immediate = True
    app.extensions["huey"] = huey


def is_immediate():
    """True when jobs run inline (tests): callers may then skip progress polling."""
    return huey.immediate or current_app.testing
