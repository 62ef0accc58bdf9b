"""Readiness checks and the undelivered emails (no Flask request needed)."""

import sqlalchemy as sa
from flask import current_app
from redis import Redis

from ..core.models import FailedEmail
from ..core.notifications import resend_failed
from ..db import db, utcnow


def readiness():
    """{dependency: problem} for each dependency that does not answer; {} if ready.

    The database always; Redis where jobs or rate limits are configured to use it.
    """
    problems = {}
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception as error:
        db.session.rollback()
        problems["database"] = _reason(error)
    for url in redis_urls(current_app.config):
        try:
            client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
            try:
                client.ping()
            finally:
                client.close()
        except Exception as error:
            problems["redis"] = _reason(error)
    return problems


def redis_urls(config):
    """The Redis servers this app relies on (jobs, rate limits), each once."""
    urls = []
    if config["JOBS_BACKEND"] == "redis" and config["REDIS_URL"]:
        urls.append(config["REDIS_URL"])
    storage = config.get("RATELIMIT_STORAGE_URI", "")
    if storage.startswith(("redis://", "rediss://")) and storage not in urls:
        urls.append(storage)
    return urls


def _reason(error):
    first_line = (str(error).splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line}"[:200]


def undelivered_emails():
    """The messages still waiting for someone to act, newest first."""
    return (
        sa.select(FailedEmail)
        .where(FailedEmail.resent_at.is_(None))
        .order_by(FailedEmail.failed_at.desc(), FailedEmail.id.desc())
    )


def resend(failed_id):
    """Queue a kept message again; False if it was already sent again."""
    failed = db.session.get(FailedEmail, failed_id)
    if failed is None or failed.resent_at is not None:
        return False
    claimed = db.session.execute(
        sa.update(FailedEmail)
        .where(FailedEmail.id == failed_id, FailedEmail.resent_at.is_(None))
        .values(resent_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed:
        resend_failed(failed)
    return bool(claimed)
