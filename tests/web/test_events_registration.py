"""Registration for a session: seats, regional reservations, the waitlist, offers
that lapse, cancellation, the participant list, her panel, erasure and export."""

import re
import threading
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import current_app

from mentorship.core import schedule, signals, translated
from mentorship.core.models import Reminder
from mentorship.db import db, utcnow
from mentorship.events import registration as services
from mentorship.events import times
from mentorship.events.models import (
    EventSeries,
    EventSession,
    Registration,
    SeatReservation,
)
from mentorship.mydata import export

from ..factories import sign_in

QUESTIONS = [
    {
        "id": "why",
        "label": {"en": "Why come?", "fr": "Pourquoi venir ?"},
        "required": True,
    },
    {"id": "diet", "label": {"en": "Anything else?"}, "required": False},
]


def make_session(capacity=None, confirm_hours=None, audience="members", **fields):
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    series = EventSeries(
        slug=f"rt-{utcnow().timestamp()}-{id(fields)}",
        kind="round_table",
        name=translated.new_text("en", en="Round tables"),
        confirm_hours=confirm_hours,
    )
    session = EventSession(
        series=series,
        title=translated.new_text("en", en="Mine closure", fr="Fermeture de mines"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="America/Lima",
        audience=audience,
        capacity=capacity,
        join_url="https://meet.example.org/rt",
        **fields,
    )
    db.session.add_all([series, session])
    db.session.commit()
    return session


def register(session, user, visibility="everyone", answers=None, **kw):
    row = services.register(session.id, user, answers or {}, visibility, **kw)
    db.session.commit()
    return row


def statuses(session):
    rows = db.session.execute(
        sa.select(Registration.user_id, Registration.status).where(
            Registration.session_id == session.id
        )
    ).all()
    return dict(rows)


def seated(session):
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.session_id == session.id,
            Registration.status.in_(["registered", "offered"]),
        )
    )


@pytest.fixture
def org(make_org):
    return make_org(region="africa")


# --- Seats and the waitlist --------------------------------------------------------


def test_a_seat_then_the_waitlist_then_promotion(make_user, org, outbox):
    session = make_session(capacity=1)
    first, second = make_user(org=org), make_user(org=org)
    assert register(session, first).status == "registered"
    row = register(session, second)
    assert row.status == "waitlisted"
    assert services.waitlist_position(row) == 1
    assert [m.subject for m in outbox] == [
        "You are registered: Mine closure",
        "You are on the waitlist: Mine closure",
    ]
    assert "invite.ics" in [a[0] for a in outbox[0].attachments]
    assert "number 1" in outbox[1].body
    version = db.session.get(EventSession, session.id).version
    services.cancel(session.id, first)
    db.session.commit()
    assert statuses(session) == {first.id: "cancelled", second.id: "registered"}
    assert db.session.get(EventSession, session.id).version > version
    cancelled, promoted = outbox[2], outbox[3]
    assert cancelled.subject.startswith("Registration cancelled")
    assert "METHOD:CANCEL" in str(cancelled.attachments[0][1])
    assert promoted.to == [second.email]
    assert promoted.subject == "A seat is yours: Mine closure"


def test_organisation_and_region_are_copied_and_answers_kept(make_user, org):
    session = make_session(questions=QUESTIONS)
    her = make_user(org=org)
    row = register(session, her, "organisers", {"why": " Learn ", "diet": ""})
    assert (row.organisation_id, row.region) == (org.id, "africa")
    assert row.answers == {"why": "Learn"}
    assert row.list_visibility == "organisers"


def test_regional_reservations(make_user, make_org):
    africa, europe = make_org(region="africa"), make_org(region="europe")
    session = make_session(capacity=2)
    session.reservations.append(SeatReservation(region="europe", seats=1))
    db.session.commit()
    a1, a2, e1 = make_user(org=africa), make_user(org=africa), make_user(org=europe)
    assert register(session, a1).status == "registered"
    assert register(session, a2).status == "waitlisted"  # the other seat is Europe's
    row = register(session, e1)
    assert (row.status, row.reserved_seat) == ("registered", True)
    assert seated(session) == 2


