"""Common positions: drafts, publication, versions, each organisation's one answer
through its delegate, withdrawal, emails and reminders, the register and panels."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, schedule, translated
from mentorship.core.models import Reminder
from mentorship.db import db
from mentorship.positions import notify, queries, services
from mentorship.positions.models import (
    Position,
    PositionVersion,
    Ratification,
)

from ..factories import sign_in


def today():
    """Today, asked at each use: a run crossing midnight must not use yesterday."""
    return datetime.now(UTC).date()


def edit(**bodies):
    return translated.Edit(next(iter(bodies)), bodies)


def make_position(by, kind="position", title=None, text=None):
    title = title or {"en": "Publish gender-disaggregated data", "fr": "Publier"}
    text = text or {"en": "Members publish their data by gender.", "fr": "Texte."}
    position = services.create_position(kind, edit(**title), edit(**text), by)
    db.session.commit()
    return position


def publish(version, by, opens=-1, closes=30):
    services.publish(
        version, today() + timedelta(days=opens), today() + timedelta(days=closes), by
    )
    db.session.commit()
    return version


@pytest.fixture
def in_request(app):
    """Translated messages (lazy strings) read outside a view need a request."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(make_org, make_user):
    org_a, org_b = make_org(name="WIM Alpha"), make_org(name="WIM Beta")
    applicant = make_org(name="WIM Gamma", status="applicant")
    people = {
        "secretariat": make_user(roles=["secretariat"]),
        "delegate": make_user(org=org_a, name="Dina Delegate"),
        "alternate": make_user(org=org_a, name="Alma Alternate", locale="fr"),
        "leader": make_user(org=org_a),
        "member": make_user(org=org_a),
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
    position = make_position(people["secretariat"])
    version = publish(position.versions[0], people["secretariat"])
    return {
        "a": org_a,
        "b": org_b,
        "c": applicant,
        "position": position,
        "version": version,
        **people,
    }


def answer_form(world, answer="ratified", org="a", **extra):
    return {
        "version_id": str(world["version"].id),
        "organisation_id": str(world[org].id),
        "answer": answer,
        "comment": "Agreed by our board.",
        "confirm": "y",
        **extra,
    }


def post_answer(client, world, person="delegate", **form):
    sign_in(client, world[person])
    return client.post(
        f"/positions/{world['position'].id}/answer", data=answer_form(world, **form)
    )


def rows(version):
    return db.session.scalars(
        sa.select(Ratification).where(Ratification.version_id == version.id)
    ).all()


def audit(entity, action):
    return db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == entity.__tablename__,
            AuditEvent.entity_id == entity.id,
            AuditEvent.action == action,
        )
    ).all()


# --- Drafts, publication, versions ---------------------------------------------------


def test_a_draft_is_edited_then_published_with_its_window(app_ctx, make_user):
    staff = make_user(roles=["secretariat"])
    position = make_position(staff, kind="priority")
    draft = position.versions[0]
    assert (draft.number, draft.status) == (1, "draft")
    services.update_draft(
        draft, edit(en="Inclusive workplace design"), edit(en="T"), staff
    )
    db.session.commit()
    assert draft.title.body("en") == "Inclusive workplace design"
    publish(draft, staff, opens=0, closes=20)
    assert draft.status == "published" and draft.published_by_id == staff.id
    assert draft.opens_on == today() and draft.closes_on == today() + timedelta(days=20)
    assert audit(draft, "published") and audit(draft, "drafted")
    with pytest.raises(services.PositionError):  # a published version never changes
        services.update_draft(draft, edit(en="Changed"), edit(en="Changed"), staff)


