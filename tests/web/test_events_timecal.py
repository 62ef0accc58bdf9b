"""Time, calendars, updates and reminders of the events engine (the `timecal` part):
each reader's clock beside the session's, the regional strip, the fallbacks of a
person's zone, .ics files and feeds, update emails and reminders."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import sqlalchemy as sa

from mentorship.auth.models import User
from mentorship.core import schedule, translated
from mentorship.core.models import Reminder
from mentorship.db import db, utcnow
from mentorship.events import calendars, reminders, signals, times
from mentorship.events.calendar_models import CalendarFeed
from mentorship.events.models import EventSeries, EventSession, Registration

from ..factories import enrol, make_programme, sign_in

# 14:00 UTC: 09:00 in Lima, 22:00 in Perth, 01:00 the next day in Sydney (summer).
START = datetime(2027, 3, 10, 14, 0, tzinfo=UTC)


def text(**bodies):
    return translated.new_text(next(iter(bodies)), **bodies)


def make_series(slug="round-tables-2027", offsets=None):
    series = EventSeries(
        slug=slug,
        kind="round_table",
        name=text(en="Round tables 2027", fr="Tables rondes 2027", es="Mesas 2027"),
    )
    if offsets is not None:
        series.reminder_minutes = offsets
    db.session.add(series)
    db.session.commit()
    return series


def make_session(series, start=START, zone="America/Lima", audience="public", **kw):
    session = EventSession(
        series=series,
        title=text(
            en="Critical minerals", fr="Minerais critiques", es="Minerales críticos"
        ),
        description=text(en="A round table."),
        starts_at=start,
        ends_at=start + timedelta(hours=1, minutes=30),
        timezone=zone,
        audience=audience,
        capacity=10,
        join_url="https://meet.example.org/critical-minerals",
        **kw,
    )
    db.session.add(session)
    db.session.commit()
    return session


def register(session, user, status="registered"):
    registration = Registration(
        session_id=session.id,
        user_id=user.id,
        status=status,
        waitlisted_at=utcnow() if status == "waitlisted" else None,
    )
    db.session.add(registration)
    db.session.commit()
    return registration


def with_zone(user, zone):
    user.timezone = zone
    db.session.commit()
    return user


def client_for(app, user=None, **cookies):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def parse(body):
    return icalendar.Calendar.from_ical(body)


def events_of(body):
    return [c for c in parse(body).walk() if c.name == "VEVENT"]


@pytest.fixture
def series(app_ctx):
    return make_series()


# --- Each reader's clock ------------------------------------------------------------


def test_lima_and_perth_readers_see_their_own_time_and_the_session_s(
    app, series, make_user
):
    session = make_session(series, zone="Europe/London")
    lima = with_zone(make_user(), "America/Lima")
    perth = with_zone(make_user(), "Australia/Perth")
    page = client_for(app, lima).get(f"/events/{session.id}").get_data(as_text=True)
    assert "9:00" in page and "Peru (UTC−05:00)" in page
    assert "United Kingdom (UTC+00:00) for the organiser" in page
    page = client_for(app, perth).get(f"/events/{session.id}").get_data(as_text=True)
    assert "10:00" in page and "Australia, Perth (UTC+08:00)" in page
    assert "United Kingdom (UTC+00:00) for the organiser" in page
    assert "UTC (" not in page and "14:00 UTC" not in page


def test_a_reader_in_the_session_s_zone_sees_it_once(app, series, make_user):
    session = make_session(series)
    lima = with_zone(make_user(), "America/Lima")
    page = client_for(app, lima).get(f"/events/{session.id}").get_data(as_text=True)
    assert "Peru (UTC−05:00)" in page
    assert "for the organiser" not in page


def test_the_regional_strip_names_cities_in_the_reader_s_language(
    app, series, make_user
):
    session = make_session(series)
    with app.test_request_context():
        places = {p.zone: p for p in times.strip(session, "en")}
    assert places["America/Lima"].time == "9:00\u202fAM"
    assert places["America/Lima"].day == 0
    assert places["Australia/Perth"].day == 0
    assert places["Australia/Sydney"].day == 1  # 01:00 the next day
    with app.test_request_context():
        names = [p.city for p in times.strip(session, "es")]
    assert "Ciudad de México" in names and "Londres" in names
    assert not any("/" in name for name in names)
    # The other way round: Sydney's morning is the previous evening in Lima.
    early = make_session(
        series, start=datetime(2027, 3, 10, 0, tzinfo=UTC), zone="Australia/Sydney"
    )
    with app.test_request_context():
        places = {p.zone: p for p in times.strip(early, "en")}
    assert places["America/Lima"].day == -1
    page = (
        client_for(
            app,
            make_user(),
        )
        .get(f"/events/{early.id}")
        .get_data(as_text=True)
    )
    assert "Around the Alliance" in page and "previous day" in page
    assert "browser-zone.js" in page


def test_the_strip_is_translated_on_the_page(app, series, make_user):
    session = make_session(series)
    reader = make_user(locale="fr")
    client = client_for(app, reader)
    with client.session_transaction() as state:
        state["locale"] = "fr"
    page = client.get(f"/events/{session.id}").get_data(as_text=True)
    assert "Londres" in page and "Mexico" in page


# --- Where a person's zone comes from, in order --------------------------------------


def zone_in_request(app, user, cookie=None, languages=None):
    headers = {"Accept-Language": languages} if languages else {}
    if cookie:
        headers["Cookie"] = f"tz={cookie}"
    with app.test_request_context(headers=headers):
        return times.reader_zone(user)


def test_fallbacks_in_order(app, make_org, make_user):
    peru = make_org(country="PE")
    person = make_user(org=peru)
    # No profile, no account zone: her organisation's country beats the browser.
    assert zone_in_request(app, person, "Australia/Perth", "en-AU") == "America/Lima"
    # Her account's zone beats her organisation's country.
    with_zone(person, "Africa/Accra")
    assert zone_in_request(app, person, "Australia/Perth") == "Africa/Accra"
    # Her profile's zone beats her account's.
    enrol(make_programme(), person, "mentee", timezone="Australia/Perth")
    db.session.expire_all()
    person = db.session.get(User, person.id)
    assert zone_in_request(app, person) == "Australia/Perth"
    # Without an organisation: the browser's zone (cookie), then her language region.
    loner = make_user()
    assert zone_in_request(app, loner, "Africa/Johannesburg", "es-PE") == (
        "Africa/Johannesburg"
    )
    assert zone_in_request(app, loner, None, "es-PE,es;q=0.8") == "America/Lima"
    assert zone_in_request(app, loner, None, "en;q=0.9") is None
    # Anonymous readers too.
    from flask_login import AnonymousUserMixin

    anonymous = AnonymousUserMixin()
    assert zone_in_request(app, anonymous, "Australia/Perth") == "Australia/Perth"
    assert zone_in_request(app, anonymous, None, "fr-CA") == "America/Toronto"


def test_unknown_zone_shows_the_session_s_own_labelled(app, series, make_user):
    session = make_session(series)
    page = (
        client_for(app, make_user()).get(f"/events/{session.id}").get_data(as_text=True)
    )
    assert "Peru (UTC−05:00)" in page
    assert "time zone)" in page and "Set your time zone to see" in page


@pytest.mark.parametrize(
    "cookie", ["Mars/Olympus_Mons", "../../etc/passwd", "x" * 80, "UTC\x00", ""]
)
def test_a_bad_zone_cookie_is_ignored(app, make_user, cookie):
    assert times.valid_zone(cookie) is None
    assert zone_in_request(app, make_user(), cookie, "es-PE") == "America/Lima"


def test_an_alias_cookie_reads_as_today_s_zone(app, make_user):
    assert zone_in_request(app, make_user(), "Asia/Calcutta") == "Asia/Kolkata"


def test_account_time_zone_is_saved_and_bad_ones_refused(app, make_user):
    person = make_user()
    client = client_for(app, person)
    page = client.get("/account").get_data(as_text=True)
    assert 'name="account-timezone"' in page and "Peru (UTC−05:00)" in page
    response = client.post(
        "/account/details",
        data={
            "account-name": person.name,
            "account-locale": "en",
            "account-timezone": "America/Lima",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, person.id).timezone == "America/Lima"
    response = client.post(
        "/account/details",
        data={
            "account-name": "Someone else",
            "account-locale": "en",
            "account-timezone": "Mars/Olympus_Mons",
        },
    )
    assert response.status_code == 400
    assert "This time zone does not exist" in response.get_data(as_text=True)
    db.session.expire_all()
    again = db.session.get(User, person.id)
    assert (again.timezone, again.name) == ("America/Lima", person.name)
    # In Spanish, the message is translated.
    with client.session_transaction() as state:
        state["locale"] = "es"
    response = client.post(
        "/account/details",
        data={"account-name": "X", "account-locale": "es", "account-timezone": "Nope"},
    )
    assert response.status_code == 400


# --- A session's .ics ----------------------------------------------------------------


def test_session_ics_keeps_its_uid_and_grows_its_sequence(app, series, make_user):
    session = make_session(series)
    seated, visitor = make_user(), make_user()
    register(session, seated)
    response = client_for(app, seated).get(f"/events/{session.id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert 'filename="critical-minerals-' in response.headers["Content-Disposition"]
    (first,) = events_of(response.data)
    assert str(first["location"]).endswith(f"/events/{session.id}/join")
    assert "meet.example.org" not in response.get_data(as_text=True)
    # Someone without a seat gets no joining link.
    (bare,) = events_of(client_for(app, visitor).get(f"/events/{session.id}.ics").data)
    assert "location" not in bare and bare["uid"] == first["uid"]
    # The organiser moves it: same UID, a higher SEQUENCE.
    session.starts_at += timedelta(hours=2)
    session.ends_at += timedelta(hours=2)
    session.sequence += 1
    db.session.commit()
    (moved,) = events_of(client_for(app, seated).get(f"/events/{session.id}.ics").data)
    assert moved["uid"] == first["uid"]
    assert moved["sequence"] > first["sequence"]
    assert moved.decoded("dtstart") == START + timedelta(hours=2)


def test_cancelled_session_ics_is_a_cancel(app, series, make_user):
    session = make_session(series)
    session.status = "cancelled"
    session.sequence += 1
    db.session.commit()
    body = client_for(app, make_user()).get(f"/events/{session.id}.ics").data
    assert parse(body)["method"] == "CANCEL"
    (event,) = events_of(body)
    assert event["status"] == "CANCELLED" and "location" not in event


def test_session_ics_only_for_those_who_may_see_it(app, series, make_user):
    members_only = make_session(series, audience="members")
    assert client_for(app).get(f"/events/{members_only.id}.ics").status_code == 404
    assert client_for(app).get("/events/999999.ics").status_code == 404


# --- Her private feed ----------------------------------------------------------------


def test_private_feed_shows_only_hers_and_its_token_can_be_revoked(
    app, series, make_user
):
    mine = make_session(series)
    waiting = make_session(series, start=START + timedelta(days=7))
    dropped = make_session(series, start=START + timedelta(days=14))
    others = make_session(series, start=START + timedelta(days=21))
    person, other = make_user(), make_user()
    register(mine, person)
    register(waiting, person, "waitlisted")
    register(dropped, person, "cancelled")
    register(others, other)
    client = client_for(app, person)
    page = client.get("/events/mine").get_data(as_text=True)
    assert "Create my calendar address" in page
    assert client.post("/events/feed").status_code == 302
    token = db.session.scalar(
        sa.select(CalendarFeed.token).where(CalendarFeed.user_id == person.id)
    )
    assert len(token) >= 40
    page = client.get("/events/mine").get_data(as_text=True)
    assert f"webcal://localhost/events/feed/{token}.ics" in page
    response = client_for(app).get(f"/events/feed/{token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    status = {str(e["uid"]): str(e["status"]) for e in events_of(response.data)}
    host = calendars.host()
    assert status == {
        f"event-session-{mine.id}@{host}": "CONFIRMED",
        f"event-session-{waiting.id}@{host}": "TENTATIVE",
        f"event-session-{dropped.id}@{host}": "CANCELLED",
    }
    # The organiser cancels her session: the feed says so, her calendar drops it.
    mine.status = "cancelled"
    mine.sequence += 1
    db.session.commit()
    body = client_for(app).get(f"/events/feed/{token}.ics").data
    cancelled = [
        e for e in events_of(body) if str(e["uid"]).endswith(f"-{mine.id}@{host}")
    ]
    assert cancelled[0]["status"] == "CANCELLED" and cancelled[0]["sequence"] == 1
    # A new address: the old one stops working.
    client.post("/events/feed")
    assert client_for(app).get(f"/events/feed/{token}.ics").status_code == 404
    db.session.expire_all()
    new = db.session.scalar(
        sa.select(CalendarFeed.token).where(CalendarFeed.user_id == person.id)
    )
    assert new != token
    assert client_for(app).get(f"/events/feed/{new}.ics").status_code == 200
    assert client_for(app).get("/events/feed/not-a-token.ics").status_code == 404


# --- A series' public feed -----------------------------------------------------------


def test_public_series_feed_lists_only_public_sessions(app, series, make_user):
    public = make_session(series)
    make_session(series, audience="members", start=START + timedelta(days=1))
    make_session(series, audience="leaders", start=START + timedelta(days=2))
    response = client_for(app).get(f"/events/series/{series.slug}.ics")
    assert response.status_code == 200
    (event,) = events_of(response.data)
    assert str(event["uid"]).startswith(f"event-session-{public.id}@")
    assert "location" not in event
    assert parse(response.data)["x-wr-calname"] == "Round tables 2027"
    assert client_for(app).get("/events/series/nothing.ics").status_code == 404
    with app.test_request_context():
        panel = calendars.series_panel(series, None)
    assert panel["webcal_url"].startswith("webcal://")


# --- Updates -------------------------------------------------------------------------


def test_moved_session_emails_seats_and_waitlist_in_their_language(
    app, series, make_user, outbox
):
    session = make_session(series)
    session.capacity = 1  # full: the waitlisted person stays on the waitlist
    lima = with_zone(make_user(locale="es"), "America/Lima")
    perth = with_zone(make_user(locale="fr"), "Australia/Perth")
    gone = make_user()
    register(session, lima)
    register(session, perth, "waitlisted")
    register(session, gone, "cancelled")
    with app.test_request_context():
        session.starts_at += timedelta(hours=1)
        session.ends_at += timedelta(hours=1)
        session.sequence += 1
        signals.session_saved.send(session, created=False, moved=True)
        db.session.commit()
    assert sorted(m.to[0] for m in outbox) == sorted([lima.email, perth.email])
    by = {m.to[0]: m for m in outbox}
    assert "10:00" in by[lima.email].body  # her Lima time
    assert "23:00" in by[perth.email].body  # her Perth time
    name, body, mime = by[lima.email].attachments[0]
    assert mime.startswith("text/calendar") and name.endswith(".ics")
    (event,) = events_of(body)
    assert event["sequence"] == 1 and event["summary"] == "Minerales críticos"
    assert "location" in event  # she holds a seat
    (tentative,) = events_of(by[perth.email].attachments[0][1])
    assert tentative["status"] == "TENTATIVE" and "location" not in tentative


def test_cancelled_session_emails_a_cancel(app, series, make_user, outbox):
    session = make_session(series)
    person = make_user(locale="fr")
    register(session, person)
    with app.test_request_context():
        session.status = "cancelled"
        session.sequence += 1
        signals.session_cancelled.send(session)
        db.session.commit()
    (message,) = outbox
    _name, body, mime = message.attachments[0]
    assert "method=CANCEL" in mime
    assert parse(body)["method"] == "CANCEL"
    assert events_of(body)[0]["status"] == "CANCELLED"
    assert "Minerais critiques" in message.subject


# --- Reminders -----------------------------------------------------------------------


def reminder_keys(session):
    return set(
        db.session.scalars(
            sa.select(Reminder.key).where(
                Reminder.key.startswith(f"event:{session.id}:")
            )
        )
    )


def soon_session(series, days=10, **kw):
    start = utcnow().replace(microsecond=0) + timedelta(days=days)
    session = make_session(series, start=start, **kw)
    signals.session_saved.send(session, created=True, moved=False)
    db.session.commit()
    return session


def test_reminders_are_scheduled_and_move_with_the_session(app, series):
    session = soon_session(series)
    assert reminder_keys(session) == {
        f"event:{session.id}:reminder:10080",
        f"event:{session.id}:reminder:1440",
        f"event:{session.id}:reminder:60",
    }
    hour = db.session.scalar(
        sa.select(Reminder).where(Reminder.key == f"event:{session.id}:reminder:60")
    )
    assert hour.due_at == session.starts_at - timedelta(hours=1)
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    signals.session_saved.send(session, created=False, moved=True)
    db.session.commit()
    db.session.refresh(hour)
    assert hour.due_at == session.starts_at - timedelta(hours=1)


def test_past_offsets_are_skipped(app, series):
    session = soon_session(series, days=2)
    assert reminder_keys(session) == {
        f"event:{session.id}:reminder:1440",
        f"event:{session.id}:reminder:60",
    }


def test_series_offsets_change_reschedules_and_cancels(app, series):
    session = soon_session(series)
    series.reminder_minutes = [2 * 24 * 60, 60]
    signals.series_saved.send(series)
    db.session.commit()
    assert reminder_keys(session) == {
        f"event:{session.id}:reminder:2880",
        f"event:{session.id}:reminder:60",
    }
    series.reminder_minutes = ["nonsense", -5, True]
    signals.series_saved.send(series)
    db.session.commit()
    assert reminder_keys(session) == set()


def test_cancelled_session_has_no_reminders(app, series, outbox):
    session = soon_session(series)
    session.status = "cancelled"
    signals.session_cancelled.send(session)
    db.session.commit()
    assert reminder_keys(session) == set()


def test_reminders_are_sent_once_in_each_language_not_to_cancelled(
    app, series, make_user, outbox
):
    session = soon_session(series)
    lima = with_zone(make_user(locale="es"), "America/Lima")
    perth = with_zone(make_user(locale="fr"), "Australia/Perth")
    waiting, cancelled = make_user(), make_user()
    for person, status in (
        (lima, "registered"),
        (perth, "registered"),
        (waiting, "waitlisted"),
        (cancelled, "registered"),
    ):
        register(session, person, status)
    # She cancels before the reminder goes: she gets nothing.
    registration = db.session.scalar(
        sa.select(Registration).where(Registration.user_id == cancelled.id)
    )
    registration.status = "cancelled"
    db.session.commit()
    session_id, starts_at = session.id, session.starts_at
    week_before = starts_at - timedelta(days=7) + timedelta(minutes=1)
    assert schedule.due(week_before) == 1
    assert sorted(m.to[0] for m in outbox) == sorted([lima.email, perth.email])
    by = {m.to[0]: m for m in outbox}
    # Each in her language: the title, the zone's name, the date (the sentences
    # follow once the catalogues hold this part's messages).
    assert "Minerales críticos" in by[lima.email].subject
    assert "Minerais critiques" in by[perth.email].subject
    assert "Perú (UTC−05:00)" in by[lima.email].body
    assert "Australie, Perth (UTC+08:00)" in by[perth.email].body
    join = f"/events/{session_id}/join"
    assert join in by[lima.email].body and join in by[perth.email].body
    lima_time = starts_at.astimezone(times.ZoneInfo("America/Lima"))
    assert f"{lima_time:%H:%M}".lstrip("0") in by[lima.email].body
    # Sent once: the sweep again sends nothing.
    assert schedule.due(week_before + timedelta(minutes=5)) == 0
    assert len(outbox) == 2


def test_offsets_keep_positive_whole_minutes_once(series):
    series.reminder_minutes = [60, 60, 0, -1, 1.5, "x", None, True, 10**9, 1440]
    assert reminders.offsets(series) == [1440, 60]
    series.reminder_minutes = None
    assert reminders.offsets(series) == [10080, 1440, 60]


def test_a_reminder_for_a_session_cancelled_meanwhile_sends_nothing(
    app, series, make_user, outbox
):
    session = soon_session(series)
    register(session, make_user())
    session.status = "cancelled"  # cancelled without the signal: the handler checks
    db.session.commit()
    reminders.send_reminder({"session_id": session.id}, None)
    db.session.commit()
    assert outbox == []


def test_a_late_sweep_sends_only_the_latest_reminder(app, series, make_user, outbox):
    session = soon_session(series)
    register(session, make_user())
    # The sweep was down for a week: the 7-day and 24-hour reminders are stale.
    assert schedule.due(session.starts_at - timedelta(minutes=59)) == 3
    (message,) = outbox
    assert message.subject == "Reminder: Critical minerals"
