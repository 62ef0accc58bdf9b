"""Surveys: when each is due, answering once and anonymously, reminders, bad input."""

from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.db import db, utcnow
from mentorship.mentorships.models import Goal
from mentorship.surveys import jobs, keys, services
from mentorship.surveys.models import SurveyResponse

from ..factories import sign_in, statements_run
from .flow import make_mentorship

ALREADY = "You already answered this survey. Thank you!"


def set_dates(mentorship, started_days_ago=0, ends_in_days=200, **fields):
    """Move the mentorship in time: started N days ago, ends in M days."""
    today = services.utc_today()
    mentorship.started_at = utcnow() - timedelta(days=started_days_ago)
    mentorship.ends_on = today + timedelta(days=ends_in_days)
    for name, value in fields.items():
        setattr(mentorship, name, value)
    db.session.commit()


def add_goals(mentorship, *titles):
    goals = [Goal(mentorship_id=mentorship.id, title=title) for title in titles]
    db.session.add_all(goals)
    db.session.commit()
    return goals


def responses():
    db.session.expire_all()
    return db.session.scalars(sa.select(SurveyResponse)).all()


@pytest.fixture
def pair(make_org, make_user):
    # Pages the tests read are in English (her); the mentor's answers are in Spanish.
    mentee = make_user(org=make_org(region="africa"), name="Amina", locale="en")
    mentor = make_user(org=make_org(region="europe"), name="Lucía", locale="es")
    mentorship, _, _ = make_mentorship(
        make_org, make_user, mentee=mentee, mentor=mentor
    )
    return mentorship, mentee, mentor


def due(user):
    return [(m.id, role, stage) for m, role, stage in services.due_surveys(user)]


# --- When a survey is due ------------------------------------------------------------


def test_baseline_is_due_from_the_start_for_both(client, pair):
    mentorship, mentee, mentor = pair
    assert due(mentee) == [(mentorship.id, "mentee", "baseline")]
    assert due(mentor) == [(mentorship.id, "mentor", "baseline")]
    sign_in(client, mentee)
    page = client.get("/surveys")
    assert page.status_code == 200
    assert f"/surveys/{mentorship.id}/baseline" in page.text
    assert client.get(f"/surveys/{mentorship.id}/baseline").status_code == 200


def test_home_page_lists_the_due_survey(client, pair):
    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    page = client.get("/")
    assert f"/surveys/{mentorship.id}/baseline" in page.text


def test_midpoint_not_due_early_then_due_half_way(client, pair):
    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    early = client.get(f"/surveys/{mentorship.id}/midpoint")
    assert early.status_code == 404
    assert "This survey is not open yet" in early.text
    assert (mentorship.id, "mentee", "midpoint") not in due(mentee)

    set_dates(mentorship, started_days_ago=100, ends_in_days=50)  # half-way: day 75
    assert (mentorship.id, "mentee", "midpoint") in due(mentee)
    assert client.get(f"/surveys/{mentorship.id}/midpoint").status_code == 200


def test_final_due_two_weeks_before_the_end(pair):
    mentorship, mentee, _ = pair
    set_dates(mentorship, started_days_ago=150, ends_in_days=30)
    assert (mentorship.id, "mentee", "final") not in due(mentee)
    set_dates(mentorship, started_days_ago=150, ends_in_days=10)
    assert (mentorship.id, "mentee", "final") in due(mentee)


def test_final_only_once_completed_and_for_90_days(client, pair):
    mentorship, mentee, _ = pair
    set_dates(
        mentorship,
        started_days_ago=60,
        ends_in_days=100,
        status="closed_early",
        closed_at=utcnow(),
    )
    assert due(mentee) == [(mentorship.id, "mentee", "final")]
    sign_in(client, mentee)
    assert client.get(f"/surveys/{mentorship.id}/baseline").status_code == 404
    assert client.get(f"/surveys/{mentorship.id}/final").status_code == 200

    set_dates(
        mentorship,
        started_days_ago=300,
        ends_in_days=-100,
        status="completed",
        closed_at=utcnow() - timedelta(days=91),
    )
    assert due(mentee) == []
    assert client.get(f"/surveys/{mentorship.id}/final").status_code == 404


# --- Answering -----------------------------------------------------------------------


