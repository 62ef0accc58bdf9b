"""Property-based: the whole API against its own OpenAPI description, in process
(schemathesis over the Flask app's WSGI interface), authenticated with a real
token of a person of a member organisation holding every scope. No answer may be
a server error, and every answer must match what the description says (status
code documented, content type, body schema, headers). Bounded: a few hundred
examples, well under two minutes. On PostgreSQL run it with DATABASE_URL set."""

from datetime import date

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mentorship.core import translated
from mentorship.db import db
from mentorship.library.models import Resource
from mentorship.metrics.models import Cycle
from mentorship.metrics.publication import Publication

from ..factories import make_mentorship
from .api_helpers import bearer, make_token
from .test_events_registration import make_session

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
SETTINGS = dict(
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _world(make_org, make_user):
    org = make_org()
    her = make_user(org=org)
    make_user(org=org, roles=["coordinator"])
    make_session()
    return make_token(her)[1]


def _real_ids(make_org, make_user):
    """A world whose ids the generated cases cannot guess: her mentorship, a
    session she may register for, her organisation (she coordinates it), a
    programme, a publication."""
    coordinator = make_user(org=make_org(), roles=["coordinator"])
    mentorship, her, _mentor = make_mentorship(make_org, make_user, mentee=coordinator)
    session = make_session()
    resource = Resource(
        status="published",
        visibility="public",
        title=translated.new_text("en", en="Statutes"),
    )
    cycle = Cycle(year=2025, opens_on=date(2026, 1, 1), deadline=date(2026, 3, 1))
    db.session.add_all([resource, cycle])
    db.session.add(Publication(cycle=cycle, version=1, figures={"indicators": {}}))
    db.session.commit()
    ids = {
        "event_id": session.id,
        "person_id": her.id,
        "organisation_id": her.organisation_id,
        "programme_id": mentorship.programme_id,
        "mentorship_id": mentorship.id,
        "resource_id": resource.id,
        "year": 2025,
    }
    return make_token(her)[1], ids


def test_the_api_keeps_its_description(app, make_org, make_user):
    secret = _world(make_org, make_user)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    @settings(max_examples=300, **SETTINGS)
    @given(case=schema.as_strategy())
    def positive(case):
        case.call_and_validate(headers=bearer(secret), checks=CHECKS)

    positive()


def test_every_operation_on_real_records_keeps_its_description(
    app, make_org, make_user
):
    """Generated ids mostly miss (404): each operation once more on real records,
    PUT before DELETE so that the cancellation cancels something."""
    secret, ids = _real_ids(make_org, make_user)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    statuses = {}
    order = {"GET": 0, "PUT": 1, "DELETE": 3}

    def step(op):  # her registration is read between registering and cancelling
        return (
            2
            if op.path.endswith("{person_id}") and op.method == "get"
            else (order[op.method.upper()])
        )

    operations = sorted(
        (result.ok() for result in schema.get_all_operations()), key=step
    )
    for operation in operations:
        names = [p.name for p in operation.path_parameters]
        case = operation.Case(
            path_parameters={name: ids[name] for name in names},
            body={} if operation.method.upper() == "PUT" else NOT_SET,
        )
        response = case.call_and_validate(headers=bearer(secret), checks=CHECKS)
        statuses[(operation.method.upper(), operation.path)] = response.status_code
    assert set(statuses.values()) == {200}, statuses


def test_broken_input_is_refused_never_a_server_error(app, make_org, make_user):
    secret = _world(make_org, make_user)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    @settings(max_examples=200, **SETTINGS)
    @given(case=schema.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    def negative(case):
        response = case.call(headers=bearer(secret))
        assert response.status_code < 500, (case.path, response.text)
        if response.status_code >= 400:
            headers = {k.lower(): v for k, v in response.headers.items()}
            assert headers["content-type"][0].startswith("application/problem+json")

    negative()
