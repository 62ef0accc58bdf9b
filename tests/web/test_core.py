"""The kernel (mentorship/core): after-commit emails and jobs, transitions, calendar,
reminders, pagination, signals, and that it imports no feature."""

import ast
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import sqlalchemy as sa
from flask import render_template_string
from sqlalchemy.exc import IntegrityError

import mentorship
from mentorship.audit.models import AuditEvent
from mentorship.auth.models import User
from mentorship.core import calendar, schedule, signals
from mentorship.core.models import Reminder
from mentorship.core.pagination import MAX_PAGE, page_arg, paginate
from mentorship.core.transitions import transition
from mentorship.db import db, utcnow
from mentorship.email import deliver_email, send_email
from mentorship.mentorships import lifecycle
from mentorship.mentorships.models import Mentorship

from .flow import make_mentorship

PACKAGE = Path(mentorship.__file__).parent
# Modules of the app that are not features: the kernel may stand on them.
FOUNDATIONS = {"core", "db", "jobs", "extensions", "config", "audit", "logs"}


def _imported_modules(path):
    """Absolute names of the mentorship modules that `path` imports."""
    tree = ast.parse(path.read_text())
    package = "mentorship." + ".".join(path.relative_to(PACKAGE).parent.parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rstrip(".").split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            yield name
            yield from (f"{name}.{alias.name}" for alias in node.names)


def _features(names):
    """The names among `names` that belong to a feature of the app."""
    found = []
    for name in names:
        parts = name.split(".")
        if parts[0] != "mentorship" or len(parts) < 2 or parts[1] in FOUNDATIONS:
            continue
        if (PACKAGE / parts[1]).is_dir() or (PACKAGE / f"{parts[1]}.py").exists():
            found.append(name)
    return found


def test_core_imports_no_feature():
    offending = {
        path.name: _features(_imported_modules(path))
        for path in sorted((PACKAGE / "core").glob("*.py"))
    }
    assert {name: found for name, found in offending.items() if found} == {}


def test_the_import_walk_would_see_a_feature():
    names = set(_imported_modules(PACKAGE / "mentorships" / "reactions.py"))
    assert "mentorship.core.signals" in names  # `from ..core import signals`
    assert "mentorship.matches.transitions" in _features(names)
    assert _features(["mentorship.db", "mentorship.core.models", "flask"]) == []


# --- Emails and jobs leave after commit ----------------------------------------------


@pytest.fixture
def pair(app_ctx, make_org, make_user):
    mentorship_, mentee, mentor = make_mentorship(make_org, make_user)
    db.session.commit()
    return mentorship_, mentee, mentor


def test_a_rolled_back_change_sends_no_email(pair, outbox):
    mentorship_, mentee, _mentor = pair
    lifecycle.close_early(mentorship_, mentee, "no_time")
    assert outbox == []  # held until the commit
    db.session.rollback()
    assert outbox == []
    assert db.session.get(Mentorship, mentorship_.id).status == "active"


def test_muted_notifications_send_nothing_and_the_change_still_happens(pair, outbox):
    from mentorship.core import notifications

    mentorship_, mentee, _mentor = pair
    with notifications.muted():
        lifecycle.close_early(mentorship_, mentee, "no_time")
    db.session.commit()
    assert outbox == []  # seeding the demo through the services sends nothing
    assert db.session.get(Mentorship, mentorship_.id).status != "active"


def test_a_commit_that_fails_sends_no_email(pair, outbox, make_user):
    mentorship_, mentee, _mentor = pair
    taken = make_user(email="taken@example.org")
    db.session.commit()
    lifecycle.close_early(mentorship_, mentee, "no_time")
    db.session.add(User(email=taken.email, name="Duplicate", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert outbox == []


def test_a_committed_change_sends_its_email_once(pair, outbox):
    mentorship_, mentee, mentor = pair
    lifecycle.close_early(mentorship_, mentee, "no_time")
    db.session.commit()
    assert [message.to for message in outbox] == [[mentor.email]]
    db.session.commit()
    assert len(outbox) == 1


def test_a_savepoint_rolled_back_drops_only_its_email(pair, outbox, make_user):
    mentorship_, mentee, mentor = pair
    someone = make_user(email="someone@example.org")  # commits
    lifecycle.close_early(mentorship_, mentee, "no_time")
    with pytest.raises(RuntimeError), db.session.begin_nested():
        send_email(someone, "password_changed", name="x", reset_url="http://x")
        raise RuntimeError
    with db.session.begin_nested():
        send_email(someone, "password_changed", name="y", reset_url="http://y")
    db.session.commit()
    assert sorted(m.to[0] for m in outbox) == sorted([mentor.email, someone.email])


def test_a_request_that_ends_without_commit_sends_nothing(pair, outbox):
    """What Flask-SQLAlchemy does when a request fails: the session is removed."""
    mentorship_, mentee, _mentor = pair
    lifecycle.close_early(mentorship_, mentee, "no_time")
    db.session.remove()
    assert outbox == []
    assert db.session.get(Mentorship, mentorship_.id).status == "active"


def test_jobs_wait_for_the_commit_too(app_ctx, outbox, make_user):
    user = make_user()  # the fixture commits
    user.name = "Changed"  # the transaction now has a change to lose
    deliver_email("a@example.org", "Subject", "text", "<p>html</p>")
    assert outbox == []
    db.session.rollback()
    assert outbox == []
    user.name = "Changed again"
    deliver_email("a@example.org", "Subject", "text", "<p>html</p>")
    db.session.commit()
    assert [message.subject for message in outbox] == ["Subject"]


def test_nothing_to_undo_sends_at_once(app_ctx, outbox, make_user):
    user = make_user(locale="fr")
    db.session.get(User, user.id)  # a read only
    send_email(user, "password_changed", name=user.name, reset_url="http://x")
    [message] = outbox
    assert "mot de passe" in message.subject.lower()  # her language


# --- Transitions ---------------------------------------------------------------------


def test_transition_has_one_winner_and_one_audit_row(pair, make_user):
    mentorship_, mentee, _mentor = pair
    first = transition(
        Mentorship, mentorship_, ["active"], "closed_early", actor=mentee, reason="x"
    )
    second = transition(Mentorship, mentorship_, ["active"], "closed_early")
    db.session.commit()
    assert (first, second) == (True, False)
    events = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "mentorships", AuditEvent.action == "closed_early"
        )
    ).all()
    assert [(e.from_state, e.to_state, e.actor_id) for e in events] == [
        ("active", "closed_early", mentee.id)
    ]


# --- Calendar ------------------------------------------------------------------------


def test_event_ics_publishes_then_cancels_the_same_event():
    start = datetime(2027, 3, 1, 12, 30, tzinfo=UTC)
    uid = calendar.stable_uid("event", 7, "wim.example.org")
    published = calendar.event_ics(uid, start, start + timedelta(hours=2), "Call; 1")
    cancelled = calendar.event_ics(
        uid, start, timedelta(hours=2), "Call; 1", sequence=1, cancelled=True
    )
    first = icalendar.Calendar.from_ical(published)
    second = icalendar.Calendar.from_ical(cancelled)
    assert (first["METHOD"], second["METHOD"]) == ("PUBLISH", "CANCEL")
    [event_one], [event_two] = first.walk("VEVENT"), second.walk("VEVENT")
    assert event_one["UID"] == event_two["UID"] == "event-7@wim.example.org"
    assert (event_one["SEQUENCE"], event_two["SEQUENCE"]) == (0, 1)
    assert event_two["STATUS"] == "CANCELLED"
    assert str(event_one["SUMMARY"]) == "Call; 1"
    assert b"SUMMARY:Call\\; 1\r\n" in published
    assert all(len(line) <= 75 for line in published.split(b"\r\n"))


# --- Reminders -----------------------------------------------------------------------

SENT = []


@schedule.handler("test.remind")
def _remind(payload, reminder):
    SENT.append((reminder.key, payload["n"]))
    send_email(("r@example.org", "en"), "password_changed", name="r", reset_url="u")


@pytest.fixture
def sent():
    SENT.clear()
    yield SENT
    SENT.clear()


def test_scheduling_again_moves_the_reminder(app_ctx, sent):
    now = utcnow()
    schedule.schedule(
        "thing:1:24h", now - timedelta(minutes=1), "test.remind", {"n": 1}
    )
    db.session.commit()
    assert schedule.due(now) == 1
    moved = now + timedelta(hours=3)
    schedule.schedule("thing:1:24h", moved, "test.remind", {"n": 2})
    db.session.commit()
    reminders = db.session.scalars(sa.select(Reminder)).all()
    assert [(r.due_at, r.sent_at) for r in reminders] == [(moved, None)]
    assert schedule.due(now) == 0
    assert schedule.due(moved) == 1
    assert sent == [("thing:1:24h", 1), ("thing:1:24h", 2)]


def test_a_due_reminder_is_sent_once_with_its_email(app_ctx, sent, outbox):
    now = utcnow()
    schedule.schedule("thing:2:1h", now, "test.remind", {"n": 1})
    schedule.schedule("thing:3:1h", now + timedelta(days=1), "test.remind", {"n": 3})
    db.session.commit()
    assert schedule.due(now) == 1
    assert schedule.due(now) == 0  # a second sweep (or worker) finds it claimed
    assert sent == [("thing:2:1h", 1)] and len(outbox) == 1
    assert schedule.cancel("thing:3:1h") and not schedule.cancel("thing:3:1h")


def test_a_failing_reminder_stays_due(app_ctx, sent, outbox):
    now = utcnow()
    schedule.schedule("thing:4", now, "test.unknown-job", {})
    db.session.commit()
    assert schedule.due(now) == 0
    assert db.session.scalar(sa.select(Reminder.sent_at)) is None and outbox == []


@pytest.mark.commits  # two threads, two connections (PostgreSQL)
def test_two_workers_claim_a_reminder_once(app, app_ctx):
    """Each worker in its own thread, session and connection; the first keeps its
    transaction open while the second tries (PostgreSQL waits on the row lock)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        now = utcnow()
        reminder = schedule.schedule("race:1", now, "test.remind", {"n": 0})
        db.session.commit()
        assert (schedule.claim(reminder.id, now), schedule.claim(reminder.id, now)) == (
            True,
            False,
        )
        return
    now = utcnow()
    reminder_id = schedule.schedule("race:1", now, "test.remind", {"n": 0}).id
    db.session.commit()
    started, results = threading.Event(), {}

    def worker(name, before=None, after=None):
        with app.app_context():
            if before:
                before.wait(5)
            results[name] = schedule.claim(reminder_id, now)
            if after:
                after.set()
                time.sleep(0.5)
            db.session.commit()
            db.session.remove()

    one = threading.Thread(target=worker, args=("first", None, started))
    two = threading.Thread(target=worker, args=("second", started, None))
    one.start(), two.start()
    one.join(10), two.join(10)
    assert results == {"first": True, "second": False}


# --- Pagination ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "page"), [("", 1), ("?page=x", 1), ("?page=-3", 1), ("?page=4", 4)]
)
def test_page_arg_is_bounded(app, query, page):
    with app.test_request_context(f"/{query}"):
        assert page_arg() == page
    with app.test_request_context("/?page=99999999999999999999"):
        assert page_arg() == MAX_PAGE


def test_pagination_macro_links_pages(app, app_ctx, make_user, make_org):
    org = make_org()
    for _ in range(3):
        make_user(org=org)
    page = paginate(sa.select(User).order_by(User.id), 2, 1)
    template = (
        '{% from "_macros/pagination.html" import pages %}{{ pages(p, "Pages") }}'
    )
    with app.test_request_context("/organisations/1/members?q=ann&page=2"):
        html = render_template_string(template, p=page)
        empty = render_template_string(template, p=paginate(sa.select(User), 1, 10))
    assert 'aria-label="Pages"' in html and "Page 2 of 3" in html
    assert 'href="/organisations/1/members?page=1&amp;q=ann"' in html
    assert "?page=3" in html
    assert empty.strip() == ""


# --- Signals -------------------------------------------------------------------------


def test_erasure_reaches_mentorships_through_a_signal_not_an_import():
    mydata = (PACKAGE / "mydata" / "services.py").read_text()
    assert "mentorships" not in {
        part
        for name in _imported_modules(PACKAGE / "mydata" / "services.py")
        for part in name.split(".")
    }, mydata[:0]
    receivers = [r.__module__ for r in signals.person_erased.receivers_for(None)]
    assert "mentorship.mentorships.reactions" in receivers
