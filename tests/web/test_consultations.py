"""Consultations addressed to organisations: the builder (conditions, required
items, cloning, locked once answered), one response per organisation prepared by
several of its people and submitted by its voice, the deadline, extensions,
reminders, anonymity modes, results through disclosure control, the export, the
panels and her data."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mentorship.consultations import (
    notify,
    personal,
    queries,
    responses,
    results,
    services,
)
from mentorship.consultations.answers import QuestionSpec
from mentorship.consultations.models import (
    AnonymousAnswer,
    Answer,
    Comment,
    Consultation,
    Response,
)
from mentorship.core import memberships, schedule, translated
from mentorship.core.models import Reminder
from mentorship.db import db

from ..factories import sign_in


def today():
    """Today, asked at each use: a run crossing midnight must not use yesterday."""
    return datetime.now(UTC).date()


def edit(**bodies):
    return translated.Edit(next(iter(bodies)), bodies)


def spec(kind, label, options=(), **extra):
    return QuestionSpec(
        kind=kind,
        label=edit(**label) if isinstance(label, dict) else edit(en=label),
        options=[edit(en=o) if isinstance(o, str) else edit(**o) for o in options],
        **extra,
    )


def make_consultation(by, anonymity="confidential", opens=-1, closes=20):
    consultation = services.create(
        edit(en="Annual consultation", fr="Consultation annuelle"),
        edit(en="Tell us how the year went."),
        anonymity,
        today() + timedelta(days=opens),
        today() + timedelta(days=closes),
        by,
    )
    first = services.save_question(
        consultation,
        None,
        spec(
            "single",
            {"en": "Did you hold events?", "fr": "Avez-vous tenu des événements ?"},
            [{"en": "Yes", "fr": "Oui"}, {"en": "No", "fr": "Non"}],
            required=True,
        ),
        by,
    )
    services.save_question(
        consultation,
        None,
        spec(
            "multiple",
            "Which kinds?",
            ["Talks", "Site visits", "Mentoring"],
            condition_option_id=first.options[0].id,
        ),
        by,
    )
    services.save_question(
        consultation,
        None,
        spec("scale", "How useful was the Alliance?", scale_min=1, scale_max=5),
        by,
    )
    services.save_question(consultation, None, spec("text", "Anything else?"), by)
    db.session.flush()
    db.session.commit()
    return consultation


def opened(consultation, by):
    services.open_consultation(consultation, by)
    db.session.commit()
    return consultation


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def world(make_org, make_user, in_request):
    org_a = make_org(name="WIM Alpha", region="africa")
    org_b = make_org(name="WIM Beta", region="europe")
    applicant = make_org(name="WIM Gamma", status="applicant")
    people = {
        "secretariat": make_user(roles=["secretariat"]),
        "delegate": make_user(org=org_a, name="Dina Delegate"),
        "alternate": make_user(org=org_a, name="Alma Alternate", locale="fr"),
        "leader": make_user(org=org_a, locale="es"),
        "member": make_user(org=org_a, name="Mina Member"),
        "delegate_b": make_user(org=org_b),
        "delegate_c": make_user(org=applicant),
        "outsider": make_user(org=org_b),
    }
    memberships.start(people["delegate"], "voting_delegate", organisation=org_a)
    memberships.start(people["alternate"], "alternate_delegate", organisation=org_a)
    memberships.start(people["leader"], "leader", organisation=org_a)
    memberships.start(people["delegate_b"], "voting_delegate", organisation=org_b)
    memberships.start(people["delegate_c"], "voting_delegate", organisation=applicant)
    db.session.commit()
    consultation = make_consultation(people["secretariat"])
    return {"a": org_a, "b": org_b, "c": applicant, "c1": consultation, **people}


def q(consultation, index):
    return consultation.questions[index]


def form_for(consultation, action="save", yes=True, scale="4", text="Busy year"):
    first, kinds, usefulness, other = consultation.questions
    data = {
        f"q{first.id}": str(first.options[0 if yes else 1].id),
        f"q{kinds.id}": [str(kinds.options[0].id), str(kinds.options[2].id)],
        f"q{usefulness.id}": scale,
        f"q{other.id}": text,
        "action": action,
    }
    return data


def url(world, org="a"):
    return f"/consultations/{world['c1'].id}/organisations/{world[org].id}"


def post(client, world, person, org="a", **form):
    sign_in(client, world[person], locale="en")
    return client.post(url(world, org), data=form_for(world["c1"], **form))


def response_row(world, org="a"):
    db.session.expire_all()
    return db.session.scalar(
        sa.select(Response).where(
            Response.consultation_id == world["c1"].id,
            Response.organisation_id == world[org].id,
        )
    )


# --- The builder ---------------------------------------------------------------------


def test_the_builder_keeps_order_kinds_conditions_and_three_languages(world):
    c1 = world["c1"]
    kinds = [question.kind for question in c1.questions]
    assert kinds == ["single", "multiple", "scale", "text"]
    assert q(c1, 1).condition_option.label.body("en") == "Yes"
    assert q(c1, 0).options[1].label.body("fr") == "Non"
    staff = world["secretariat"]
    services.move_question(q(c1, 2), -1, staff)  # the scale above the condition
    db.session.commit()
    db.session.expire_all()
    c1 = db.session.get(Consultation, c1.id)
    assert [question.kind for question in c1.questions] == [
        "single",
        "scale",
        "multiple",
        "text",
    ]
    services.move_question(q(c1, 2), -1, staff)
    services.move_question(q(c1, 1), -1, staff)  # the conditional goes first:
    db.session.commit()
    db.session.expire_all()
    c1 = db.session.get(Consultation, c1.id)
    assert q(c1, 0).kind == "multiple" and q(c1, 0).condition_option is None


def test_a_condition_must_name_an_earlier_question(world):
    c1 = world["c1"]
    later = q(c1, 1).options[0]
    bad = spec("single", "First?", ["a", "b"], condition_option_id=later.id)
    with pytest.raises(services.ConsultationError):
        services.save_question(c1, q(c1, 0), bad, world["secretariat"])


def test_the_builder_refuses_bad_questions(world):
    c1, staff = world["c1"], world["secretariat"]
    for bad in (
        spec("single", "One option?", ["only"]),
        spec("scale", "Backwards?", scale_min=5, scale_max=1),
        spec("scale", "Too wide?", scale_min=0, scale_max=50),
        spec("nonsense", "What?"),
    ):
        with pytest.raises(services.ConsultationError):
            services.save_question(c1, None, bad, staff)


def test_the_secretariat_builds_through_the_pages(client, world):
    sign_in(client, world["secretariat"])
    page = client.post(
        "/admin/consultations/new",
        data={
            "title-source": "en",
            "title-en": "Consultation on data",
            "intro-source": "en",
            "anonymity": "anonymous",
        },
    )
    assert page.status_code == 302
    consultation = db.session.scalar(
        sa.select(Consultation).order_by(Consultation.id.desc())
    )
    assert consultation.anonymity == "anonymous" and consultation.status == "draft"
    added = client.post(
        f"/admin/consultations/{consultation.id}/questions/new",
        data={
            "kind": "single",
            "label-source": "en",
            "label-en": "Do you publish data?",
            "label-fr": "Publiez-vous des données ?",
            "required": "y",
            "options-source": "en",
            "options-en": "Yes\nNo\nPartly",
            "options-fr": "Oui\nNon\nEn partie",
        },
    )
    assert added.status_code == 302
    db.session.expire_all()
    (question,) = db.session.get(Consultation, consultation.id).questions
    assert [o.label.body("fr") for o in question.options] == [
        "Oui",
        "Non",
        "En partie",
    ]
    mismatch = client.post(
        f"/admin/consultations/{consultation.id}/questions/new",
        data={
            "kind": "single",
            "label-source": "en",
            "label-en": "Uneven?",
            "options-source": "en",
            "options-en": "Yes\nNo",
            "options-fr": "Oui",
        },
    )
    assert mismatch.status_code == 400
    assert "same number of options" in mismatch.get_data(True)
    page = client.get(
        f"/admin/questions/{question.id}/edit".replace(
            "/admin/", "/admin/consultations/"
        )
    )
    assert page.status_code == 200 and "En partie" in page.get_data(True)


def test_clone_copies_questions_options_and_conditions(world):
    copy = services.clone(world["c1"], world["secretariat"])
    db.session.commit()
    assert copy.status == "draft" and copy.opens_on is None
    assert [x.kind for x in copy.questions] == ["single", "multiple", "scale", "text"]
    condition = q(copy, 1).condition_option
    assert condition.question is q(copy, 0)  # points at the copy, not the source
    assert condition.id != q(world["c1"], 1).condition_option_id
    assert copy.title.body("fr") == "Consultation annuelle"


def test_questions_are_locked_once_an_organisation_answers(client, world):
    staff, c1 = world["secretariat"], world["c1"]
    opened(c1, staff)
    assert post(client, world, "member").status_code == 302
    sign_in(client, staff)
    question = q(c1, 3)
    answer = client.post(
        f"/admin/consultations/questions/{question.id}/edit",
        data={"kind": "text", "label-source": "en", "label-en": "Changed"},
    )
    assert answer.status_code == 400
    assert "can no longer be changed" in answer.get_data(True)
    db.session.expire_all()
    assert q(db.session.get(Consultation, c1.id), 3).label.body("en") == (
        "Anything else?"
    )
    removed = client.post(f"/admin/consultations/questions/{question.id}/delete")
    assert removed.status_code == 400


def test_the_mode_is_fixed_once_open(world):
    staff, c1 = world["secretariat"], world["c1"]
    opened(c1, staff)
    with pytest.raises(services.ConsultationError):
        services.update(
            c1,
            edit(en="T"),
            edit(en=""),
            "attributed",
            c1.opens_on,
            c1.closes_on,
            staff,
        )


# --- Responses ---------------------------------------------------------------------


def test_several_people_prepare_the_draft_and_comment(client, world):
    opened(world["c1"], world["secretariat"])
    assert post(client, world, "member", text="First idea").status_code == 302
    assert post(client, world, "alternate", text="Better idea").status_code == 302
    sign_in(client, world["member"])
    done = client.post(url(world) + "/comments", data={"body": "Ask the board?"})
    assert done.status_code == 302
    row = response_row(world)
    assert row.status == "draft"
    texts = [a.text for a in row.answers if a.text]
    assert texts == ["Better idea"]
    page = client.get(url(world)).get_data(True)
    assert "Ask the board?" in page and "Mina Member" in page
    assert "Better idea" in page


def test_a_member_cannot_submit_the_delegate_and_leader_can(client, world):
    opened(world["c1"], world["secretariat"])
    refused = post(client, world, "member", action="submit")
    assert refused.status_code == 403
    assert "voting delegate, alternate or leader" in refused.get_data(True)
    assert response_row(world) is None  # nothing changed
    assert post(client, world, "leader", action="submit").status_code == 302
    assert response_row(world).status == "submitted"


def test_outsiders_cannot_reach_the_response(client, world):
    opened(world["c1"], world["secretariat"])
    for person in ("outsider", "delegate_b", "secretariat"):
        sign_in(client, world[person])
        assert client.get(url(world)).status_code == 404, person
    sign_in(client, world["delegate_c"])  # an applicant, not a member
    assert client.get(url(world, "c")).status_code == 404


def test_a_second_submission_is_refused(client, world):
    opened(world["c1"], world["secretariat"])
    assert post(client, world, "delegate", action="submit").status_code == 302
    again = post(client, world, "alternate", action="submit", text="Changed")
    assert again.status_code == 400
    assert "already submitted" in again.get_data(True)
    saved = post(client, world, "member", text="Changed")
    assert saved.status_code == 400
    texts = [a.text for a in response_row(world).answers if a.text]
    assert texts == ["Busy year"]


def test_required_items_follow_conditions(client, world):
    c1 = world["c1"]
    opened(c1, world["secretariat"])
    first, kinds = q(c1, 0), q(c1, 1)
    kinds.required = True  # required, but only shown after "Yes"
    db.session.commit()
    sign_in(client, world["delegate"])
    data = form_for(c1, action="submit", yes=True)
    data.pop(f"q{kinds.id}")
    refused = client.post(url(world), data=data)
    assert refused.status_code == 400
    assert "required question" in refused.get_data(True)
    assert response_row(world) is None  # a refused submission saves nothing
    data[f"q{first.id}"] = str(first.options[1].id)  # "No": the question is hidden
    data[f"q{kinds.id}"] = [str(kinds.options[0].id)]  # and its answer dropped
    assert client.post(url(world), data=data).status_code == 302
    row = response_row(world)
    assert row.status == "submitted"
    assert not [a for a in row.answers if a.question_id == kinds.id]
    data = form_for(c1, action="submit")
    data.pop(f"q{first.id}")
    assert (
        post(client, world, "delegate_b", org="b", action="submit").status_code == 302
    )


def test_junk_answers_are_a_400(client, world):
    c1 = world["c1"]
    opened(c1, world["secretariat"])
    sign_in(client, world["delegate"])
    data = form_for(c1)
    data[f"q{q(c1, 0).id}"] = "999999"
    data[f"q{q(c1, 2).id}"] = "77"
    assert client.post(url(world), data=data).status_code == 400
    assert response_row(world) is None


def test_after_the_deadline_nothing_is_accepted(client, world):
    c1 = world["c1"]
    opened(c1, world["secretariat"])
    c1.closes_on = today() - timedelta(days=1)
    db.session.commit()
    answer = post(client, world, "delegate", action="submit")
    assert answer.status_code == 400
    assert "deadline for answering has passed" in answer.get_data(True)
    assert response_row(world) is None


def test_after_close_nothing_is_accepted(client, world):
    c1 = world["c1"]
    opened(c1, world["secretariat"])
    services.close_consultation(c1, world["secretariat"])
    db.session.commit()
    answer = post(client, world, "delegate", action="submit")
    assert answer.status_code == 400
    assert "closed" in answer.get_data(True)
    assert response_row(world) is None


def test_the_database_keeps_one_response_per_organisation(world):
    opened(world["c1"], world["secretariat"])
    db.session.add(
        Response(consultation_id=world["c1"].id, organisation_id=world["a"].id)
    )
    db.session.flush()
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.add(
            Response(consultation_id=world["c1"].id, organisation_id=world["a"].id)
        )
    db.session.rollback()


# --- Extensions and reminders ------------------------------------------------------


def test_an_extension_is_asked_granted_and_followed(client, world, outbox):
    c1, staff = world["c1"], world["secretariat"]
    opened(c1, staff)
    sign_in(client, world["member"])
    assert client.get(url(world) + "/extension").status_code == 403
    sign_in(client, world["alternate"])
    until = (c1.closes_on + timedelta(days=10)).isoformat()
    asked = client.post(url(world) + "/extension", data={"until": until})
    assert asked.status_code == 302
    again = client.post(url(world) + "/extension", data={"until": until})
    assert again.status_code == 400
    (extension,) = queries.extensions(c1)
    outbox.clear()
    sign_in(client, staff)
    decided = client.post(
        f"/admin/consultations/extensions/{extension.id}", data={"decision": "grant"}
    )
    assert decided.status_code == 302
    assert [m.to for m in outbox] == [[world["alternate"].email]]
    assert "Consultation annuelle" in outbox[0].body  # in her language (French)
    assert responses.deadline_for(c1, world["a"].id) == c1.closes_on + timedelta(10)
    key = notify.reminder_key(c1, "1d", world["a"].id)
    reminder = db.session.scalar(sa.select(Reminder).where(Reminder.key == key))
    assert reminder.due_at.date() == c1.closes_on + timedelta(days=9)
    # After the general deadline, A still answers; B does not.
    c1.closes_on = today() - timedelta(days=1)
    db.session.commit()
    assert post(client, world, "delegate", action="submit").status_code == 302
    assert post(client, world, "delegate_b", org="b").status_code == 400


def test_a_refused_extension_changes_no_deadline(world, outbox):
    c1, staff = world["c1"], world["secretariat"]
    opened(c1, staff)
    extension = responses.request_extension(
        c1, world["a"], c1.closes_on + timedelta(5), "Board meets late", world["leader"]
    )
    db.session.commit()
    outbox.clear()
    responses.decide_extension(extension, False, None, staff)
    db.session.commit()
    assert extension.status == "refused"
    assert responses.deadline_for(c1, world["a"].id) == c1.closes_on
    assert [m.to for m in outbox] == [[world["leader"].email]]
    assert outbox[0].body.startswith("Hola")  # in her language (Spanish)


def test_an_extended_organisation_is_reminded_before_its_own_day(world, outbox):
    c1, staff = world["c1"], world["secretariat"]
    opened(c1, staff)
    extension = responses.request_extension(
        c1, world["a"], c1.closes_on + timedelta(10), "", world["leader"]
    )
    responses.decide_extension(extension, True, None, staff)
    db.session.commit()
    general = db.session.scalar(
        sa.select(Reminder).where(Reminder.key == notify.reminder_key(c1, "1d"))
    )
    outbox.clear()
    assert schedule.due(general.due_at + timedelta(minutes=1)) >= 1
    to = {address for message in outbox for address in message.to}
    assert to == {world["delegate_b"].email}  # A has its own, later reminder
    own = db.session.scalar(
        sa.select(Reminder).where(
            Reminder.key == notify.reminder_key(c1, "1d", world["a"].id)
        )
    )
    outbox.clear()
    assert schedule.due(own.due_at + timedelta(minutes=1)) == 2  # 7 days, 1 day
    to = {address for message in outbox for address in message.to}
    assert to == {world[n].email for n in ("delegate", "alternate", "leader")}


def test_opening_emails_each_responder_in_her_language(world, outbox):
    outbox.clear()
    opened(world["c1"], world["secretariat"])
    to = sorted(address for message in outbox for address in message.to)
    expected = [world[n].email for n in ("delegate", "alternate", "leader")]
    assert to == sorted(expected + [world["delegate_b"].email])  # not the applicant
    french = next(m for m in outbox if m.to == [world["alternate"].email])
    assert "Consultation annuelle" in french.body
    english = next(m for m in outbox if m.to == [world["delegate"].email])
    assert "Annual consultation" in english.body
    assert url(world) in english.body


def test_reminders_go_once_to_those_who_have_not_submitted(client, world, outbox):
    c1, staff = world["c1"], world["secretariat"]
    opened(c1, staff)
    week = db.session.scalar(
        sa.select(Reminder).where(Reminder.key == notify.reminder_key(c1, "7d"))
    )
    due = datetime.combine(c1.closes_on - timedelta(days=7), notify.REMIND_AT, UTC)
    assert week.due_at == due
    services.change_deadline(c1, c1.closes_on + timedelta(days=5), staff)
    db.session.commit()
    db.session.refresh(week)
    assert week.due_at == due + timedelta(days=5)  # moved with the deadline
    assert (
        post(client, world, "delegate_b", org="b", action="submit").status_code == 302
    )
    outbox.clear()
    later = week.due_at + timedelta(minutes=1)
    assert schedule.due(later) == 1
    to = sorted(address for message in outbox for address in message.to)
    assert to == sorted(world[n].email for n in ("delegate", "alternate", "leader"))
    spanish = next(m for m in outbox if m.to == [world["leader"].email])
    assert "Annual consultation" in spanish.body  # no Spanish title: its source
    assert spanish.body.startswith("Hola")
    assert schedule.due(later + timedelta(hours=1)) == 0  # sent once


def test_the_submitter_gets_a_receipt(client, world, outbox):
    opened(world["c1"], world["secretariat"])
    outbox.clear()
    assert post(client, world, "alternate", action="submit").status_code == 302
    assert [m.to for m in outbox] == [[world["alternate"].email]]


# --- Anonymity ---------------------------------------------------------------------


def test_anonymous_answers_cannot_be_joined_to_an_organisation(client, world):
    staff = world["secretariat"]
    anonymous = opened(make_consultation(staff, "anonymous"), staff)
    world["c1"] = anonymous
    sign_in(client, world["member"])
    client.post(url(world) + "/comments", data={"body": "We said yes"})
    assert post(client, world, "delegate", action="submit").status_code == 302
    row = response_row(world)
    assert row.status == "submitted"
    assert row.answers == [] and row.comments == []  # the draft is gone
    assert not db.session.scalars(sa.select(Comment)).all()
    stored = db.session.scalars(sa.select(AnonymousAnswer)).all()
    assert len(stored) == 5  # single, two options, scale, text
    columns = set(AnonymousAnswer.__table__.columns.keys())
    assert columns == {
        "id",
        "ballot",
        "consultation_id",
        "question_id",
        "option_id",
        "scale_value",
        "text",
    }  # no organisation, response, person or time to join on
    foreign = {fk.column.table.name for fk in AnonymousAnswer.__table__.foreign_keys}
    assert foreign == {
        "consultations",
        "consultation_questions",
        "consultation_options",
    }
    assert all(len(a.id) == 32 and a.id != str(row.id) for a in stored)
    assert not db.session.scalars(sa.select(Answer)).all()
    page = client.get(url(world)).get_data(True)
    assert "cannot be shown again" in page


def test_anonymous_results_wait_for_the_close(client, world, make_org, make_user):
    staff = world["secretariat"]
    world["c1"] = opened(make_consultation(staff, "anonymous"), staff)
    _five_answers(world, make_org, make_user, extra=4)
    found = results.compute(world["c1"])
    assert found.submitted == 6 and found.waiting and not found.shown
    sign_in(client, staff, locale="en")
    page = client.get(f"/admin/consultations/{world['c1'].id}/results")
    assert "counted once the consultation is closed" in page.get_data(True)
    services.close_consultation(world["c1"], staff)
    db.session.commit()
    found = results.compute(world["c1"])
    assert found.shown and found.questions[0].counts == [("Yes", 6), ("No", 0)]
    assert found.columns == [] and found.by_organisation == []  # no link, no region
    assert [organisation for organisation, _text in found.questions[3].texts] == [
        None
    ] * 6


def test_confidential_names_only_for_the_secretariat(
    client, world, make_org, make_user
):
    c1 = world["c1"]
    opened(c1, world["secretariat"])
    _five_answers(world, make_org, make_user)
    sign_in(client, world["secretariat"])
    admin = client.get(f"/admin/consultations/{c1.id}/results").get_data(True)
    assert "Who said what" in admin and "WIM Alpha" in admin
    services.close_consultation(c1, world["secretariat"])
    db.session.commit()
    public = client.get(f"/consultations/{c1.id}/results").get_data(True)
    assert "Who said what" not in public and "WIM Alpha" not in public


def test_attributed_results_name_organisations(client, world, make_org, make_user):
    staff = world["secretariat"]
    world["c1"] = opened(make_consultation(staff, "attributed"), staff)
    _five_answers(world, make_org, make_user)
    services.close_consultation(world["c1"], staff)
    db.session.commit()
    client.get("/logout")
    page = client.get(f"/consultations/{world['c1'].id}/results").get_data(True)
    assert "WIM Alpha" in page and "Busy year" in page


# --- Results and disclosure ----------------------------------------------------------


def _five_answers(world, make_org, make_user, extra=3, region="africa"):
    """A and B submit, then `extra` more member organisations."""
    c1 = world["c1"]
    for org, person in (("a", "delegate"), ("b", "delegate_b")):
        responses.submit(c1, world[org], _given(c1), world[person])
    for n in range(extra):
        org = make_org(name=f"WIM Extra {n}", region=region)
        voice = make_user(org=org)
        memberships.start(voice, "leader", organisation=org)
        responses.submit(c1, org, _given(c1, scale=2 + n % 3), voice)
    db.session.commit()


def _given(c1, scale=4):
    first, kinds, usefulness, other = c1.questions
    return {
        first.id: first.options[0].id,
        kinds.id: [kinds.options[0].id],
        usefulness.id: scale,
        other.id: "Busy year",
    }


def test_four_organisations_are_suppressed_five_are_shown(
    client, world, make_org, make_user
):
    c1 = world["c1"]
    opened(c1, world["secretariat"])
    _five_answers(world, make_org, make_user, extra=2)
    found = results.compute(c1)
    assert found.submitted == 4 and not found.shown
    assert not any(r.shown for r in found.questions)
    sign_in(client, world["secretariat"])
    page = client.get(f"/admin/consultations/{c1.id}/results").get_data(True)
    assert "Fewer than 5 organisations responded" in page
    org = make_org(name="WIM Fifth")
    voice = make_user(org=org)
    memberships.start(voice, "voting_delegate", organisation=org)
    responses.submit(c1, org, _given(c1), voice)
    db.session.commit()
    found = results.compute(c1)
    assert found.submitted == 5 and found.shown
    single, multiple, scale, _text = found.questions
    assert single.counts == [("Yes", 5), ("No", 0)]
    assert multiple.counts == [("Talks", 5), ("Site visits", 0), ("Mentoring", 0)]
    assert scale.mean is not None
    page = client.get(f"/admin/consultations/{c1.id}/results").get_data(True)
    assert "<svg" in page and "<table" in page


def test_the_region_breakdown_never_singles_out_a_small_region(
    world, make_org, make_user
):
    c1 = world["c1"]
    opened(c1, world["secretariat"])
    # A (africa) + 5 more in africa; B alone in europe.
    _five_answers(world, make_org, make_user, extra=5, region="africa")
    found = results.compute(c1)
    assert found.submitted == 7 and found.shown
    assert found.columns == []  # europe (1) cannot stand alone, nor be differenced
    for n in range(4):
        org = make_org(name=f"WIM Europe {n}", region="europe")
        voice = make_user(org=org)
        memberships.start(voice, "leader", organisation=org)
        responses.submit(c1, org, _given(c1), voice)
    db.session.commit()
    found = results.compute(c1)
    assert [code for code, _name in found.columns] == ["africa", "europe"]
    assert found.questions[0].regions["Yes"] == {"africa": 6, "europe": 5}


def test_the_export_is_formula_safe(client, world, make_org, make_user):
    c1 = world["c1"]
    opened(c1, world["secretariat"])
    _five_answers(world, make_org, make_user)
    response = response_row(world)
    answer = next(a for a in response.answers if a.text)
    answer.text = "=HYPERLINK(1)"
    db.session.commit()
    sign_in(client, world["secretariat"])
    got = client.get(f"/admin/consultations/{c1.id}/results.csv")
    assert got.status_code == 200 and got.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(got.get_data(True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Number", "Question", "Answer", "Organisations"]
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(1)" in cells and "=HYPERLINK(1)" not in cells


# --- Pages and panels --------------------------------------------------------------


def test_the_secretariat_sees_participation_and_extension_requests(client, world):
    c1 = world["c1"]
    opened(c1, world["secretariat"])
    post(client, world, "member")
    responses.request_extension(
        c1, world["a"], c1.closes_on + timedelta(3), "Late board", world["leader"]
    )
    db.session.commit()
    sign_in(client, world["secretariat"])
    page = client.get(f"/admin/consultations/{c1.id}").get_data(True)
    assert "Submitted: 0 · draft: 1 · not started: 1" in page
    assert "Late board" in page and "Send the decision" in page


def test_panels_show_what_awaits_her_organisation(client, world):
    opened(world["c1"], world["secretariat"])
    from mentorship.core import panels

    for person in ("member", "delegate"):
        data = panels.gather("awaiting", world[person], today())
        (shown,) = [p for p in data if p.name == "consultations"]
        (row,) = shown.data["rows"]
        assert row["status"] == "not_started"
        assert row["submits"] == (person == "delegate")
    assert not [
        p
        for p in panels.gather("awaiting", world["delegate_c"], today())
        if p.name == "consultations"
    ]
    sign_in(client, world["alternate"])
    assert "Consultation annuelle" in client.get("/").get_data(True)
    org_page = f"/organisations/{world['a'].slug}"
    sign_in(client, world["member"])
    assert "Consultations awaiting" in client.get(org_page).get_data(True)
    sign_in(client, world["outsider"])
    assert "Consultations awaiting" not in client.get(org_page).get_data(True)
    post(client, world, "delegate", action="submit")
    assert not [
        p
        for p in panels.gather("awaiting", world["member"], today())
        if p.name == "consultations"
    ]
    sign_in(client, world["secretariat"])
    assert "Open consultations" in client.get("/admin/alliance").get_data(True)


def test_the_list_shows_her_open_consultations_and_past_results(client, world):
    opened(world["c1"], world["secretariat"])
    sign_in(client, world["member"])
    page = client.get("/consultations").get_data(True)
    assert "Annual consultation" in page and url(world) in page
    assert "No consultation has closed yet" in page
    sign_in(client, world["alternate"])
    assert "Consultation annuelle" in client.get("/consultations").get_data(True)


def test_results_of_an_open_consultation_are_not_public(client, world):
    opened(world["c1"], world["secretariat"])
    assert client.get(f"/consultations/{world['c1'].id}/results").status_code == 404


# --- Her data ------------------------------------------------------------------------


def test_her_export_and_erasure(client, world):
    from mentorship.db import utcnow
    from mentorship.mydata.services import erase

    opened(world["c1"], world["secretariat"])
    sign_in(client, world["delegate"])
    client.post(url(world) + "/comments", data={"body": "MY-OWN-WORDS"})
    post(client, world, "delegate", action="submit")
    exported = personal.export_of(world["delegate"])
    assert exported["comments"][0]["text"] == "MY-OWN-WORDS"
    assert exported["submitted"][0]["organisation"] == "WIM Alpha"
    erase(world["delegate"], utcnow())
    db.session.commit()
    db.session.expire_all()
    row = response_row(world)
    assert row.status == "submitted" and row.submitted_by_id is None
    assert row.answers  # the organisation's response stays
    assert not db.session.scalars(
        sa.select(Comment).where(Comment.body == "MY-OWN-WORDS")
    ).all()


# --- Demo ---------------------------------------------------------------------------


def test_the_demo_has_last_years_results_and_this_years_drafts(app_ctx, in_request):
    from mentorship import demo

    demo.seed(n_members=40)
    db.session.commit()
    consultations = db.session.scalars(
        sa.select(Consultation).order_by(Consultation.id)
    ).all()
    last, current = consultations
    assert last.status == "closed" and current.status == "open"
    found = results.compute(last)
    assert found.submitted >= 6 and found.shown
    statuses = queries.statuses([current.id])
    assert {"draft", "submitted"} <= set(statuses.values())
    assert current.cloned_from_id == last.id