def test_baseline_answer_is_stored_without_the_person(client, pair):
    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    reply = client.post(
        f"/surveys/{mentorship.id}/baseline",
        data={"confidence": "2", "comment": "  Learn closure planning  "},
    )
    assert reply.status_code == 302
    [row] = responses()
    assert row.programme_id == mentorship.programme_id
    assert row.answer_key == keys.answer_key(mentorship.id, "mentee", "baseline")
    assert (row.role, row.stage, row.confidence) == ("mentee", "baseline", 2)
    assert row.organisation_id == mentee.organisation_id
    assert (row.region, row.language) == ("africa", "en")
    assert row.comment == "Learn closure planning"
    assert row.satisfaction is None and row.nps is None
    columns = [c.name for c in SurveyResponse.__table__.columns]
    assert not [c for c in columns if "user" in c or "mentorship" in c]
    assert row.submitted_at.time() == time.min  # the day only
    assert due(mentee) == []
    page = client.get("/surveys")
    assert "Done" in page.text
    assert f"/surveys/{mentorship.id}/baseline" not in page.text


def test_mentor_answer_carries_her_organisation_and_language(client, pair):
    mentorship, _, mentor = pair
    sign_in(client, mentor)
    client.post(f"/surveys/{mentorship.id}/baseline", data={"confidence": "5"})
    [row] = responses()
    assert (row.role, row.organisation_id) == ("mentor", mentor.organisation_id)
    assert (row.region, row.language) == ("europe", "es")


def test_independent_member_has_no_region(client, make_org, make_user):
    mentee = make_user(org=None)
    mentorship, _, _ = make_mentorship(make_org, make_user, mentee=mentee)
    sign_in(client, mentee)
    client.post(f"/surveys/{mentorship.id}/baseline", data={"confidence": "3"})
    [row] = responses()
    assert (row.organisation_id, row.region) == (None, None)


def test_midpoint_stores_progress_per_goal(client, pair):
    mentorship, mentee, _ = pair
    first, second = add_goals(mentorship, "Closure plan", "Public speaking")
    set_dates(mentorship, started_days_ago=100, ends_in_days=50)
    sign_in(client, mentee)
    form = client.get(f"/surveys/{mentorship.id}/midpoint").text
    assert "Closure plan" in form and "Public speaking" in form
    assert "<legend>" in form and "5 — very satisfied" in form
    reply = client.post(
        f"/surveys/{mentorship.id}/midpoint",
        data={
            "satisfaction": "4",
            "nps": "9",
            f"goal_{first.id}": "50",
            f"goal_{second.id}": "100",
        },
    )
    assert reply.status_code == 302
    [row] = responses()
    assert (row.stage, row.satisfaction, row.nps, row.confidence) == (
        "midpoint",
        4,
        9,
        None,
    )
    assert row.goal_progress == [50, 100]  # no goal ids: they lead to the pair


def test_final_stores_confidence_after(client, pair):
    mentorship, _, mentor = pair
    goal = add_goals(mentorship, "Closure plan")[0]
    set_dates(mentorship, started_days_ago=180, ends_in_days=5)
    sign_in(client, mentor)
    reply = client.post(
        f"/surveys/{mentorship.id}/final",
        data={
            "satisfaction": "5",
            "nps": "10",
            "confidence": "4",
            f"goal_{goal.id}": "75",
            "comment": "A wonderful year",
        },
    )
    assert reply.status_code == 302
    [row] = responses()
    assert (row.stage, row.role, row.confidence, row.nps) == ("final", "mentor", 4, 10)
    assert row.goal_progress == [75]


def test_answered_twice_is_refused_and_nothing_changes(client, pair):
    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    url = f"/surveys/{mentorship.id}/baseline"
    client.post(url, data={"confidence": "2"})
    again = client.post(url, data={"confidence": "5"}, follow_redirects=True)
    assert ALREADY in again.text
    [row] = responses()
    assert row.confidence == 2
    assert ALREADY in client.get(url, follow_redirects=True).text


def test_racing_second_answer_hits_the_unique_constraint(client, pair, monkeypatch):
    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    url = f"/surveys/{mentorship.id}/baseline"
    client.post(url, data={"confidence": "2"})
    # The second request passed the check before the first one committed.
    monkeypatch.setattr(services, "already_answered", lambda *args: False)
    again = client.post(url, data={"confidence": "5"}, follow_redirects=True)
    assert again.status_code == 200
    assert ALREADY in again.text
    [row] = responses()
    assert row.confidence == 2


