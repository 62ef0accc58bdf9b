"""A working group's monthly meetings in the events engine: scheduling N monthly
sessions (series made if missing), guests invited to one meeting (who then see and
may register for it, and are told by email in their language), the meetings page
(minutes' status, decisions, open actions), the group page's panel, bad input, and
the demo's meetings."""

import json
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mentorship import policy
from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.events.minutes_models import Minutes, MinutesItem
from mentorship.events.models import EventSeries, EventSession, Registration
from mentorship.groups import meetings as service
from mentorship.groups.meetings_models import MeetingGuest
from mentorship.groups.models import WorkingGroup
from mentorship.organisations.themes import active_themes, ensure_themes
from mentorship.policy.event_pages import visible_sessions

from .. import factories

NEXT_YEAR = utcnow().year + 1
PARIS = ZoneInfo("Europe/Paris")


def sign_in(client, user, locale="en"):
    factories.sign_in(client, user, locale=locale)


def plan(**changes):
    values = dict(
        ordinal=2,
        weekday=1,  # second Tuesday
        local_time=time(14, 0),
        duration=60,
        timezone="Europe/Paris",
        language="en",
        months=12,
        first_on=date(NEXT_YEAR, 1, 1),
        agenda=translated.Edit("en", {"en": "1. News\n2. Actions"}),
    )
    values.update(changes)
    return service.MonthlyPlan(**values)


def form(**changes):
    data = {
        "ordinal": "2",
        "weekday": "1",
        "local_time": "14:00",
        "duration": "60",
        "timezone": "Europe/Paris",
        "language": "en",
        "months": "3",
        "first_on": f"{NEXT_YEAR}-01-01",
        "agenda-source": "en",
        "agenda-en": "News",
    }
    data.update(changes)
    return data


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def world(make_org, make_user, in_request):
    ensure_themes()
    org = make_org(name="WIM Peru")
    people = {
        "staff": make_user(roles=["secretariat"], name="Sara Secretariat"),
        "chair": make_user(org=org, name="Carla Chair"),
        "champion": make_user(org=org, name="Chloe Champion"),
        "member": make_user(org=org, name="Mina Member"),
        "guest": make_user(org=org, name="Gabriela Guest", locale="es"),
        "outsider": make_user(org=org, name="Olga Outsider"),
    }
    body = Body(
        kind="working_group",
        slug="data-group",
        name=translated.new_text("en", en="Data group", fr="Groupe données"),
    )
    group = WorkingGroup(
        body=body,
        theme=active_themes()[0],
        status="active",
        purpose=translated.new_text("en", en="Count."),
    )
    db.session.add(group)
    db.session.flush()
    since = utcnow().date() - timedelta(days=30)
    memberships.start(people["chair"], "chair", body=body, starts_on=since)
    memberships.start(people["champion"], "champion", body=body, starts_on=since)
    memberships.start(people["member"], "member", body=body, starts_on=since)
    db.session.commit()
    return {"group": group, **people}


def scheduled(world, **changes):
    sessions = service.schedule(world["group"], plan(**changes), world["chair"])
    db.session.commit()
    return sessions


# --- Scheduling --------------------------------------------------------------------


def test_nth_weekday():
    assert service.nth_weekday(2027, 1, 2, 1) == date(2027, 1, 12)  # 2nd Tuesday
    assert service.nth_weekday(2027, 2, -1, 4) == date(2027, 2, 26)  # last Friday
    assert service.nth_weekday(2027, 3, 1, 0) == date(2027, 3, 1)  # 1st Monday


def test_scheduling_makes_the_series_and_twelve_monthly_sessions(world):
    sessions = scheduled(world)
    series = service.series_of(world["group"])
    assert series.kind == "working_group"
    assert series.default_audience == "working_group"
    assert series.body_id == world["group"].body_id
    assert len(sessions) == 12
    for n, session in enumerate(sessions):
        local = session.starts_at.astimezone(PARIS)
        assert (local.month, local.weekday(), local.hour) == (n + 1, 1, 14)
        assert 8 <= local.day <= 14  # the second Tuesday
        assert session.audience == "working_group"
        assert session.timezone == "Europe/Paris"
        assert session.ends_at - session.starts_at == timedelta(hours=1)
        assert session.agenda.body("en") == "1. News\n2. Actions"
        assert session.theme_id == world["group"].theme_id
    title = sessions[0].title
    assert title.body("en") == f"Data group: meeting of January {NEXT_YEAR}"
    assert title.body("fr").startswith("Groupe données") and title.body("es")
    assert title.status("fr") == "reviewed"


