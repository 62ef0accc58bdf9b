"""Operations within one process: readiness, request ids, jobs parked while the queue
is down, undelivered emails for the Secretariat, reminders claimed once. The same,
across hosts and real outages, is in tests/multihost."""

import contextlib
import json
import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship import jobs
from mentorship.core import notifications, schedule
from mentorship.core.models import FailedEmail, ParkedJob
from mentorship.db import db, utcnow
from mentorship.logs import REQUEST_ID, JsonFormatter, RequestIdFilter
from mentorship.matches.models import MatchRun
from mentorship.surveys import services as survey_services

from .flow import enrol, make_mentorship, make_programme
from .test_concurrency import race
from .test_matches import act, sign_in

# Parking a job writes on a connection of its own (it must outlive a rollback).
pytestmark = pytest.mark.commits

NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # port 1: connection refused at once


@contextlib.contextmanager
def queue_down(app):
    """The real Redis storage, pointed where no Redis runs; the tests' queue after."""
    huey = jobs.huey
    saved = huey.immediate, huey.storage_class, huey.storage_kwargs, huey.storage
    jobs.configure("redis", NOBODY_LISTENS)
    try:
        yield
    finally:
        huey.immediate, huey.storage_class, huey.storage_kwargs, huey.storage = saved


def test_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready"}


def test_not_ready_without_redis_says_why(app, client):
    app.config.update(JOBS_BACKEND="redis", REDIS_URL=NOBODY_LISTENS)
    try:
        response = client.get("/readyz")
    finally:
        app.config.update(JOBS_BACKEND="sqlite", REDIS_URL="")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert set(body["reasons"]) == {"redis"}


def test_the_request_id_is_kept_or_made_and_returned(client):
    given = client.get("/", headers={"X-Request-ID": "proxy-1234abcd"})
    assert given.headers["X-Request-ID"] == "proxy-1234abcd"
    junk = client.get("/", headers={"X-Request-ID": "<script>"})
    assert junk.headers["X-Request-ID"] != "<script>"
    assert len(junk.headers["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord(
        "mentorship.x", logging.ERROR, "", 1, "boom %s", (1,), None
    )
    token = REQUEST_ID.set("abc12345")
    try:
        RequestIdFilter().filter(record)
    finally:
        REQUEST_ID.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "boom 1"
    assert line["request_id"] == "abc12345"
    assert line["level"] == "ERROR"


def test_a_run_started_while_the_queue_is_down_waits_and_says_so(
    app, make_org, make_user
):
    secretariat = make_user(roles=["secretariat"])
    programme = make_programme()
    enrol(programme, make_user(org=make_org()), "mentee")
    enrol(programme, make_user(org=make_org()), "mentor")
    with queue_down(app):
        page = act(app, secretariat, f"/admin/programmes/{programme.id}/runs")
    assert b"the job queue is unavailable right now" in page.data
    parked = db.session.scalars(sa.select(ParkedJob)).all()
    assert [p.task for p in parked] == ["mentorship.matches.runs.execute_run_job"]
    assert db.session.scalar(sa.select(MatchRun.status)) == "queued"

    # Still down: the sweep leaves it parked.
    with queue_down(app), app.app_context():
        assert jobs.requeue_parked() == 0
    assert db.session.scalar(sa.select(sa.func.count(ParkedJob.id))) == 1

    # Back (inline here): the sweep hands it over and the run computes.
    with app.app_context():
        assert jobs.requeue_parked() == 1
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(ParkedJob.id))) == 0
    assert db.session.scalar(sa.select(MatchRun.status)) == "preview"


def test_an_email_queued_while_the_queue_is_down_is_parked_not_lost(
    app, client, make_user, outbox
):
    make_user(email="reset.me@example.org")
    with queue_down(app):
        response = client.post("/reset", data={"email": "reset.me@example.org"})
    assert response.status_code == 302
    assert outbox == []
    with app.app_context():
        assert jobs.requeue_parked() == 1
    assert [m.to for m in outbox] == [["reset.me@example.org"]]


def _failed(address="lost@example.org"):
    failed = FailedEmail(
        address=address,
        subject="Your proposal",
        text="Hello",
        html="<p>Hello</p>",
        attempts=6,
        error="SMTPRecipientsRefused: 554",
    )
    db.session.add(failed)
    db.session.commit()
    return failed