def test_each_side_answers_for_itself(client, pair):
    mentorship, mentee, mentor = pair
    sign_in(client, mentee)
    client.post(f"/surveys/{mentorship.id}/baseline", data={"confidence": "2"})
    sign_in(client, mentor)
    client.post(f"/surveys/{mentorship.id}/baseline", data={"confidence": "4"})
    assert sorted(r.role for r in responses()) == ["mentee", "mentor"]


# --- Who may answer ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["stranger", "coordinator", "secretariat"])
def test_people_outside_the_pair_get_404(client, pair, make_user, who):
    mentorship, mentee, _ = pair
    roles = {"stranger": [], "coordinator": ["coordinator"]}.get(who, [who])
    other = make_user(org=mentee.organisation, roles=roles)
    sign_in(client, other)
    url = f"/surveys/{mentorship.id}/baseline"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"confidence": "3"}).status_code == 404
    assert responses() == []
    assert due(other) == []


def test_signed_out_is_sent_to_login(client, pair):
    mentorship, _, _ = pair
    reply = client.get(f"/surveys/{mentorship.id}/baseline")
    assert reply.status_code == 302
    assert "/login" in reply.headers["Location"]


def test_unknown_stage_or_mentorship_is_404(client, pair):
    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    assert client.get(f"/surveys/{mentorship.id}/halfway").status_code == 404
    assert client.get("/surveys/999999/baseline").status_code == 404


# --- Bad input -----------------------------------------------------------------------


@pytest.fixture
def midpoint(client, pair, make_org, make_user):
    """Her mid-point survey is open; another pair has a goal of its own."""
    mentorship, mentee, _ = pair
    goal = add_goals(mentorship, "Closure plan")[0]
    set_dates(mentorship, started_days_ago=100, ends_in_days=50)
    other, _, _ = make_mentorship(make_org, make_user)
    foreign = add_goals(other, "Someone else's goal")[0]
    sign_in(client, mentee)
    valid = {"satisfaction": "4", "nps": "8", f"goal_{goal.id}": "25"}
    return f"/surveys/{mentorship.id}/midpoint", valid, goal, foreign


@pytest.mark.parametrize(
    "change, message",
    [
        ({"satisfaction": "6"}, "Please choose one of the answers offered."),
        ({"nps": "11"}, "Please choose one of the answers offered."),
        ({"nps": "-1"}, "Please choose one of the answers offered."),
        ({"satisfaction": "very"}, "could not coerce"),
        ({"satisfaction": None}, "Please choose an answer."),
        ({"nps": None}, "Please choose an answer."),
        ({"goal": None}, "Please choose an answer."),
        ({"goal": "30"}, "Please choose one of the answers offered."),
        ({"foreign": "50"}, "This goal is not part of your mentorship."),
        ({"comment": "x" * 2001}, "longer than 2000"),
    ],
)
def test_bad_values_are_refused_and_nothing_stored(client, midpoint, change, message):
    url, data, goal, foreign = midpoint
    names = {"goal": f"goal_{goal.id}", "foreign": f"goal_{foreign.id}"}
    data = dict(data)
    for key, value in change.items():
        name = names.get(key, key)
        if value is None:
            data.pop(name)
        else:
            data[name] = value
    reply = client.post(url, data=data)
    assert reply.status_code == 400
    assert message in reply.text
    assert responses() == []


def test_baseline_needs_her_confidence(client, pair):
    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    reply = client.post(f"/surveys/{mentorship.id}/baseline", data={"comment": "Hi"})
    assert reply.status_code == 400
    assert "Please choose an answer." in reply.text
    assert responses() == []


def test_csrf_token_is_required(app, client, pair):
    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        reply = client.post(
            f"/surveys/{mentorship.id}/baseline", data={"confidence": "3"}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert reply.status_code == 400
    assert responses() == []


# --- Reminders -----------------------------------------------------------------------


def test_reminder_three_days_after_opening_sent_once(pair, outbox):
    mentorship, mentee, mentor = pair
    set_dates(mentorship, started_days_ago=2)
    assert jobs.sweep() == 0
    set_dates(mentorship, started_days_ago=3)
    assert jobs.sweep() == 2
    assert sorted(m.to[0] for m in outbox) == sorted([mentee.email, mentor.email])
    link = f"http://localhost/surveys/{mentorship.id}/baseline"
    assert all(link in m.body for m in outbox)
    assert jobs.sweep() == 0
    assert len(outbox) == 2
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_id == mentorship.id)
    ).all()
    assert sorted(actions) == [
        "survey_reminder_mentee_baseline",
        "survey_reminder_mentor_baseline",
    ]


