"""The elections' rows, part nominations: the list, an election's page, a standing
candidate's page and files are public (a draft is the Secretariat's); A's leader and
delegate nominate; a proposed nomination of `member_own` by A is read by her, A's
nominators and the Secretariat, answered and written by her alone; the desk is the
Secretariat's."""

from datetime import date, timedelta

from mentorship.core import storage, translated
from mentorship.db import db, utcnow

from ..policy_rows import LOGIN, PUBLIC, STAFF_BAD, STAFF_PAGE, STAFF_POST, row

NOMINATORS_PAGE = row(
    LOGIN, 403, 403, 403, 403, 403, 403, 403, 403, 403, leader=200, delegate=200
)
NOMINATORS_POST = row(
    LOGIN, 403, 403, 403, 403, 403, 403, 403, 403, 403, leader=302, delegate=302
)
# Her nomination: she, A's nominators and the Secretariat read it.
READERS_PAGE = row(
    LOGIN, 200, 404, 404, 404, 200, 404, 200, 200, 404, leader=200, delegate=200
)
READERS_POST = row(
    LOGIN, 302, 404, 404, 404, 302, 404, 302, 302, 404, leader=302, delegate=302
)
HERS_POST = row(
    LOGIN, 302, 404, 404, 404, 403, 404, 403, 403, 404, leader=403, delegate=403
)
HERS_BAD = row(
    LOGIN, 400, 404, 404, 404, 403, 404, 403, 403, 404, leader=403, delegate=403
)

PUBLIC_ENDPOINTS = {
    "elections.index",
    "elections.election",
    "elections.candidate",
    "elections.photo",
    "elections.cv",
}
E = "/elections/{el_id}"
N = "/nominations/{el_nom_id}"
A = "/admin/elections"

ROWS = {
    ("elections.index", "GET"): ("/elections", {}, PUBLIC),
    ("elections.election", "GET"): (E, {}, PUBLIC),
    ("elections.candidate", "GET"): (E + "/candidates/{el_stand_id}", {}, PUBLIC),
    ("elections.photo", "GET"): ("/nominations/{el_stand_id}/photo", {}, PUBLIC),
    ("elections.cv", "GET"): ("/nominations/{el_stand_id}/cv", {}, PUBLIC),
    ("elections.nominate", "GET"): (E + "/nominate", {}, NOMINATORS_PAGE),
    ("elections.nominate", "POST"): (
        E + "/nominate",
        {"organisation": "{org_id}", "email": "el-candidate@a.example.org"},
        NOMINATORS_POST,
    ),
    ("elections.nomination", "GET"): (N, {}, READERS_PAGE),
    ("elections.withdraw", "POST"): (N + "/withdraw", {}, READERS_POST),
    ("elections.accept", "POST"): (N + "/accept", {}, HERS_POST),
    ("elections.decline", "POST"): (N + "/decline", {}, HERS_POST),
    ("elections.statement", "POST"): (
        N + "/statement",
        {"language": "en", "body": "Why I stand."},
        HERS_POST,
    ),
    ("elections.files", "POST"): (N + "/files", {}, HERS_BAD),
    ("elections.translations", "POST"): (
        N + "/translations",
        {"statement-source": "en", "statement-en": "Why I stand."},
        STAFF_BAD,
    ),
    ("elections.new_election", "GET"): (A + "/new", {}, STAFF_PAGE),
    ("elections.new_election", "POST"): (A + "/new", {}, STAFF_BAD),
    ("elections.edit_election", "GET"): (A + "/{el_draft_id}/edit", {}, STAFF_PAGE),
    ("elections.edit_election", "POST"): (A + "/{el_draft_id}/edit", {}, STAFF_BAD),
    ("elections.open_nominations", "POST"): (
        A + "/{el_draft_id}/open-nominations",
        {},
        STAFF_POST,
    ),
    ("elections.desk", "GET"): (A + "/{el_id}/nominations", {}, STAFF_PAGE),
    ("elections.check", "POST"): (
        "/admin/nominations/{el_stand_id}/check",
        {"result": "eligible"},
        STAFF_POST,
    ),
    ("elections.open_vote", "POST"): (A + "/{el_id}/open-vote", {}, STAFF_BAD),
    ("elections.cancel", "POST"): (
        A + "/{el_id}/cancel",
        {"reason": "The AGM changed the seats.", "confirm": "y"},
        STAFF_POST,
    ),
}

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%%EOF\n"


def world(ids, people, make_org, make_user):
    """A draft election and one in nominations; in it, A nominated `member_own`
    (proposed) and another of its people (standing, with photo and CV); a person of
    A to nominate."""
    from mentorship.elections import nominations, services
    from mentorship.organisations.models import Organisation

    org_a = db.session.get(Organisation, ids["org_id"])
    make_user(email="el-candidate@a.example.org", org=org_a)
    now, staff = utcnow(), people["secretariat"]
    window = {
        "nominations_open_at": now + timedelta(days=1),
        "nominations_close_at": now + timedelta(days=10),
    }
    draft = services.create(
        translated.Edit("en", {"en": "Draft election"}), staff, seats=3, **window
    )
    election = services.create(
        translated.Edit("en", {"en": "Election"}),
        staff,
        seats=3,
        nominations_per_org=3,
        term_starts_on=date.today() + timedelta(days=30),
        **{**window, "nominations_open_at": now - timedelta(days=1)},
    )
    services.open_nominations(election, staff)
    delegate = people["delegate_own"]
    proposed = nominations.nominate(election, org_a, people["member_own"], delegate)
    stands = make_user(org=org_a)
    standing = nominations.nominate(election, org_a, stands, delegate)
    nominations.accept(standing, stands)
    nominations.check(standing, staff, True)
    standing.photo_key = storage.storage().put(PNG, "png")
    standing.photo_type = "image/png"
    standing.cv_key = storage.storage().put(PDF, "pdf")
    standing.cv_name, standing.cv_type = "cv.pdf", "application/pdf"
    db.session.commit()
    return {
        "el_id": election.id,
        "el_draft_id": draft.id,
        "el_nom_id": proposed.id,
        "el_stand_id": standing.id,
    }
