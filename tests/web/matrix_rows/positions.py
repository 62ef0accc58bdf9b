"""Common positions' rows: the public register, the answer only A's delegate gives
(the page is public, so anyone else's POST is 403), the Secretariat's pages."""

from datetime import timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.positions import services

from ..policy_rows import (
    LOGIN,
    PUBLIC,
    STAFF_BAD,
    STAFF_PAGE,
    STAFF_POST,
    row,
)


def today():
    """Today, asked at each use: a run crossing midnight must not use yesterday."""
    return utcnow().date()


ONLY_THE_DELEGATE = row(
    LOGIN, 403, 403, 403, 403, 403, 403, 403, 403, 403, leader=403, delegate=302
)
THE_DELEGATES_PAGE = row(
    LOGIN, 403, 403, 403, 403, 403, 403, 403, 403, 403, leader=403, delegate=200
)
WINDOW = {"opens_on": "{today}", "closes_on": "{in_30_days}"}
V = "/admin/positions/versions"

PUBLIC_ENDPOINTS = {"positions.register", "positions.detail"}

ROWS = {
    ("positions.register", "GET"): ("/positions", {}, PUBLIC),
    ("positions.detail", "GET"): ("/positions/{position_id}", {}, PUBLIC),
    ("positions.answer", "POST"): (
        "/positions/{position_id}/answer",
        {
            "version_id": "{version_id}",
            "organisation_id": "{org_id}",
            "answer": "ratified",
            "confirm": "y",
        },
        ONLY_THE_DELEGATE,
    ),
    ("positions.withdraw", "GET"): (
        "/positions/ratifications/{ratification_id}/withdraw",
        {},
        THE_DELEGATES_PAGE,
    ),
    ("positions.withdraw", "POST"): (
        "/positions/ratifications/{ratification_id}/withdraw",
        {"confirm": "y"},
        ONLY_THE_DELEGATE,
    ),
    ("positions.admin", "GET"): ("/admin/positions", {}, STAFF_PAGE),
    ("positions.create", "GET"): ("/admin/positions/new", {}, STAFF_PAGE),
    ("positions.create", "POST"): ("/admin/positions/new", {}, STAFF_BAD),
    ("positions.new_version", "POST"): (
        "/admin/positions/{position_id}/versions",
        {},
        STAFF_POST,
    ),
    ("positions.edit", "GET"): (V + "/{draft_id}/edit", {}, STAFF_PAGE),
    ("positions.edit", "POST"): (
        V + "/{draft_id}/edit",
        {"title-source": "en", "title-en": "", "text-source": "en", "text-en": ""},
        STAFF_BAD,
    ),
    ("positions.publish", "GET"): (V + "/{draft_id}/publish", {}, STAFF_PAGE),
    ("positions.publish", "POST"): (V + "/{draft_id}/publish", WINDOW, STAFF_POST),
    ("positions.results", "GET"): (V + "/{version_id}", {}, STAFF_PAGE),
    ("positions.change_window", "POST"): (
        V + "/{version_id}/window",
        {"closes_on": "{in_40_days}"},
        STAFF_POST,
    ),
}


def _texts(title):
    return (
        translated.Edit("en", {"en": title, "fr": f"{title} (fr)"}),
        translated.Edit("en", {"en": f"The text of {title}."}),
    )


def world(ids, people, make_org, make_user):
    """P1: version 1 open, A has not answered; P2: A ratified version 1, and
    version 2 is a draft."""
    from mentorship.organisations.models import Organisation

    staff = people["secretariat"]
    org_a = db.session.get(Organisation, ids["org_id"])
    window = (today() - timedelta(days=1), today() + timedelta(days=30))
    first = services.create_position("position", *_texts("Open position"), staff)
    services.publish(first.versions[0], *window, staff)
    second = services.create_position("priority", *_texts("Answered priority"), staff)
    services.publish(second.versions[0], *window, staff)
    ratification = services.answer(
        second.versions[0], org_a, "ratified", "", people.get("delegate_own")
    )
    draft = services.new_version(second, staff)
    db.session.commit()
    return {
        "position_id": first.id,
        "version_id": first.versions[0].id,
        "ratification_id": ratification.id,
        "draft_id": draft.id,
        # the dates the forms send, taken when each world is built
        "today": today().isoformat(),
        "in_30_days": (today() + timedelta(days=30)).isoformat(),
        "in_40_days": (today() + timedelta(days=40)).isoformat(),
    }
