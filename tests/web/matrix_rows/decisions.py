"""Decisions' rows: the public archive and page; the vote only A's delegate casts
(anyone else's POST is 403); the proxy its delegate or leader hands and revokes; the
awaiting page of delegates and leaders; the Secretariat's pages."""

from datetime import timedelta

from mentorship.core import memberships, translated
from mentorship.db import db, utcnow
from mentorship.decisions import proxies, services

from ..policy_rows import (
    LOGIN,
    PUBLIC,
    STAFF_BAD,
    STAFF_PAGE,
    STAFF_POST,
    row,
)

DELEGATE_POST = row(
    LOGIN, 403, 403, 403, 403, 403, 403, 403, 403, 403, leader=403, delegate=302
)
STEWARD_PAGE = row(
    LOGIN, 403, 403, 403, 403, 403, 403, 403, 403, 403, leader=200, delegate=200
)
STEWARD_POST = row(
    LOGIN, 403, 403, 403, 403, 403, 403, 403, 403, 403, leader=302, delegate=302
)
D = "/admin/decisions"

PUBLIC_ENDPOINTS = {"decisions.archive", "decisions.detail"}

ROWS = {
    ("decisions.archive", "GET"): ("/decisions", {}, PUBLIC),
    ("decisions.detail", "GET"): ("/decisions/{open_decision_id}", {}, PUBLIC),
    ("decisions.vote", "POST"): (
        "/decisions/{open_decision_id}/vote",
        {"organisation_id": "{org_id}", "choice": "agree"},
        DELEGATE_POST,
    ),
    ("decisions.proxy", "GET"): (
        "/decisions/{open_decision_id}/proxy?organisation_id={org_id}",
        {},
        STEWARD_PAGE,
    ),
    ("decisions.proxy", "POST"): (
        "/decisions/{open_decision_id}/proxy?organisation_id={org_id}",
        {"organisation_id": "{org_id}", "holder_id": "{holder_id}", "confirm": "y"},
        STEWARD_POST,
    ),
    ("decisions.revoke_proxy", "POST"): (
        "/decisions/proxies/{proxy_id}/revoke",
        {},
        STEWARD_POST,
    ),
    ("decisions.awaiting", "GET"): ("/awaiting", {}, STEWARD_PAGE),
    ("decisions.admin", "GET"): (D, {}, STAFF_PAGE),
    ("decisions.create", "GET"): (D + "/new", {}, STAFF_PAGE),
    ("decisions.create", "POST"): (D + "/new", {}, STAFF_BAD),
    ("decisions.edit", "GET"): (D + "/{draft_decision_id}/edit", {}, STAFF_PAGE),
    ("decisions.edit", "POST"): (D + "/{draft_decision_id}/edit", {}, STAFF_BAD),
    ("decisions.open_decision", "POST"): (
        D + "/{draft_decision_id}/open",
        {},
        STAFF_POST,
    ),
    ("decisions.close", "GET"): (D + "/{open_decision_id}/close", {}, STAFF_PAGE),
    ("decisions.close", "POST"): (
        D + "/{open_decision_id}/close",
        {"confirm": "y"},
        STAFF_POST,
    ),
    ("decisions.cancel", "GET"): (D + "/{open_decision_id}/cancel", {}, STAFF_PAGE),
    ("decisions.cancel", "POST"): (
        D + "/{open_decision_id}/cancel",
        {"reason": "Asked twice."},
        STAFF_POST,
    ),
    ("decisions.participation", "GET"): (D + "/{open_decision_id}", {}, STAFF_PAGE),
}


def _decision(staff, title, opened=True):
    decision = services.create(
        "proposal",
        translated.Edit("en", {"en": title}),
        translated.Edit("en", {"en": f"The text of {title}."}),
        staff,
        closes_at=utcnow() + timedelta(days=7),
    )
    if opened:
        services.open_decision(decision, staff)
    return decision


def world(ids, people, make_org, make_user):
    """An open decision A has not answered; another where A handed its proxy to
    the delegate of Delta; a draft ready to open."""
    from mentorship.organisations.models import Organisation

    staff = people["secretariat"]
    org_a = db.session.get(Organisation, ids["org_id"])
    delta = make_org(name="WIM Delta")
    holder = make_user(org=delta)
    memberships.start(holder, "voting_delegate", organisation=delta)
    db.session.commit()
    open_decision = _decision(staff, "Open resolution")
    proxied = _decision(staff, "Proxied resolution")
    proxy = proxies.grant(org_a, holder, people["delegate_own"], decision=proxied)
    draft = _decision(staff, "Draft resolution", opened=False)
    db.session.commit()
    return {
        "open_decision_id": open_decision.id,
        "draft_decision_id": draft.id,
        "proxy_id": proxy.id,
        "holder_id": holder.id,
    }
