"""Every API route x token kind x scope present or absent: the answer the policy
promises. Kinds: a member's personal token (she is the mentee of the mentorship
and registered for the session), a coordinator's personal token, organisation A's
token (the records' organisation), organisation B's token, the Secretariat's
personal token. With the scope a route needs, the answer is the holder's (as on
the pages); without it, 403 (the public routes need none); with no token at all,
401 (tests/web/matrix_rows/api.py)."""

from datetime import date

import pytest

from mentorship import policy
from mentorship.core import translated
from mentorship.db import db
from mentorship.events import registration as event_services
from mentorship.library.models import Resource
from mentorship.metrics.models import Cycle
from mentorship.metrics.publication import Publication

from ..factories import make_mentorship, make_programme
from .api_helpers import bearer, make_token
from .test_events_registration import make_session

KINDS = ("member", "coordinator", "org_own", "org_other", "secretariat")
ALL = (200,) * 5
PERSONAL = (200, 200, 403, 403, 200)  # an organisation token has no account
V = "/api/v1"

# (method, url, scope needed or None, expected per kind with the scope)
ROUTES = [
    ("GET", V + "/openapi.json", None, ALL),
    ("GET", V + "/docs", None, ALL),
    ("GET", V + "/organisations", None, ALL),
    ("GET", V + "/organisations/{a}", None, ALL),
    (
        "GET",
        V + "/organisations/{a}/members",
        "members:read",
        (404, 200, 200, 404, 200),
    ),
    ("GET", V + "/programmes", "programmes:read", ALL),
    ("GET", V + "/programmes/{p}", "programmes:read", ALL),
    (
        "GET",
        V + "/programmes/{p}/organisations/{a}/enrolments",
        "programmes:read",
        (404, 200, 200, 404, 200),
    ),
    ("GET", V + "/me/enrolments", "programmes:read", PERSONAL),
    ("GET", V + "/me", "profile:read", PERSONAL),
    ("GET", V + "/me/mentorships", "mentorships:read", PERSONAL),
    ("GET", V + "/mentorships/{m}", "mentorships:read", (200, 404, 403, 403, 404)),
    ("GET", V + "/events", "events:read", ALL),
    ("GET", V + "/events/{e}", "events:read", ALL),
    (
        "GET",
        V + "/events/{e}/registrations/{member}",
        "events:read",
        (200, 200, 200, 404, 200),
    ),
    # Already registered: a refusal (409) that changes nothing, for her and for
    # her organisation's coordinators (personal or organisation token), who may
    # register her; another organisation's token does not see her (404); the
    # Secretariat has no such power (403).
    (
        "PUT",
        V + "/events/{e}/registrations/{member}",
        "registrations:write",
        (409, 409, 409, 404, 403),
    ),
    # She cancels first (200); her coordinators' cancel then finds nothing to
    # cancel (409) — that they may cancel for her: test_api_resources.
    (
        "DELETE",
        V + "/events/{e}/registrations/{member}",
        "registrations:write",
        (200, 409, 409, 404, 403),
    ),
    ("GET", V + "/library", "library:read", ALL),
    ("GET", V + "/library/{r}", "library:read", ALL),
    ("GET", V + "/metrics/cycles", "metrics:read", ALL),
    ("GET", V + "/metrics/cycles/2025", "metrics:read", ALL),
    ("GET", V + "/metrics/indicators", "metrics:read", ALL),
]


def _world(make_org, make_user):
    org_a, org_b = make_org(), make_org()
    mentorship, member, _mentor = make_mentorship(
        make_org, make_user, mentee=make_user(org=org_a)
    )
    coordinator = make_user(org=org_a, roles=["coordinator"])
    other_coordinator = make_user(org=org_b, roles=["coordinator"])
    secretariat = make_user(roles=["secretariat"])
    session = make_session()
    event_services.register(session.id, member, {}, "everyone", send=False)
    resource = Resource(
        status="published",
        visibility="public",
        title=translated.new_text("en", en="Statutes"),
    )
    cycle = Cycle(year=2025, opens_on=date(2026, 1, 1), deadline=date(2026, 3, 1))
    db.session.add_all([resource, cycle])
    db.session.add(Publication(cycle=cycle, version=1, figures={"indicators": {}}))
    db.session.commit()
    holders = {
        "member": (member, None),
        "coordinator": (coordinator, None),
        "org_own": (coordinator, org_a),
        "org_other": (other_coordinator, org_b),
        "secretariat": (secretariat, None),
    }
    ids = {
        "a": org_a.id,
        "p": make_programme().id,
        "m": mentorship.id,
        "e": session.id,
        "member": member.id,
        "r": resource.id,
    }
    return ids, holders


@pytest.mark.parametrize(
    "method,url,scope,expected", ROUTES, ids=[f"{m} {u}" for m, u, *_ in ROUTES]
)
def test_route_per_token_kind_and_scope(
    client, make_org, make_user, method, url, scope, expected
):
    ids, holders = _world(make_org, make_user)
    target = url.format(**ids)
    answers, without = {}, {}
    others = [s for s in policy.SCOPES if s != scope]
    for kind in KINDS:
        user, organisation = holders[kind]
        _, lacking = make_token(user, scopes=others, organisation=organisation)
        answer = client.open(target, method=method, headers=bearer(lacking), json={})
        without[kind] = answer.status_code
    for kind in KINDS:
        user, organisation = holders[kind]
        _, secret = make_token(user, organisation=organisation)
        answer = client.open(target, method=method, headers=bearer(secret), json={})
        answers[kind] = answer.status_code
        if answer.status_code >= 400:
            assert answer.content_type == "application/problem+json"
    assert answers == dict(zip(KINDS, expected, strict=True))
    lacking_expected = expected if scope is None else (403,) * 5
    assert without == dict(zip(KINDS, lacking_expected, strict=True))


def test_every_api_route_is_in_this_matrix(app):
    served = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1") and "docs/assets" not in rule.rule
    }
    covered = set()
    adapter = app.url_map.bind("localhost")
    for method, url, *_ in ROUTES:
        sample = url.format(a=1, p=1, m=1, e=1, member=1, r=1)
        endpoint, _ = adapter.match(sample, method=method)
        covered |= {r.rule for r in app.url_map.iter_rules(endpoint)}
    assert served - covered == set()
