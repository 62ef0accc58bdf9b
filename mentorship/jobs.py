"""Background jobs on Huey: SQLite by default, Redis in production, inline in tests.

The queue object exists at import time, so that features can declare their jobs; its
storage is chosen by `init_app` from the app's configuration (`JOBS_BACKEND`,
`REDIS_URL`, `JOBS_DB`), never from the environment behind the app's back.
The database stays the source of truth for any job's state; the queue only carries work.
"""

import functools
from pathlib import Path

from flask import current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from .core.deferred import after_commit

# Until an app configures it, the queue keeps work in memory.
huey = Huey("wim", storage_class=MemoryStorage)
_bound_app = None

STORAGES = {"sqlite": SqliteStorage, "redis": RedisStorage, "memory": MemoryStorage}


def job(**options):
    """Declare a background job that runs in an application context of its own.

    Calling the job enqueues it once the caller's transaction commits; a rollback
    drops it (`mentorship.core.deferred`).
    """

    def decorate(fn):
        @functools.wraps(fn)
        def in_context(*args, **kwargs):
            # A job is its own unit of work, with its own database session, even
            # when it runs inline (tests): what it holds until commit must not wait
            # on the caller's transaction, nor be dropped by the caller's rollback.
            app = current_app._get_current_object() if has_app_context() else _app()
            with app.app_context():
                return fn(*args, **kwargs)

        task = huey.task(**options)(in_context)

        @functools.wraps(fn)
        def enqueue(*args, **kwargs):
            """Enqueue the job once the caller's transaction commits."""
            if not has_app_context():
                return task(*args, **kwargs)
            return after_commit(task, *args, **kwargs)

        enqueue.task = task  # the huey task itself (e.g. `.call_local`)
        return enqueue

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
    """The app jobs run in: the one that configured the queue, else a new one."""
    global _bound_app
    if _bound_app is None:
        from . import create_app

        _bound_app = create_app()
    return _bound_app


def configure(backend, redis_url="", filename=""):
    """Point the queue at its storage: 'sqlite', 'redis', 'memory' or 'immediate'."""
    huey.immediate = False
    if backend == "immediate":
        huey.immediate = True
        return
    if backend not in STORAGES:
        raise ValueError(f"JOBS_BACKEND must be one of {sorted(STORAGES)}, immediate")
    kwargs = {"url": redis_url} if backend == "redis" else {}
    if backend == "sqlite":
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        kwargs = {"filename": filename}
    huey.storage_class = STORAGES[backend]
    huey.storage_kwargs = kwargs
    huey.storage = huey.create_storage()


def init_app(app):
    global _bound_app
    backend = "immediate" if app.testing else app.config["JOBS_BACKEND"]
    configure(backend, app.config["REDIS_URL"], app.config["JOBS_DB"])
    _bound_app = app
    app.extensions["huey"] = huey


def is_immediate():
    """True when jobs run inline (tests): callers may then skip progress polling."""
    return huey.immediate or current_app.testing