@pytest.mark.parametrize(
    "opens,closes,message",
    [(5, 5, "close after it opens"), (5, 2, "close after it opens")],
)
def test_publish_refuses_a_window_that_closes_before_it_opens(
    client, world, opens, closes, message
):
    draft = make_position(world["secretariat"]).versions[0]
    sign_in(client, world["secretariat"])
    response = client.post(
        f"/admin/positions/versions/{draft.id}/publish",
        data={
            "opens_on": (today() + timedelta(days=opens)).isoformat(),
            "closes_on": (today() + timedelta(days=closes)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(PositionVersion, draft.id).status == "draft"


def test_publish_refuses_an_empty_text(app_ctx, world, in_request):
    position = make_position(world["secretariat"])
    draft = position.versions[0]
    draft.text = None
    db.session.commit()
    with pytest.raises(services.PositionError, match="title and the text"):
        publish(draft, world["secretariat"])
    db.session.rollback()
    assert db.session.get(PositionVersion, draft.id).status == "draft"


def test_the_create_form_refuses_an_empty_text(client, world):
    sign_in(client, world["secretariat"])
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Position))
    response = client.post(
        "/admin/positions/new",
        data={"kind": "position", "title-source": "en", "title-en": "A title"},
    )
    assert response.status_code == 400
    assert "Enter the text in at least one language." in response.get_data(True)
    after = db.session.scalar(sa.select(sa.func.count()).select_from(Position))
    assert after == before


def test_the_secretariat_creates_edits_and_publishes_through_the_pages(client, world):
    sign_in(client, world["secretariat"])
    response = client.post(
        "/admin/positions/new",
        data={
            "kind": "priority",
            "title-source": "en",
            "title-en": "Inclusive workplace design",
            "text-source": "en",
            "text-en": "Sites provide fitting equipment.",
        },
    )
    assert response.status_code == 302
    version = db.session.scalars(
        sa.select(PositionVersion).order_by(PositionVersion.id.desc())
    ).first()
    url = f"/admin/positions/versions/{version.id}"
    assert client.get(f"{url}/edit").status_code == 200
    response = client.post(
        f"{url}/edit",
        data={
            "title-source": "en",
            "title-en": "Inclusive workplace design",
            "title-fr": "Conception inclusive des lieux de travail",
            "text-source": "en",
            "text-en": "Sites provide fitting equipment.",
        },
    )
    assert response.status_code == 302
    assert client.get(f"{url}/publish").status_code == 200
    response = client.post(
        f"{url}/publish",
        data={
            "opens_on": today().isoformat(),
            "closes_on": (today() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 200
    assert client.get(f"{url}/edit").status_code == 302  # published: to its results
    assert client.post(f"{url}/edit", data={}).status_code == 400
    assert client.get("/admin/positions").status_code == 200


def test_a_new_version_supersedes_the_previous_one(app_ctx, world, in_request):
    staff, first = world["secretariat"], world["version"]
    services.answer(first, world["a"], "ratified", "", world["delegate"])
    db.session.commit()
    assert db.session.scalar(
        sa.select(Reminder).where(Reminder.key == notify.reminder_key(first))
    )
    second = services.new_version(world["position"], staff)
    db.session.commit()
    assert (second.number, second.status) == (2, "draft")
    assert second.title.body("en") == first.title.body("en")  # starts from the text
    with pytest.raises(services.PositionError, match="already has a draft"):
        services.new_version(world["position"], staff)
    db.session.rollback()
    publish(second, staff, opens=0, closes=20)
    db.session.expire_all()
    first = db.session.get(PositionVersion, first.id)
    assert first.status == "superseded" and first.superseded_at is not None
    assert not first.is_open(today())
    assert len(rows(first)) == 1  # its answers stay on record
    assert audit(first, "superseded")
    assert not db.session.scalar(
        sa.select(Reminder).where(Reminder.key == notify.reminder_key(first))
    )
    assert db.session.get(Position, world["position"].id).current.id == second.id


# --- Answers --------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["ratified", "abstained", "declined"])
def test_the_delegate_answers_for_her_organisation(client, world, answer):
    response = post_answer(client, world, answer=answer)
    assert response.status_code == 302
    (row,) = rows(world["version"])
    assert (row.organisation_id, row.answer, row.status) == (
        world["a"].id,
        answer,
        "answered",
    )
    assert row.answered_by_id == world["delegate"].id
    assert row.comment == "Agreed by our board."
    assert audit(row, "answered")[0].to_state == answer


def test_the_alternate_answers_too(client, world):
    assert post_answer(client, world, person="alternate").status_code == 302
    assert len(rows(world["version"])) == 1


@pytest.mark.parametrize("person", ["leader", "member", "secretariat", "outsider"])
def test_who_does_not_speak_for_the_organisation_is_refused(client, world, person):
    assert post_answer(client, world, person=person).status_code == 403
    assert rows(world["version"]) == []


def test_another_organisations_delegate_cannot_answer_for_a(client, world):
    assert post_answer(client, world, person="delegate_b").status_code == 403
    assert rows(world["version"]) == []


def test_a_non_member_organisation_cannot_answer(client, world):
    response = post_answer(client, world, person="delegate_c", org="c")
    assert response.status_code == 403
    assert rows(world["version"]) == []


def test_an_answer_after_the_window_is_refused(client, world):
    version = world["version"]
    version.closes_on, version.opens_on = (
        today() - timedelta(days=1),
        today() - timedelta(days=9),
    )
    db.session.commit()
    response = post_answer(client, world)
    assert response.status_code == 400
    assert "window for answering this version is closed" in response.get_data(True)
    assert rows(version) == []


def test_a_second_answer_is_refused(client, world):
    assert post_answer(client, world).status_code == 302
    response = post_answer(client, world, person="alternate", answer="declined")
    assert response.status_code == 400
    assert "a déjà répondu à cette version" in response.get_data(
        True
    )  # she reads French
    (row,) = rows(world["version"])
    assert row.answer == "ratified"


@pytest.mark.parametrize(
    "form",
    [
        {"answer": "maybe"},
        {"answer": ""},
        {"confirm": ""},
        {"version_id": "999999"},
        {"version_id": "x"},
        {"comment": "x" * 5000},
    ],
)
def test_bad_answers_change_nothing(client, world, form):
    response = post_answer(client, world, **form)
    assert response.status_code == 400
    assert rows(world["version"]) == []


def test_a_non_member_organisation_answers_nothing_in_the_service(app_ctx, world):
    # The view asks the policy; the policy refuses the applicant's delegate.
    from mentorship import policy

    assert not policy.can_answer_for(world["delegate_c"], world["c"], world["version"])
    assert policy.can_answer_for(world["delegate"], world["a"], world["version"])
    assert not policy.can_answer_for(world["leader"], world["a"], world["version"])


# --- Withdrawal -----------------------------------------------------------------------


def test_withdrawal_keeps_the_row_and_forbids_a_new_answer(client, world):
    post_answer(client, world)
    (row,) = rows(world["version"])
    url = f"/positions/ratifications/{row.id}/withdraw"
    assert client.get(url).status_code == 200
    assert (
        client.post(url, data={"reason": "Board changed its view"}).status_code == 400
    )
    response = client.post(
        url, data={"reason": "Board changed its view", "confirm": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.get(Ratification, row.id)
    assert row.status == "withdrawn" and row.withdrawn_by_id == world["delegate"].id
    assert row.withdraw_reason == "Board changed its view"
    assert audit(row, "withdrawn")[0].reason == "Board changed its view"
    again = client.post(url, data={"confirm": "y"})
    assert again.status_code == 400
    response = post_answer(client, world, person="alternate")
    assert response.status_code == 400
    assert "a retiré sa réponse" in response.get_data(True)
    assert len(rows(world["version"])) == 1
    sign_in(client, world["delegate"])
    page = client.get(f"/positions/{world['position'].id}").get_data(True)
    assert "Withdrawn (1)" in page and "this version cannot be answered again" in page


def test_withdrawal_after_the_window_is_allowed(client, world):
    post_answer(client, world)
    version = world["version"]
    version.closes_on, version.opens_on = (
        today() - timedelta(days=1),
        today() - timedelta(days=9),
    )
    db.session.commit()
    (row,) = rows(version)
    url = f"/positions/ratifications/{row.id}/withdraw"
    assert client.post(url, data={"confirm": "y"}).status_code == 302


@pytest.mark.parametrize("person", ["leader", "member", "secretariat", "delegate_b"])
def test_only_its_voice_withdraws_an_answer(client, world, person):
    services.answer(world["version"], world["a"], "ratified", "", world["delegate"])
    db.session.commit()
    (row,) = rows(world["version"])
    sign_in(client, world[person])
    url = f"/positions/ratifications/{row.id}/withdraw"
    assert client.post(url, data={"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Ratification, row.id).status == "answered"


# --- Emails and the reminder ----------------------------------------------------------


def test_publishing_emails_each_member_organisations_voices(app_ctx, world, outbox):
    staff = world["secretariat"]
    position = make_position(
        staff,
        title={"en": "Close the data gap", "fr": "Combler le déficit de données"},
    )
    outbox.clear()
    publish(position.versions[0], staff, opens=0, closes=30)
    to = sorted(address for message in outbox for address in message.to)
    expected = sorted(
        world[name].email for name in ("delegate", "alternate", "delegate_b")
    )
    assert to == expected  # not the applicant's delegate, not the leader
    french = next(m for m in outbox if m.to == [world["alternate"].email])
    assert "Combler le déficit de données" in french.body  # her language
    english = next(m for m in outbox if m.to == [world["delegate"].email])
    assert "Close the data gap" in english.body
    assert f"/positions/{position.id}" in english.body


def test_the_reminder_is_due_a_week_before_closing_and_moves(app_ctx, world, outbox):
    version = world["version"]
    key = notify.reminder_key(version)
    reminder = db.session.scalar(sa.select(Reminder).where(Reminder.key == key))
    due = datetime.combine(version.closes_on - timedelta(days=7), notify.REMIND_AT, UTC)
    assert reminder.due_at == due
    services.change_window(version, today() + timedelta(days=40), world["secretariat"])
    db.session.commit()
    db.session.refresh(reminder)
    assert reminder.due_at == due + timedelta(days=10)  # moved with the window
    assert audit(version, "window_changed")


def test_the_reminder_goes_once_to_those_who_have_not_answered(app_ctx, world, outbox):
    services.answer(world["version"], world["b"], "declined", "", world["delegate_b"])
    db.session.commit()
    outbox.clear()
    reminder = db.session.scalar(
        sa.select(Reminder).where(Reminder.key == notify.reminder_key(world["version"]))
    )
    later = reminder.due_at + timedelta(minutes=1)
    assert schedule.due(later) == 1
    to = sorted(address for message in outbox for address in message.to)
    assert to == sorted([world["delegate"].email, world["alternate"].email])
    assert schedule.due(later + timedelta(hours=1)) == 0  # sent once


def test_a_short_window_has_no_reminder(app_ctx, world):
    version = make_position(world["secretariat"]).versions[0]
    publish(version, world["secretariat"], opens=0, closes=5)
    key = notify.reminder_key(version)
    assert not db.session.scalar(sa.select(Reminder).where(Reminder.key == key))


# --- The register ---------------------------------------------------------------------


def test_the_register_shows_who_answered_which_version(client, world):
    staff = world["secretariat"]
    services.answer(world["version"], world["a"], "ratified", "", world["delegate"])
    services.answer(world["version"], world["b"], "abstained", "", world["delegate_b"])
    db.session.commit()
    second = services.new_version(world["position"], staff)
    db.session.commit()
    publish(second, staff, opens=0, closes=30)
    services.answer(second, world["b"], "declined", "", world["delegate_b"])
    db.session.commit()

    page = client.get(f"/positions/{world['position'].id}").get_data(True)
    assert "Version 2" in page and "Version 1" in page
    v2, v1 = page.split('id="version-')[1:3]
    assert "WIM Beta" in v2 and "Declined (1)" in v2 and "WIM Alpha" not in v2
    assert "Ratified (1)" in v1 and "Abstained (1)" in v1 and "WIM Alpha" in v1
    assert "Dina Delegate" not in page  # people's names are not public
    register = client.get("/positions").get_data(True)
    assert "Publish gender-disaggregated data" in register
    assert "declined: 1" in register


def test_the_register_filters_by_kind_and_window(client, world):
    staff = world["secretariat"]
    priority = make_position(staff, kind="priority", title={"en": "Workplace design"})
    closed = publish(priority.versions[0], staff, opens=-30, closes=30)
    closed.closes_on = today() - timedelta(days=2)
    db.session.commit()
    make_position(staff, title={"en": "A draft nobody sees"})
    page = client.get("/positions").get_data(True)
    assert "Workplace design" in page and "A draft nobody sees" not in page
    page = client.get("/positions?kind=priority").get_data(True)
    assert "Workplace design" in page and "gender-disaggregated" not in page
    page = client.get("/positions?status=open").get_data(True)
    assert "Workplace design" not in page and "gender-disaggregated" in page
    page = client.get("/positions?status=closed&kind=bogus&page=99999999").get_data(
        True
    )
    assert client.get("/positions?status=closed").status_code == 200


def test_a_draft_only_position_is_not_public(client, world):
    draft = make_position(world["secretariat"])
    assert client.get(f"/positions/{draft.id}").status_code == 404
    assert client.get("/positions/999999").status_code == 404


def test_texts_fall_back_to_their_source_with_a_note(client, world):
    with client.session_transaction() as session:
        session["locale"] = "es"
    page = client.get(f"/positions/{world['position'].id}").get_data(True)
    assert 'lang="en"' in page  # Spanish missing: shown in English, marked
    assert "translated-note" in page


def test_the_delegate_sees_the_form_then_her_answer(client, world):
    sign_in(client, world["delegate"])
    url = f"/positions/{world['position'].id}"
    page = client.get(url).get_data(True)
    assert f'action="{url}/answer"' in page
    post_answer(client, world)
    page = client.get(url).get_data(True)
    assert "/withdraw" in page and f'action="{url}/answer"' not in page
    sign_in(client, world["leader"])
    assert "/answer" not in client.get(url).get_data(True)


# --- Panels ---------------------------------------------------------------------------


def test_the_organisation_page_shows_what_awaits_its_answer(client, world):
    url = f"/organisations/{world['a'].slug}"
    assert "Positions awaiting" not in client.get(url).get_data(True)
    for person in ("member", "delegate", "secretariat", "leader"):
        sign_in(client, world[person])
        assert "Positions awaiting" in client.get(url).get_data(True), person
    sign_in(client, world["outsider"])
    assert "Positions awaiting" not in client.get(url).get_data(True)
    services.answer(world["version"], world["a"], "ratified", "", world["delegate"])
    db.session.commit()
    sign_in(client, world["delegate"])
    assert "Positions awaiting" not in client.get(url).get_data(True)


def test_the_delegates_home_lists_what_waits(client, world):
    sign_in(client, world["alternate"])
    assert "pas encore répondu" in client.get("/").get_data(True)
    sign_in(client, world["member"])
    page = client.get("/").get_data(True)
    assert "has not answered" not in page and "pas encore répondu" not in page


def test_the_alliance_overview_counts_answers(client, world):
    services.answer(world["version"], world["a"], "ratified", "", world["delegate"])
    db.session.commit()
    rows_, members = queries.open_overview(today())
    assert members == 2
    ((version, tally, waiting),) = rows_
    assert tally["ratified"] == 1 and waiting == 1
    sign_in(client, world["secretariat"])
    page = client.get("/admin/alliance").get_data(True)
    assert "Positions open for ratification" in page and "/admin/positions" in page


# --- Two voices at once ---------------------------------------------------------------


@pytest.mark.commits
@pytest.mark.parametrize("pre_check", [True, False], ids=["as-is", "insert-only"])
def test_the_delegate_and_the_alternate_answering_at_once_make_one_row(
    app, make_org, make_user, monkeypatch, pre_check
):
    """Two threads meet at a barrier and answer at once. With `insert-only` the
    service's friendly pre-check is skipped, so both reach the INSERT and the unique
    constraint alone decides (the loser waits for the winner's lock)."""
    if not pre_check:
        monkeypatch.setattr(services, "_refuse_second_answer", lambda *args: None)
    org = make_org()
    staff = make_user(roles=["secretariat"])
    voices = [make_user(org=org), make_user(org=org)]
    memberships.start(voices[0], "voting_delegate", organisation=org)
    memberships.start(voices[1], "alternate_delegate", organisation=org)
    db.session.commit()
    version = publish(make_position(staff).versions[0], staff)
    ids = (version.id, org.id)
    barrier, results = threading.Barrier(2), {}

    def answer(name, person_id, code):
        from mentorship.auth.models import User
        from mentorship.organisations.models import Organisation

        with app.test_request_context():
            try:
                person = db.session.get(User, person_id)
                organisation = db.session.get(Organisation, ids[1])
                chosen = db.session.get(PositionVersion, ids[0])
                barrier.wait(5)
                services.answer(chosen, organisation, code, "", person)
                db.session.commit()
                results[name] = "won"
            except services.PositionError as error:
                db.session.rollback()
                results[name] = str(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=answer, args=("one", voices[0].id, "ratified")),
        threading.Thread(target=answer, args=("two", voices[1].id, "declined")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert sorted(results.values())[1] == "won", results
    assert "already answered" in sorted(results.values())[0], results
    db.session.expire_all()
    assert len(rows(db.session.get(PositionVersion, ids[0]))) == 1


# --- Demo -----------------------------------------------------------------------------


def test_the_demo_has_two_positions_with_answers(app_ctx):
    from mentorship import demo
    from mentorship.demo.positions import seed_positions

    demo.seed(n_members=40)
    db.session.commit()
    seed_positions()  # twice is harmless
    db.session.commit()
    positions = db.session.scalars(sa.select(Position)).all()
    assert sorted(p.kind for p in positions) == ["position", "priority"]
    data = next(p for p in positions if p.kind == "position")
    first, second = data.versions
    assert (first.status, second.status) == ("superseded", "published")
    assert second.is_open(today()) and queries.unanswered_members(second)
    assert {lang for lang in second.title.translations} == {"en", "fr", "es"}
    statuses = [r.status for r in rows(first)]
    assert statuses.count("withdrawn") == 1 and len(statuses) >= 5
    assert {r.answer for r in rows(first)} == {"ratified", "abstained", "declined"}
    for ratification in rows(second):  # through the current voting delegate
        assert (
            ratification.answered_by_id
            in db.session.scalars(
                memberships.holders(
                    "voting_delegate", organisation_id=ratification.organisation_id
                )
            ).all()
        )


def test_the_secretariats_list_filters_by_kind_and_window(client, world):
    staff = world["secretariat"]
    make_position(staff, kind="priority", title={"en": "Unpublished priority"})
    sign_in(client, staff)
    page = client.get("/admin/positions").get_data(True)
    assert "Unpublished priority" in page and "gender-disaggregated" in page
    page = client.get("/admin/positions?status=draft").get_data(True)
    assert "Unpublished priority" in page and "gender-disaggregated" not in page
    page = client.get("/admin/positions?status=open&kind=position").get_data(True)
    assert "Unpublished priority" not in page and "gender-disaggregated" in page
    page = client.get("/admin/positions?status=closed").get_data(True)
    assert "Unpublished priority" not in page and "gender-disaggregated" not in page
    detail = client.get(f"/positions/{world['position'].id}").get_data(True)
    assert f"/admin/positions/versions/{world['version'].id}" in detail
