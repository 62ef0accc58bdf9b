"""Background jobs on Huey: SQLite by default, Redis in production, inline in tests.

The queue object exists at import time, so that features can declare their jobs; its
storage is chosen by `init_app` from the app's configuration (`JOBS_BACKEND`,
`REDIS_URL`, `JOBS_DB`), never from the environment behind the app's back.
The database stays the source of truth for any job's state; the queue only carries work.

When the queue cannot be reached (Redis down), a job is not lost: it is parked in the
database (`parked_jobs`) with an error in the log, and `requeue_parked`, a periodic
job of the consumers, hands it to the queue again once the queue is back. A job
carries the id of the request that queued it (`mentorship.logs`) into its log lines.
"""

import contextlib
import fcntl
import functools
import logging
import uuid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, has_app_context
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from redis import ConnectionPool
from redis.exceptions import RedisError

from .core.deferred import after_commit
from .logs import REQUEST_ID, current_request_id

log = logging.getLogger(__name__)

# Until an app configures it, the queue keeps work in memory.
huey = Huey("wim", storage_class=MemoryStorage)
_bound_app = None

STORAGES = {"sqlite": SqliteStorage, "redis": RedisStorage, "memory": MemoryStorage}
# What the queue raises when its storage cannot be reached.
QUEUE_ERRORS = (RedisError, OSError)
JOBS = {}  # "module.function" -> the huey task, for parked jobs
PARKED = False  # what enqueueing returns when the job was parked


def job(**options):
    """Declare a background job that runs in an application context of its own.

    Calling the job enqueues it once the caller's transaction commits; a rollback
    drops it (`mentorship.core.deferred`).
    """

    def decorate(fn):
        name = f"{fn.__module__}.{fn.__name__}"

        @functools.wraps(fn)
        def in_context(*args, _request_id="", **kwargs):
            # A job is its own unit of work, with its own database session, even
            # when it runs inline (tests): what it holds until commit must not wait
            # on the caller's transaction, nor be dropped by the caller's rollback.
            app = current_app._get_current_object() if has_app_context() else _app()
            token = REQUEST_ID.set(_request_id or current_request_id())
            try:
                with app.app_context():
                    log.info("job %s", name, extra={"job": name})
                    return fn(*args, **kwargs)
            finally:
                REQUEST_ID.reset(token)

        task = huey.task(**options)(in_context)
        JOBS[name] = task

        @functools.wraps(fn)
        def enqueue(*args, **kwargs):
            """Enqueue the job once the caller's transaction commits.

            Returns PARKED (False) when the queue refused it and it waits in the
            database for the queue to come back.
            """
            kwargs["_request_id"] = current_request_id()
            if not has_app_context():
                return put(name, args, kwargs)
            return after_commit(put, name, args, kwargs)

        enqueue.task = task  # the huey task itself (e.g. `.call_local`)
        return enqueue

    return decorate


def periodic_job(schedule):
    """Declare a scheduled job (a huey crontab) that runs inside an app context."""

    def decorate(fn):
        @functools.wraps(fn)
        def in_context():
            # Each run gets its own id, carried by the jobs it queues.
            token = REQUEST_ID.set(uuid.uuid4().hex)
            try:
                with _app().app_context():
                    log.info("periodic job %s", fn.__name__, extra={"job": fn.__name__})
                    return fn()
            finally:
                REQUEST_ID.reset(token)

        return huey.periodic_task(schedule)(in_context)

    return decorate


def put(name, args, kwargs):
    """Hand a job to the queue; park it in the database if the queue is down."""
    if huey.immediate:  # runs here and now: its own errors are not the queue's
        return JOBS[name](*args, **kwargs)
    try:
        return JOBS[name](*args, **kwargs)
    except QUEUE_ERRORS as error:
        log.error(
            "job queue unavailable (%s): %s parked until it is back",
            type(error).__name__,
            name,
            extra={"job": name},
        )
        park(name, args, kwargs)
        return PARKED


def park(name, args, kwargs):
    """Keep a job the queue refused in `parked_jobs` (its own transaction)."""
    from .core.models import ParkedJob
    from .db import db

    app = current_app._get_current_object() if has_app_context() else _app()
    row = {
        "task": name,
        "data": {"args": list(args), "kwargs": kwargs},
        "request_id": kwargs.get("_request_id", ""),
    }
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(sa.insert(ParkedJob).values(**row))


def requeue_parked(limit=500):
    """Hand parked jobs back to the queue; each one once, whoever runs this.

    Deleting the row is the claim: a second consumer running the same sweep waits
    on the row and then finds it gone. A job the queue still refuses is parked
    again. Returns how many went back to the queue.
    """
    from .core.models import ParkedJob
    from .db import db

    rows = db.session.execute(
        sa.select(ParkedJob.id, ParkedJob.task, ParkedJob.data)
        .order_by(ParkedJob.id)
        .limit(limit)
    ).all()
    db.session.rollback()
    requeued = 0
    for parked_id, name, data in rows:
        if name not in JOBS:  # a job this version does not know: leave it be
            log.error("parked job %s is unknown to this version", name)
            continue
        claimed = db.session.execute(
            sa.delete(ParkedJob).where(ParkedJob.id == parked_id)
        ).rowcount
        db.session.commit()
        if not claimed:
            continue
        if put(name, data["args"], data["kwargs"]) is PARKED:
            break  # still down: put() parked it again
        requeued += 1
    if requeued:
        log.info("%s parked job(s) back in the queue", requeued)
    return requeued


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
    kwargs = {}
    if backend == "redis":
        # Fail fast when Redis is down rather than hold a request.
        kwargs = {
            "connection_pool": ConnectionPool.from_url(
                redis_url, socket_connect_timeout=2, socket_timeout=10
            )
        }
    if backend == "sqlite":
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        kwargs = {"filename": filename}
    huey.storage_class = STORAGES[backend]
    huey.storage_kwargs = kwargs
    if backend != "sqlite":
        huey.storage = huey.create_storage()
        return
    with _one_process_at_a_time(f"{filename}.lock"):
        huey.storage = huey.create_storage()


@contextlib.contextmanager
def _one_process_at_a_time(lock_path):
    """Opening the SQLite queue switches a new file to WAL and creates its tables;
    two processes doing it at once (gunicorn's workers booting) made one fail with
    "database is locked" (5 boots in 30 with three processes). An exclusive lock on
    a file beside it makes them take turns."""
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def init_app(app):
    global _bound_app
    backend = "immediate" if app.testing else app.config["JOBS_BACKEND"]
    configure(backend, app.config["REDIS_URL"], app.config["JOBS_DB"])
    _bound_app = app
    app.extensions["huey"] = huey


def is_immediate():
    """True when jobs run inline (tests): callers may then skip progress polling."""
    return huey.immediate or current_app.testing


@periodic_job(crontab(minute="*"))
def requeue_parked_jobs():
    requeue_parked()