def test_reservations_lapse_and_free_seats_open_to_all(make_user, make_org):
    africa = make_org(region="africa")
    session = make_session(capacity=2)
    session.reserved_until = utcnow() + timedelta(days=1)
    session.reservations.append(SeatReservation(region="europe", seats=1))
    db.session.commit()
    a1, a2, a3 = (make_user(org=africa) for _ in range(3))
    register(session, a1)
    assert register(session, a2).status == "waitlisted"
    later = utcnow() + timedelta(days=2)
    # After reserved_until the next change gives the freed seat to the first waiting
    row = register(session, a3, now=later)
    assert statuses(session)[a2.id] == "registered"
    assert row.status == "waitlisted"
    assert seated(session) == 2


def test_a_freed_reserved_seat_goes_to_the_first_of_its_region(make_user, make_org):
    africa, europe = make_org(region="africa"), make_org(region="europe")
    session = make_session(capacity=2)
    session.reservations.append(SeatReservation(region="europe", seats=1))
    db.session.commit()
    a1, e1, a2, e2 = (
        make_user(org=africa),
        make_user(org=europe),
        make_user(org=africa),
        make_user(org=europe),
    )
    for person in (a1, e1, a2, e2):
        register(session, person)
    assert statuses(session)[a2.id] == statuses(session)[e2.id] == "waitlisted"
    services.cancel(session.id, e1)  # a reserved European seat is freed
    db.session.commit()
    # a2 waited longer, but the seat is Europe's: e2 takes it
    assert statuses(session)[e2.id] == "registered"
    assert statuses(session)[a2.id] == "waitlisted"


def test_registering_again_after_cancelling_reuses_her_row_at_the_end(make_user, org):
    session = make_session(capacity=1)
    a, b, c = (make_user(org=org) for _ in range(3))
    first = register(session, a)
    register(session, b)
    services.cancel(session.id, a)
    db.session.commit()
    register(session, c)
    again = register(session, a)
    assert again.id == first.id and again.status == "waitlisted"
    assert services.waitlist_position(again) == 2
    assert again.sequence == 2  # registered, cancelled, registered again


# --- Offers that must be confirmed ----------------------------------------------------


def test_an_offer_is_confirmed(make_user, org, outbox):
    session = make_session(capacity=1, confirm_hours=24)
    a, b = make_user(org=org), make_user(org=org, locale="fr")
    register(session, a)
    register(session, b)
    services.cancel(session.id, a)
    db.session.commit()
    row = db.session.scalar(sa.select(Registration).filter_by(user_id=b.id))
    assert row.status == "offered" and row.offer_expires_at is not None
    offer = outbox[-1]
    assert offer.to == [b.email]
    assert "Confirmez" in offer.body or "confirm" in offer.body.lower()
    assert f"/events/{session.id}" in offer.body
    key = f"event-offer:{row.id}"
    assert db.session.scalar(sa.select(Reminder).filter_by(key=key)) is not None
    services.confirm(session.id, b)
    db.session.commit()
    assert statuses(session)[b.id] == "registered"
    assert db.session.scalar(sa.select(Reminder).filter_by(key=key)) is None
    assert "invite.ics" in [a[0] for a in outbox[-1].attachments]


def test_a_lapsed_offer_passes_on_once(make_user, org, outbox):
    session = make_session(capacity=1, confirm_hours=2)
    a, b, c = (make_user(org=org) for _ in range(3))
    for person in (a, b, c):
        register(session, person)
    services.cancel(session.id, a)
    db.session.commit()
    assert statuses(session)[b.id] == "offered"
    later = utcnow() + timedelta(hours=3)
    assert schedule.due(later) == 1
    assert schedule.due(later) == 0  # sent once
    assert statuses(session) == {a.id: "cancelled", b.id: "lapsed", c.id: "offered"}
    subjects = [m.subject for m in outbox if m.to == [b.email]]
    assert subjects[-1].startswith("The seat offered to you has passed on")
    assert seated(session) == 1
    with pytest.raises(services.RegistrationError):
        services.confirm(session.id, b)
    db.session.rollback()


def test_declining_an_offer_passes_it_on(make_user, org):
    session = make_session(capacity=1, confirm_hours=24)
    a, b, c = (make_user(org=org) for _ in range(3))
    for person in (a, b, c):
        register(session, person)
    services.cancel(session.id, a)
    services.decline(session.id, b)
    db.session.commit()
    assert statuses(session)[b.id] == "cancelled"
    assert statuses(session)[c.id] == "offered"


# --- Bad input: a translated reason, nothing changed ----------------------------------