def test_scheduling_again_adds_only_the_missing_days(world):
    scheduled(world, months=2)
    added = scheduled(world, months=4)
    assert len(added) == 2
    with pytest.raises(service.MeetingsError, match="already scheduled"):
        service.schedule(world["group"], plan(months=4), world["chair"])
    db.session.rollback()
    assert count(EventSession) == 4 and count(EventSeries) == 1


def test_meetings_start_after_now(world):
    today = utcnow().date()
    sessions = scheduled(world, first_on=today - timedelta(days=60), months=2)
    assert all(s.starts_at > utcnow() for s in sessions)


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"months": 0}, "from 1 to 24 months"),
        ({"months": 100}, "from 1 to 24 months"),
        ({"timezone": "Mars/Olympus"}, "time zone"),
        ({"ordinal": 5}, "which day"),
        ({"duration": 7}, "how long"),
        ({"join_url": "http://meet"}, "https://"),
    ],
)
def test_bad_plans_change_nothing(world, changes, message):
    with pytest.raises(service.MeetingsError, match=message):
        service.schedule(world["group"], plan(**changes), world["chair"])
    db.session.rollback()
    assert count(EventSession) == 0 and count(EventSeries) == 0


def test_a_closed_group_schedules_nothing(world):
    world["group"].status = "closed"
    world["group"].closed_at = utcnow()
    db.session.commit()
    with pytest.raises(service.MeetingsError, match="closed"):
        service.schedule(world["group"], plan(), world["staff"])
    db.session.rollback()
    assert count(EventSession) == 0


# --- Guests ------------------------------------------------------------------------


def test_members_see_the_meetings_and_outsiders_do_not(world):
    first = scheduled(world, months=1)[0]
    assert policy.is_in_audience(world["member"], first)
    assert policy.registration_refusal(world["member"], first) is None
    assert not policy.can_see_session(world["outsider"], first)
    assert policy.registration_refusal(world["outsider"], first) is not None


def test_a_guest_sees_and_registers_for_her_meeting_only(world, outbox):
    first, second = scheduled(world, months=2)
    guest = service.invite_guest(
        world["group"], first, world["guest"].email.upper(), world["chair"]
    )
    db.session.commit()
    person = world["guest"]
    assert guest.user_id == person.id and guest.invited_by_id == world["chair"].id
    assert policy.is_meeting_guest(person, first)
    assert policy.can_see_session(person, first)
    assert policy.registration_refusal(person, first) is None
    assert not policy.can_see_session(person, second)
    visible = set(
        db.session.scalars(sa.select(EventSession.id).where(visible_sessions(person)))
    )
    assert first.id in visible and second.id not in visible
    # told by email, in her language (Spanish)
    (message,) = outbox
    assert message.to == [person.email]
    assert message.alternatives[0][0].startswith('<!doctype html>\n<html lang="es">')
    assert f"/events/{first.id}" in message.body


