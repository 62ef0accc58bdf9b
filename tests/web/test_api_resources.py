"""The API's resources against the policy: a token sees what its holder sees on
the pages, no more; pagination, ETags, problem details in three languages, and
bad input that changes nothing."""

import sqlalchemy as sa
from flask_babel import force_locale, gettext

from mentorship.core import translated
from mentorship.db import db
from mentorship.events.models import Registration
from mentorship.library.models import Resource
from mentorship.mentorships.models import Meeting, MeetingNote
from mentorship.profiles.models import Side

from ..factories import enrol, make_mentorship, make_programme
from .api_helpers import bearer, make_token
from .test_events_registration import make_session


def test_public_directory_paginated_with_link_and_etag(client, make_org):
    for n in range(5):
        make_org(name=f"WIM {n}")
    make_org(name="WIM Applicant", status="applicant")
    first = client.get("/api/v1/organisations?per_page=2")
    assert first.status_code == 200
    assert first.json["pagination"] == {
        "page": 1,
        "per_page": 2,
        "total": 5,
        "pages": 3,
    }
    assert [o["name"] for o in first.json["items"]] == ["WIM 0", "WIM 1"]
    assert 'rel="next"' in first.headers["Link"] and "page=2" in first.headers["Link"]
    again = client.get(
        "/api/v1/organisations?per_page=2",
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304 and again.data == b""
    names = [o["name"] for o in client.get("/api/v1/organisations").json["items"]]
    assert "WIM Applicant" not in names
    wrong = client.post("/api/v1/organisations", headers={"Accept-Language": "fr"})
    assert wrong.status_code == 405 and "GET" in wrong.headers["Allow"]
    assert wrong.content_type == "application/problem+json"
    for bad in ("per_page=101", "per_page=0", "page=0", "page=abc", "region=mars"):
        answer = client.get(f"/api/v1/organisations?{bad}")
        assert answer.status_code == 422, bad
        assert answer.content_type == "application/problem+json"
        assert answer.json["errors"][0]["location"] == "query"


def test_problem_details_follow_accept_language(client, make_user):
    _, secret = make_token(make_user(), scopes=["events:read"])
    for lang in ("fr", "es"):
        answer = client.get("/api/v1/me", headers=bearer(secret, lang))
        assert answer.status_code == 403
        assert answer.headers["Content-Language"] == lang
        with force_locale(lang):
            assert answer.json["title"] == gettext("Not allowed") != "Not allowed"
        missing = client.get("/api/v1/nowhere", headers={"Accept-Language": lang})
        assert missing.status_code == 404 and missing.json["status"] == 404
        with force_locale(lang):
            assert missing.json["title"] == gettext("Not found")


def test_locale_comes_from_accept_language_not_the_session(client, make_user):
    from ..factories import sign_in

    her = make_user(locale="fr")
    sign_in(client, her, locale="fr")
    answer = client.get("/api/v1/nowhere", headers={"Accept-Language": "es"})
    assert answer.headers["Content-Language"] == "es"


def test_members_and_their_programme_status(client, make_org, make_user):
    org, other = make_org(), make_org()
    coordinator = make_user(org=org, roles=["coordinator"], name="Carla")
    member = make_user(org=org, name="Ana")
    stranger = make_user(org=other, name="Zoe")
    programme = make_programme()
    enrol(programme, member, Side.MENTEE)
    enrol(programme, stranger, Side.MENTEE)
    _, org_secret = make_token(coordinator, organisation=org)
    _, coord_secret = make_token(coordinator, scopes=["members:read"])
    _, member_secret = make_token(member)
    _, other_org_secret = make_token(
        make_user(org=other, roles=["coordinator"]), organisation=other
    )
    staff_secret = make_token(make_user(roles=["secretariat"]))[1]
    url = f"/api/v1/organisations/{org.id}/members"
    for secret in (org_secret, coord_secret, staff_secret):
        answer = client.get(url, headers=bearer(secret))
        assert answer.status_code == 200
        people = {p["name"]: p for p in answer.json["items"]}
        assert set(people) == {"Ana", "Carla"}
        assert people["Ana"]["enrolments"][0]["role"] == "mentee"
        assert people["Carla"]["coordinator"] is True
        assert "Z" not in answer.json["items"][0]["joined_at"][-6:]  # +00:00
    # Another organisation's people are out of reach: 404, as on the pages.
    assert client.get(url, headers=bearer(other_org_secret)).status_code == 404
    assert client.get(url, headers=bearer(member_secret)).status_code == 404
    # A coordinator's personal token without the scope: 403.
    _, no_scope = make_token(coordinator, scopes=["events:read"])
    assert client.get(url, headers=bearer(no_scope)).status_code == 403
    enrolments = f"/api/v1/programmes/{programme.id}/organisations/{org.id}/enrolments"
    answer = client.get(enrolments, headers=bearer(org_secret))
    assert [e["person_name"] for e in answer.json["items"]] == ["Ana"]
    assert client.get(enrolments, headers=bearer(other_org_secret)).status_code == 404


def test_her_mentorships_goals_meetings_and_only_her_notes(client, make_org, make_user):
    mentorship, mentee, mentor = make_mentorship(make_org, make_user)
    meeting = Meeting(mentorship_id=mentorship.id, held_on=mentorship.started_at)
    db.session.add(meeting)
    db.session.flush()
    db.session.add_all(
        [
            MeetingNote(meeting_id=meeting.id, author_id=mentee.id, body="mine"),
            MeetingNote(meeting_id=meeting.id, author_id=mentor.id, body="hers"),
        ]
    )
    db.session.commit()
    _, mentee_secret = make_token(mentee)
    _, mentor_secret = make_token(mentor)
    outsider_secret = make_token(make_user(roles=["secretariat"]))[1]
    listed = client.get("/api/v1/me/mentorships", headers=bearer(mentee_secret))
    assert [m["id"] for m in listed.json["items"]] == [mentorship.id]
    assert listed.json["items"][0]["my_role"] == "mentee"
    url = f"/api/v1/mentorships/{mentorship.id}"
    detail = client.get(url, headers=bearer(mentee_secret)).json
    assert [m["my_note"] for m in detail["meetings"]] == ["mine"]
    detail = client.get(url, headers=bearer(mentor_secret)).json
    assert [m["my_note"] for m in detail["meetings"]] == ["hers"]
    # Not the Secretariat's to read (the pages say the same: the pair's space).
    assert client.get(url, headers=bearer(outsider_secret)).status_code == 404
    org_secret = make_token(
        make_user(org=mentee.organisation, roles=["coordinator"]),
        organisation=mentee.organisation,
    )[1]
    assert client.get(url, headers=bearer(org_secret)).status_code in (403, 404)


def test_register_and_cancel_herself(client, make_org, make_user, outbox):
    org = make_org()
    her = make_user(org=org)
    session = make_session()
    _, secret = make_token(her)
    url = f"/api/v1/events/{session.id}/registrations/{her.id}"
    listed = client.get("/api/v1/events", headers=bearer(secret))
    assert [e["id"] for e in listed.json["items"]] == [session.id]
    assert listed.json["items"][0]["starts_at"].endswith("+00:00")
    answer = client.put(url, json={"visibility": "everyone"}, headers=bearer(secret))
    assert answer.status_code == 200 and answer.json["status"] == "registered"
    again = client.put(url, json={}, headers=bearer(secret, "fr"))
    assert again.status_code == 409
    assert again.json["detail"] != "You are already registered for this session."
    assert client.get(url, headers=bearer(secret)).json["status"] == "registered"
    gone = client.delete(url, headers=bearer(secret))
    assert gone.status_code == 200 and gone.json["status"] == "cancelled"


def test_bad_input_changes_nothing(client, make_org, make_user):
    org, other = make_org(), make_org()
    her = make_user(org=org)
    coordinator = make_user(org=org, roles=["coordinator"])
    stranger = make_user(org=other)
    session = make_session()
    _, secret = make_token(her)
    _, read_only = make_token(her, scopes=["events:read"])
    _, org_secret = make_token(coordinator, organisation=org)
    url = f"/api/v1/events/{session.id}/registrations/{her.id}"
    cases = [
        (url, {"visibility": "the whole world"}, bearer(secret), 422),
        (url, {"answers": "not a mapping"}, bearer(secret), 422),
        (url, {"unexpected": 1}, bearer(secret), 422),
        (url, {}, bearer(read_only), 403),
        (url, {"visibility": "the whole world"}, bearer(org_secret), 422),
        (
            f"/api/v1/events/{session.id}/registrations/{stranger.id}",
            {},
            bearer(org_secret),
            404,
        ),
        (
            f"/api/v1/events/{session.id}/registrations/{stranger.id}",
            {},
            bearer(secret),
            404,
        ),
        (f"/api/v1/events/999999/registrations/{her.id}", {}, bearer(secret), 404),
    ]
    for target, body, headers, status in cases:
        answer = client.put(target, json=body, headers=headers)
        assert answer.status_code == status, (target, body, answer.json)
        assert answer.content_type == "application/problem+json"
    answer = client.put(
        url,
        data="{not json",
        headers={**bearer(secret), "Content-Type": "application/json"},
    )
    assert answer.status_code in (400, 422)
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0


def test_an_organisation_registers_its_member_and_cancels(client, make_org, make_user):
    """The "done when" of issue 19: a coordinator's organisation token registers a
    member for a round table, then cancels; both are audited with who did it; the
    Secretariat (403), another member and another organisation's token (404: they
    do not see her) may not."""
    from mentorship.audit.models import AuditEvent

    org, other = make_org(), make_org()
    her = make_user(org=org)
    coordinator = make_user(org=org, roles=["coordinator"])
    colleague = make_user(org=org)
    staff = make_user(roles=["secretariat"])
    session = make_session()
    _, org_secret = make_token(coordinator, organisation=org)
    _, other_secret = make_token(
        make_user(org=other, roles=["coordinator"]), organisation=other
    )
    _, colleague_secret = make_token(colleague)
    _, staff_secret = make_token(staff)
    url = f"/api/v1/events/{session.id}/registrations/{her.id}"
    refused = {
        "colleague": client.put(url, json={}, headers=bearer(colleague_secret)),
        "staff": client.put(url, json={}, headers=bearer(staff_secret)),
        "other": client.put(url, json={}, headers=bearer(other_secret)),
    }
    assert refused["colleague"].status_code == 404  # she cannot see her
    assert refused["staff"].status_code == 403  # sees her, may not register her
    assert refused["staff"].json["type"].endswith("not-hers-to-register")
    assert refused["other"].status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0
    done = client.put(url, json={}, headers=bearer(org_secret))
    assert done.status_code == 200, done.json
    assert done.json["status"] in ("registered", "waitlisted")
    row = db.session.scalar(sa.select(Registration))
    assert row.user_id == her.id
    cancelled = client.delete(url, headers=bearer(org_secret))
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.entity_type == "event_registrations"
        )
    ).all()
    assert {"registered_on_behalf", "cancelled_on_behalf"} <= set(actions)


