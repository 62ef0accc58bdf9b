"""Policy-matrix rows of needs and offers, introductions and their follow-up.

The world: organisation A lists a need; a third organisation C (with its own leader)
offers it; the Secretariat proposed introducing A and C (waiting for both); A and D
were introduced (its follow-up page); E has nothing with A yet (the Secretariat's
proposal). Stewards of A (coordinator_own, leader_own) act for A; its other members
reach nothing (404); the Secretariat stands in for no one here (both sides have
stewards): accepting or declining is refused with 400.
"""

from mentorship.core import memberships
from mentorship.db import db, utcnow
from mentorship.organisations.models import Organisation
from mentorship.partnerships import services
from mentorship.partnerships.models import Introduction
from tests.web.policy_rows import (
    LOGIN,
    ORG_PEOPLE,
    ORG_PEOPLE_POST,
    STAFF_PAGE,
    STAFF_POST,
    row,
)

STEWARD_PAGE = {**ORG_PEOPLE, "leader_own": 200}
STEWARD_POST = {**ORG_PEOPLE_POST, "leader_own": 302}
# A's stewards answer for A; the Secretariat may not answer for a side with stewards.
ANSWER = row(LOGIN, 404, 404, 302, 404, 400, 404, 400, 400, 404, leader=302)
# The Secretariat proposed it: only the Secretariat withdraws it.
WITHDRAW = row(LOGIN, 404, 404, 400, 404, 302, 404, 302, 302, 404, leader=400)

ROWS = {
    ("partnerships.needs_offers", "GET"): (
        "/organisations/{org_slug}/needs-offers",
        {},
        STEWARD_PAGE,
    ),
    ("partnerships.needs_offers", "POST"): (
        "/organisations/{org_slug}/needs-offers",
        {
            "kind": "offer",
            "category": "events",
            "description": "Webinars",
            "language": "en",
        },
        STEWARD_POST,
    ),
    ("partnerships.remove_listing", "POST"): (
        "/organisations/{org_slug}/needs-offers/{listing_id}/remove",
        {},
        STEWARD_POST,
    ),
    ("partnerships.introductions", "GET"): (
        "/organisations/{org_slug}/introductions",
        {},
        STEWARD_PAGE,
    ),
    ("partnerships.introductions", "POST"): (
        "/organisations/{org_slug}/introductions",
        {"other": "{free_org_id}", "message": "Shall we talk?"},
        STEWARD_POST,
    ),
    ("partnerships.accept", "POST"): (
        "/introductions/{introduction_id}/accept",
        {},
        ANSWER,
    ),
    ("partnerships.decline", "POST"): (
        "/introductions/{introduction_id}/decline",
        {"reason": "Not now"},
        ANSWER,
    ),
    ("partnerships.withdraw", "POST"): (
        "/introductions/{introduction_id}/withdraw",
        {},
        WITHDRAW,
    ),
    ("partnerships.follow_up", "GET"): (
        "/introductions/{made_introduction_id}/follow-up",
        {},
        STEWARD_PAGE,
    ),
    ("partnerships.follow_up", "POST"): (
        "/introductions/{made_introduction_id}/follow-up",
        {"answer": "no_partnership"},
        STEWARD_POST,
    ),
    ("partnerships.admin", "GET"): (
        "/admin/introductions?state=proposed",
        {},
        STAFF_PAGE,
    ),
    ("partnerships.admin", "POST"): (
        "/admin/introductions",
        {"first": "{org_id}", "second": "{free_org_id}", "onboarding": "y"},
        STAFF_POST,
    ),
}


def _org_with_leader(make_org, make_user, name, region="africa"):
    org = make_org(name=name, region=region, working_languages=["en", "fr"])
    memberships.start(make_user(org=org), "leader", organisation=org)
    return org


def world(ids, people, make_org, make_user):
    """A's need, C's offer, the A-C proposal, the A-D introduction, free E."""
    org_a = db.session.get(Organisation, ids["org_id"])
    staff = people.get("secretariat")
    c = _org_with_leader(make_org, make_user, "WIM Partner C")
    d = _org_with_leader(make_org, make_user, "WIM Partner D")
    e = _org_with_leader(make_org, make_user, "WIM Partner E")
    need = services.save_listing(org_a, "need", "fundraising", "Grants", "en", staff)
    services.save_listing(c, "offer", "fundraising", "We win grants", "en", staff)
    services.save_listing(e, "offer", "fundraising", "", "en", staff)
    proposed = _introduction(org_a.id, c.id, staff, status="proposed")
    made = _introduction(org_a.id, d.id, staff, status="introduced")
    made.low_decision = made.high_decision = "accepted"
    made.introduced_at = utcnow()
    db.session.commit()
    return {
        "listing_id": need.id,
        "introduction_id": proposed.id,
        "made_introduction_id": made.id,
        "free_org_id": e.id,
    }


def _introduction(first_id, second_id, staff, status):
    low, high = sorted((first_id, second_id))
    introduction = Introduction(
        org_low_id=low,
        org_high_id=high,
        status=status,
        message="",
        decline_reason="",
        proposed_by_id=staff.id if staff else None,
    )
    db.session.add(introduction)
    db.session.flush()
    return introduction
