"""The AGM's rows: its pages are public (agenda, quorum, pack); the check-in desk
is the Secretariat's before the AGM opens; the proxies page is the Secretariat's
and that of the people who may hand organisation A's vote (its leader and
delegate); every other page and action is the Secretariat's.

The world's AGM is planned (not in session): putting a motion to the vote, closing
a vote or the AGM are refused there with a message (302 back to the AGM page);
the proxy form names a holder who is no delegate, so that the grant is refused
(400) after the policy let the leader and the delegate through.
"""

from datetime import time, timedelta

from mentorship.core import memberships, translated
from mentorship.db import db, utcnow

from ..policy_rows import LOGIN, PUBLIC, STAFF_BAD, STAFF_PAGE, STAFF_POST, row

A = "/agm/{agm_year}"
ADMIN = "/admin/agm"

PROXIES_PAGE = row(
    LOGIN, 403, 403, 403, 403, 200, 403, 200, 200, 403, leader=200, delegate=200
)
PROXY_REFUSED = row(
    LOGIN, 403, 403, 403, 403, 400, 403, 400, 400, 403, leader=400, delegate=400
)
REVOKE = row(
    LOGIN, 403, 403, 403, 403, 302, 403, 302, 302, 403, leader=404, delegate=404
)

EMPTY_TITLE = {"title-source": "en", "title-en": ""}

PUBLIC_ENDPOINTS = {"agm.index", "agm.detail", "agm.item", "agm.pack_page"}

ROWS = {
    ("agm.index", "GET"): ("/agm", {}, PUBLIC),
    ("agm.detail", "GET"): (A, {}, PUBLIC),
    ("agm.item", "GET"): (A + "/items/{agm_item_id}", {}, PUBLIC),
    ("agm.pack_page", "GET"): (A + "/pack", {}, PUBLIC),
    ("agm.check_in", "GET"): (A + "/check-in", {}, STAFF_PAGE),
    ("agm.check_in", "POST"): (
        A + "/check-in",
        {"organisation_id": "{org_id}", "delegate_id": "{agm_delegate_id}"},
        STAFF_POST,
    ),
    ("agm.undo_check_in", "POST"): (
        A + "/check-in/{agm_checkin_id}/undo",
        {},
        STAFF_POST,
    ),
    ("agm.proxies", "GET"): (A + "/proxies", {}, PROXIES_PAGE),
    ("agm.proxies", "POST"): (
        A + "/proxies",
        {
            "organisation_id": "{org_id}",
            "holder_id": "{member_own_id}",
            "confirm": "y",
        },
        PROXY_REFUSED,
    ),
    ("agm.revoke_proxy", "POST"): (
        A + "/proxies/{agm_proxy_id}/revoke",
        {},
        REVOKE,
    ),
    ("agm.create", "GET"): (ADMIN + "/new", {}, STAFF_PAGE),
    ("agm.create", "POST"): (ADMIN + "/new", {}, STAFF_BAD),
    ("agm.rules", "GET"): (ADMIN + "/{agm_id}/rules", {}, STAFF_PAGE),
    ("agm.rules", "POST"): (
        ADMIN + "/{agm_id}/rules",
        {"quorum_percent": "x"},
        STAFF_BAD,
    ),
    ("agm.open_meeting", "POST"): (ADMIN + "/{agm_id}/open", {}, STAFF_POST),
    ("agm.close_meeting", "POST"): (ADMIN + "/{agm_id}/close", {}, STAFF_POST),
    ("agm.new_item", "GET"): (ADMIN + "/{agm_id}/items/new", {}, STAFF_PAGE),
    ("agm.new_item", "POST"): (ADMIN + "/{agm_id}/items/new", {}, STAFF_BAD),
    ("agm.edit_item", "GET"): (ADMIN + "/items/{agm_item_id}/edit", {}, STAFF_PAGE),
    ("agm.edit_item", "POST"): (
        ADMIN + "/items/{agm_item_id}/edit",
        EMPTY_TITLE,
        STAFF_BAD,
    ),
    ("agm.table_item", "POST"): (
        ADMIN + "/items/{agm_item_id}/table",
        {},
        STAFF_POST,
    ),
    ("agm.withdraw_item", "POST"): (
        ADMIN + "/items/{agm_item_id}/withdraw",
        {},
        STAFF_POST,
    ),
    ("agm.put_to_vote", "POST"): (
        ADMIN + "/items/{agm_item_id}/vote",
        {"minutes": "15"},
        STAFF_POST,
    ),
    ("agm.close_vote", "POST"): (
        ADMIN + "/items/{agm_item_id}/close-vote",
        {},
        STAFF_POST,
    ),
    ("agm.new_section", "GET"): (ADMIN + "/{agm_id}/pack/new", {}, STAFF_PAGE),
    ("agm.new_section", "POST"): (ADMIN + "/{agm_id}/pack/new", {}, STAFF_BAD),
    ("agm.edit_section", "GET"): (
        ADMIN + "/pack/{agm_section_id}/edit",
        {},
        STAFF_PAGE,
    ),
    ("agm.edit_section", "POST"): (
        ADMIN + "/pack/{agm_section_id}/edit",
        EMPTY_TITLE,
        STAFF_BAD,
    ),
    ("agm.record_resolutions", "POST"): (
        ADMIN + "/{agm_id}/resolutions",
        {},
        STAFF_POST,
    ),
}