def test_library_only_what_she_may_read(client, make_user):
    public = Resource(
        status="published",
        visibility="public",
        title=translated.new_text("en", en="Statutes"),
    )
    members_only = Resource(
        status="published",
        visibility="members",
        title=translated.new_text("en", en="Members' guide"),
    )
    draft = Resource(status="draft", title=translated.new_text("en", en="Draft"))
    db.session.add_all([public, members_only, draft])
    db.session.commit()
    _, secret = make_token(make_user(), scopes=["library:read"])
    answer = client.get("/api/v1/library", headers=bearer(secret))
    assert [r["title"] for r in answer.json["items"]] == ["Statutes"]
    assert (
        client.get(f"/api/v1/library/{draft.id}", headers=bearer(secret)).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/library/{members_only.id}", headers=bearer(secret)
        ).status_code
        == 404
    )


def test_published_metrics_only(client, make_user):
    _, secret = make_token(make_user(), scopes=["metrics:read"])
    answer = client.get("/api/v1/metrics/cycles", headers=bearer(secret))
    assert answer.status_code == 200 and answer.json["items"] == []
    assert answer.json["pagination"]["total"] == 0
    assert (
        client.get("/api/v1/metrics/cycles/2025", headers=bearer(secret)).status_code
        == 404
    )


