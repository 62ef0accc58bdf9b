"""The pair's space (goals, meetings, private notes, next meeting, check-ins) and the
mentorship's lifecycle (closing early, completion, reminders)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.db import db, utcnow
from mentorship.matches.models import Exclusion
from mentorship.mentorships import jobs, lifecycle, services
from mentorship.mentorships.models import (
    CheckIn,
    Goal,
    Meeting,
    MeetingNote,
    Mentorship,
)
from mentorship.programmes.models import Enrolment

from ..factories import sign_in, statements_run
from .flow import make_mentorship


def as_user(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


@pytest.fixture
def pair(app, make_org, make_user):
    mentorship, mentee, mentor = make_mentorship(make_org, make_user)
    org = mentee.organisation
    return SimpleNamespace(
        m=mentorship,
        id=mentorship.id,
        mentee=mentee,
        mentor=mentor,
        stranger=make_user(org=org, name="Stranger Danger"),
        coordinator=make_user(org=org, roles=["coordinator"]),
        secretariat=make_user(roles=["secretariat"]),
        url=f"/mentorships/{mentorship.id}",
    )


def fresh(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def count(model, *conditions):
    db.session.expire_all()
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(*conditions)
    )


def add_goal(pair, title="Lead a mine closure plan"):
    goal = Goal(mentorship_id=pair.id, title=title, proposed_by_id=pair.mentee.id)
    db.session.add(goal)
    db.session.commit()
    return goal


def add_meeting(pair, held_on=None):
    meeting = Meeting(
        mentorship_id=pair.id,
        held_on=held_on or utcnow().date(),
        duration_minutes=60,
        mode="online",
        topics="Closure plans",
        logged_by_id=pair.mentee.id,
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


def slots(enrolment_id):
    db.session.expire_all()
    return db.session.get(Enrolment, enrolment_id).slots_taken


# --- Privacy of the space ------------------------------------------------------------


def test_space_is_private_to_the_pair(app, pair):
    page = as_user(app, pair.mentee).get(pair.url)
    assert page.status_code == 200
    assert "Lucía Quispe" in page.text and pair.mentor.email in page.text
    assert "Pilot cohort" in page.text
    page = as_user(app, pair.mentor).get(pair.url)
    assert page.status_code == 200 and "Amina Diallo" in page.text
    for outsider in (pair.stranger, pair.coordinator, pair.secretariat):
        assert as_user(app, outsider).get(pair.url).status_code == 404
    assert app.test_client().get(pair.url).status_code == 302
    assert as_user(app, pair.mentee).get("/mentorships/999999").status_code == 404


def test_index_lists_her_mentorships_with_next_meeting(app, pair):
    pair.m.next_meeting_at = datetime(2031, 5, 6, 10, 0, tzinfo=UTC)
    db.session.commit()
    page = as_user(app, pair.mentee).get("/mentorships")
    assert page.status_code == 200
    assert "Lucía Quispe" in page.text and "Active" in page.text
    assert "South Africa Time" in page.text  # shown in her own time zone
    assert "Africa/Johannesburg" not in page.text  # named, never the zone code
    assert "No mentorship yet" in as_user(app, pair.stranger).get("/mentorships").text


# --- Goals ---------------------------------------------------------------------------


def test_mentee_adds_goal_and_mentor_edits_its_status(app, pair):
    response = as_user(app, pair.mentee).post(
        f"{pair.url}/goals", data={"goal-title": "  Lead a closure plan "}
    )
    assert response.status_code == 302
    goal = db.session.scalar(sa.select(Goal).where(Goal.mentorship_id == pair.id))
    assert goal.title == "Lead a closure plan" and goal.status == "not_started"
    assert goal.proposed_by_id == pair.mentee.id

    response = as_user(app, pair.mentor).post(
        f"{pair.url}/goals/{goal.id}",
        data={
            f"goal-{goal.id}-title": "Lead the closure plan",
            f"goal-{goal.id}-status": "achieved",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200 and "The goal was updated." in response.text
    goal = fresh(Goal, goal.id)
    assert goal.title == "Lead the closure plan" and goal.status == "achieved"
    assert goal.achieved_at is not None
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_type == "goals")
    ).all()
    assert actions == ["added", "updated"]


def test_mentor_may_not_add_a_goal(app, pair):
    response = as_user(app, pair.mentor).post(
        f"{pair.url}/goals", data={"goal-title": "My idea"}, follow_redirects=True
    )
    assert "Goals are proposed by the mentee" in response.text
    assert count(Goal) == 0


def test_goal_bad_input_is_refused_with_a_message(app, pair):
    client = as_user(app, pair.mentee)
    response = client.post(f"{pair.url}/goals", data={"goal-title": "   "})
    assert response.status_code == 400 and "Please describe the goal." in response.text
    response = client.post(f"{pair.url}/goals", data={"goal-title": "x" * 201})
    assert response.status_code == 400 and "At most 200 characters." in response.text
    goal = add_goal(pair)
    response = client.post(
        f"{pair.url}/goals/{goal.id}",
        data={f"goal-{goal.id}-title": "Changed", f"goal-{goal.id}-status": "won"},
    )
    assert response.status_code == 400
    assert "Please choose one of the options." in response.text
    assert count(Goal) == 1 and fresh(Goal, goal.id).title == "Lead a mine closure plan"


def test_outsiders_cannot_edit_a_goal(app, pair):
    goal = add_goal(pair)
    data = {f"goal-{goal.id}-title": "Hacked", f"goal-{goal.id}-status": "dropped"}
    for outsider in (pair.stranger, pair.coordinator, pair.secretariat):
        response = as_user(app, outsider).post(f"{pair.url}/goals/{goal.id}", data=data)
        assert response.status_code == 404
        response = as_user(app, outsider).post(
            f"{pair.url}/goals", data={"goal-title": "Hacked"}
        )
        assert response.status_code == 404
    goal = fresh(Goal, goal.id)
    assert goal.title == "Lead a mine closure plan" and goal.status == "not_started"
    assert count(Goal) == 1


def test_goal_of_another_mentorship_is_404(app, pair, make_org, make_user):
    other, _, _ = make_mentorship(make_org, make_user)
    foreign = Goal(mentorship_id=other.id, title="Theirs", proposed_by_id=None)
    db.session.add(foreign)
    db.session.commit()
    response = as_user(app, pair.mentee).post(
        f"{pair.url}/goals/{foreign.id}",
        data={
            f"goal-{foreign.id}-title": "Mine",
            f"goal-{foreign.id}-status": "dropped",
        },
    )
    assert response.status_code == 404
    assert fresh(Goal, foreign.id).title == "Theirs"
    assert as_user(app, pair.mentee).post(f"{pair.url}/goals/999999").status_code == 404


# --- Meetings and private notes ------------------------------------------------------


def meeting_data(**overrides):
    data = {
        "meeting-held_on": utcnow().date().isoformat(),
        "meeting-duration_minutes": "45",
        "meeting-mode": "phone",
        "meeting-topics": "Tailings dam reviews",
    }
    data.update({f"meeting-{key}": value for key, value in overrides.items()})
    return data


def test_either_member_logs_a_meeting(app, pair):
    response = as_user(app, pair.mentor).post(
        f"{pair.url}/meetings", data=meeting_data(), follow_redirects=True
    )
    assert "The meeting was added to your log." in response.text
    meeting = db.session.scalar(sa.select(Meeting))
    assert (meeting.duration_minutes, meeting.mode) == (45, "phone")
    assert meeting.logged_by_id == pair.mentor.id
    page = as_user(app, pair.mentee).get(pair.url).text
    assert "Tailings dam reviews" in page and "By phone" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": "+2"}, "A meeting you log cannot be in the future."),
        ({"held_on": "-3"}, "This date is before your mentorship started."),
        ({"held_on": "31/12/2024"}, "Enter a date such as 2025-03-31."),
        ({"held_on": ""}, "Please enter the date of the meeting."),
        ({"duration_minutes": "4"}, "Enter between 5 and 600 minutes."),
        ({"duration_minutes": "601"}, "Enter between 5 and 600 minutes."),
        ({"duration_minutes": "an hour"}, "Enter a whole number."),
        ({"mode": "carrier_pigeon"}, "Please choose one of the options."),
        ({"topics": "x" * 2001}, "At most 2000 characters."),
    ],
)
def test_bad_meetings_are_refused(app, pair, overrides, message):
    if overrides.get("held_on", "").startswith(("+", "-")):
        days = int(overrides["held_on"])
        overrides["held_on"] = (utcnow().date() + timedelta(days=days)).isoformat()
    response = as_user(app, pair.mentee).post(
        f"{pair.url}/meetings", data=meeting_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.text
    assert count(Meeting) == 0


def test_tomorrow_is_accepted_for_time_zones_ahead(app, pair):
    tomorrow = (utcnow().date() + timedelta(days=1)).isoformat()
    as_user(app, pair.mentee).post(
        f"{pair.url}/meetings", data=meeting_data(held_on=tomorrow)
    )
    assert count(Meeting) == 1


def test_private_note_is_read_only_by_its_author(app, pair):
    meeting = add_meeting(pair)
    url = f"{pair.url}/meetings/{meeting.id}/note"
    field = f"note-{meeting.id}-body"
    response = as_user(app, pair.mentee).post(url, data={field: "MENTEE-SECRET-41"})
    assert response.status_code == 302
    as_user(app, pair.mentor).post(url, data={field: "MENTOR-SECRET-77"})
    mentee_page = as_user(app, pair.mentee).get(pair.url).text
    mentor_page = as_user(app, pair.mentor).get(pair.url).text
    assert "MENTEE-SECRET-41" in mentee_page and "MENTOR-SECRET-77" not in mentee_page
    assert "MENTOR-SECRET-77" in mentor_page and "MENTEE-SECRET-41" not in mentor_page
    assert count(MeetingNote) == 2
    # Editing keeps one note per author; the audit trail never holds the text.
    as_user(app, pair.mentee).post(url, data={field: "MENTEE-SECRET-42"})
    assert count(MeetingNote, MeetingNote.author_id == pair.mentee.id) == 1
    reasons = db.session.scalars(sa.select(AuditEvent.reason)).all()
    assert not any("SECRET" in reason for reason in reasons)


def test_note_on_another_pairs_meeting_is_404(app, pair, make_org, make_user):
    other, _, _ = make_mentorship(make_org, make_user)
    foreign = Meeting(mentorship_id=other.id, held_on=utcnow().date())
    db.session.add(foreign)
    db.session.commit()
    for url in (
        f"{pair.url}/meetings/{foreign.id}/note",
        f"/mentorships/{other.id}/meetings/{foreign.id}/note",
    ):
        response = as_user(app, pair.mentee).post(
            url, data={f"note-{foreign.id}-body": "x"}
        )
        assert response.status_code == 404
    assert count(MeetingNote) == 0


# --- Next meeting and its calendar file ----------------------------------------------


def test_next_meeting_in_her_time_zone_and_ics(app, make_org, make_user):
    mentor = make_user(org=make_org(), name="Lucía Quispe; Ramos, PhD")
    mentorship, mentee, mentor = make_mentorship(make_org, make_user, mentor=mentor)
    url = f"/mentorships/{mentorship.id}"
    client = as_user(app, mentee)
    assert client.get(f"{url}/next-meeting.ics").status_code == 404

    day = utcnow().date() + timedelta(days=10)
    # The mentee's profile is in Africa/Johannesburg (UTC+2, no summer time).
    response = client.post(
        f"{url}/next-meeting", data={"next-at": f"{day.isoformat()}T14:30"}
    )
    assert response.status_code == 302
    stored = fresh(Mentorship, mentorship.id).next_meeting_at
    assert stored == datetime(day.year, day.month, day.day, 12, 30, tzinfo=UTC)

    response = as_user(app, mentee).get(f"{url}/next-meeting.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert f"DTSTART:{day:%Y%m%d}T123000Z\r\n" in body
    assert "DURATION:PT1H\r\n" in body and "UID:" in body and "DTSTAMP:" in body
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Mentoring meeting with Lucía Quispe\\; Ramos\\, PhD\r\n" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert as_user(app, make_user()).get(f"{url}/next-meeting.ics").status_code == 404


def test_next_meeting_ics_keeps_its_uid_and_counts_changes(app, make_org, make_user):
    mentorship, mentee, _mentor = make_mentorship(make_org, make_user)
    url = f"/mentorships/{mentorship.id}"
    client = as_user(app, mentee)
    bodies = []
    for days in (10, 12):
        day = utcnow().date() + timedelta(days=days)
        client.post(f"{url}/next-meeting", data={"next-at": f"{day}T09:00"})
        bodies.append(client.get(f"{url}/next-meeting.ics").get_data(as_text=True))
    uid = f"UID:mentorship-{mentorship.id}-next-meeting@localhost\r\n"
    assert all(uid in body for body in bodies)
    assert "SEQUENCE:0\r\n" in bodies[0] and "SEQUENCE:1\r\n" in bodies[1]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2001-01-01T10:00", "The next meeting must be in the future."),
        ("+400", "Please choose a date within the next twelve months."),
        ("tomorrow", "Enter a date and time such as 2025-03-31T14:30."),
        ("", "Please enter a date and a time."),
    ],
)
def test_bad_next_meeting_is_refused(app, pair, value, message):
    if value.startswith("+"):
        value = f"{utcnow().date() + timedelta(days=400)}T10:00"
    response = as_user(app, pair.mentee).post(
        f"{pair.url}/next-meeting", data={"next-at": value}
    )
    assert response.status_code == 400 and message in response.text
    assert fresh(Mentorship, pair.id).next_meeting_at is None


# --- Check-ins -----------------------------------------------------------------------


def check_in(app, user, pair, period="first", fit="4", comment="COMMENT-ABC-123"):
    return as_user(app, user).post(
        f"{pair.url}/check-in",
        data={"checkin-period": period, "checkin-fit": fit, "checkin-comment": comment},
        follow_redirects=True,
    )


def test_first_check_in_after_the_first_meeting_once(app, pair):
    assert "How is it going?" not in as_user(app, pair.mentee).get(pair.url).text
    response = check_in(app, pair.mentee, pair)
    assert "This check-in is not open." in response.text
    assert count(CheckIn) == 0

    add_meeting(pair)
    assert "How is it going?" in as_user(app, pair.mentee).get(pair.url).text
    response = check_in(app, pair.mentee, pair)
    assert "Thank you for your answer." in response.text
    answer = db.session.scalar(sa.select(CheckIn))
    assert (answer.role, answer.period, answer.fit) == ("mentee", "first", 4)

    response = check_in(app, pair.mentee, pair, fit="1")
    assert "You have already answered this check-in." in response.text
    assert count(CheckIn) == 1 and fresh(CheckIn, answer.id).fit == 4
    # Her partner answers for her side; comments are shown to neither.
    check_in(app, pair.mentor, pair, comment="COMMENT-XYZ-999")
    assert count(CheckIn) == 2
    for person in (pair.mentee, pair.mentor):
        page = as_user(app, person).get(pair.url).text
        assert "COMMENT-ABC-123" not in page and "COMMENT-XYZ-999" not in page
        assert "How is it going?" not in page


def test_monthly_check_in_after_the_first(app, pair):
    add_meeting(pair)
    check_in(app, pair.mentee, pair)
    month = utcnow().date().strftime("%Y-%m")
    assert check_in(app, pair.mentee, pair, period=month).status_code == 200
    assert count(CheckIn) == 1  # not again in the month of the first answer

    db.session.execute(
        sa.update(CheckIn).values(created_at=utcnow() - timedelta(days=40))
    )
    db.session.commit()
    m = fresh(Mentorship, pair.id)
    assert services.due_check_in(m, pair.mentee, utcnow().date()) == month
    assert "monthly check-in" in as_user(app, pair.mentee).get(pair.url).text
    check_in(app, pair.mentee, pair, period=month, fit="5")
    assert count(CheckIn, CheckIn.period == month) == 1
    response = check_in(app, pair.mentee, pair, period=month)
    assert "already answered" in response.text
    assert count(CheckIn) == 2


def test_bad_check_in_is_refused(app, pair):
    add_meeting(pair)
    for fit in ("6", "", "good"):
        response = as_user(app, pair.mentee).post(
            f"{pair.url}/check-in",
            data={"checkin-period": "first", "checkin-fit": fit},
        )
        assert response.status_code == 400
    response = check_in(app, pair.mentee, pair, period="1999-01")
    assert "This check-in is not open." in response.text
    assert check_in(app, pair.stranger, pair).status_code == 404
    assert count(CheckIn) == 0


# --- Closing early -------------------------------------------------------------------


def close(app, user, pair, **data):
    form = {"reason": "not_a_fit", "note": "CLOSE-NOTE-PRIVATE", **data}
    return as_user(app, user).post(f"{pair.url}/close", data=form)


def test_close_early_with_rematch(app, pair, outbox):
    proposal = pair.m.proposal
    mentee_slot, mentor_slot = (
        proposal.mentee_enrolment_id,
        proposal.mentor_enrolment_id,
    )
    assert (slots(mentee_slot), slots(mentor_slot)) == (1, 1)
    assert as_user(app, pair.mentee).get(f"{pair.url}/close").status_code == 200

    response = close(app, pair.mentee, pair, rematch="y")
    assert response.status_code == 302
    m = fresh(Mentorship, pair.id)
    assert m.status == "closed_early" and m.closed_at is not None
    assert m.closed_by_id == pair.mentee.id and m.rematch_requested
    assert (m.close_reason, m.close_note) == ("not_a_fit", "CLOSE-NOTE-PRIVATE")
    assert (slots(mentee_slot), slots(mentor_slot)) == (0, 0)
    exclusion = db.session.scalar(sa.select(Exclusion))
    assert (exclusion.mentee_user_id, exclusion.mentor_user_id) == (
        pair.mentee.id,
        pair.mentor.id,
    )
    assert [message.to for message in outbox] == [[pair.mentor.email]]
    body = outbox[0].body + outbox[0].alternatives[0][0]
    assert "has ended" in outbox[0].subject
    assert "CLOSE-NOTE-PRIVATE" not in body and "not a good fit" not in body
    assert "back in the pool" in body
    page = as_user(app, pair.mentor).get(pair.url).text
    assert "CLOSE-NOTE-PRIVATE" not in page and "Closed early" in page
    assert "Log a meeting" not in page  # read-only now
    assert db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "closed_early")
    )


def test_close_without_rematch_keeps_the_closers_place(app, pair, outbox):
    proposal = pair.m.proposal
    mentee_slot, mentor_slot = (
        proposal.mentee_enrolment_id,
        proposal.mentor_enrolment_id,
    )
    close(app, pair.mentor, pair, reason="no_time")
    m = fresh(Mentorship, pair.id)
    assert m.status == "closed_early" and not m.rematch_requested
    assert (slots(mentee_slot), slots(mentor_slot)) == (0, 1)
    assert [message.to for message in outbox] == [[pair.mentee.email]]


def test_second_close_and_bad_close_are_refused(app, pair, outbox):
    response = close(app, pair.mentee, pair, reason="")
    assert response.status_code == 400 and "Please choose a reason." in response.text
    response = close(app, pair.mentee, pair, reason="bored")
    assert response.status_code == 400
    assert fresh(Mentorship, pair.id).status == "active"
    for outsider in (pair.stranger, pair.coordinator, pair.secretariat):
        assert close(app, outsider, pair).status_code == 404
    assert fresh(Mentorship, pair.id).status == "active"

    close(app, pair.mentee, pair)
    response = as_user(app, pair.mentor).post(
        f"{pair.url}/close", data={"reason": "other"}, follow_redirects=True
    )
    assert "no longer active" in response.text or "read-only" in response.text
    m = fresh(Mentorship, pair.id)
    assert m.closed_by_id == pair.mentee.id and m.close_reason == "not_a_fit"
    assert len(outbox) == 1 and count(Exclusion) == 1


def test_close_early_service_refuses_a_second_close(app, pair):
    lifecycle.close_early(pair.m, pair.mentee, "no_time")
    db.session.commit()
    from mentorship.matches.transitions import FlowError

    with pytest.raises(FlowError):
        lifecycle.close_early(fresh(Mentorship, pair.id), pair.mentor, "other")


# --- Completion and reminders --------------------------------------------------------


def test_completion_sweep(app, pair, outbox):
    pair.m.ends_on = utcnow().date() - timedelta(days=1)
    pair.m.next_meeting_at = utcnow() + timedelta(days=3)
    db.session.commit()
    ics = f"{pair.url}/next-meeting.ics"
    assert as_user(app, pair.mentee).get(ics).status_code == 200
    assert jobs.sweep() == (1, 0)
    assert fresh(Mentorship, pair.id).status == "completed"
    assert sorted(message.to[0] for message in outbox) == sorted(
        [pair.mentee.email, pair.mentor.email]
    )
    assert all("thank you" in message.subject for message in outbox)
    assert jobs.sweep() == (0, 0) and len(outbox) == 2
    response = as_user(app, pair.mentee).post(
        f"{pair.url}/meetings", data=meeting_data(), follow_redirects=True
    )
    assert "read-only" in response.text and count(Meeting) == 0
    assert as_user(app, pair.mentee).get(ics).status_code == 404
    page = as_user(app, pair.mentor).get(pair.url).text
    assert "This mentorship is completed." in page and "Next meeting" not in page
    if "surveys.index" in app.view_functions:
        assert "Answer the final survey" in page


def test_completion_leaves_running_mentorships(app, pair, outbox):
    pair.m.ends_on = utcnow().date()
    db.session.commit()
    assert jobs.sweep() == (0, 0)
    assert fresh(Mentorship, pair.id).status == "active" and outbox == []


def test_no_meeting_reminder_sent_once_a_month(app, pair, outbox):
    now = utcnow()
    pair.m.started_at = now - timedelta(days=40)
    add_meeting(pair, held_on=(now - timedelta(days=35)).date())
    assert jobs.sweep(now) == (0, 1)
    assert sorted(message.to[0] for message in outbox) == sorted(
        [pair.mentee.email, pair.mentor.email]
    )
    assert fresh(Mentorship, pair.id).reminded_at == now
    assert jobs.sweep(now + timedelta(days=10)) == (0, 0) and len(outbox) == 2
    assert jobs.sweep(now + timedelta(days=31)) == (0, 1) and len(outbox) == 4


def test_no_reminder_after_a_recent_meeting_or_a_recent_start(
    app, pair, make_org, make_user, outbox
):
    now = utcnow()
    pair.m.started_at = now - timedelta(days=40)
    add_meeting(pair, held_on=(now - timedelta(days=5)).date())
    make_mentorship(make_org, make_user)  # started today
    assert jobs.sweep(now) == (0, 0) and outbox == []


def test_cli_sweep(app, pair, runner, outbox):
    pair.m.ends_on = utcnow().date() - timedelta(days=3)
    db.session.commit()
    result = runner.invoke(args=["mentorships", "sweep"])
    assert result.exit_code == 0, result.output
    assert "1 mentorship(s) completed, 0 pair(s) reminded" in result.output
    assert fresh(Mentorship, pair.id).status == "completed"


# --- CSRF ----------------------------------------------------------------------------


def test_forms_require_csrf(app, pair):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = as_user(app, pair.mentee)
        assert (
            client.post(f"{pair.url}/goals", data={"goal-title": "x"}).status_code
            == 400
        )
        assert (
            client.post(f"{pair.url}/close", data={"reason": "other"}).status_code
            == 400
        )
        page = client.get(pair.url).text
        assert 'name="goal-csrf_token"' in page
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert count(Goal) == 0 and fresh(Mentorship, pair.id).status == "active"


# --- The next meeting's reminder (core.schedule) -------------------------------------


def test_next_meeting_reminder_moves_with_the_meeting_and_goes_once(app, pair, outbox):
    from mentorship.core import schedule
    from mentorship.core.models import Reminder

    client = as_user(app, pair.mentee)
    day = utcnow().date() + timedelta(days=10)
    client.post(f"{pair.url}/next-meeting", data={"next-at": f"{day}T14:30"})
    later = day + timedelta(days=2)
    client.post(f"{pair.url}/next-meeting", data={"next-at": f"{later}T14:30"})
    [reminder] = db.session.scalars(sa.select(Reminder)).all()
    at = fresh(Mentorship, pair.id).next_meeting_at
    assert reminder.due_at == at - timedelta(hours=24)
    assert reminder.key == f"mentorship:{pair.id}:next_meeting:24h"

    assert schedule.due(at - timedelta(hours=25)) == 0 and outbox == []
    assert schedule.due(at - timedelta(hours=23)) == 1
    assert sorted(m.to[0] for m in outbox) == sorted(
        [pair.mentee.email, pair.mentor.email]
    )
    mentee_mail = next(m for m in outbox if m.to == [pair.mentee.email])
    # Her profile's time zone is Africa/Johannesburg (UTC+2): 14:30 as she entered it.
    assert "2:30" in mentee_mail.body and "South Africa" in mentee_mail.body
    assert "Africa/Johannesburg" not in mentee_mail.body  # codes are never shown
    assert "next-meeting.ics" in mentee_mail.body
    assert schedule.due(at - timedelta(hours=1)) == 0 and len(outbox) == 2


def test_no_reminder_for_a_closed_mentorship(app, pair, outbox):
    from mentorship.core import schedule

    day = utcnow().date() + timedelta(days=10)
    as_user(app, pair.mentee).post(
        f"{pair.url}/next-meeting", data={"next-at": f"{day}T14:30"}
    )
    lifecycle.close_early(fresh(Mentorship, pair.id), pair.mentee, "no_time")
    db.session.commit()
    outbox.clear()
    assert schedule.due(utcnow() + timedelta(days=10)) == 1  # claimed, nothing to say
    assert outbox == []


def test_list_and_space_take_few_queries_however_many_mentorships(
    app, make_org, make_user
):
    """Partners and programme names come with the mentorships (no query per row)."""
    from .flow import make_programme

    mentorship, mentee, _mentor = make_mentorship(make_org, make_user)
    for _ in range(3):
        make_mentorship(make_org, make_user, programme=make_programme(), mentee=mentee)
    client = as_user(app, mentee)
    with statements_run() as listing:
        html = client.get("/mentorships").get_data(as_text=True)
    assert html.count("(my mentor)") == 4
    # her; the page's data version (core.pagecache.reader_page); the list
    assert len(listing) <= 3, "\n".join(s[:100] for s in listing)
    url = f"/mentorships/{mentorship.id}"
    with statements_run() as space:
        assert client.get(url).status_code == 200
    # her; the page's data version; the mentorship with the pair and programme;
    # goals, meetings, her notes and check-ins
    assert len(space) <= 7, "\n".join(s[:100] for s in space)
