"""Her own data: the exports show everything of hers and nothing of anyone else's;
erasure leaves no personal data behind and keeps the aggregates."""

import json
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit import record
from mentorship.audit.models import AuditEvent
from mentorship.auth.models import RoleGrant, User
from mentorship.core import memberships, translated
from mentorship.core.models import FailedEmail, ParkedJob
from mentorship.db import db, utcnow
from mentorship.events.calendar_models import CalendarFeed
from mentorship.events.models import EventSeries, EventSession, Registration
from mentorship.joining.models import OrganisationApplication
from mentorship.matches.models import Exclusion, Proposal
from mentorship.mentorships.models import (
    CheckIn,
    Goal,
    Meeting,
    MeetingNote,
    Mentorship,
)
from mentorship.mydata import registry
from mentorship.organisations.models import Invitation
from mentorship.programmes.models import Enrolment
from mentorship.surveys.keys import answer_key
from mentorship.surveys.models import SurveyResponse

from ..conftest import PASSWORD
from ..factories import sign_in, statements_run
from .flow import enrol, make_mentorship, make_programme, released_proposal

HER_NAME = "Zephyrine Okonkwo"
HER_EMAIL = "zephyrine.okonkwo@example.org"
MARKER = "MARKER-"  # every free text she wrote carries a unique marker
PARTNER_NOTE = "PARTNER-PRIVATE-NOTE"


@pytest.fixture
def world(app, make_org, make_user):
    """She is a mentee in an active mentorship (programme A) and a mentor with an
    offered proposal, a declined one and a mentorship she closed (programme B)."""
    her_org = make_org(name="WIM Zambia")
    her = make_user(
        email=HER_EMAIL, org=her_org, roles=["coordinator"], name=HER_NAME, locale="fr"
    )
    mentorship, _, partner = make_mentorship(make_org, make_user, mentee=her)
    _fill_mentorship(mentorship, her, partner, her_org)

    other = make_programme()
    her_mentoring = enrol(other, her, "mentor", capacity=2)
    her_mentoring.goals = "MARKER-ENROL-GOALS-B"
    her_enrolment = db.session.scalar(
        sa.select(Enrolment).where(
            Enrolment.user_id == her.id, Enrolment.programme_id != other.id
        )
    )
    her_enrolment.goals = "MARKER-ENROL-GOALS-A"
    for profile in her.profiles:
        profile.headline = f"MARKER-HEADLINE-{profile.role}"
        profile.bio = f"MARKER-BIO-{profile.role}"

    mentee_two = make_user(org=make_org(), name="Mentee Two")
    live = released_proposal(other, enrol(other, mentee_two, "mentee"), her_mentoring)
    live.status, live.offered_at = "offered", utcnow()

    mentee_three = make_user(org=make_org(), name="Mentee Three")
    declined = _declined_proposal(other, enrol(other, mentee_three, "mentee"), her)
    db.session.add_all(
        [
            declined,
            Mentorship(
                programme_id=other.id,
                mentee_user_id=mentee_three.id,
                mentor_user_id=her.id,
                status="closed_early",
                closed_at=utcnow(),
                closed_by_id=her.id,
                close_reason="other",
                close_note="MARKER-CLOSE-NOTE",
            ),
            Invitation(organisation_id=her_org.id, email=HER_EMAIL),
            Invitation(organisation_id=her_org.id, email="someone.else@example.org"),
            Exclusion(
                programme_id=other.id,
                mentee_user_id=mentee_two.id,
                mentor_user_id=her.id,
                reason="MARKER-EXCLUSION",
            ),
            FailedEmail(
                address=HER_EMAIL,
                subject="MARKER-MAIL-SUBJECT",
                text="MARKER-MAIL",
                html="<p>MARKER-MAIL</p>",
            ),
            FailedEmail(
                address="someone.else@example.org", subject="s", text="t", html="h"
            ),
            ParkedJob(
                task="mentorship.core.notifications.deliver_email",
                data={"args": [HER_EMAIL, "MARKER-PARKED", "t", "h"], "kwargs": {}},
            ),
            ParkedJob(
                task="x", data={"args": ["someone.else@example.org"], "kwargs": {}}
            ),
            _application(HER_EMAIL, "MARKER-APPLICATION"),
            _application("someone.else@example.org", "Another applicant"),
            _registration(her, "MARKER-REGISTRATION-ANSWER"),
            _minutes_amendment(her, "MARKER-AMENDMENT-COMMENT"),
            CalendarFeed(user_id=her.id, token="MARKER-FEED-TOKEN"),
            _group_request(her, "MARKER-GROUP-MOTIVATION", "MARKER-GROUP-REASON"),
            _discussion_post(her, "MARKER-POST"),
            _theme_comment(her, "MARKER-THEME-COMMENT"),
        ]
    )
    _recommendation_words(her)
    _consultation_comment(her, her_org, "MARKER-CONSULTATION-COMMENT")
    _nomination(her, her_org, "MARKER-NOMINATION")
    _webhook_delivery(her, her_org, "MARKER-WEBHOOK-NAME")
    _api_token(her, "MARKER-API-TOKEN")
    her.timezone = "Africa/Lusaka"
    db.session.flush()
    record(declined, "declined", actor=her, to_state="declined", reason="MARKER-AUD")
    record(her_enrolment, "enrolled", actor=her, reason="MARKER-AUDIT")
    stranger = make_user(email="stranger@example.org", org=her_org, name="Stranger")
    enrol(make_programme(), stranger, "mentee", bio="STRANGER-SECRET-BIO")
    db.session.commit()
    return {
        "her": her,
        "org": her_org,
        "partner": partner,
        "mentorship": mentorship,
        "live": live,
        "mentee_two": mentee_two,
        "stranger": stranger,
        "her_mentoring": her_mentoring,
    }