def test_the_description_and_the_docs_are_served_locally(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200 and spec.json["openapi"].startswith("3.")
    assert "/api/v1/organisations/{organisation_id}/members" in spec.json["paths"]
    docs = client.get("/api/v1/docs").get_data(as_text=True)
    assert "http" not in docs.split("<body>")[1].replace("http-equiv", "")
    bundle = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    bundle.close()
    assert client.get("/api/v1/docs/assets/index.html").status_code == 404


def test_an_unexpected_error_is_a_problem_too(app, app_ctx):
    """An exception a view did not expect: a 500 problem; the database gone: 503."""
    from sqlalchemy.exc import DBAPIError

    propagate = app.config["PROPAGATE_EXCEPTIONS"]
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        path = "/api/v1/organisations"
        headers = {"Accept-Language": "es"}
        with app.test_request_context(path, headers=headers):
            answer = app.make_response(app.handle_exception(RuntimeError("boom")))
            assert answer.status_code == 500
            assert answer.mimetype == "application/problem+json"
            assert "boom" not in answer.get_data(as_text=True)
        gone = DBAPIError("SELECT 1", {}, Exception("connection lost"))
        with app.test_request_context(path, headers=headers):
            answer = app.make_response(app.handle_exception(gone))
            assert answer.status_code == 503
            assert answer.headers["Retry-After"] == "30"
            assert answer.mimetype == "application/problem+json"
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = propagate


def test_the_description_validates(client):
    """The OpenAPI document itself is valid OpenAPI 3.0 (openapi-spec-validator)."""
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").json)
