"""Races on PostgreSQL (several connections): two people of one organisation
submitting at once give exactly one submitted response; a draft saved while the
response is being submitted waits for the submission and is refused."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.auth.models import User
from mentorship.consultations import responses, services
from mentorship.consultations.answers import QuestionSpec
from mentorship.consultations.models import (
    AnonymousAnswer,
    Consultation,
    Response,
)
from mentorship.core import memberships, translated
from mentorship.db import db, utcnow
from mentorship.organisations.models import Organisation

pytestmark = pytest.mark.commits


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


def _world(app, make_org, make_user, anonymity):
    org = make_org()
    staff = make_user(roles=["secretariat"])
    voices = [make_user(org=org), make_user(org=org), make_user(org=org)]
    memberships.start(voices[0], "voting_delegate", organisation=org)
    memberships.start(voices[1], "alternate_delegate", organisation=org)
    memberships.start(voices[2], "leader", organisation=org)
    db.session.commit()
    today = utcnow().date()
    with app.test_request_context():
        consultation = services.create(
            translated.Edit("en", {"en": "Race"}),
            translated.Edit("en", {}),
            anonymity,
            today - timedelta(days=1),
            today + timedelta(days=10),
            staff,
        )
        services.save_question(
            consultation,
            None,
            QuestionSpec(
                kind="single",
                label=translated.Edit("en", {"en": "Agreed?"}),
                options=[
                    translated.Edit("en", {"en": "Yes"}),
                    translated.Edit("en", {"en": "No"}),
                ],
                required=True,
            ),
            staff,
        )
        services.open_consultation(consultation, staff)
        db.session.commit()
        question = consultation.questions[0]
        ids = {
            "consultation": consultation.id,
            "org": org.id,
            "question": question.id,
            "options": [o.id for o in question.options],
            "voices": [v.id for v in voices],
        }
    return ids


def _race(app, ids, calls):
    """Each call(consultation, organisation) in its own thread and connection,
    released together; the outcomes ("won" or the refusal's message)."""
    start = threading.Barrier(len(calls), timeout=10)
    results = [None] * len(calls)

    def run(index, call):
        with app.test_request_context():
            try:
                consultation = db.session.get(Consultation, ids["consultation"])
                organisation = db.session.get(Organisation, ids["org"])
                list(consultation.questions)  # loaded before the start
                start.wait()
                call(consultation, organisation)
                db.session.commit()
                results[index] = "won"
            except services.ConsultationError as error:
                db.session.rollback()
                results[index] = str(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results


def _submit(ids, person_index, option_index):
    def call(consultation, organisation):
        person = db.session.get(User, ids["voices"][person_index])
        given = {ids["question"]: ids["options"][option_index]}
        responses.submit(consultation, organisation, given, person)

    return call


def _responses(ids):
    db.session.expire_all()
    return db.session.scalars(
        sa.select(Response).where(Response.consultation_id == ids["consultation"])
    ).all()


@pytest.mark.parametrize("anonymity", ["confidential", "anonymous"])
def test_two_submissions_at_once_give_one_response(app, make_org, make_user, anonymity):
    """No response row exists yet: both threads insert one; the unique constraint
    and the conditional UPDATE let exactly one submit."""
    ids = _world(app, make_org, make_user, anonymity)
    results = _race(app, ids, [_submit(ids, 0, 0), _submit(ids, 1, 1)])
    assert results.count("won") == 1, results
    loser = next(r for r in results if r != "won")
    assert "already submitted" in loser
    (response,) = _responses(ids)
    assert response.status == "submitted"
    if anonymity == "anonymous":
        assert len(db.session.scalars(sa.select(AnonymousAnswer)).all()) == 1
    else:
        assert len(response.answers) == 1


def test_three_voices_on_an_existing_draft_submit_once(app, make_org, make_user):
    """The draft exists: the delegate, the alternate and the leader submit at once."""
    ids = _world(app, make_org, make_user, "confidential")
    with app.test_request_context():
        consultation = db.session.get(Consultation, ids["consultation"])
        organisation = db.session.get(Organisation, ids["org"])
        person = db.session.get(User, ids["voices"][0])
        responses.save_draft(consultation, organisation, {}, person)
        db.session.commit()
    calls = [_submit(ids, 0, 0), _submit(ids, 1, 1), _submit(ids, 2, 0)]
    results = _race(app, ids, calls)
    assert results.count("won") == 1, results
    (response,) = _responses(ids)
    assert response.status == "submitted" and len(response.answers) == 1


def test_a_question_edited_while_the_first_draft_starts_is_never_left_changed(
    app, make_org, make_user, monkeypatch
):
    """The Secretariat's edit has checked that nobody answered and is about to
    commit; the organisation's first draft, started then, waits for the edit's
    commit (the consultation's row lock) instead of slipping in before it."""
    ids = _world(app, make_org, make_user, "confidential")
    checked, order = threading.Event(), []
    nobody_answered = services.has_responses

    def check_then_linger(consultation):
        answered = nobody_answered(consultation)
        checked.set()
        threading.Event().wait(1.0)  # the edit still running, after its check
        return answered

    monkeypatch.setattr(services, "has_responses", check_then_linger)

    def edit():
        with app.test_request_context():
            consultation = db.session.get(Consultation, ids["consultation"])
            staff = db.session.scalar(
                sa.select(User).where(User.id != ids["voices"][0]).limit(1)
            )
            services.move_question(consultation.questions[0], 1, staff)
            db.session.commit()
            order.append("edit")
            db.session.remove()

    def draft():
        checked.wait(10)
        with app.test_request_context():
            consultation = db.session.get(Consultation, ids["consultation"])
            organisation = db.session.get(Organisation, ids["org"])
            person = db.session.get(User, ids["voices"][0])
            responses.save_draft(consultation, organisation, {}, person)
            db.session.commit()
            order.append("draft")
            db.session.remove()

    threads = [threading.Thread(target=edit), threading.Thread(target=draft)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert order == ["edit", "draft"]  # the draft waited for the edit to commit