def _refused(session, user, visibility="everyone", answers=None, now=None):
    before = statuses(session)
    with pytest.raises(services.RegistrationError) as error:
        services.register(session.id, user, answers or {}, visibility, now=now)
    db.session.rollback()
    assert statuses(session) == before
    with current_app.test_request_context():
        return str(error.value)


def test_refusals(make_user, make_org, org):
    her = make_user(org=org)
    session = make_session(capacity=3, questions=QUESTIONS)
    register(session, her, answers={"why": "x"})
    assert _refused(session, her, answers={"why": "x"}) == (
        "You are already registered for this session."
    )
    other = make_user(org=org)
    assert _refused(session, other, answers={}) == "Please answer “Why come?”."
    assert "too long" in _refused(session, other, answers={"why": "x" * 1001})
    assert "Choose who may see" in _refused(session, other, "friends", {"why": "x"})
    assert "Choose who may see" in _refused(session, other, None, {"why": "x"})
    late = session.starts_at + timedelta(minutes=1)
    assert _refused(session, other, answers={"why": "x"}, now=late) == (
        "Registration for this session is closed."
    )
    call = make_session(audience="leaders")
    assert _refused(call, other) == (
        "This call is for the leaders of member organisations."
    )
    soon = make_session(registration_opens_at=utcnow() + timedelta(days=1))
    assert _refused(soon, other) == "Registration has not opened yet."
    gone = make_session(status="cancelled")
    assert _refused(gone, other) == "This session has been cancelled."


def test_cancel_after_the_start_is_refused(make_user, org):
    session = make_session(capacity=1)
    her = make_user(org=org)
    register(session, her)
    with pytest.raises(services.RegistrationError):
        services.cancel(session.id, her, now=session.starts_at)
    db.session.rollback()
    assert statuses(session) == {her.id: "registered"}


# --- The routes ---------------------------------------------------------------------


def test_routes_register_and_refuse_twice(client, make_user, org, outbox):
    session = make_session(capacity=1, questions=QUESTIONS)
    her = make_user(org=org)
    sign_in(client, her)
    page = client.get(f"/events/{session.id}").get_data(as_text=True)
    assert "Places available" in page and "Why come?" in page
    url = f"/events/{session.id}/register"
    answer = client.post(url, data={"visibility": "everyone"})
    assert answer.status_code == 400
    assert "Please answer" in answer.get_data(as_text=True)
    assert statuses(session) == {}
    answer = client.post(url, data={"visibility": "sideways", "answer-why": "x"})
    assert answer.status_code == 400 and statuses(session) == {}
    answer = client.post(url, data={"visibility": "everyone", "answer-why": "x"})
    assert answer.status_code == 302
    page = client.get(f"/events/{session.id}").get_data(as_text=True)
    assert "You are registered for this session." in page
    assert f"/events/{session.id}/join" in page
    answer = client.post(url, data={"visibility": "everyone", "answer-why": "x"})
    assert answer.status_code == 400
    assert "already registered" in answer.get_data(as_text=True)


def test_routes_in_french(client, make_user, org):
    session = make_session(capacity=1, status="cancelled")
    her = make_user(org=org, locale="fr")
    sign_in(client, her, locale="fr")
    answer = client.post(
        f"/events/{session.id}/register", data={"visibility": "everyone"}
    )
    assert answer.status_code == 400
    assert "Cette séance a été annulée." in answer.get_data(as_text=True)
    assert statuses(session) == {}


def test_route_waitlist_cancel_and_offer(client, make_user, org):
    session = make_session(capacity=1, confirm_hours=12)
    a, b = make_user(org=org), make_user(org=org)
    register(session, a)
    sign_in(client, b)
    client.post(f"/events/{session.id}/register", data={"visibility": "organisers"})
    page = client.get(f"/events/{session.id}").get_data(as_text=True)
    assert "waitlist, number 1" in page
    assert "/join" not in page
    services.cancel(session.id, a)
    db.session.commit()
    page = client.get(f"/events/{session.id}").get_data(as_text=True)
    assert "Confirm my seat" in page and "Peru" in page  # deadline in her zone
    assert client.post(f"/events/{session.id}/confirm").status_code == 302
    assert statuses(session)[b.id] == "registered"
    assert client.post(f"/events/{session.id}/confirm").status_code == 400
    answer = client.post(
        f"/events/{session.id}/visibility", data={"visibility": "everyone"}
    )
    assert answer.status_code == 302
    row = db.session.scalar(sa.select(Registration).filter_by(user_id=b.id))
    db.session.refresh(row)
    assert row.list_visibility == "everyone"
    assert client.post(f"/events/{session.id}/cancel").status_code == 302
    assert client.post(f"/events/{session.id}/cancel").status_code == 400


