"""The Steering Committee's space and reports through their pages: a member sees
the committee's meetings and a recommendation awaiting endorsement, others are
refused; the Secretariat drafts and publishes a report, each organisation's leader
and voting delegate gets one digest in her language; a second publication and an
edit after publication are refused and send nothing; the archive in French and
Spanish; bad input never a server error."""

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.elections import reports, space
from mentorship.elections.models_reports import CommitteeReport
from mentorship.elections.services import committee
from mentorship.groups.models import WorkingGroup
from mentorship.recommendations.models import Recommendation, RecommendationVersion

from ..factories import sign_in
from .test_fuzz import Fuzzer, fuzz_world  # noqa: F401  (the fixture)


def edit(**bodies):
    return translated.Edit(next(iter(bodies)), bodies)


@pytest.fixture
def world(make_org, make_user):
    orgs = {k: make_org(name=f"WIM {k.upper()}") for k in "ab"}
    orgs["c"] = make_org(name="WIM Applicant", status="applicant")
    people = {
        "secretariat": make_user(roles=["secretariat"]),
        "sitting": make_user(org=orgs["a"], name="Sofia"),
        "member_a": make_user(org=orgs["a"]),
        "leader_a": make_user(org=orgs["a"], name="Lea", locale="fr"),
        "delegate_a": make_user(org=orgs["a"], name="Dina", locale="es"),
        "leader_b": make_user(org=orgs["b"], name="Bea"),
        "applicant": make_user(org=orgs["c"]),
    }
    memberships.start(people["leader_a"], "leader", organisation=orgs["a"])
    memberships.start(people["delegate_a"], "voting_delegate", organisation=orgs["a"])
    memberships.start(people["leader_b"], "leader", organisation=orgs["b"])
    # Leader and delegate of B at once: one email, not two.
    memberships.start(people["leader_b"], "voting_delegate", organisation=orgs["b"])
    memberships.start(people["applicant"], "leader", organisation=orgs["c"])
    memberships.start(
        people["sitting"],
        "member",
        body=committee(),
        starts_on=date.today() - timedelta(days=30),
    )
    db.session.commit()
    return {**orgs, **people}


def recommendation_awaiting():
    body = Body(
        kind="working_group",
        slug="space-group",
        name=translated.new_text("en", en="Safety group"),
    )
    group = WorkingGroup(body=body, status="active")
    found = Recommendation(
        group=group,
        status="endorsement",
        title=translated.new_text("en", en="Safer sites for women"),
    )
    found.versions.append(
        RecommendationVersion(
            number=1, body=translated.new_text("en", en="Why."), locked_at=utcnow()
        )
    )
    db.session.add(found)
    db.session.commit()
    return found


def meetings(by):
    series = space.ensure_series(by)
    now = utcnow()
    past = space.add_meeting(
        series,
        edit(en="Committee meeting, last month"),
        datetime(now.year, now.month, 1) - timedelta(days=20),
        "Europe/Paris",
        by,
    )
    upcoming = space.add_meeting(
        series,
        edit(en="Committee meeting, next month", fr="Réunion du comité"),
        datetime(now.year, now.month, 1) + timedelta(days=40),
        "America/Lima",
        by,
    )
    db.session.commit()
    return past, upcoming


def draft(by, **changes):
    values = dict(
        period="2026 Q4",
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 12, 31),
        title=edit(
            en="Our work this quarter",
            fr="Notre travail ce trimestre",
            es="Nuestro trabajo este trimestre",
        ),
        body=edit(
            en="We met three times.\n\nWe endorsed two recommendations.",
            fr="Nous nous sommes réunies trois fois.",
            es="Nos reunimos tres veces.",
        ),
    )
    values.update(changes)
    found = reports.draft(reports.ReportValues(**values), by)
    db.session.commit()
    return found


def report_form(**changes):
    form = {
        "period": "2026 Q4",
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
        "title-source": "en",
        "title-en": "Our work this quarter",
        "title-fr": "Notre travail ce trimestre",
        "title-es": "Nuestro trabajo este trimestre",
        "body-source": "en",
        "body-en": "We met three times.",
        "body-fr": "Nous nous sommes réunies trois fois.",
        "body-es": "Nos reunimos tres veces.",
    }
    form.update(changes)
    return form


# --- The space ---------------------------------------------------------------------


def test_a_committee_member_sees_her_meetings_and_what_awaits_her(
    app_ctx, client, world
):
    past, upcoming = meetings(world["secretariat"])
    awaiting = recommendation_awaiting()
    sign_in(client, world["sitting"])
    response = client.get("/committee/space")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"/events/{upcoming.id}" in page and f"/events/{past.id}" in page
    assert "Committee meeting, next month" in page
    assert "Minutes: not open yet" in page
    assert f"/recommendations/{awaiting.id}" in page
    assert "Safer sites for women" in page
    assert "none awaits the committee" in page  # positions have no such step
    # The meetings are for the committee's body: she may see and register.
    assert client.get(f"/events/{upcoming.id}").status_code == 200