def test_no_reminder_for_an_answered_survey(client, pair, outbox):
    mentorship, mentee, mentor = pair
    set_dates(mentorship, started_days_ago=5)
    sign_in(client, mentee)
    client.post(f"/surveys/{mentorship.id}/baseline", data={"confidence": "2"})
    db.session.expire_all()
    assert jobs.sweep() == 1
    assert [m.to[0] for m in outbox] == [mentor.email]


def test_each_stage_is_reminded_once(pair, outbox):
    mentorship, mentee, mentor = pair
    set_dates(mentorship, started_days_ago=100, ends_in_days=50)
    assert jobs.sweep() == 4  # baseline and midpoint, both sides
    set_dates(mentorship, started_days_ago=190, ends_in_days=10)
    assert jobs.sweep() == 2  # the final
    assert jobs.sweep() == 0


def test_erased_people_are_not_reminded(pair, outbox):
    mentorship, mentee, mentor = pair
    set_dates(mentorship, started_days_ago=5)
    mentee.erased_at = utcnow()
    db.session.commit()
    assert jobs.sweep() == 1
    assert [m.to[0] for m in outbox] == [mentor.email]


def _count_selects(fn):
    statements = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_reminder_selection_takes_a_bounded_number_of_queries(
    make_org, make_user, outbox
):
    def pairs(n):
        for _ in range(n):
            mentorship, _, _ = make_mentorship(make_org, make_user)
            set_dates(mentorship, started_days_ago=4)
        db.session.expire_all()

    pairs(1)
    few = _count_selects(lambda: services.remind_due())
    db.session.commit()
    pairs(4)
    many = _count_selects(lambda: services.remind_due())
    db.session.commit()
    assert len(outbox) == 2 + 8
    assert many == few


def test_sweep_command(runner, pair, outbox):
    mentorship, _, _ = pair
    set_dates(mentorship, started_days_ago=3)
    result = runner.invoke(args=["surveys", "sweep"])
    assert result.exit_code == 0, result.output
    assert "2 survey reminder(s) sent." in result.output
    result = runner.invoke(args=["surveys", "sweep"])
    assert "0 survey reminder(s) sent." in result.output


def test_sweep_command_on_a_given_day(runner, pair, outbox):
    mentorship, _, _ = pair
    day = (services.utc_today() + timedelta(days=3)).isoformat()
    result = runner.invoke(args=["surveys", "sweep", "--on", day])
    assert result.exit_code == 0, result.output
    assert "2 survey reminder(s) sent." in result.output


# --- Unlinked: an answer leads back to no one without the server's key ---------------


def test_an_answer_cannot_be_joined_back_without_the_key(app, client, pair):
    import hashlib

    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    client.post(f"/surveys/{mentorship.id}/baseline", data={"confidence": "2"})
    [row] = responses()
    message = f"{mentorship.id}:mentee:baseline"
    assert row.answer_key != hashlib.sha256(message.encode()).hexdigest()
    kept = ("id", "programme_id", "organisation_id")
    values = [
        getattr(row, c.name)
        for c in SurveyResponse.__table__.columns
        if c.name not in kept
    ]
    assert mentorship.id not in values
    app.config["SURVEY_ANSWER_KEY"] = "another key entirely"
    try:
        assert keys.answer_key(mentorship.id, "mentee", "baseline") != row.answer_key
    finally:
        app.config["SURVEY_ANSWER_KEY"] = ""
    # The application, holding the key, still knows she answered.
    assert services.answered_surveys(mentee) == [(mentorship, "mentee", "baseline")]


def test_erasure_unlinks_her_answers_and_keeps_them_in_the_figures(client, pair):
    from mentorship.mydata import services as mydata

    mentorship, mentee, mentor = pair
    for person, confidence in ((mentee, "2"), (mentor, "4")):
        sign_in(client, person)
        client.post(
            f"/surveys/{mentorship.id}/baseline", data={"confidence": confidence}
        )
    mydata.erase(db.session.get(type(mentee), mentee.id), utcnow())
    db.session.commit()
    rows = {row.role: row for row in responses()}
    assert rows["mentee"].answer_key == f"erased-{rows['mentee'].id}"
    assert rows["mentee"].confidence == 2  # still counted
    assert rows["mentor"].answer_key == keys.answer_key(
        mentorship.id, "mentor", "baseline"
    )


