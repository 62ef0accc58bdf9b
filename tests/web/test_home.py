"""The member's home page: offers, surveys due, her mentorships with the next meeting
and its calendar link, programmes open for enrolment; empty states; few queries."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from mentorship.core import translated
from mentorship.db import db, utcnow

from ..factories import sign_in
from .flow import enrol, make_mentorship, make_programme, released_proposal


def home(app, user):
    client = app.test_client()
    sign_in(client, user)
    response = client.get("/")
    assert response.status_code == 200
    return response.data.decode()


def counted_home(app, user):
    """The home page and the SQL statements its request took."""
    client = app.test_client()
    sign_in(client, user)  # outside the count: it may refresh the test's objects
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get("/")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return response.data.decode(), statements


def test_home_shows_her_mentorship_next_meeting_and_calendar_link(
    app, make_org, make_user
):
    mentorship, mentee, mentor = make_mentorship(make_org, make_user)
    day = utcnow().date() + timedelta(days=5)
    # 12:30 UTC is 14:30 in Johannesburg, the mentee profile's time zone.
    mentorship.next_meeting_at = datetime(
        day.year, day.month, day.day, 12, 30, tzinfo=UTC
    )
    db.session.commit()
    html = home(app, mentee)
    assert "My mentorships" in html and "Lucía Quispe" in html and "my mentor" in html
    assert "Next meeting:" in html and "2:30" in html and "South Africa" in html
    assert "Africa/Johannesburg" not in html  # zone codes are never shown
    assert f'href="/mentorships/{mentorship.id}/next-meeting.ics"' in html
    assert "Amina Diallo" in home(app, mentor) and "my mentee" in home(app, mentor)


def test_home_without_next_meeting_invites_to_plan_one(app, make_org, make_user):
    mentorship, mentee, _mentor = make_mentorship(make_org, make_user)
    html = home(app, mentee)
    assert "No next meeting planned." in html
    assert f'href="/mentorships/{mentorship.id}#next"' in html
    assert "next-meeting.ics" not in html


def test_home_lists_surveys_due_and_offers_to_answer(app, make_org, make_user):
    _mentorship, mentee, mentor = make_mentorship(make_org, make_user)
    html = home(app, mentee)
    assert "A short survey waits for you" in html  # the baseline survey
    programme = make_programme()
    other = make_user(org=make_org(), name="Zanele Offer")
    proposal = released_proposal(
        programme, enrol(programme, mentee, "mentee"), enrol(programme, other, "mentor")
    )
    proposal.status = "offered"
    proposal.expires_at = utcnow() + timedelta(days=3)
    db.session.commit()
    html = home(app, mentee)
    assert "A mentoring pair waits for your answer" in html
    assert f'href="/offers/{proposal.id}"' in html and "Zanele Offer" in html
    assert "as your mentor" in html


def test_home_lists_programmes_open_for_enrolment_with_her_enrolment(
    app, make_org, make_user
):
    member = make_user(org=make_org())
    html = home(app, member)
    assert "No programme is open for enrolment right now." in html
    assert "Fill your mentor or mentee profile" in html  # no profile yet: next step
    programme = make_programme()
    closed = make_programme()
    closed.enrol_closes_on = utcnow().date() - timedelta(days=1)
    closed.name = translated.new_text("en", en="Closed cohort")
    db.session.commit()
    html = home(app, member)
    assert f'href="/programmes/{programme.id}"' in html
    assert "Enrolment is open until" in html and "Closed cohort" not in html
    enrol(programme, member, "mentee")
    html = home(app, member)
    assert "Enrolled as a mentee" in html
    assert "Enrol in an open programme" in html  # a profile, but no mentorship yet


def test_home_tells_a_coordinator_how_many_proposals_wait(app, make_org, make_user):
    org = make_org()
    coordinator = make_user(org=org, roles=["coordinator"])
    programme = make_programme()
    for _ in range(2):
        released_proposal(
            programme,
            enrol(programme, make_user(org=org), "mentee"),
            enrol(programme, make_user(org=make_org()), "mentor"),
        )
    html = home(app, coordinator)
    assert "2 proposals wait for your decision" in html and 'href="/approvals"' in html


def test_home_takes_few_queries_however_much_she_has(app, make_org, make_user):
    _m, mentee, _mentor = make_mentorship(make_org, make_user)
    html, few = counted_home(app, mentee)
    assert "My mentorships" in html
    for _ in range(3):  # three more mentorships, offers and open programmes
        programme = make_programme()
        make_mentorship(make_org, make_user, programme=programme, mentee=mentee)
    html, more = counted_home(app, mentee)
    assert html.count("(my mentor)") == 4
    # 7 SELECTs (her, mentorships, open programmes, her enrolments in them, offers,
    # surveys' mentorships and answers) and the tests' SAVEPOINT and RELEASE; the
    # events' panel: her next registrations, her organisation (her audience and
    # time zone), the sessions open to her; the consultations' panel: the open
    # consultations (her organisations are read only when one is open); the
    # elections' panel: her nominations waiting for her answer; and the data
    # version the panels' HTML is kept by (`main.home`).
    assert len(more) <= 15, "\n".join(s[:100] for s in more)
    assert len(more) == len(few)


def test_a_second_view_reads_her_panels_from_the_cache_until_data_changes(
    app, make_org, make_user
):
    _m, mentee, _mentor = make_mentorship(make_org, make_user)
    client = app.test_client()
    sign_in(client, mentee)
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    first = client.get("/").data.decode()
    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        second = client.get("/").data.decode()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert second == first
    selects = [s for s in statements if s.startswith("SELECT")]
    # Her session and data versions, then her with her roles: in this suite's
    # shared transaction a request's objects expire as it ends, so the thread's kept
    # object (test_kept_user.py: one statement in all) is never reused here.
    assert len(selects) == 2, selects
    # A commit anywhere changes the version: the next view is computed afresh.
    programme = make_programme()
    programme.name = translated.new_text("en", en="Fresh cohort")
    db.session.commit()
    assert "Fresh cohort" in client.get("/").data.decode()
    # Another language, another entry.
    with client.session_transaction() as session:
        session["locale"] = "fr"
    assert "Mes mentorats" in client.get("/").data.decode()


def test_two_readers_never_share_cached_panels(app, make_org, make_user):
    _m, mentee, mentor = make_mentorship(make_org, make_user)
    for _ in range(2):
        assert "my mentor" in home(app, mentee) and "my mentee" not in home(app, mentee)
        assert "my mentee" in home(app, mentor) and "my mentor" not in home(app, mentor)