def test_others_are_refused_the_space(app_ctx, client, world):
    assert client.get("/committee/space").status_code == 302  # to the login page
    for name in ("member_a", "leader_a", "applicant"):
        sign_in(client, world[name])
        assert client.get("/committee/space").status_code == 403
    sign_in(client, world["secretariat"])
    assert client.get("/committee/space").status_code == 200


def test_the_secretariat_opens_the_series_once(app_ctx, client, world):
    sign_in(client, world["secretariat"])
    page = client.get("/committee/space").get_data(as_text=True)
    assert "Open the committee" in page and "s meetings and schedule" in page
    first = client.post("/committee/space/meetings")
    second = client.post("/committee/space/meetings")
    series = space.series_of()
    assert first.status_code == second.status_code == 302
    assert f"/admin/events/series/{series.id}/sessions/new" in first.location
    assert series.body_id == committee().id
    assert series.default_audience == "working_group"
    assert client.get(first.location).status_code == 200  # the events' own form
    sign_in(client, world["sitting"])
    assert client.post("/committee/space/meetings").status_code == 403


# --- Reports -----------------------------------------------------------------------


def sent_to(outbox):
    return sorted(address for mail in outbox for address in mail.to)


def test_the_secretariat_drafts_and_publishes_once(app_ctx, client, world, outbox):
    sign_in(client, world["secretariat"])
    response = client.post("/committee/reports/new", data=report_form())
    assert response.status_code == 302
    found = db.session.scalar(sa.select(CommitteeReport))
    assert found.status == "draft" and not outbox
    # A draft is its writers' only.
    sign_in(client, world["leader_a"])
    assert client.get(f"/committee/reports/{found.id}").status_code == 404
    sign_in(client, world["sitting"])
    assert client.get(f"/committee/reports/{found.id}").status_code == 200
    assert client.post(f"/committee/reports/{found.id}/publish").status_code == 403

    sign_in(client, world["secretariat"])
    response = client.post(f"/committee/reports/{found.id}/publish")
    assert response.status_code == 302
    db.session.expire_all()
    assert found.status == "published" and found.recipients == 3
    assert sent_to(outbox) == sorted(
        world[name].email for name in ("leader_a", "delegate_a", "leader_b")
    )
    by_address = {mail.to[0]: mail for mail in outbox}
    # Each in her language: the report's own words, the message's lang.
    for name, lang, words in (
        ("leader_a", "fr", "Notre travail"),
        ("delegate_a", "es", "Nuestro trabajo"),
    ):
        mail = by_address[world[name].email]
        assert words in mail.body
        assert f'lang="{lang}"' in mail.alternatives[0][0]
    assert "Our work" in by_address[world["leader_b"].email].body

    outbox.clear()
    again = client.post(f"/committee/reports/{found.id}/publish")
    assert again.status_code == 400
    assert "already published" in again.get_data(as_text=True)
    assert not outbox


def test_a_published_report_is_not_edited(app_ctx, client, world, outbox):
    found = draft(world["secretariat"])
    reports.publish(found, world["secretariat"])
    db.session.commit()
    sign_in(client, world["secretariat"])
    assert client.get(f"/committee/reports/{found.id}/edit").status_code == 403
    response = client.post(
        f"/committee/reports/{found.id}/edit", data=report_form(period="Changed")
    )
    assert response.status_code == 403
    with pytest.raises(reports.ReportError):
        reports.edit(
            found,
            reports.ReportValues(
                "Changed",
                date(2026, 1, 1),
                date(2026, 3, 31),
                edit(en="T"),
                edit(en="B"),
            ),
            world["secretariat"],
        )
    db.session.rollback()
    db.session.expire_all()
    assert found.period == "2026 Q4"


def test_a_committee_member_drafts_and_edits(app_ctx, client, world):
    sign_in(client, world["sitting"])
    assert client.get("/committee/reports/new").status_code == 200
    assert client.post("/committee/reports/new", data=report_form()).status_code == 302
    found = db.session.scalar(sa.select(CommitteeReport))
    response = client.post(
        f"/committee/reports/{found.id}/edit",
        data=report_form(period="2026 Q3", **{"title-en": "Our summer"}),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert found.period == "2026 Q3" and found.title.body("en") == "Our summer"
    assert found.title.status("fr") == "outdated"


def test_the_archive_in_french_and_spanish(app_ctx, client, world):
    published = draft(world["secretariat"])
    reports.publish(published, world["secretariat"])
    hidden = draft(world["secretariat"], period="2027 Q1", title=edit(en="Hidden"))
    db.session.commit()
    sign_in(client, world["member_a"], locale="fr")
    page = client.get("/committee/reports").get_data(as_text=True)
    assert "Notre travail ce trimestre" in page and "Hidden" not in page
    detail = client.get(f"/committee/reports/{published.id}").get_data(as_text=True)
    assert "Nous nous sommes réunies trois fois." in detail
    assert client.get(f"/committee/reports/{hidden.id}").status_code == 404
    sign_in(client, world["member_a"], locale="es")
    page = client.get("/committee/reports").get_data(as_text=True)
    assert "Nuestro trabajo este trimestre" in page
    # Not a member organisation's person: refused.
    sign_in(client, world["applicant"])
    assert client.get("/committee/reports").status_code == 403


@pytest.mark.parametrize(
    "changes",
    [
        {"period": ""},
        {"period": "x" * 41},
        {"starts_on": "2026-13-01"},
        {"starts_on": "0001-01-01"},
        {"ends_on": "2025-01-01"},
        {"ends_on": "2028-12-31"},
        {"title-en": "", "title-fr": "", "title-es": ""},
        {"body-en": "", "body-fr": "", "body-es": ""},
        {"body-source": "fr", "body-fr": ""},
        {"body-en": "x" * 20001},
        {"period": "\u202e2026"},
    ],
)
def test_bad_reports_are_refused_and_change_nothing(app_ctx, client, world, changes):
    sign_in(client, world["secretariat"])
    response = client.post("/committee/reports/new", data=report_form(**changes))
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(CommitteeReport.id))) == 0