def test_the_secretariat_sees_undelivered_emails_and_sends_them_again(
    app, make_user, outbox
):
    failed_id = _failed().id
    member = make_user()
    staff = make_user(roles=["secretariat"])
    client = app.test_client()
    sign_in(client, member)
    assert client.get("/admin/undelivered-emails").status_code == 403
    sign_in(client, staff)
    page = client.get("/admin/undelivered-emails")
    assert page.status_code == 200
    assert b"lost@example.org" in page.data and b"Your proposal" in page.data

    url = f"/admin/undelivered-emails/{failed_id}/resend"
    done = client.post(url, follow_redirects=True)
    assert b"The message was queued again." in done.data
    assert b"Every email was delivered." in done.data
    assert [m.to for m in outbox] == [["lost@example.org"]]
    again = client.post(url, follow_redirects=True)
    assert b"already sent again" in again.data
    assert len(outbox) == 1


@contextlib.contextmanager
def mail_server_down(app):
    """Real SMTP, to a port where nothing listens: the connection is refused."""
    state = app.extensions["mailman"]
    saved = state.backend, state.server, state.port, state.timeout
    state.backend, state.server, state.port, state.timeout = "smtp", "127.0.0.1", 1, 2
    try:
        yield
    finally:
        state.backend, state.server, state.port, state.timeout = saved


class Attempt:
    """What huey hands the job (context=True): the retries left, the next delay."""

    def __init__(self, number):
        self.retries = notifications.MAX_RETRIES - (number - 1)
        self.retry_delay = 0


def test_a_refused_email_before_its_last_try_is_retried_later(app, app_ctx):
    attempt = Attempt(2)
    with mail_server_down(app), pytest.raises(ConnectionRefusedError):
        notifications.deliver_email.task.call_local(
            "her@example.org", "Subject", "text", "<p>html</p>", task=attempt
        )
    assert attempt.retry_delay == 2 * app.config["MAIL_RETRY_DELAY"]  # doubled
    assert db.session.scalar(sa.select(sa.func.count(FailedEmail.id))) == 0


def test_a_refused_email_is_kept_after_its_last_try(app, app_ctx):
    last = app.config["MAIL_RETRIES"] + 1
    with mail_server_down(app):
        notifications.deliver_email.task.call_local(
            "her@example.org", "Subject", "text", "<p>html</p>", task=Attempt(last)
        )
    kept = db.session.scalars(sa.select(FailedEmail)).one()
    assert kept.address == "her@example.org"
    assert kept.attempts == last
    assert "ConnectionRefusedError" in kept.error


def test_a_one_off_reminder_is_claimed_once(app_ctx):
    now = utcnow()
    assert schedule.claim_once("survey:1:mentee:baseline", "surveys.reminder", now)
    assert not schedule.claim_once("survey:1:mentee:baseline", "surveys.reminder", now)
    db.session.commit()


def test_two_survey_sweeps_at_once_remind_each_person_once(
    app, make_org, make_user, outbox
):
    """The first sweep holds its transaction open while the second runs: the
    second waits on the first one's claim and then leaves those reminders alone
    (reading the audit trail alone, both would send)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("row-lock races are proven on PostgreSQL (DATABASE_URL)")
    with app.app_context():
        mentorship, _mentee, _mentor = make_mentorship(make_org, make_user)
        mentorship.started_at = utcnow() - timedelta(days=5)
        db.session.commit()
    results = race(app, survey_services.remind_due, survey_services.remind_due)
    assert results == {"first": 2, "second": 0}
    assert len(outbox) == 2


def test_the_pool_checks_each_connection_before_use(app):
    """After a database restart, pooled connections are dead: pre-ping replaces
    them on checkout, so the app recovers without a restart (tests/multihost)."""
    with app.app_context():
        assert db.engine.pool._pre_ping


def test_a_session_closed_on_a_lost_connection_ends_the_request_cleanly(
    app, app_ctx, monkeypatch
):
    """PostgreSQL shutting down just as a request ends: the teardown's ROLLBACK fails;
    the error is logged, not raised (the answer already made still goes out, never a
    bare 500), and the session is dropped."""

    def lost(self):
        raise sa.exc.OperationalError("ROLLBACK", {}, Exception("terminating"))

    seen = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: seen.append(record.getMessage())
    logging.getLogger("mentorship.db").addHandler(handler)
    db.session.execute(sa.text("SELECT 1"))
    try:
        monkeypatch.setattr(db.session.session_factory.class_, "close", lost)
        app.do_teardown_appcontext(None)  # what the end of a request runs
        monkeypatch.undo()
    finally:
        logging.getLogger("mentorship.db").removeHandler(handler)
    assert seen == ["session closed on a lost connection: OperationalError"]
    assert not db.session.registry.has()