def test_full_session_says_so_in_words(client, make_user, org):
    session = make_session(capacity=1)
    register(session, make_user(org=org))
    sign_in(client, make_user(org=org))
    page = client.get(f"/events/{session.id}").get_data(as_text=True)
    assert "Full: join the waitlist" in page
    assert "Join the waitlist" in page


def test_participant_list(client, make_user, org):
    session = make_session()
    shown, hidden = (
        make_user(org=org, name="Ana Shown"),
        make_user(org=org, name="Bea Hidden"),
    )
    outsider = make_user(org=org)
    register(session, shown, "everyone")
    register(session, hidden, "organisers")
    sign_in(client, outsider)
    assert client.get(f"/events/{session.id}/participants").status_code == 404
    sign_in(client, hidden)
    page = client.get(f"/events/{session.id}/participants").get_data(as_text=True)
    assert "Ana Shown" in page and "Bea Hidden" not in page
    assert "Fewer than 5" in page
    staff = make_user(org=org, roles=["secretariat"])
    sign_in(client, staff)
    page = client.get(f"/events/{session.id}/participants").get_data(as_text=True)
    assert "Ana Shown" in page and "Bea Hidden" in page
    assert "The organisers only" in page


# --- Erasure and export --------------------------------------------------------------


def test_erasure_cancels_and_promotes(make_user, org):
    session = make_session(capacity=1)
    a, b = make_user(org=org), make_user(org=org)
    register(session, a)
    register(session, b)
    signals.person_erased.send(a, now=utcnow(), reason="erased", partners=[])
    db.session.commit()
    assert statuses(session) == {a.id: "cancelled", b.id: "registered"}


def test_her_registrations_are_in_her_export(make_user, org):
    session = make_session(questions=QUESTIONS)
    her = make_user(org=org)
    register(session, her, answers={"why": "To learn"})
    with current_app.test_request_context():
        held = export.collect(her)
    assert held["event_registrations"][0]["answers"] == {"why": "To learn"}
    assert held["event_registrations"][0]["status"] == "registered"


# --- Races on PostgreSQL (each actor its own thread, session and connection) ----------


