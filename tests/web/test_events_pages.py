"""The events' pages: the calendar (audience, filters, past and upcoming, pages),
a session (its reach, its counts through disclosure control), a series, her events,
her home panel; and the demo's events."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship import policy
from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.events import published, queries
from mentorship.events.models import (
    EventSeries,
    EventSession,
    Registration,
    SeatReservation,
)
from mentorship.organisations.themes import active_themes, ensure_themes

from ..factories import sign_in, statements_run
from . import test_policy_matrix as matrix
from .matrix_rows.events import EXTRA as EVENT_ROWS

NOW = utcnow().replace(microsecond=0)
_serial = iter(range(1, 10_000))


def series(slug=None, audience="members", body=None, name="Round tables"):
    found = EventSeries(
        slug=slug or f"series-{next(_serial)}",
        kind="round_table",
        name=translated.new_text("en", en=name, fr=f"{name} (fr)"),
        description=translated.new_text("en", en=f"About {name}."),
        default_audience=audience,
        body=body,
    )
    db.session.add(found)
    db.session.commit()
    return found


def session(
    in_series,
    title="A round table",
    days=10,
    audience="members",
    language="en",
    interpretations=(),
    capacity=None,
    theme=None,
    **fields,
):
    start = NOW + timedelta(days=days)
    found = EventSession(
        series=in_series,
        title=translated.new_text("en", en=title),
        description=translated.new_text("fr", fr="Une description en français."),
        agenda=translated.new_text("en", en="Welcome\nDiscussion"),
        starts_at=start,
        ends_at=start + timedelta(hours=1, minutes=30),
        timezone="America/Lima",
        audience=audience,
        language=language,
        interpretations=list(interpretations),
        capacity=capacity,
        theme=theme,
        **fields,
    )
    db.session.add(found)
    db.session.commit()
    return found


def register(event, user, status="registered", **fields):
    organisation = user.organisation
    registration = Registration(
        session=event,
        user=user,
        organisation_id=organisation.id if organisation else None,
        region=organisation.region if organisation else None,
        status=status,
        **{"waitlisted_at": NOW if status == "waitlisted" else None, **fields},
    )
    db.session.add(registration)
    db.session.commit()
    return registration


@pytest.fixture
def people(make_org, make_user):
    """A member, a leader and an outsider (applicant organisation), staff, and a
    working-group member."""
    org = make_org(name="WIM Alpha", region="latin_america_caribbean", country="PE")
    applicant = make_org(name="WIM Applicant", status="applicant")
    name = translated.new_text("en", en="Data WG")
    group = Body(kind="working_group", slug="data-wg", name=name)
    db.session.add(group)
    db.session.commit()
    found = {
        "member": make_user(org=org),
        "leader": make_user(org=org),
        "outsider": make_user(org=applicant),
        "staff": make_user(roles=["secretariat"]),
        "wg": make_user(org=applicant),
    }
    memberships.start(found["leader"], "leader", organisation=org)
    memberships.start(found["wg"], "member", body=group)
    db.session.commit()
    found["group"] = group
    return found


@pytest.fixture
def sessions(people):
    """One session per audience, upcoming."""
    rt = series()
    wg = series(slug="data-wg", audience="working_group", body=people["group"])
    calls = series(slug="calls", audience="leaders", name="Global WIM Calls")
    return {
        "public": session(rt, "Open talk", days=3, audience="public"),
        "members": session(rt, "Members round table", days=4),
        "leaders": session(calls, "Leaders call", days=5, audience="leaders"),
        "working_group": session(wg, "WG meeting", days=6, audience="working_group"),
    }


def _client(app, user=None):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client


SEES = {
    None: {"public"},
    "outsider": {"public"},
    "member": {"public", "members"},
    "leader": {"public", "members", "leaders"},
    "wg": {"public", "working_group"},
    "staff": {"public", "members", "leaders", "working_group"},
}


@pytest.mark.parametrize("who", list(SEES))
def test_the_calendar_shows_what_each_reader_may_see(app, people, sessions, who):
    reader = people[who] if who else None
    page = _client(app, reader).get("/events").get_data(as_text=True)
    shown = {name for name, s in sessions.items() if localized(s) in page}
    assert shown == SEES[who]


def localized(event):
    return event.title.body("en")


@pytest.mark.parametrize("who", list(SEES))
def test_the_sql_condition_agrees_with_can_see_session(app, people, sessions, who):
    from flask_login import AnonymousUserMixin

    reader = people[who] if who else AnonymousUserMixin()
    by_sql = set(
        db.session.scalars(
            sa.select(EventSession.id).where(policy.visible_sessions(reader))
        )
    )
    for name, event in sessions.items():
        assert (event.id in by_sql) == policy.can_see_session(reader, event), name
        assert (name in SEES[who]) == (event.id in by_sql), name


@pytest.mark.parametrize("who", list(SEES))
def test_the_session_page_answers_by_audience(app, people, sessions, who):
    reader = people[who] if who else None
    client = _client(app, reader)
    for name, event in sessions.items():
        response = client.get(f"/events/{event.id}")
        if name in SEES[who]:
            assert response.status_code == 200, name
            assert localized(event) in response.get_data(as_text=True)
        elif reader is None:
            assert response.status_code == 302, name
            assert "/login" in response.headers["Location"]
        else:
            assert response.status_code == 404, name


def test_anonymous_gets_the_login_page_for_a_missing_session_too(app):
    response = _client(app).get("/events/987654")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_signed_in_reader_gets_404_for_a_missing_session(app, people):
    assert _client(app, people["member"]).get("/events/987654").status_code == 404


# --- The calendar's filters, past and upcoming, pages ---------------------------------


def _titles(client, query=""):
    page = client.get(f"/events{query}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_filters_by_series_theme_and_language(app, people):
    ensure_themes()
    first, second = active_themes()[:2]
    rt, other = series(slug="rt-a"), series(slug="rt-b")
    session(rt, "Spoken French", language="fr", theme=first)
    session(rt, "English with French", interpretations=["fr", "es"], theme=second)
    session(other, "Spanish only", language="es")
    client = _client(app, people["member"])
    assert "Spanish only" not in _titles(client, "?series=rt-a")
    page = _titles(client, "?series=rt-b")
    assert "Spanish only" in page and "Spoken French" not in page
    page = _titles(client, f"?theme={first.slug}")
    assert "Spoken French" in page and "English with French" not in page
    page = _titles(client, "?language=fr")
    assert "Spoken French" in page and "English with French" in page
    assert "Spanish only" not in page
    page = _titles(client, "?language=fr&spoken=1")
    assert "Spoken French" in page and "English with French" not in page
    page = _titles(client, "?language=es")
    assert "Spanish only" in page and "English with French" in page
    # Unknown values are left off, never an error.
    page = _titles(client, "?series=nope&theme=%00&language=xx&when=later&page=-3")
    assert "Spanish only" in page and "Spoken French" in page


def test_past_and_upcoming(app, people):
    rt = series()
    session(rt, "Held last month", days=-30)
    session(rt, "Coming next week", days=7)
    client = _client(app, people["member"])
    upcoming = _titles(client)
    assert "Coming next week" in upcoming and "Held last month" not in upcoming
    past = _titles(client, "?when=past")
    assert "Held last month" in past and "Coming next week" not in past
    assert "Took place" in past


def test_the_calendar_is_paginated_in_sql(app, people):
    rt = series()
    for n in range(queries.PER_PAGE + 3):
        session(rt, f"Session number {n:02d}", days=n + 1)
    client = _client(app, people["member"])
    first = _titles(client)
    assert "Session number 00" in first and "Session number 22" not in first
    assert "Page 1 of 2" in first
    second = _titles(client, "?page=2")
    assert "Session number 22" in second and "Session number 00" not in second


def test_availability_in_words(app, people, make_user):
    rt = series()
    open_full = session(rt, "Full one", capacity=2)
    register(open_full, make_user(org=people["member"].organisation))
    register(open_full, make_user(org=people["member"].organisation))
    session(rt, "Roomy one", capacity=50)
    session(rt, "Called off", status="cancelled")
    session(rt, "Closed one", registration_closes_at=NOW - timedelta(days=1))
    session(rt, "Later one", registration_opens_at=NOW + timedelta(days=2))
    page = _titles(_client(app, people["member"]))
    for words in (
        "Full: waitlist open",
        "Places available",
        "Cancelled",
        "Registration closed",
        "Registration not open yet",
    ):
        assert words in page


def test_seats_reserved_for_another_region_are_not_hers(app, people, make_org):
    rt = series()
    event = session(rt, capacity=3)
    db.session.add(SeatReservation(session=event, region="africa", seats=2))
    db.session.commit()
    register(event, people["member"])  # from Latin America: the one open seat
    member_view = published.availability([event], people["leader"])
    assert member_view[event.id] == "full"
    african = make_org(region="africa")
    from tests.factories import create_user

    assert published.availability([event], create_user(org=african))[event.id] == (
        "available"
    )
    event.reserved_until = NOW - timedelta(hours=1)  # reservations lapsed
    db.session.commit()
    assert published.availability([event], people["leader"])[event.id] == "available"


def test_the_calendar_s_queries_do_not_grow_with_its_sessions(app, people):
    ensure_themes()
    theme = active_themes()[0]
    rt = series()
    client = _client(app, people["member"])

    def counted():
        with statements_run() as statements:
            assert client.get("/events").status_code == 200
        return len(statements)

    for n in range(3):
        session(rt, f"First {n}", days=n + 1, capacity=10, theme=theme)
    few = counted()
    for n in range(12):
        event = session(rt, f"More {n}", days=n + 5, capacity=10, theme=theme)
        db.session.add(SeatReservation(session=event, region="africa", seats=2))
        register(event, people["leader"])
    db.session.commit()
    assert counted() == few


# --- The session page -----------------------------------------------------------------


def test_the_session_page_shows_its_facts(app, people):
    ensure_themes()
    theme = active_themes()[0]
    rt = series(name="Round tables 2027")
    event = session(
        rt, "Data in mining", language="es", interpretations=["en", "fr"], theme=theme
    )
    event.organiser = people["staff"]
    db.session.commit()
    page = _client(app, people["member"]).get(f"/events/{event.id}")
    html = page.get_data(as_text=True)
    assert "Data in mining" in html
    assert f'href="/events/series/{rt.slug}"' in html
    assert theme.name.body("en") in html
    assert "In Spanish" in html and "interpretation into English, French" in html
    assert "Members of member organisations" in html
    assert people["staff"].name in html
    # The description exists only in French: shown with its lang and the note.
    assert '<div lang="fr">' in html and "Une description en français." in html
    assert "Not available in your language; shown in French." in html
    assert "Agenda" in html and "Discussion" in html


def test_a_cancelled_session_says_so(app, people):
    event = session(series(), "Called off", status="cancelled")
    html = _client(app, people["member"]).get(f"/events/{event.id}").get_data(True)
    assert "This session has been cancelled." in html
    assert "Registered" not in html


def _counts_shown(app, event, reader):
    return _client(app, reader).get(f"/events/{event.id}").get_data(as_text=True)


def test_counts_before_a_session_go_through_disclosure(app, people, make_user):
    event = session(series(), capacity=40)
    org = people["member"].organisation
    for _n in range(4):
        register(event, make_user(org=org))
    assert "Fewer than 5 people" in _counts_shown(app, event, people["member"])
    register(event, make_user(org=org))
    register(event, make_user(org=org), status="waitlisted")
    html = _counts_shown(app, event, people["member"])
    assert "5 people" in html and "Fewer than" not in html
    assert "left" not in html  # no seats-left figure beside the registered one


def test_counts_after_a_session_cannot_be_differenced(app, people, make_user):
    event = session(series(), days=-3)
    org = people["member"].organisation
    for _n in range(7):
        register(event, make_user(org=org), attended=True)
    for _n in range(2):
        register(event, make_user(org=org), attended=False)
    html = _counts_shown(app, event, people["member"])
    assert "Attended" in html and "7 people" in html
    # 9 registered - 7 attended = 2 no-shows: the registered count is withheld.
    assert "9 people" not in html and "Registered" not in html
    assert "Fewer than 5 organisations" in html
    for _n in range(3):
        register(event, make_user(org=org), attended=False)
    html = _counts_shown(app, event, people["member"])
    assert "12 people" in html and "7 people" in html


def test_few_attendees_are_not_counted(app, people, make_user):
    event = session(series(), days=-3)
    for _n in range(3):
        register(event, make_user(org=people["member"].organisation), attended=True)
    html = _counts_shown(app, event, people["member"])
    assert "Fewer than 5 people" in html
    assert "Attending organisations" not in html


# --- The series page ------------------------------------------------------------------


def test_the_series_page_lists_its_sessions_by_audience(app, people):
    rt = series(slug="rt-page", name="Round tables")
    session(rt, "Next one", days=5)
    session(rt, "Old one", days=-40)
    session(rt, "For leaders only", days=6, audience="leaders")
    html = _client(app, people["member"]).get("/events/series/rt-page").get_data(True)
    assert "About Round tables." in html
    assert "Next one" in html and "Old one" in html
    assert "For leaders only" not in html
    leader = _client(app, people["leader"]).get("/events/series/rt-page")
    assert "For leaders only" in leader.get_data(as_text=True)


def test_a_series_out_of_reach_is_404_or_login(app, people, sessions):
    assert _client(app, people["member"]).get("/events/series/calls").status_code == 404
    assert _client(app, people["leader"]).get("/events/series/calls").status_code == 200
    anonymous = _client(app).get("/events/series/calls")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert _client(app, people["member"]).get("/events/series/nope").status_code == 404


# --- Her events and her home page -----------------------------------------------------


def test_my_events_in_three_parts(app, people, make_user):
    me, rt = people["member"], series()
    seat = session(rt, "Seat held", days=3, capacity=1)
    offered = session(rt, "Seat offered", days=4)
    waiting = session(rt, "Waiting", days=5, capacity=1)
    attended = session(rt, "Was there", days=-5)
    missed = session(rt, "Missed it", days=-6)
    called_off = session(rt, "Called off", days=8, status="cancelled")
    left = session(rt, "Changed my mind", days=9)
    register(seat, me)
    register(offered, me, status="offered", offer_expires_at=NOW + timedelta(hours=20))
    for _n in range(2):
        register(waiting, make_user(org=me.organisation), status="waitlisted")
    register(waiting, me, status="waitlisted", waitlisted_at=NOW + timedelta(minutes=1))
    register(attended, me, attended=True, attendance_source="organiser")
    register(missed, me, attended=False, attendance_source="organiser")
    register(called_off, me)
    register(left, me, status="cancelled")
    html = _client(app, me).get("/events/mine").get_data(as_text=True)
    upcoming, rest = html.split("<h2>Past</h2>")
    past, cancelled = rest.split("<h2>Cancelled</h2>")
    assert "You have a seat" in upcoming and "Seat held" in upcoming
    assert "A seat is offered to you: confirm by" in upcoming
    assert "On the waitlist: number 3" in upcoming
    assert "You attended" in past and "Marked absent" in past
    assert "The session was cancelled" in cancelled and "You cancelled" in cancelled
    assert "Called off" not in upcoming


def test_my_events_needs_an_account(app):
    response = _client(app).get("/events/mine")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_home_panel_shows_her_next_events_and_open_ones(app, people):
    me, rt = people["member"], series()
    mine = session(rt, "My next one", days=2)
    register(mine, me)
    session(rt, "Open to me", days=3)
    session(rt, "Leaders only", days=3, audience="leaders")
    session(rt, "Not yet open", days=3, registration_opens_at=NOW + timedelta(days=1))
    html = _client(app, me).get("/").get_data(as_text=True)
    assert "My next events" in html
    section = html.split("My next events")[1]
    assert "My next one" in section and "Open to me" in section
    assert "Leaders only" not in section and "Not yet open" not in section


def test_the_nav_has_events_for_everyone(app, people):
    for reader in (None, people["member"]):
        html = _client(app, reader).get("/").get_data(as_text=True)
        assert 'href="/events">Events</a>' in html


# --- The policy matrix's other questions of the same endpoints ------------------------


@pytest.mark.parametrize(
    "method,path,data,expected",
    [pytest.param(*extra, id=f"{extra[0]} {extra[1]}") for extra in EVENT_ROWS],
)
def test_session_and_series_reach_per_viewer(
    app, app_ctx, make_org, make_user, method, path, data, expected
):
    # The matrix's world, built in this test's transaction (rolled back after it).
    world = matrix._build_world(make_org, make_user)
    answers = matrix._answers(app, world, method, path, data)
    assert answers == expected


# --- The demo's events ----------------------------------------------------------------


@pytest.fixture
def seeded(app_ctx):
    from mentorship import demo

    demo.seed(n_members=60)
    db.session.commit()


def _series_sessions(slug):
    return db.session.scalars(
        sa.select(EventSession)
        .join(EventSession.series)
        .where(EventSeries.slug == slug)
        .order_by(EventSession.starts_at)
    ).all()


def _statuses(event):
    return [
        r.status
        for r in db.session.scalars(
            sa.select(Registration).where(Registration.session_id == event.id)
        )
    ]


def test_the_demo_seeds_the_round_tables_of_the_coming_year(seeded):
    today = utcnow().date()
    year = today.year + 1 if today.month == 12 else today.year
    sessions = _series_sessions(f"round-tables-{year}")
    assert [s.starts_at.month for s in sessions] == [2, 3, 4, 5, 8, 9, 10, 11]
    assert {s.starts_at.year for s in sessions} == {year}
    assert {s.audience for s in sessions} == {"members"}
    assert len({s.theme_id for s in sessions}) == 4
    assert len({s.timezone for s in sessions}) == 8
    assert {"America/Lima", "Australia/Perth", "Europe/London"} <= {
        s.timezone for s in sessions
    }
    assert len({s.language for s in sessions}) >= 3
    assert all(s.interpretations for s in sessions)
    past = _series_sessions(f"round-tables-{year - 1}")
    assert [s.starts_at.month for s in past] == [8, 9, 10, 11]


def test_the_demo_has_a_full_session_with_a_waitlist(seeded):
    now = utcnow()
    full = [
        s
        for s in db.session.scalars(sa.select(EventSession))
        if s.starts_at > now
        and "waitlisted" in _statuses(s)
        and s.series.slug == f"round-tables-{now.year + 1}"
    ]
    assert len(full) == 1  # (the registration part adds a workshop with an offer)
    event = full[0]
    seated = [s for s in _statuses(event) if s == "registered"]
    assert len(seated) == event.capacity
    assert event.reservations and event.reservations[0].region == "asia_pacific"
    reserved = db.session.scalars(
        sa.select(Registration).where(
            Registration.session_id == event.id, Registration.reserved_seat.is_(True)
        )
    ).all()
    assert len(reserved) == event.reservations[0].seats
    assert {r.region for r in reserved} == {"asia_pacific"}
    assert published.availability([event], None)[event.id] == "full"


def test_the_demo_s_past_sessions_have_attendance(seeded):
    now = utcnow()
    past = db.session.scalars(
        sa.select(Registration)
        .join(Registration.session)
        .where(EventSession.ends_at <= now, Registration.status == "registered")
    ).all()
    assert past
    assert all(r.attended is not None and r.attendance_source for r in past)
    assert any(r.attended is False for r in past)  # some no-shows
    assert {r.attendance_source for r in past} == {"organiser", "link"}


def test_the_demo_s_calls_are_for_leaders_past_and_upcoming(seeded):
    now = utcnow()
    calls = _series_sessions("global-wim-calls")
    assert {s.audience for s in calls} == {"leaders"}
    assert any(s.starts_at < now for s in calls)
    assert any(s.starts_at > now for s in calls)
    gaps = {
        (b.starts_at.month - a.starts_at.month) % 12
        for a, b in zip(calls, calls[1:], strict=False)
    }
    assert gaps == {2}
    registered = db.session.scalars(
        sa.select(Registration)
        .join(Registration.session)
        .join(EventSession.series)
        .where(EventSeries.slug == "global-wim-calls")
    ).all()
    assert registered
    for registration in registered:
        assert policy.is_in_audience(registration.user, registration.session)


def test_the_demo_s_members_are_in_their_sessions_audience(seeded):
    for registration in db.session.scalars(sa.select(Registration)):
        assert policy.is_in_audience(registration.user, registration.session)


def test_seeding_the_events_twice_adds_nothing(seeded):
    from mentorship.demo.events import seed_events

    def counted():
        return tuple(
            db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (EventSeries, EventSession, Registration)
        )

    before = counted()
    seed_events()
    db.session.commit()
    assert counted() == before