def _webhook_delivery(user, org, name):
    """An event about her, recorded for her organisation's webhook endpoint."""
    from mentorship.webhooks.models import WebhookDelivery, WebhookEndpoint

    endpoint = WebhookEndpoint(
        organisation_id=org.id,
        url="https://hooks.example.org/wim",
        events=["enrolment.created"],
        secret_salt="0" * 64,
    )
    db.session.add(endpoint)
    db.session.flush()
    body = {"type": "enrolment.created", "data": {"member": {"name": name}}}
    db.session.add(
        WebhookDelivery(
            endpoint_id=endpoint.id,
            message_id="msg_mydata",
            event_type="enrolment.created",
            body=json.dumps(body),
            member_id=user.id,
        )
    )


def _api_token(user, name):
    """Her personal API token (its secret is shown once and never stored)."""
    from mentorship.api.models import ApiToken

    db.session.add(
        ApiToken(
            name=name,
            kind="personal",
            user_id=user.id,
            scopes=["profile:read"],
            token_hash="0" * 64,
            hint="wimapi_0000",
            expires_at=utcnow() + timedelta(days=30),
        )
    )


def _registration(user, answer):
    """Her registration for a round table, with her answer to its question."""
    start = utcnow() + timedelta(days=10)
    series = EventSeries(slug="round-tables", name=translated.new_text("en", en="RT"))
    session = EventSession(
        series=series,
        title=translated.new_text("en", en="Round table"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="Africa/Lusaka",
        questions=[{"id": "q1", "label": {"en": "Why?"}, "required": False}],
    )
    return Registration(
        session=session, user_id=user.id, status="registered", answers={"q1": answer}
    )


def _discussion_post(user, text):
    """Her thread in a working group's discussion, its post hidden with a reason."""
    from mentorship.core.models import Body
    from mentorship.discussions.models import Post, Thread
    from mentorship.groups.models import WorkingGroup

    body = Body(
        kind="working_group", slug="data-wg", name=translated.new_text("en", en="WG")
    )
    group = WorkingGroup(body=body, status="active")
    thread = Thread(group=group, title=f"{text}-TITLE", author_id=user.id)
    return Post(
        thread=thread,
        author_id=user.id,
        body=text,
        hidden_at=utcnow(),
        hidden_reason=f"{text}-HIDDEN-REASON",
    )


def _theme_comment(user, text):
    """Her comment on an organisation's theme proposal."""
    from mentorship.theme_proposals.models import ThemeComment, ThemeProposal

    proposal = ThemeProposal(
        status="commenting",
        comments_open_at=utcnow(),
        comments_close_at=utcnow() + timedelta(days=9),
        title=translated.new_text("en", en="A theme"),
        rationale=translated.new_text("en", en="Why"),
    )
    return ThemeComment(proposal=proposal, author_id=user.id, body=text)


def _consultation_comment(user, organisation, text):
    """Her comment on her organisation's draft response to a consultation."""
    from mentorship.consultations.models import Comment, Consultation, Response

    consultation = Consultation(title=translated.new_text("en", en="Annual"))
    response = Response(consultation=consultation, organisation_id=organisation.id)
    db.session.add(Comment(response=response, author_id=user.id, body=text))


def _application(email, text):
    """An organisation's application to join naming `email` as its contact."""
    return OrganisationApplication(
        name=text,
        name_key=text.lower(),
        country="ZM",
        region="africa",
        description=text,
        contact_name=text,
        contact_email=email,
        contact_title=text,
        declaration_version="2021-03",
        declaration_agreed_at=utcnow(),
    )


def _fill_mentorship(mentorship, her, partner, her_org):
    """Goals, meetings, notes, check-ins and surveys written by both of them."""
    mine = Meeting(
        mentorship_id=mentorship.id,
        held_on=date.today() - timedelta(days=3),
        topics="MARKER-TOPICS",
        logged_by_id=her.id,
    )
    theirs = Meeting(
        mentorship_id=mentorship.id,
        held_on=date.today() - timedelta(days=30),
        topics="Partner topics",
        logged_by_id=partner.id,
    )
    mine.notes.append(MeetingNote(author_id=her.id, body="MARKER-NOTE"))
    mine.notes.append(MeetingNote(author_id=partner.id, body=PARTNER_NOTE))
    db.session.add_all(
        [
            mine,
            theirs,
            Goal(
                mentorship_id=mentorship.id,
                title="MARKER-GOAL-123",
                proposed_by_id=her.id,
            ),
            Goal(
                mentorship_id=mentorship.id,
                title="Partner goal",
                proposed_by_id=partner.id,
            ),
            CheckIn(
                mentorship_id=mentorship.id,
                role="mentee",
                period="first",
                fit=4,
                comment="MARKER-CHECKIN",
            ),
            CheckIn(
                mentorship_id=mentorship.id,
                role="mentor",
                period="first",
                fit=5,
                comment="Partner check-in",
            ),
            _survey(mentorship, "mentee", her_org, 4, "MARKER-SURVEY"),
            _survey(mentorship, "mentor", partner.organisation, 5, "Partner survey"),
        ]
    )


def _survey(mentorship, role, org, satisfaction, comment):
    return SurveyResponse(
        answer_key=answer_key(mentorship.id, role, "baseline"),
        programme_id=mentorship.programme_id,
        organisation_id=org.id,
        region=org.region,
        language="en",
        role=role,
        stage="baseline",
        satisfaction=satisfaction,
        nps=9,
        confidence=3,
        comment=comment,
    )


def _declined_proposal(programme, mentee_enrolment, her):
    mentor_enrolment = db.session.scalar(
        sa.select(Enrolment).where(
            Enrolment.user_id == her.id, Enrolment.programme_id == programme.id
        )
    )
    now = utcnow()
    return Proposal(
        programme_id=programme.id,
        mentee_enrolment_id=mentee_enrolment.id,
        mentor_enrolment_id=mentor_enrolment.id,
        score=0.5,
        status="declined",
        offered_at=now,
        mentor_answer="declined",
        mentor_answered_at=now,
        close_reason="mentor:not_a_fit",
        close_note="MARKER-DECLINE-NOTE",
        closed_at=now,
    )


def _recommendation_words(her):
    """A version she saved (with her note) and her comment on one of its sections."""
    from mentorship.core.models import Body
    from mentorship.groups.models import WorkingGroup
    from mentorship.recommendations.models import (
        CommentRound,
        Recommendation,
        RecommendationComment,
        RecommendationVersion,
    )

    body = Body(
        kind="working_group",
        slug="mydata-group",
        name=translated.new_text("en", en="G"),
    )
    group = WorkingGroup(body=body, status="active")
    found = Recommendation(group=group, title=translated.new_text("en", en="R"))
    version = RecommendationVersion(
        recommendation=found,
        number=1,
        body=translated.new_text("en", en="One"),
        note="MARKER-VERSION-NOTE",
        created_by_id=her.id,
    )
    ends = utcnow() + timedelta(days=3)
    opened = CommentRound(
        recommendation=found, version=version, kind="members", ends_at=ends
    )
    comment = RecommendationComment(
        round=opened,
        version=version,
        section=1,
        author_id=her.id,
        body="MARKER-RECOMMENDATION-COMMENT",
    )
    db.session.add_all([group, found, version, opened, comment])


def reload(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


# --- Access --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/account/data", "/account/data.json", "/account/data.html", "/account/erase"],
)
def test_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_index_explains_and_links(client, world):
    sign_in(client, world["her"], locale="en")
    page = client.get("/account/data")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    for url in ("/account/data.json", "/account/data.html", "/account/erase"):
        assert url in body
    assert page.headers["Cache-Control"] == "no-store"


def test_index_counts_what_the_export_holds_in_one_query(app, client, world):
    """The page shows how many records of each kind the export lists: the numbers
    come from one statement, not from building the whole export."""
    from mentorship.mydata import services

    her = db.session.get(User, world["her"].id)
    with app.test_request_context():
        held = services.collect(her)
        with statements_run() as statements:
            counts = services.counts(her)
    assert len(statements) == 1
    kinds = ("profiles", "enrolments", "proposals", "mentorships", "invitations")
    assert counts == {kind: len(held[kind]) for kind in (*kinds, "activity")}
    assert all(counts[kind] for kind in kinds)  # the world holds some of each
    sign_in(client, world["her"], locale="en")
    with statements_run() as statements:
        assert client.get("/account/data").status_code == 200
    # her, with roles and profiles; the page's data version; the counts
    assert len(statements) <= 3


def test_account_page_links_to_her_data(client, world):
    sign_in(client, world["her"], locale="en")
    body = client.get("/account").get_data(as_text=True)
    assert "/account/data" in body and "/account/erase" in body


# --- Exports -------------------------------------------------------------------------


def test_json_export_holds_her_data_only(client, world):
    sign_in(client, world["her"], locale="en")
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert re.fullmatch(
        r'attachment; filename="wim-my-data-\d{4}-\d{2}-\d{2}\.json"',
        response.headers["Content-Disposition"],
    )
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    data = json.loads(body)

    assert data["account"]["name"] == HER_NAME
    assert data["account"]["email"] == HER_EMAIL
    assert data["account"]["organisation"] == "WIM Zambia"
    assert {role["code"] for role in data["account"]["roles"]} == {
        "member",
        "coordinator",
    }
    assert data["account"]["consent"]["version"]
    [position] = data["positions"]
    assert position["position"] == {"code": "coordinator", "label": "Coordinator"}
    assert position["in"] == "WIM Zambia" and position["ends_on"] is None
    assert {p["role"]["code"] for p in data["profiles"]} == {"mentee", "mentor"}
    mentee_profile = next(p for p in data["profiles"] if p["role"]["code"] == "mentee")
    assert {"code": "geology", "label": "Geology"} in mentee_profile["tags"]
    accepted = next(p for p in data["proposals"] if p["status"]["code"] == "accepted")
    assert accepted["partner"] == "Lucía Quispe"
    assert mentee_profile["languages"] == [{"code": "en", "label": "English"}]
    assert sorted(e["goals"] for e in data["enrolments"]) == [
        "MARKER-ENROL-GOALS-A",
        "MARKER-ENROL-GOALS-B",
    ]

    offered = next(p for p in data["proposals"] if p["status"]["code"] == "offered")
    assert offered["reasons"] == ["Both speak French"]
    assert offered["partner"] == "Mentee Two"
    declined = next(p for p in data["proposals"] if p["status"]["code"] == "declined")
    assert declined["your_close_note"] == "MARKER-DECLINE-NOTE"

    active = next(m for m in data["mentorships"] if m["status"]["code"] == "active")
    assert active["partner"] == "Lucía Quispe"
    assert [g["title"] for g in active["goals"]] == ["MARKER-GOAL-123", "Partner goal"]
    notes = [meeting["your_note"] for meeting in active["meetings"]]
    assert notes == ["MARKER-NOTE", None]
    assert [c["comment"] for c in active["check_ins"]] == ["MARKER-CHECKIN"]
    assert [s["comment"] for s in active["survey_responses"]] == ["MARKER-SURVEY"]
    closed = next(m for m in data["mentorships"] if m["closed_by_you"])
    assert closed["your_close_note"] == "MARKER-CLOSE-NOTE"
    assert closed["close_reason"] == {"code": "other", "label": "Other reason"}
    assert [i["organisation"] for i in data["invitations"]] == ["WIM Zambia"]
    assert {e["action"] for e in data["activity"]} == {"declined", "enrolled"}

    # Never the partner's private note, nor anyone else's address or data.
    for foreign in (
        PARTNER_NOTE,
        "Partner check-in",
        "Partner survey",
        world["partner"].email,
        world["mentee_two"].email,
        "stranger@example.org",
        "someone.else@example.org",
        "STRANGER-SECRET-BIO",
    ):
        assert foreign not in body


def test_partner_not_named_before_the_offer(client, world):
    live = world["live"]
    live.status, live.offered_at = "awaiting_approval", None
    db.session.commit()
    sign_in(client, world["her"], locale="en")
    data = client.get("/account/data.json").get_json()
    waiting = next(
        p for p in data["proposals"] if p["status"]["code"] == "awaiting_approval"
    )
    assert waiting["partner"] is None
    assert "Mentee Two" not in json.dumps(data)


def test_html_export_is_readable(client, world):
    sign_in(client, world["her"], locale="en")
    response = client.get("/account/data.html")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    for expected in (
        HER_NAME,
        HER_EMAIL,
        "MARKER-GOAL-123",
        "MARKER-NOTE",
        "MARKER-BIO-mentor",
        "Both speak French",
        "Geology",
        "Positions you hold or held",
    ):
        assert expected in body
    for foreign in (PARTNER_NOTE, world["partner"].email, "STRANGER-SECRET-BIO"):
        assert foreign not in body


def test_export_in_her_language(client, world):
    sign_in(client, world["her"], locale="en")
    with client.session_transaction() as session:
        session["locale"] = "fr"
    data = client.get("/account/data.json").get_json()
    mentee_profile = next(p for p in data["profiles"] if p["role"]["code"] == "mentee")
    assert {"code": "geology", "label": "Géologie"} in mentee_profile["tags"]


def test_another_member_never_sees_her_data(client, world):
    sign_in(client, world["stranger"], locale="en")
    for url in ("/account/data.json", "/account/data.html", "/account/data"):
        body = client.get(url).get_data(as_text=True)
        assert HER_NAME not in body and HER_EMAIL not in body
        assert MARKER not in body
    data = client.get("/account/data.json").get_json()
    assert data["account"]["email"] == "stranger@example.org"
    assert data["proposals"] == [] and data["mentorships"] == []


# --- Erasure refused -----------------------------------------------------------------


def _assert_untouched(world):
    her = reload(User, world["her"].id)
    assert (her.name, her.email, her.erased_at) == (HER_NAME, HER_EMAIL, None)
    assert len(her.profiles) == 2
    assert db.session.get(Mentorship, world["mentorship"].id).status == "active"
    assert db.session.get(Proposal, world["live"].id).status == "offered"


def test_erase_form_renders(client, world):
    sign_in(client, world["her"], locale="en")
    page = client.get("/account/erase")
    assert page.status_code == 200
    assert "I understand this cannot be undone" in page.get_data(as_text=True)


def test_erase_refused_with_a_wrong_password(client, world, outbox):
    sign_in(client, world["her"], locale="en")
    response = client.post(
        "/account/erase", data={"current_password": "wrong one", "understood": "y"}
    )
    assert response.status_code == 400
    assert "This is not your current password." in response.get_data(as_text=True)
    _assert_untouched(world)
    assert outbox == []


def test_erase_refused_without_the_checkbox(client, world, outbox):
    sign_in(client, world["her"], locale="en")
    response = client.post("/account/erase", data={"current_password": PASSWORD})
    assert response.status_code == 400
    assert "Please confirm" in response.get_data(as_text=True)
    _assert_untouched(world)
    assert outbox == []


def test_erase_refused_without_csrf_token(app, client, world):
    sign_in(client, world["her"], locale="en")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            "/account/erase", data={"current_password": PASSWORD, "understood": "y"}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    _assert_untouched(world)


# --- Erasure -------------------------------------------------------------------------


def _her_rows(model, user_id):
    where = registry.hers(model, user_id, HER_EMAIL)
    return db.session.scalars(sa.select(model).where(where)).all()


def _text_values():
    """(table.column, text) for every String, Text and JSON value of every table."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, registry.TEXT_TYPES):
                continue
            for value in db.session.execute(sa.select(column)).scalars():
                if value is not None and not isinstance(value, str):
                    value = json.dumps(value, ensure_ascii=False)
                yield f"{table.name}.{column.name}", value or ""


def test_the_world_fills_every_personal_column(world):
    """So that the erasure test below checks every column of the registry."""
    her = world["her"]
    found = [where for where, text in _text_values() if MARKER in text]
    assert len(found) >= 15
    for model, column in registry.PERSONAL:
        rows = _her_rows(model, her.id)
        assert rows, f"no {model.__name__} row of hers"
        if column != "*":
            assert all(getattr(row, column) for row in rows), (model, column)


def test_erase_leaves_no_personal_data(client, app, world, outbox, auth):
    her, partner = world["her"], world["partner"]
    her_id, org_id = her.id, world["org"].id
    old_hash = her.password_hash
    other_device = app.test_client()
    sign_in(other_device, her, locale="en")
    sign_in(client, her, locale="en")

    response = client.post(
        "/account/erase", data={"current_password": PASSWORD, "understood": "y"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/erased")
    goodbye = client.get("/account/erased")
    assert "Your account is erased" in goodbye.get_data(as_text=True)

    # (1) Every column of the registry: her rows hold no personal data.
    db.session.expire_all()
    for model, column in registry.PERSONAL:
        rows = _her_rows(model, her_id)
        if column == "*":
            assert rows == [], model.__name__
        for row in rows if column != "*" else ():
            value = getattr(row, column)
            if (model, column) in registry.REPLACEMENTS:
                assert value not in (HER_EMAIL, old_hash), (model, column)
            else:
                assert value in ("", {}), (model, column, value)

    # (2) No table holds her name, her address or any text she wrote.
    for where, text in _text_values():
        lowered = text.lower()
        for needle in ("zephyrine", "okonkwo", HER_EMAIL, MARKER.lower()):
            assert needle.lower() not in lowered, (where, text)

    # The row is kept, stripped, with what the aggregates need.
    erased = db.session.get(User, her_id)
    assert erased.erased_at is not None
    assert erased.email == f"erased-{her_id}@invalid.example"
    assert (erased.organisation_id, erased.locale) == (org_id, "fr")
    assert erased.consent_version == "" and erased.email_verified_at is None
    assert (
        db.session.scalars(
            sa.select(RoleGrant).where(RoleGrant.user_id == her_id)
        ).all()
        == []
    )
    assert erased.profiles == []
    # She was a coordinator: the term is ended (kept as history), not current.
    [term] = memberships.of(erased)
    assert term.position == "coordinator" and term.ends_on is not None
    assert not erased.has_role("coordinator")

    # (3) Aggregates kept: enrolments, survey numbers, goals, meetings, check-ins.
    enrolments = db.session.scalars(
        sa.select(Enrolment).where(Enrolment.user_id == her_id).order_by(Enrolment.id)
    ).all()
    assert [(e.role, e.status) for e in enrolments] == [
        ("mentee", "enrolled"),  # she was matched: still counted as such
        ("mentor", "withdrawn"),
    ]
    mentorship = db.session.get(Mentorship, world["mentorship"].id)
    answers = db.session.scalars(
        sa.select(SurveyResponse).where(
            SurveyResponse.programme_id == mentorship.programme_id
        )
    ).all()
    assert sorted((s.role, s.satisfaction, s.nps) for s in answers) == [
        ("mentee", 4, 9),
        ("mentor", 5, 9),
    ]
    assert len(mentorship.goals) == 2 and len(mentorship.meetings) == 2
    assert mentorship.mentee_organisation_id == org_id

    # (4) Her mentorship closed early; her partner told, kindly; her note kept.
    assert (mentorship.status, mentorship.close_reason) == (
        "closed_early",
        "account_erased",
    )
    assert mentorship.closed_at is not None
    to_partner = [m for m in outbox if m.to == [partner.email]]
    assert len(to_partner) == 1
    assert to_partner[0].subject == "Your mentorship has ended"
    assert "the other member left the platform" in to_partner[0].body
    assert "Zephyrine" not in to_partner[0].body
    partner_notes = db.session.scalars(
        sa.select(MeetingNote.body).where(MeetingNote.author_id == partner.id)
    ).all()
    assert partner_notes == [PARTNER_NOTE]
    to_mentee_two = [m for m in outbox if m.to == [world["mentee_two"].email]]
    assert [m.subject for m in to_mentee_two] == [
        "Your mentoring proposal will not go ahead"
    ]

    # (5) She can no longer log in: her other session is dead, so is her password.
    assert other_device.get("/account/data").status_code == 302
    assert auth.login(HER_EMAIL).status_code == 400
    assert auth.login(erased.email).status_code == 400

    # (6) Places given back: her partner's, and both of the live proposal's.
    partner_enrolment = db.session.get(
        Enrolment, mentorship.proposal.mentor_enrolment_id
    )
    assert partner_enrolment.slots_taken == 0
    live = db.session.get(Proposal, world["live"].id)
    assert (live.status, live.close_reason) == ("removed", "account_erased")
    assert db.session.get(Enrolment, live.mentee_enrolment_id).slots_taken == 0
    assert db.session.get(Enrolment, live.mentor_enrolment_id).slots_taken == 0


def test_erasure_is_recorded_without_text(client, world):
    her_id = world["her"].id
    sign_in(client, world["her"], locale="en")
    client.post(
        "/account/erase", data={"current_password": PASSWORD, "understood": "y"}
    )
    db.session.expire_all()
    event = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "users", AuditEvent.entity_id == her_id
        )
    )
    assert (event.action, event.reason) == ("erased", "")


# --- The registry --------------------------------------------------------------------


def test_every_text_column_is_classified(app_ctx):
    personal, kept = set(registry.PERSONAL), set(registry.NOT_PERSONAL)
    assert not personal & kept
    whole_rows = {model for model, column in personal if column == "*"}
    missing = [
        f"{mapper.class_.__name__}.{column.key}"
        for mapper in db.Model.registry.mappers
        for column in mapper.columns
        if isinstance(column.type, registry.TEXT_TYPES)
        and mapper.class_ not in whole_rows
        and (mapper.class_, column.key) not in personal | kept
    ]
    assert missing == [], "classify these columns in mentorship/mydata/registry.py"


def test_registry_names_real_columns(app_ctx):
    for model, column in registry.PERSONAL + registry.NOT_PERSONAL:
        assert column == "*" or column in model.__table__.c, (model, column)
    for model, _column in registry.PERSONAL:
        assert registry.hers(model, 1, "x@example.org") is not None


def test_every_table_with_text_is_a_model(app_ctx):
    mapped = {mapper.local_table for mapper in db.Model.registry.mappers}
    for table in db.metadata.tables.values():
        if table not in mapped:
            assert not any(
                isinstance(c.type, registry.TEXT_TYPES) for c in table.columns
            ), table.name


def test_erased_member_leaves_the_lists(app, client, world, make_user):
    her = world["her"]
    sign_in(client, her, locale="en")
    client.post(
        "/account/erase", data={"current_password": PASSWORD, "understood": "y"}
    )
    staff = make_user(roles=["admin"])
    viewer = app.test_client()
    sign_in(viewer, staff, locale="en")
    members = viewer.get(f"/organisations/{her.organisation_id}/members").text
    people = viewer.get("/admin/users").text
    for page in (members, people):
        assert f"/people/{her.id}" not in page


def _minutes_amendment(user, comment):
    """Her amendment of a past session's minutes, with her comment."""
    from mentorship.events.minutes_models import Minutes, MinutesAmendment

    end = utcnow() - timedelta(days=1)
    series = EventSeries(slug="minutes-rt", name=translated.new_text("en", en="RT"))
    session = EventSession(
        series=series,
        title=translated.new_text("en", en="Past round table"),
        starts_at=end - timedelta(hours=1),
        ends_at=end,
        timezone="Africa/Lusaka",
    )
    minutes = Minutes(session=session, amend_until=end + timedelta(days=7))
    return MinutesAmendment(
        minutes=minutes, revision=1, author_id=user.id, comment=comment
    )


def _group_request(user, motivation, reason):
    """Her request to join a working group, declined with the runners' reason."""
    from mentorship.core.models import Body
    from mentorship.groups.members_models import GroupRequest
    from mentorship.groups.models import WorkingGroup

    body = Body(
        kind="working_group", slug="mydata-wg", name=translated.new_text("en", en="WG")
    )
    group = WorkingGroup(body=body, status="active")
    return GroupRequest(
        group=group,
        user_id=user.id,
        organisation_id=user.organisation_id,
        kind="request",
        status="declined",
        note=motivation,
        decided_at=utcnow(),
        decision_reason=reason,
        created_by_id=user.id,
    )


def _nomination(user, organisation, text):
    """Her nomination in an election, refused with the Secretariat's reason, with her
    statement, photo and CV (elections)."""
    from mentorship.core import storage
    from mentorship.elections.models import Election, Nomination

    election = Election(title=translated.new_text("en", en="Election"), offices=[])
    db.session.add(
        Nomination(
            election=election,
            organisation_id=organisation.id,
            candidate_id=user.id,
            candidate_organisation_id=organisation.id,
            region="africa",
            status="accepted",
            eligibility="ineligible",
            eligibility_reason=f"{text}-REASON",
            statement=translated.new_text("en", en=f"{text}-STATEMENT"),
            photo_key=storage.new_key("png"),
            photo_type="image/png",
            cv_key=storage.new_key("pdf"),
            cv_name=f"{text}-CV.pdf",
            cv_type="application/pdf",
        )
    )