def test_hostile_posts_never_a_server_error(app_ctx, client, world):
    found = draft(world["secretariat"])
    sign_in(client, world["secretariat"])
    for path in (
        "/committee/space/meetings",
        "/committee/reports/new",
        f"/committee/reports/{found.id}/edit",
        f"/committee/reports/{found.id}/publish",
        "/committee/reports/999999/publish",
    ):
        for data in ({}, {"period": ["a", "b"]}, {"starts_on": "\x00"}):
            assert client.post(path, data=data).status_code < 500
    assert client.get("/committee/reports/999999").status_code == 404


@pytest.mark.parametrize("role", ["member", "leader", "steering", "secretariat"])
def test_the_space_and_reports_never_answer_a_server_error(app, fuzz_world, role):  # noqa: F811
    """The part's routes alone, every form's fields fuzzed (the whole walk is
    `test_fuzz`)."""
    endpoints = {
        "elections.space",
        "elections.space_meetings",
        "elections.reports_archive",
        "elections.report",
        "elections.new_report",
        "elections.edit_report",
        "elections.publish_report",
    }
    fuzzer = Fuzzer(app, fuzz_world, role, endpoints=endpoints)
    fuzzer.run()
    db.session.remove()
    assert not fuzzer.failures, "\n".join(fuzzer.failures)


def test_the_demo_has_two_published_reports_a_draft_and_meetings(
    app_ctx, make_user, outbox
):
    from mentorship.demo.elections_space import seed_elections_space
    from mentorship.demo.plan import STAFF_DOMAIN

    make_user(email=f"secretariat@{STAFF_DOMAIN}", roles=["secretariat"])
    seed_elections_space()
    seed_elections_space()  # twice: left as it is
    db.session.commit()
    statuses = db.session.scalars(
        sa.select(CommitteeReport.status).order_by(CommitteeReport.ends_on)
    ).all()
    assert statuses == ["published", "published", "draft"]
    found = space.meetings()
    assert len(found.past) == 3 and len(found.upcoming) == 1
    assert not outbox  # seeding sends no email


# --- Races on PostgreSQL ------------------------------------------------------------


def _race(app, report_id, calls):
    """Each call(report) in its own thread and connection, released together; the
    outcomes ("won" or the refusal's message)."""
    import threading

    from mentorship.auth.models import User

    start = threading.Barrier(len(calls), timeout=10)
    results = [None] * len(calls)

    def run(index, call, user_id):
        with app.test_request_context():
            try:
                found = db.session.get(CommitteeReport, report_id)
                by = db.session.get(User, user_id)
                start.wait()
                call(found, by)
                db.session.commit()
                results[index] = "won"
            except reports.ReportError as error:
                db.session.rollback()
                results[index] = str(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, args=(i, call, user_id))
        for i, (call, user_id) in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results


def _postgres(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


@pytest.mark.commits
def test_two_publications_at_once_publish_and_mail_once(app, world, outbox):
    _postgres(app)
    with app.test_request_context():
        report_id = draft(world["secretariat"]).id
    staff = world["secretariat"].id
    results = _race(
        app, report_id, [(reports.publish, staff), (reports.publish, staff)]
    )
    assert results.count("won") == 1
    assert "This report is already published." in results
    assert len(outbox) == 3  # leader A, delegate A, leader and delegate of B


@pytest.mark.commits
def test_an_edit_racing_the_publication_is_never_after_it(app, world, outbox):
    _postgres(app)
    with app.test_request_context():
        report_id = draft(world["secretariat"]).id
    changed = reports.ReportValues(
        "Changed", date(2026, 10, 1), date(2026, 12, 31), edit(en="T"), edit(en="B")
    )
    results = _race(
        app,
        report_id,
        [
            (lambda found, by: reports.edit(found, changed, by), world["sitting"].id),
            (reports.publish, world["secretariat"].id),
        ],
    )
    assert results[1] == "won"
    db.session.expire_all()
    found = db.session.get(CommitteeReport, report_id)
    assert found.status == "published"
    # Either the edit came first (and was published) or it was refused.
    assert (results[0] == "won") == (found.period == "Changed")
    assert results[0] in ("won", "A published report is not edited.")