def test_the_guest_registers_through_the_events_engine(client, world):
    first = scheduled(world, months=1)[0]
    service.invite_guest(world["group"], first, world["guest"].email, world["chair"])
    db.session.commit()
    sign_in(client, world["guest"])
    response = client.post(
        f"/events/{first.id}/register", data={"visibility": "everyone"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    registration = db.session.scalar(
        sa.select(Registration).where(Registration.session_id == first.id)
    )
    assert registration.user_id == world["guest"].id
    assert registration.status == "registered"


@pytest.mark.parametrize(
    "who,message",
    [
        ("nobody@example.org", "No account has this email address"),
        ("member", "is a member of the group"),
        ("chair", "is a member of the group"),
    ],
)
def test_bad_invitations_change_nothing(world, outbox, who, message):
    first = scheduled(world, months=1)[0]
    email = world[who].email if who in world else who
    with pytest.raises(service.MeetingsError, match=message):
        service.invite_guest(world["group"], first, email, world["chair"])
    db.session.rollback()
    assert count(MeetingGuest) == 0 and outbox == []


def test_inviting_twice_is_refused(world, outbox):
    first = scheduled(world, months=1)[0]
    service.invite_guest(world["group"], first, world["guest"].email, world["chair"])
    db.session.commit()
    with pytest.raises(service.MeetingsError, match="already invited"):
        service.invite_guest(
            world["group"], first, world["guest"].email, world["staff"]
        )
    db.session.rollback()
    assert count(MeetingGuest) == 1 and len(outbox) == 1


def test_no_guest_for_a_closed_group_or_a_past_meeting(world):
    first = scheduled(world, months=1)[0]
    with pytest.raises(service.MeetingsError, match="before the meeting starts"):
        service.invite_guest(
            world["group"],
            first,
            world["guest"].email,
            world["chair"],
            now=first.starts_at + timedelta(minutes=1),
        )
    world["group"].status = "closed"
    world["group"].closed_at = utcnow()
    with pytest.raises(service.MeetingsError, match="closed"):
        service.invite_guest(
            world["group"], first, world["guest"].email, world["chair"]
        )
    db.session.rollback()
    assert count(MeetingGuest) == 0


# --- The meetings page -------------------------------------------------------------


def past_meeting(world, days_ago=20, approved=True):
    """A past meeting of the group with minutes: a decision, an open action."""
    series = service.ensure_series(world["group"], world["staff"])
    ends = utcnow().replace(microsecond=0) - timedelta(days=days_ago)
    session = EventSession(
        series=series,
        title=translated.new_text("en", en=f"Meeting {days_ago}"),
        starts_at=ends - timedelta(hours=1),
        ends_at=ends,
        timezone="Europe/Paris",
        audience="working_group",
    )
    db.session.add(session)
    db.session.flush()
    minutes = Minutes(
        session_id=session.id,
        status="approved" if approved else "draft",
        text=translated.new_text("en", en="We met."),
        amend_until=ends + timedelta(days=7),
        approved_at=ends + timedelta(days=8) if approved else None,
    )
    db.session.add(minutes)
    db.session.flush()
    db.session.add_all(
        [
            MinutesItem(
                minutes_id=minutes.id,
                kind="decision",
                text=translated.new_text("en", en=f"Decided {days_ago}"),
            ),
            MinutesItem(
                minutes_id=minutes.id,
                kind="action",
                text=translated.new_text("en", en=f"Do it {days_ago}"),
                owner_user_id=world["member"].id,
                due_on=utcnow().date() - timedelta(days=1),
            ),
        ]
    )
    db.session.commit()
    return session


def test_the_meetings_page_shows_minutes_decisions_and_open_actions(client, world):
    scheduled(world, months=2)
    past_meeting(world, 20)
    past_meeting(world, 50, approved=False)
    sign_in(client, world["member"])
    page = client.get("/groups/data-group/meetings").get_data(as_text=True)
    assert "Upcoming meetings" in page and f"January {NEXT_YEAR}" in page
    assert "Minutes: approved" in page and "Decided 20" in page
    # a draft's decisions are for those who attended and the organisers
    assert "Minutes: draft" in page and "Decided 50" not in page
    assert "Do it 20" in page and "Mina Member" in page and "Overdue" in page
    assert "Do it 50" not in page  # only the approved minutes' actions
    assert "Schedule monthly meetings" not in page


def test_the_meetings_page_is_for_members_and_runners(client, world):
    assert client.get("/groups/data-group/meetings").status_code == 302
    sign_in(client, world["outsider"])
    assert client.get("/groups/data-group/meetings").status_code == 403
    sign_in(client, world["chair"])
    page = client.get("/groups/data-group/meetings")
    assert page.status_code == 200
    assert "Schedule monthly meetings" in page.get_data(as_text=True)
    assert client.get("/groups/no-such-group/meetings").status_code == 404


def test_the_group_page_panel_shows_the_next_meeting(client, world):
    first = scheduled(world, months=2)[0]
    assert "Monthly meetings" not in client.get("/groups/data-group").get_data(
        as_text=True
    )
    sign_in(client, world["member"])
    page = client.get("/groups/data-group").get_data(as_text=True)
    assert "Next meeting:" in page and f"/events/{first.id}" in page
    assert "/groups/data-group/meetings" in page


# --- Routes ------------------------------------------------------------------------


def test_the_chair_schedules_through_the_form(client, world):
    sign_in(client, world["chair"])
    assert client.get("/groups/data-group/meetings/schedule").status_code == 200
    response = client.post("/groups/data-group/meetings/schedule", data=form())
    assert response.status_code == 302
    assert count(EventSession) == 3
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 meetings were scheduled." in page


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"months": "0"}, "Enter a whole number from 1 to 24."),
        ({"months": "100"}, "Enter a whole number from 1 to 24."),
        ({"months": "many"}, "Enter a whole number from 1 to 24."),
        ({"timezone": "Mars/Olympus"}, "Choose a time zone from the list."),
        ({"local_time": "25:99"}, "Enter the time, such as 14:00."),
        ({"ordinal": "9"}, "Choose one of the options."),
        ({"first_on": "yesterday"}, "Enter a date such as 2027-01-31."),
    ],
)
def test_bad_schedule_forms_change_nothing(client, world, changes, message):
    sign_in(client, world["chair"])
    response = client.post("/groups/data-group/meetings/schedule", data=form(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(EventSession) == 0 and count(EventSeries) == 0


def test_scheduling_for_a_closed_group_is_refused_with_a_message(client, world):
    world["group"].status = "closed"
    world["group"].closed_at = utcnow()
    db.session.commit()
    sign_in(client, world["staff"])
    response = client.post("/groups/data-group/meetings/schedule", data=form())
    assert response.status_code == 400
    assert "This group is closed" in response.get_data(as_text=True)
    assert count(EventSession) == 0


def test_non_runners_may_not_schedule_or_invite(client, world):
    first = scheduled(world, months=1)[0]
    for who in ("member", "champion", "outsider"):
        sign_in(client, world[who])
        post = client.post("/groups/data-group/meetings/schedule", data=form())
        assert post.status_code == 403
        url = f"/groups/data-group/meetings/{first.id}/guests"
        assert client.post(url, data={"email": world["guest"].email}).status_code == 403
    assert count(EventSession) == 1 and count(MeetingGuest) == 0


def test_the_chair_invites_a_guest_through_the_form(client, world, outbox):
    first = scheduled(world, months=1)[0]
    url = f"/groups/data-group/meetings/{first.id}/guests"
    sign_in(client, world["chair"])
    assert client.get(url).status_code == 200
    response = client.post(url, data={"email": world["guest"].email})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Gabriela Guest" in page and "is invited and was told by email" in page
    response = client.post(url, data={"email": world["member"].email})
    assert response.status_code == 400
    assert "is a member of the group" in response.get_data(as_text=True)
    response = client.post(url, data={"email": "nobody@example.org"})
    assert "No account has this email address" in response.get_data(as_text=True)
    assert count(MeetingGuest) == 1 and len(outbox) == 1


def test_a_meeting_of_another_group_or_series_is_404(client, world):
    other = EventSeries(
        slug="other", kind="round_table", name=translated.new_text("en", en="RT")
    )
    starts = utcnow() + timedelta(days=3)
    session = EventSession(
        series=other,
        title=translated.new_text("en", en="RT"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        timezone="UTC",
    )
    db.session.add_all([other, session])
    db.session.commit()
    sign_in(client, world["chair"])
    assert (
        client.get(f"/groups/data-group/meetings/{session.id}/guests").status_code
        == 404
    )
    assert client.get("/groups/data-group/meetings/999999/guests").status_code == 404


# --- Her data ----------------------------------------------------------------------


def test_her_invitations_are_in_her_export(client, world):
    first = scheduled(world, months=1)[0]
    service.invite_guest(world["group"], first, world["guest"].email, world["chair"])
    db.session.commit()
    (row,) = service.export_of(world["guest"])
    assert row["session"] == first.title.body("es")  # in her language
    assert row["starts_at"] == first.starts_at.isoformat()
    sign_in(client, world["guest"])
    exported = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert exported["meeting_invitations"] == [row]
    assert service.export_of(world["member"]) == []


def test_the_chair_removes_a_guest_and_her_registration(client, world, outbox):
    first = scheduled(world, months=1)[0]
    guest = service.invite_guest(
        world["group"], first, world["guest"].email, world["chair"]
    )
    db.session.commit()
    sign_in(client, world["guest"])
    client.post(f"/events/{first.id}/register", data={"visibility": "everyone"})
    client.post("/logout")
    sign_in(client, world["chair"])
    url = f"/groups/data-group/meetings/{first.id}/guests"
    assert f"{url}/{guest.id}/remove" in client.get(url).get_data(as_text=True)
    response = client.post(f"{url}/{guest.id}/remove")
    assert response.status_code == 302
    assert count(MeetingGuest) == 0
    registration = db.session.scalar(
        sa.select(Registration).where(Registration.session_id == first.id)
    )
    assert registration.status == "cancelled"
    assert not policy.can_see_session(world["guest"], first)
    # Again, or a guest of another meeting: 404, nothing changes.
    assert client.post(f"{url}/{guest.id}/remove").status_code == 404


def test_no_guest_is_removed_once_the_meeting_started(world):
    first = scheduled(world, months=1)[0]
    guest = service.invite_guest(
        world["group"], first, world["guest"].email, world["chair"]
    )
    db.session.commit()
    with pytest.raises(service.MeetingsError, match="before the meeting starts"):
        service.remove_guest(
            world["group"],
            first,
            guest,
            world["chair"],
            now=first.starts_at + timedelta(minutes=1),
        )
    db.session.rollback()
    assert count(MeetingGuest) == 1