def _postgres(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("row-lock races are proven on PostgreSQL (DATABASE_URL)")


def _at_once(app, works):
    """Run every work() in its own thread, all released together; their errors."""
    barrier, errors = threading.Barrier(len(works)), []

    def run(work):
        with app.app_context():
            try:
                barrier.wait(10)
                work()
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the test reports them all
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


def _user(user_id):
    from mentorship.auth.models import User

    return db.session.get(User, user_id)


@pytest.mark.commits
def test_two_cancellations_at_once_pass_each_seat_to_one_person(app, make_user, org):
    _postgres(app)
    session = make_session(capacity=2)
    people = [make_user(org=org).id for _ in range(5)]
    for user_id in people:
        register(session, _user(user_id))
    session_id = session.id
    errors = _at_once(
        app,
        [
            lambda: services.cancel(session_id, _user(people[0])),
            lambda: services.cancel(session_id, _user(people[1])),
        ],
    )
    assert errors == []
    db.session.expire_all()
    assert seated(session) == 2
    assert [statuses(session)[p] for p in people] == [
        "cancelled",
        "cancelled",
        "registered",
        "registered",
        "waitlisted",
    ]


@pytest.mark.commits
def test_two_cancellations_while_one_holds_the_lock(app, make_user, org):
    """The second cancellation really waits on the first one's row lock."""
    _postgres(app)
    session = make_session(capacity=1)
    people = [make_user(org=org).id for _ in range(3)]
    for user_id in people:
        register(session, _user(user_id))
    session_id = session.id
    started, results = threading.Event(), {}

    def first():
        with app.app_context():
            services.cancel(session_id, _user(people[0]))
            started.set()
            time.sleep(0.5)  # keep the lock while the second one starts
            db.session.commit()
            db.session.remove()

    def second():
        with app.app_context():
            started.wait(5)
            try:
                services.cancel(session_id, _user(people[1]))  # now holds the seat
                db.session.commit()
                results["second"] = "ok"
            except services.RegistrationError as error:
                db.session.rollback()
                results["second"] = error
            db.session.remove()

    one, two = threading.Thread(target=first), threading.Thread(target=second)
    one.start(), two.start()
    one.join(10), two.join(10)
    assert results["second"] == "ok"
    db.session.expire_all()
    assert [statuses(session)[p] for p in people] == [
        "cancelled",
        "cancelled",
        "registered",
    ]
    assert seated(session) == 1


@pytest.mark.commits
def test_many_registrations_at_once_never_exceed_capacity(app, make_user, org):
    _postgres(app)
    session = make_session(capacity=3)
    people = [make_user(org=org).id for _ in range(12)]
    session_id = session.id
    errors = _at_once(
        app,
        [
            lambda user_id=user_id: services.register(
                session_id, _user(user_id), {}, "everyone"
            )
            for user_id in people
        ],
    )
    assert errors == []
    db.session.expire_all()
    counts = {}
    for status in statuses(session).values():
        counts[status] = counts.get(status, 0) + 1
    assert counts == {"registered": 3, "waitlisted": 9}


def test_raising_the_capacity_fills_from_the_waitlist(make_user, org):
    session = make_session(capacity=1)
    a, b, c = (make_user(org=org) for _ in range(3))
    for person in (a, b, c):
        register(session, person)
    session.capacity = 2
    db.session.commit()
    services.fill_free_seats(session.id)
    db.session.commit()
    assert statuses(session) == {
        a.id: "registered",
        b.id: "registered",
        c.id: "waitlisted",
    }


def test_demo_full_session_with_an_offer_is_seeded_once(make_user, org):
    from mentorship.demo.registration import SLUG, seed_registration

    for _ in range(5):
        make_user(org=org)
    seed_registration()
    seed_registration()
    db.session.commit()
    series = db.session.scalar(sa.select(EventSeries).filter_by(slug=SLUG))
    session = series.sessions[0]
    assert sorted(statuses(session).values()) == [
        "offered",
        "registered",
        "registered",
        "waitlisted",
        "waitlisted",
    ]
    assert services.availability(session) == "full"


def test_the_promoted_person_reads_her_own_time_not_the_cancellers(
    client, make_user, org, outbox
):
    """The email to the person promoted is rendered during another person's request:
    it must use her zone, never that request's browser zone."""
    session = make_session(capacity=1, audience="public")
    first = make_user(org=org)
    second = make_user(org=None)  # nothing tells her zone: the session's is used
    register(session, first)
    register(session, second)
    sign_in(client, first)
    client.set_cookie("tz", "Europe/London")
    client.post(f"/events/{session.id}/cancel")
    promoted = [m for m in outbox if m.to == [second.email]][-1]
    assert promoted.subject == "A seat is yours: Mine closure"

    def shown(zone):
        clock = session.starts_at.astimezone(ZoneInfo(zone)).strftime("%-I:%M")
        return re.search(rf"\b{clock}\b", promoted.body) is not None

    assert shown("America/Lima") and not shown("Europe/London")


def test_the_panel_says_full_when_only_another_regions_seats_are_left(
    client, make_user, make_org
):
    africa, europe = make_org(region="africa"), make_org(region="europe")
    session = make_session(capacity=2)
    session.reservations.append(SeatReservation(region="europe", seats=1))
    db.session.commit()
    register(session, make_user(org=africa))
    sign_in(client, make_user(org=africa))
    page = client.get(f"/events/{session.id}").text
    assert "Full: join the waitlist" in page and "Places available" not in page
    sign_in(client, make_user(org=europe))
    page = client.get(f"/events/{session.id}").text
    assert "Places available" in page


def test_my_events_gives_an_offers_deadline_in_her_own_clock(
    app, client, make_user, org
):
    session = make_session(capacity=1, confirm_hours=48)
    expires = utcnow().replace(microsecond=0) + timedelta(hours=48)
    her = make_user(org=org)
    her.timezone = "Australia/Perth"
    db.session.add(
        Registration(
            session_id=session.id,
            user_id=her.id,
            status="offered",
            offer_expires_at=expires,
        )
    )
    db.session.commit()
    sign_in(client, her, locale="en")
    page = client.get("/events/mine").text
    with app.test_request_context(headers={"Accept-Language": "en"}):
        perth = times.moment(expires, expires, "Australia/Perth", "en")
    assert f"confirm by {perth.starts}, {perth.zone}" in page
