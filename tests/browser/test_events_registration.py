"""A session with one seat, in Chromium: a member registers, a second is
waitlisted, the first cancels, the second is offered the seat and confirms it."""

from datetime import timedelta

import sqlalchemy as sa
from selenium.webdriver.common.by import By

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.events.models import EventSeries, EventSession, Registration

from .test_journeys import log_in, log_out, press


def _one_seat_session():
    start = utcnow().replace(microsecond=0) + timedelta(days=7)
    series = EventSeries(
        slug="browser-round-tables",
        kind="round_table",
        name=translated.new_text("en", en="Round tables"),
        confirm_hours=24,
    )
    event = EventSession(
        series=series,
        title=translated.new_text("en", en="Tailings round table"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="Australia/Perth",
        audience="members",
        capacity=1,
        join_url="https://meet.example.org/tailings",
        questions=[
            {"id": "topic", "label": {"en": "Your topic"}, "required": True},
        ],
    )
    db.session.add_all([series, event])
    db.session.commit()
    return event


def _register(browser, server, event_id, topic):
    browser.get(f"{server}/events/{event_id}")
    field = browser.find_element(By.CSS_SELECTOR, "main textarea[name='answer-topic']")
    field.send_keys(topic)
    browser.find_element(
        By.CSS_SELECTOR, "main input[name='visibility'][value='everyone']"
    ).click()
    press(
        browser,
        "//form[contains(@action, '/register')]//button[@type='submit']",
    )


def _status(user):
    db.session.expire_all()
    return db.session.scalar(
        sa.select(Registration.status).where(Registration.user_id == user.id)
    )


def test_register_waitlist_cancel_offer_confirm(
    app, live_server, browser, real_forms, make_org, make_user
):
    org = make_org(name="WIM Peru", region="latin_america_caribbean", country="PE")
    first = make_user(email="lucia@example.org", org=org, name="Lucía")
    second = make_user(email="grace@example.org", org=org, name="Grace")
    event = _one_seat_session()

    log_in(browser, live_server, first.email)
    browser.get(f"{live_server}/events/{event.id}")
    assert "Places available" in browser.page_source
    _register(browser, live_server, event.id, "Tailings dams")
    assert "You are registered for this session." in browser.page_source
    assert f"/events/{event.id}/join" in browser.page_source
    log_out(browser)
    assert _status(first) == "registered"

    log_in(browser, live_server, second.email)
    browser.get(f"{live_server}/events/{event.id}")
    assert "Full: join the waitlist" in browser.page_source
    _register(browser, live_server, event.id, "Closure")
    assert "You are on the waitlist, number 1." in browser.page_source
    log_out(browser)
    assert _status(second) == "waitlisted"

    log_in(browser, live_server, first.email)
    browser.get(f"{live_server}/events/{event.id}")
    press(browser, "//button[normalize-space()='Cancel my registration']")
    assert "Your registration is cancelled." in browser.page_source
    log_out(browser)
    assert _status(first) == "cancelled"
    assert _status(second) == "offered"

    log_in(browser, live_server, second.email)
    browser.get(f"{live_server}/events/{event.id}")
    assert "A seat has been freed for you." in browser.page_source
    assert "Peru" in browser.page_source  # the deadline in her own zone
    press(browser, "//button[normalize-space()='Confirm my seat']")
    assert "Your seat is confirmed." in browser.page_source
    assert "You are registered for this session." in browser.page_source
    assert _status(second) == "registered"