def test_pages_say_confidential_not_anonymous(client, pair):
    mentorship, mentee, _ = pair
    sign_in(client, mentee)
    for url in ("/surveys", f"/surveys/{mentorship.id}/baseline", "/privacy"):
        page = client.get(url).text.replace("&#39;", "'")
        assert "Your answers are confidential" in page, url
        assert "They are not anonymous." in page, url
        assert "answers are anonymous" not in page, url


@pytest.mark.commits  # migrations run DDL and commit
def test_migration_fingerprints_the_answers_already_given(app, pair):
    """0005 turns each answer's mentorship id into the fingerprint the app computes."""
    from flask_migrate import downgrade, upgrade

    mentorship, _, _ = pair
    ids = (mentorship.id, mentorship.programme_id)
    db.session.remove()
    downgrade(revision="0004")
    try:
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO survey_responses (mentorship_id, programme_id, "
                    "language, role, stage, confidence, goal_progress, comment, "
                    "submitted_at) VALUES (:m, :p, 'en', 'mentor', 'midpoint', 3, "
                    "'{\"7\": 60, \"8\": 10}', '', '2026-05-04 15:42:00')"
                ),
                {"m": ids[0], "p": ids[1]},
            )
    finally:
        upgrade()
    [row] = responses()
    assert row.answer_key == keys.answer_key(ids[0], "mentor", "midpoint")
    assert row.goal_progress == [10, 60]
    assert row.submitted_at.isoformat() == "2026-05-04T00:00:00+00:00"


def test_a_large_sweep_reads_its_programmes_in_one_query(client, pair, monkeypatch):
    mentorship, mentee, mentor = pair
    set_dates(mentorship, started_days_ago=5)
    sign_in(client, mentee)
    client.post(f"/surveys/{mentorship.id}/baseline", data={"confidence": "2"})
    db.session.expire_all()
    monkeypatch.setattr(services, "MAX_KEYS", 1)  # as if there were thousands
    assert [(role, stage) for _m, role, stage in services.due_surveys(mentee)] == []
    assert jobs.sweep() == 1  # the mentor only: the mentee's answer was found


def test_surveys_page_lists_what_due_and_answered_list_in_three_queries(
    app, client, make_org, make_user, pair
):
    """Her surveys page reads her mentorships once (pair and programme names with
    them) and her answers once, however many mentorships she has; the lists are
    those of due_surveys and answered_surveys."""
    mentorship, mentee, _mentor = pair
    set_dates(mentorship, started_days_ago=150, ends_in_days=20)
    closed, _, _ = make_mentorship(make_org, make_user, mentee=mentee)
    set_dates(
        closed,
        started_days_ago=300,
        ends_in_days=-5,
        status="completed",
        closed_at=utcnow() - timedelta(days=5),
    )
    old, _, _ = make_mentorship(make_org, make_user, mentee=mentee)
    set_dates(
        old,
        started_days_ago=900,
        ends_in_days=-600,
        status="completed",
        closed_at=utcnow() - timedelta(days=600),
    )
    sign_in(client, mentee)
    client.post(f"/surveys/{mentorship.id}/baseline", data={"confidence": "2"})
    today = services.utc_today()
    with app.test_request_context():
        due, answered = services.her_surveys(mentee, today)
        assert due == services.due_surveys(mentee, today)
        assert answered == services.answered_surveys(mentee)
    assert {stage for m, _r, stage in due if m.id == mentorship.id} == {"midpoint"}
    assert [stage for m, _r, stage in due if m.id == closed.id] == ["final"]
    assert not [m for m, _r, _s in due if m.id == old.id]
    assert answered == [(mentorship, "mentee", "baseline")]
    with statements_run() as statements:
        html = client.get("/surveys").get_data(as_text=True)
    assert f'href="/surveys/{mentorship.id}/midpoint"' in html
    assert f'href="/surveys/{closed.id}/final"' in html
    assert html.count(", your mentor ·") == 3  # two due, one answered
    # Her versions and her (two statements here: see test_home), then the page's.
    assert len(statements) <= 4, "\n".join(s[:100] for s in statements)
