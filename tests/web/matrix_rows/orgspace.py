"""Rows of the organisation's own space (profile, logo) and of onboarding."""

import io

from PIL import Image

from mentorship.core import translated
from mentorship.db import db
from mentorship.onboarding import services as onboarding
from mentorship.organisations import logos
from mentorship.organisations.models import Organisation

from ..policy_rows import LOGIN, PUBLIC, STAFF_BAD, STAFF_PAGE, STAFF_POST, row

# Organisation A's space: its leader, its coordinators and the Secretariat.
EDIT_PAGE = row(LOGIN, 404, 404, 200, 404, 200, 404, 200, 200, 404, leader=200)
EDIT_BAD = row(LOGIN, 404, 404, 400, 404, 400, 404, 400, 400, 404, leader=400)
EDIT_POST = row(LOGIN, 404, 404, 302, 404, 302, 404, 302, 302, 404, leader=302)
# Its onboarding: also every member of A (the steering member and the pair are).
ONBOARDING_PAGE = row(LOGIN, 200, 404, 200, 404, 200, 200, 200, 200, 200)
ONBOARDING_TICK = row(LOGIN, 403, 404, 302, 404, 302, 403, 302, 302, 403, leader=302)

S = "/organisations/{org_slug}"
ITEM = "/admin/onboarding/{onboarding_item_id}"
ROWS = {
    ("organisations.edit_profile", "GET"): (f"{S}/profile", {}, EDIT_PAGE),
    ("organisations.edit_profile", "POST"): (f"{S}/profile", {}, EDIT_BAD),
    ("organisations.upload_logo", "POST"): (f"{S}/logo", {}, EDIT_BAD),
    ("organisations.remove_logo", "POST"): (f"{S}/logo/remove", {}, EDIT_POST),
    ("organisations.logo", "GET"): (f"{S}/logo-{{logo_sha}}.webp", {}, PUBLIC),
    ("onboarding.checklist", "GET"): ("/admin/onboarding", {}, STAFF_PAGE),
    ("onboarding.add_item", "GET"): ("/admin/onboarding/new", {}, STAFF_PAGE),
    ("onboarding.add_item", "POST"): ("/admin/onboarding/new", {}, STAFF_BAD),
    ("onboarding.edit_item", "GET"): (f"{ITEM}/edit", {}, STAFF_PAGE),
    ("onboarding.edit_item", "POST"): (f"{ITEM}/edit", {"kind": "bogus"}, STAFF_BAD),
    ("onboarding.retire_item", "POST"): (f"{ITEM}/retire", {}, STAFF_POST),
    ("onboarding.restore_item", "POST"): (f"{ITEM}/restore", {}, STAFF_POST),
    ("onboarding.move_item", "POST"): (f"{ITEM}/move", {"direction": "up"}, STAFF_POST),
    ("onboarding.progress", "GET"): ("/admin/onboarding/progress", {}, STAFF_PAGE),
    ("onboarding.organisation", "GET"): (f"{S}/onboarding", {}, ONBOARDING_PAGE),
    ("onboarding.tick", "POST"): (
        f"{S}/onboarding/{{onboarding_item_id}}",
        {"done": "1"},
        ONBOARDING_TICK,
    ),
}
PUBLIC_ENDPOINTS = {"organisations.logo"}


def _png():
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (180, 40, 90)).save(out, format="PNG")
    return out.getvalue()


def world(ids, people, make_org, make_user):
    """A logo for organisation A and a manual onboarding item."""
    org = db.session.get(Organisation, ids["org_id"])
    logos.set_logo(org, logos.process(_png()), by=None)
    item = onboarding.add_item(
        translated.Edit("en", {"en": "First event attended"}),
        None,
        "manual",
        None,
        by=None,
    )
    db.session.commit()
    return {"logo_sha": org.logo.sha256, "onboarding_item_id": item.id}