def world(ids, people, make_org, make_user):
    """An AGM planned in three weeks with a tabled motion, a pack section, an
    AGM proxy of another organisation (Gamma) held by the delegate of a fourth,
    who is checked in."""
    from mentorship.agm import pack, services
    from mentorship.agm.models import AgmCheckIn
    from mentorship.decisions.models import Proxy, ProxyScope

    staff = people["secretariat"]
    day = (utcnow() + timedelta(days=21)).date()
    agm = services.create_agm(
        services.AgmValues(
            year=day.year,
            day=day,
            starts=time(14, 0),
            duration=180,
            timezone="Europe/Paris",
        ),
        staff,
    )
    item = services.add_item(
        agm,
        services.ItemValues(
            kind="motion",
            title=translated.Edit("en", {"en": "Adopt the work plan"}),
            text=translated.Edit("en", {"en": "The Alliance adopts its plan."}),
        ),
        staff,
    )
    services.table(item, staff)
    section = pack.add_section(
        agm,
        "report",
        translated.Edit("en", {"en": "Report of the year"}),
        translated.Edit("en", {"en": "What the Alliance did."}),
        staff,
    )
    gamma = make_org(name="WIM AGM Gamma")
    holder_org = make_org(name="WIM AGM Holder")
    holder = make_user(org=holder_org)
    memberships.start(holder, "voting_delegate", organisation=holder_org)
    # Written as a row: the decisions core's grant also emails the holder.
    proxy = Proxy(
        scope=ProxyScope.AGM,
        session_id=agm.session_id,
        organisation_id=gamma.id,
        holder_id=holder.id,
        holder_organisation_id=holder_org.id,
        granted_by_id=staff.id,
        granted_at=utcnow(),
        expires_at=agm.session.ends_at,
    )
    db.session.add(proxy)
    checkin = AgmCheckIn(
        agm_id=agm.id,
        organisation_id=holder_org.id,
        delegate_id=holder.id,
        position="voting_delegate",
        checked_in_by_id=staff.id,
    )
    db.session.add(checkin)
    db.session.commit()
    return {
        "agm_year": agm.year,
        "agm_id": agm.id,
        "agm_item_id": item.id,
        "agm_section_id": section.id,
        "agm_proxy_id": proxy.id,
        "agm_checkin_id": checkin.id,
        "agm_delegate_id": people["delegate_own"].id,
    }
