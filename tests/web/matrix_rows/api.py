"""The API's rows in the session matrix. Under /api the session cookie signs in
nobody: without a token every viewer gets 401, but for the public directory, the
OpenAPI description and the docs (200). The token pages are the account's
(personal tokens) and the organisation's coordinators' (organisation tokens).
Every API route x token kind x scope is in tests/web/test_api_matrix.py."""

from datetime import timedelta

from mentorship.api import tokens
from mentorship.db import db, utcnow

from ..policy_rows import LOGIN, PUBLIC, SIGNED_IN, SIGNED_IN_BAD, row

NO_TOKEN = row(401, 401, 401, 401, 401, 401, 401, 401, 401, 401)
OWN_TOKEN_POST = row(
    LOGIN, 302, 404, 404, 404, 404, 404, 404, 404, 404, leader=404, delegate=404
)
ORG_TOKENS = row(LOGIN, 404, 404, 200, 404, 404, 404, 404, 404, 404)
ORG_TOKENS_BAD = row(LOGIN, 404, 404, 400, 404, 404, 404, 404, 404, 404)
ORG_TOKENS_POST = row(LOGIN, 404, 404, 302, 404, 404, 404, 404, 404, 404)

PUBLIC_ENDPOINTS = {
    "api-docs.openapi_json",
    "api_docs.docs",
    "api_docs.assets",
    "api_organisations.directory",
    "api_organisations.organisation",
}

V = "/api/v1"
ORG = V + "/organisations/{org_id}"
EVENT_REG = V + "/events/{api_event_id}/registrations/{member_own_id}"

ROWS = {
    ("api-docs.openapi_json", "GET"): (V + "/openapi.json", {}, PUBLIC),
    ("api_docs.docs", "GET"): (V + "/docs", {}, PUBLIC),
    ("api_docs.assets", "GET"): (V + "/docs/assets/swagger-ui.css", {}, PUBLIC),
    ("api_organisations.directory", "GET"): (V + "/organisations", {}, PUBLIC),
    ("api_organisations.organisation", "GET"): (ORG, {}, PUBLIC),
    ("api_members.members", "GET"): (ORG + "/members", {}, NO_TOKEN),
    ("api_programmes.programmes", "GET"): (V + "/programmes", {}, NO_TOKEN),
    ("api_programmes.programme", "GET"): (
        V + "/programmes/{programme_id}",
        {},
        NO_TOKEN,
    ),
    ("api_programmes.organisation_enrolments", "GET"): (
        V + "/programmes/{programme_id}/organisations/{org_id}/enrolments",
        {},
        NO_TOKEN,
    ),
    ("api_programmes.my_enrolments", "GET"): (V + "/me/enrolments", {}, NO_TOKEN),
    ("api_account.me", "GET"): (V + "/me", {}, NO_TOKEN),
    ("api_account.my_mentorships", "GET"): (V + "/me/mentorships", {}, NO_TOKEN),
    ("api_account.mentorship", "GET"): (
        V + "/mentorships/{mentorship_id}",
        {},
        NO_TOKEN,
    ),
    ("api_events.events", "GET"): (V + "/events", {}, NO_TOKEN),
    ("api_events.event", "GET"): (V + "/events/{api_event_id}", {}, NO_TOKEN),
    ("api_events.registration", "GET"): (EVENT_REG, {}, NO_TOKEN),
    ("api_events.register", "PUT"): (EVENT_REG, {}, NO_TOKEN),
    ("api_events.cancel", "DELETE"): (EVENT_REG, {}, NO_TOKEN),
    ("api_library.resources", "GET"): (V + "/library", {}, NO_TOKEN),
    ("api_library.resource", "GET"): (V + "/library/1", {}, NO_TOKEN),
    ("api_metrics.cycles", "GET"): (V + "/metrics/cycles", {}, NO_TOKEN),
    ("api_metrics.cycle", "GET"): (V + "/metrics/cycles/2025", {}, NO_TOKEN),
    ("api_metrics.indicators", "GET"): (V + "/metrics/indicators", {}, NO_TOKEN),
    # The token pages.
    ("api_tokens.personal", "GET"): ("/account/api-tokens", {}, SIGNED_IN),
    ("api_tokens.create_personal", "POST"): ("/account/api-tokens", {}, SIGNED_IN_BAD),
    ("api_tokens.revoke_personal", "POST"): (
        "/account/api-tokens/{api_token_id}/revoke",
        {},
        OWN_TOKEN_POST,
    ),
    ("api_tokens.organisation", "GET"): (
        "/organisations/{org_id}/api-tokens",
        {},
        ORG_TOKENS,
    ),
    ("api_tokens.create_organisation", "POST"): (
        "/organisations/{org_id}/api-tokens",
        {},
        ORG_TOKENS_BAD,
    ),
    ("api_tokens.revoke_organisation", "POST"): (
        "/organisations/{org_id}/api-tokens/{api_org_token_id}/revoke",
        {},
        ORG_TOKENS_POST,
    ),
}


def world(ids, people, make_org, make_user):
    from mentorship.core import translated
    from mentorship.events.models import EventSeries, EventSession
    from mentorship.organisations.models import Organisation

    member = people["member_own"]
    mine, _ = tokens.create(
        name="mine",
        scopes=["profile:read"],
        expires_on=utcnow() + timedelta(days=30),
        by=member,
    )
    organisation = db.session.get(Organisation, ids["org_id"])
    theirs, _ = tokens.create(
        name="org",
        scopes=["members:read"],
        expires_on=utcnow() + timedelta(days=30),
        by=people["coordinator_own"],
        organisation=organisation,
    )
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    series = EventSeries(
        slug="api-round-tables",
        kind="round_table",
        name=translated.new_text("en", en="Round tables"),
    )
    session = EventSession(
        series=series,
        title=translated.new_text("en", en="Mine closure"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="UTC",
        audience="members",
    )
    db.session.add_all([series, session])
    db.session.commit()
    return {
        "api_token_id": mine.id,
        "api_org_token_id": theirs.id,
        "api_event_id": session.id,
    }
