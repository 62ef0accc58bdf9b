"""Organising events: series and sessions created and edited (every bad input),
who organises, signals and calendar sequence, messages in each recipient's language,
attendance by the organiser and by the joining link, certificates."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.events import signals
from mentorship.events.models import (
    EventSeries,
    EventSession,
    Registration,
    SeatReservation,
)

from ..factories import sign_in

LIMA = ZoneInfo("America/Lima")


def local(moment, zone=LIMA):
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def make_series(body=None, certificate=False, name="Round tables 2027"):
    series = EventSeries(
        slug=f"s-{name.lower().replace(' ', '-')}",
        kind="working_group" if body else "round_table",
        name=translated.new_text("en", en=name),
        body_id=body.id if body else None,
        offers_certificate=certificate,
    )
    db.session.add(series)
    db.session.commit()
    return series


def make_session(
    series,
    starts_in=timedelta(days=30),
    hours=1,
    capacity=10,
    audience_public=False,
    **extra,
):
    start = utcnow().replace(second=0, microsecond=0) + starts_in
    event = EventSession(
        series=series,
        title=translated.new_text("en", en="Closing mines well", fr="Bien fermer"),
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        timezone="America/Lima",
        audience="public" if audience_public else "members",
        capacity=capacity,
        join_url="https://meet.example.org/rt",
        **extra,
    )
    db.session.add(event)
    db.session.commit()
    return event


def register(event, user, status="registered", organisation=None, **extra):
    organisation_id = organisation.id if organisation else user.organisation_id
    registration = Registration(
        session=event,
        user_id=user.id,
        organisation_id=organisation_id,
        region=user.organisation.region if user.organisation else None,
        status=status,
        waitlisted_at=utcnow() if status == "waitlisted" else None,
        **extra,
    )
    db.session.add(registration)
    db.session.commit()
    return registration


def session_form(start=None, zone="America/Lima", **overrides):
    start = start or utcnow().replace(second=0, microsecond=0) + timedelta(days=20)
    tz = ZoneInfo(zone) if zone in ("America/Lima", "Australia/Perth") else LIMA
    data = {
        "title-source": "en",
        "title-en": "Data on women in mining",
        "title-fr": "Données sur les femmes",
        "description-source": "en",
        "description-en": "What we count.",
        "agenda-source": "en",
        "agenda-en": "1. Welcome",
        "theme_id": "",
        "language": "en",
        "interpretations": ["fr", "es"],
        "timezone": zone,
        "starts_local": local(start, tz),
        "ends_local": local(start + timedelta(hours=2), tz),
        "join_url": "https://meet.example.org/data",
        "audience": "members",
        "capacity": "20",
        "seats_africa": "5",
        "seats_latin_america_caribbean": "5",
        "questions-0-en": "What would you like to ask?",
        "questions-0-fr": "Que voulez-vous demander ?",
        "questions-0-required": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def world(make_org, make_user):
    lima = make_org(name="WIM Peru", region="latin_america_caribbean", country="PE")
    perth = make_org(name="WIM Australia", region="asia_pacific", country="AU")
    body = Body(
        kind="working_group",
        slug="wg-data",
        name=translated.new_text("en", en="Data working group"),
    )
    other_body = Body(
        kind="working_group",
        slug="wg-other",
        name=translated.new_text("en", en="Other group"),
    )
    db.session.add_all([body, other_body])
    db.session.commit()
    people = {
        "secretariat": make_user(roles=["secretariat"]),
        "chair": make_user(org=lima, name="Carla Chair"),
        "member": make_user(org=lima, name="Lucía Lima", locale="es"),
        "perth": make_user(org=perth, name="Pat Perth", locale="fr"),
        "third": make_user(org=perth, name="Tess Third"),
    }
    memberships.start(people["chair"], "chair", body=body)
    db.session.commit()
    return {
        "org_lima": lima,
        "org_perth": perth,
        "body": body,
        "other": other_body,
        **people,
    }


@pytest.fixture
def received(app):
    """Signals of the events sent during the test."""
    seen = []

    def saved(sender, created, moved):
        seen.append(("saved", sender.id, created, moved))

    def cancelled(sender, **_extra):
        seen.append(("cancelled", sender.id))

    def series(sender):
        seen.append(("series", sender.id))

    signals.session_saved.connect(saved)
    signals.session_cancelled.connect(cancelled)
    signals.series_saved.connect(series)
    yield seen
    signals.session_saved.disconnect(saved)
    signals.session_cancelled.disconnect(cancelled)
    signals.series_saved.disconnect(series)


# --- Series --------------------------------------------------------------------------


def test_secretariat_creates_and_edits_a_series(client, world, received):
    sign_in(client, world["secretariat"])
    assert client.get("/admin/events/series/new").status_code == 200
    response = client.post(
        "/admin/events/series/new",
        data={
            "name-source": "en",
            "name-en": "Global WIM Calls",
            "name-es": "Llamadas globales",
            "description-source": "en",
            "kind": "call",
            "body_id": "",
            "default_audience": "leaders",
            "reminders": ["1440", "60"],
            "custom_hours": "2, 48",
            "confirm_hours": "12",
            "offers_certificate": "y",
        },
    )
    assert response.status_code == 302
    series = db.session.scalar(sa.select(EventSeries))
    assert series.slug == "global-wim-calls"
    assert series.reminder_minutes == [48 * 60, 1440, 120, 60]
    assert series.confirm_hours == 12 and series.offers_certificate
    assert series.name.body("es") == "Llamadas globales"
    assert ("series", series.id) in received
    edit = client.get(f"/admin/events/series/{series.id}/edit")
    assert edit.status_code == 200 and b"48" in edit.data
    assert client.get("/admin/events").status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"name-en": ""},
        {"custom_hours": "two"},
        {"custom_hours": "0"},
        {"confirm_hours": "-1"},
        {"kind": "party"},
        {"default_audience": "everyone"},
        {"reminders": ["13"]},
        {"body_id": "999999"},
    ],
)
def test_bad_series_changes_nothing(client, world, changes):
    sign_in(client, world["secretariat"])
    data = {
        "name-source": "en",
        "name-en": "Calls",
        "description-source": "en",
        "kind": "call",
        "body_id": "",
        "default_audience": "leaders",
        **changes,
    }
    response = client.post("/admin/events/series/new", data=data)
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(EventSeries.id))) == 0


def test_only_secretariat_creates_series_and_chair_edits_her_groups(client, world):
    mine = make_series(world["body"], name="Data meetings")
    theirs = make_series(world["other"], name="Other meetings")
    plain = make_series(name="Round tables")
    sign_in(client, world["chair"])
    assert client.get("/admin/events").status_code == 403
    assert client.get("/admin/events/series/new").status_code == 403
    assert client.get(f"/admin/events/series/{mine.id}/edit").status_code == 200
    assert client.get(f"/admin/events/series/{theirs.id}/edit").status_code == 404
    assert client.get(f"/admin/events/series/{plain.id}/edit").status_code == 404
    new = f"/admin/events/series/{mine.id}/sessions/new"
    assert client.get(new).status_code == 200
    other_new = f"/admin/events/series/{theirs.id}/sessions/new"
    assert client.post(other_new, data=session_form()).status_code == 404
    # The chair cannot move her series to another group.
    response = client.post(
        f"/admin/events/series/{mine.id}/edit",
        data={
            "name-source": "en",
            "name-en": "Data meetings",
            "description-source": "en",
            "kind": "working_group",
            "body_id": str(world["other"].id),
            "default_audience": "working_group",
        },
    )
    assert response.status_code == 302
    db.session.refresh(mine)
    assert mine.body_id == world["body"].id
    sign_in(client, world["member"])
    assert client.get(f"/admin/events/series/{mine.id}/edit").status_code == 404


# --- Sessions ------------------------------------------------------------------------


def test_create_session_in_organisers_zone(client, world, received):
    series = make_series(world["body"])
    sign_in(client, world["chair"])
    start = utcnow().replace(second=0, microsecond=0) + timedelta(days=20)
    response = client.post(
        f"/admin/events/series/{series.id}/sessions/new",
        data=session_form(start, zone="Australia/Perth"),
    )
    assert response.status_code == 302, response.data
    event = db.session.scalar(sa.select(EventSession))
    assert event.starts_at == start and event.timezone == "Australia/Perth"
    assert event.ends_at == start + timedelta(hours=2)
    assert event.interpretations == ["es", "fr"]
    assert {r.region: r.seats for r in event.reservations} == {
        "africa": 5,
        "latin_america_caribbean": 5,
    }
    assert event.questions == [
        {
            "id": "q1",
            "label": {
                "en": "What would you like to ask?",
                "fr": "Que voulez-vous demander ?",
            },
            "required": True,
        }
    ]
    assert event.sequence == 0
    assert received[-1] == ("saved", event.id, True, False)
    assert db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "event_sessions",
            AuditEvent.action == "session_created",
        )
    )
    page = client.get(f"/events/{event.id}/edit")
    assert page.status_code == 200
    assert local(start, ZoneInfo("Australia/Perth")).encode() in page.data


def _bad_inputs(start):
    """Bad values for a session starting at `start` (the test's own clock: a list
    made when the tests were collected was stale when a long run reached it)."""
    return [
        {"ends_local": local(start - timedelta(hours=1))},  # ends before it starts
        {"ends_local": local(start)},  # ends as it starts
        {"timezone": "Mars/Olympus_Mons"},  # no such zone
        {"timezone": ""},
        {"join_url": "http://meet.example.org/x"},  # not https
        {"join_url": "javascript:alert(1)"},
        {"join_url": "https://"},
        {"seats_africa": "15", "seats_europe": "10"},  # 25 reserved of 20
        {"capacity": "", "seats_europe": "3"},  # reserved without a capacity
        {"capacity": "0"},
        {"capacity": "lots"},
        {"closes_local": local(start + timedelta(hours=1))},  # closes after start
        {"opens_local": local(start + timedelta(minutes=10))},  # opens after start
        {
            "opens_local": local(start - timedelta(days=2)),
            "closes_local": local(start - timedelta(days=3)),
        },
        {"reserved_until_local": local(start + timedelta(hours=1))},
        {"starts_local": "tomorrow"},
        {"starts_local": "9999-01-01T10:00"},
        {"title-en": "", "title-fr": ""},
        {"language": "xx"},
        {"theme_id": "99999"},
        {"audience": "everyone"},
    ]


@pytest.mark.parametrize(
    "index", range(len(_bad_inputs(utcnow()))), ids=lambda i: f"changes{i}"
)
def test_bad_session_input_changes_nothing(client, world, received, index):
    start = utcnow().replace(second=0, microsecond=0) + timedelta(days=20)
    changes = _bad_inputs(start)[index]
    series = make_series()
    sign_in(client, world["secretariat"])
    data = session_form(start=start, **changes)
    if changes.get("capacity") == "":
        data.pop("capacity")
        data.pop("seats_africa")
        data.pop("seats_latin_america_caribbean")
    response = client.post(f"/admin/events/series/{series.id}/sessions/new", data=data)
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(EventSession.id))) == 0
    assert not [r for r in received if r[0] == "saved"]


def test_capacity_below_seats_taken_is_refused(client, world):
    event = make_session(make_series(), capacity=5)
    for key in ("member", "perth", "third"):
        register(event, world[key])
    sign_in(client, world["secretariat"])
    data = session_form(
        capacity="2", seats_africa=None, seats_latin_america_caribbean=None
    )
    response = client.post(f"/events/{event.id}/edit", data=data)
    assert response.status_code == 400
    assert "3 people already hold a seat" in response.get_data(as_text=True)
    db.session.refresh(event)
    assert event.capacity == 5 and event.sequence == 0


def test_edit_moves_and_bumps_sequence_only_for_calendar_changes(
    client, world, received
):
    event = make_session(make_series())
    sign_in(client, world["secretariat"])
    start = event.starts_at
    base = dict(
        seats_africa=None,
        seats_latin_america_caribbean=None,
        **{"title-en": "Closing mines well", "title-fr": "Bien fermer"},
        join_url="https://meet.example.org/rt",
    )
    # Only the description and capacity change: no move, no new SEQUENCE.
    data = session_form(start, capacity="12", **base)
    data["ends_local"] = local(event.ends_at)
    assert client.post(f"/events/{event.id}/edit", data=data).status_code == 302
    db.session.refresh(event)
    assert event.capacity == 12 and event.sequence == 0
    assert received[-1] == ("saved", event.id, False, False)
    # The link changes: new SEQUENCE, not moved.
    data["join_url"] = "https://meet.example.org/new"
    client.post(f"/events/{event.id}/edit", data=data)
    db.session.refresh(event)
    assert event.sequence == 1 and received[-1] == ("saved", event.id, False, False)
    # The time changes: moved, new SEQUENCE.
    data["starts_local"] = local(start + timedelta(hours=1))
    data["ends_local"] = local(start + timedelta(hours=2))
    client.post(f"/events/{event.id}/edit", data=data)
    db.session.refresh(event)
    assert event.starts_at == start + timedelta(hours=1)
    assert event.sequence == 2 and received[-1] == ("saved", event.id, False, True)
    # The title changes: new SEQUENCE.
    data["title-en"] = "Closing mines better"
    client.post(f"/events/{event.id}/edit", data=data)
    db.session.refresh(event)
    assert event.sequence == 3
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_id == event.id)
    ).all()
    assert actions.count("session_edited") == 4


def test_reservations_replaced_on_edit(client, world):
    event = make_session(make_series(), capacity=20)
    db.session.add(SeatReservation(session=event, region="europe", seats=4))
    db.session.commit()
    sign_in(client, world["secretariat"])
    data = session_form(
        event.starts_at, seats_africa="3", seats_latin_america_caribbean=None
    )
    assert client.post(f"/events/{event.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert {r.region: r.seats for r in event.reservations} == {"africa": 3}


def test_cancel_session(client, world, received):
    event = make_session(make_series(world["body"]))
    sign_in(client, world["member"])
    assert client.get(f"/events/{event.id}/cancel-session").status_code == 404
    sign_in(client, world["chair"])
    response = client.post(f"/events/{event.id}/cancel-session", data={"reason": ""})
    assert response.status_code == 400
    db.session.refresh(event)
    assert not event.is_cancelled
    response = client.post(
        f"/events/{event.id}/cancel-session", data={"reason": "Storm"}
    )
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.is_cancelled and event.sequence == 1 and event.cancelled_at
    assert received[-1] == ("cancelled", event.id)
    # A cancelled session is neither cancelled again nor edited.
    assert (
        client.post(
            f"/events/{event.id}/cancel-session", data={"reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(f"/events/{event.id}/edit").status_code == 404
    audit = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.entity_id == event.id, AuditEvent.action == "cancelled"
        )
    )
    assert audit.reason == "Storm"


def test_chair_organises_her_groups_sessions_only(client, world):
    mine = make_session(make_series(world["body"], name="Data"))
    theirs = make_session(make_series(world["other"], name="Other"))
    sign_in(client, world["chair"])
    assert client.get(f"/events/{mine.id}/organise").status_code == 200
    assert client.get(f"/events/{theirs.id}/organise").status_code == 404
    assert client.get(f"/events/{mine.id}/edit").status_code == 200
    assert client.get(f"/events/{theirs.id}/edit").status_code == 404
    sign_in(client, world["member"])
    assert client.get(f"/events/{mine.id}/organise").status_code == 404
    assert client.get(f"/events/{mine.id}/registrations.csv").status_code == 404


# --- The organiser's page ------------------------------------------------------------


def test_organiser_page_counts_and_csv(client, world):
    event = make_session(
        make_series(),
        questions=[{"id": "q1", "label": {"en": "Your question"}, "required": False}],
    )
    register(
        event, world["member"], answers={"q1": "=SUM(A1)"}, list_visibility="everyone"
    )
    register(event, world["perth"], status="offered")
    register(event, world["third"], status="waitlisted")
    register(event, world["chair"], status="cancelled")
    sign_in(client, world["secretariat"])
    page = client.get(f"/events/{event.id}/organise").get_data(as_text=True)
    assert "Lucía Lima" in page and "Tess Third" in page and "Your question" in page
    assert "WIM Peru" in page and "Latin America" in page
    csv = client.get(f"/events/{event.id}/registrations.csv")
    assert csv.mimetype == "text/csv"
    text = csv.get_data(as_text=True)
    assert "'=SUM(A1)" in text and "waitlisted" in text
    # The session page links its organisers here.
    assert f"/events/{event.id}/organise" in client.get(f"/events/{event.id}").get_data(
        as_text=True
    )


def test_messages_reach_each_recipient_in_her_language(client, world, outbox):
    event = make_session(make_series())
    register(event, world["member"])  # es
    register(event, world["perth"])  # fr
    register(event, world["third"], status="waitlisted")  # en
    sign_in(client, world["secretariat"])
    data = {
        "group": "seated",
        "subject-source": "en",
        "subject-en": "Room change",
        "subject-es": "Cambio de sala",
        "body-source": "en",
        "body-en": "We meet in room B.",
        "body-es": "Nos vemos en la sala B.",
    }
    response = client.post(f"/events/{event.id}/message", data=data)
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in outbox}
    assert set(by_address) == {world["member"].email, world["perth"].email}
    spanish = by_address[world["member"].email]
    assert spanish.subject == "Cambio de sala" and "sala B" in spanish.body
    french = by_address[world["perth"].email]  # no French: the source
    assert french.subject == "Room change" and "room B" in french.body
    assert (
        db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "session_message_sent")
        ).data["recipients"]
        == 2
    )
    outbox.clear()
    client.post(f"/events/{event.id}/message", data={**data, "group": "waitlist"})
    assert [m.to[0] for m in outbox] == [world["third"].email]
    outbox.clear()
    client.post(f"/events/{event.id}/message", data={**data, "group": "all"})
    assert len(outbox) == 3


@pytest.mark.parametrize(
    "changes",
    [
        {"group": "nobody"},
        {"subject-en": "", "subject-es": ""},
        {"body-en": "", "body-es": ""},
    ],
)
def test_bad_message_sends_nothing(client, world, outbox, changes):
    event = make_session(make_series())
    register(event, world["member"])
    sign_in(client, world["secretariat"])
    data = {
        "group": "seated",
        "subject-source": "en",
        "subject-en": "Hi",
        "body-source": "en",
        "body-en": "Text",
        **changes,
    }
    assert client.post(f"/events/{event.id}/message", data=data).status_code == 400
    assert outbox == []


# --- Attendance ----------------------------------------------------------------------


def test_organiser_marks_attendance_from_the_start(client, world):
    event = make_session(make_series(), starts_in=timedelta(hours=2))
    came = register(event, world["member"])
    absent = register(event, world["perth"])
    waiting = register(event, world["third"], status="waitlisted")
    sign_in(client, world["secretariat"])
    marks = {f"mark-{came.id}": "attended", f"mark-{absent.id}": "no_show"}
    response = client.post(f"/events/{event.id}/attendance", data=marks)
    assert response.status_code == 400
    db.session.refresh(came)
    assert came.attended is None
    event.starts_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    marks[f"mark-{waiting.id}"] = "attended"
    marks["mark-junk"] = "attended"
    assert client.post(f"/events/{event.id}/attendance", data=marks).status_code == 302
    db.session.expire_all()
    assert came.attended is True and came.attendance_source == "organiser"
    assert absent.attended is False
    assert waiting.attended is None  # not seated: ignored
    page = client.get(f"/events/{event.id}/organise").get_data(as_text=True)
    assert "WIM Peru: 1 person" in page


def test_attendance_by_the_joining_link(client, world):
    event = make_session(make_series(), starts_in=timedelta(minutes=10))
    seat = register(event, world["member"])
    waiting = register(event, world["perth"], status="waitlisted")
    sign_in(client, world["member"])
    response = client.get(f"/events/{event.id}/join")
    assert response.status_code == 302 and response.location == event.join_url
    db.session.refresh(seat)
    assert seat.attended is True and seat.attendance_source == "link"
    first_mark = seat.attendance_marked_at
    client.get(f"/events/{event.id}/join")
    db.session.refresh(seat)
    assert seat.attendance_marked_at == first_mark  # once
    marks = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_id == seat.id, AuditEvent.action == "attendance_marked"
        )
    ).all()
    assert len(marks) == 1
    sign_in(client, world["perth"])
    assert client.get(f"/events/{event.id}/join").status_code == 404
    db.session.refresh(waiting)
    assert waiting.attended is None


def test_joining_link_too_early_does_not_mark(client, world):
    event = make_session(make_series(), starts_in=timedelta(hours=1))
    seat = register(event, world["member"])
    sign_in(client, world["member"])
    assert client.get(f"/events/{event.id}/join").status_code == 302
    db.session.refresh(seat)
    assert seat.attended is None


def test_certificate_only_for_attendees(client, world):
    series = make_series(certificate=True)
    event = make_session(series, starts_in=-timedelta(hours=3))
    came = register(
        event, world["member"], attended=True, attendance_source="organiser"
    )
    register(event, world["perth"], attended=False, attendance_source="organiser")
    sign_in(client, world["member"])
    page = client.get(f"/events/{event.id}/certificate")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Lucía Lima" in text and 'lang="es"' in text
    assert f"/events/{event.id}/certificate" in client.get(
        f"/events/{event.id}"
    ).get_data(as_text=True)
    sign_in(client, world["perth"])
    assert client.get(f"/events/{event.id}/certificate").status_code == 404
    sign_in(client, world["third"])
    assert client.get(f"/events/{event.id}/certificate").status_code == 404
    series.offers_certificate = False
    db.session.commit()
    sign_in(client, world["member"])
    assert client.get(f"/events/{event.id}/certificate").status_code == 404
    assert came.attended


def test_attending_organisations_public_only_when_enough(client, world, make_user):
    series = make_series()
    few = make_session(series, starts_in=-timedelta(hours=3), audience_public=True)
    many = make_session(series, starts_in=-timedelta(hours=5), audience_public=True)
    people = [make_user() for _ in range(5)]
    for person in people[:4]:
        register(few, person, organisation=world["org_lima"], attended=True)
        register(many, person, organisation=world["org_lima"], attended=True)
    register(many, people[4], organisation=world["org_perth"], attended=True)
    page = client.get(f"/events/{few.id}").get_data(as_text=True)
    assert "Attending organisations" not in page and "WIM Peru" not in page
    page = client.get(f"/events/{many.id}").get_data(as_text=True)
    assert "5 people attended" in page
    assert "WIM Peru" in page and "WIM Australia" in page


def test_seats_the_organiser_adds_go_to_the_waitlist_at_once(client, world, outbox):
    event = make_session(make_series(), capacity=1)
    register(event, world["member"])
    waiting = register(event, world["perth"], status="waitlisted")
    sign_in(client, world["secretariat"])
    data = session_form(
        event.starts_at,
        capacity="2",
        seats_africa=None,
        seats_latin_america_caribbean=None,
    )
    assert client.post(f"/events/{event.id}/edit", data=data).status_code == 302
    db.session.refresh(waiting)
    assert waiting.status == "registered"  # in the edit's own transaction
    assert any(world["perth"].email in message.to for message in outbox)


def test_registrants_are_told_the_reason_of_a_cancellation(client, world, outbox):
    event = make_session(make_series())
    register(event, world["member"])
    sign_in(client, world["secretariat"])
    response = client.post(
        f"/events/{event.id}/cancel-session", data={"reason": "A storm in Lima"}
    )
    assert response.status_code == 302
    (told,) = [m for m in outbox if world["member"].email in m.to]
    assert "A storm in Lima" in told.body
    assert "METHOD:CANCEL" in str(told.attachments[0][1])


def test_the_questions_fields_name_their_languages(client, world):
    series = make_series()
    sign_in(client, world["secretariat"])
    page = client.get(f"/admin/events/series/{series.id}/sessions/new").text
    label = re.search(r'<label[^>]*for="questions-0-fr"[^>]*>\s*([^<]+?)\s*<', page)
    assert label is not None and label.group(1) == "French"
