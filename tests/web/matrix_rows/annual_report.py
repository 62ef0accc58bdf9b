"""The annual report's rows: the published report (HTML, PDF) and the list are
public, a draft's public address answers 404; drafting, the narrative editor and
publication are the Secretariat's."""

from mentorship.core import translated
from mentorship.db import db

from ..policy_rows import PUBLIC, STAFF_PAGE, STAFF_POST

PUBLIC_ENDPOINTS = {"reports.index", "reports.public", "reports.public_pdf"}

ROWS = {
    ("reports.index", "GET"): ("/reports", {}, PUBLIC),
    ("reports.public", "GET"): ("/reports/{ar_published}", {}, PUBLIC),
    ("reports.public_pdf", "GET"): ("/reports/{ar_published}.pdf", {}, PUBLIC),
    ("reports.admin_index", "GET"): ("/admin/reports", {}, STAFF_PAGE),
    ("reports.admin_index", "POST"): ("/admin/reports", {"year": "2023"}, STAFF_POST),
    ("reports.admin_report", "GET"): ("/admin/reports/{ar_draft}", {}, STAFF_PAGE),
    ("reports.narrative", "GET"): (
        "/admin/reports/{ar_draft}/narratives/groups",
        {},
        STAFF_PAGE,
    ),
    ("reports.narrative", "POST"): (
        "/admin/reports/{ar_draft}/narratives/groups",
        {"text-source": "en", "text-en": "The groups' year."},
        STAFF_POST,
    ),
    ("reports.publish", "POST"): (
        "/admin/reports/{ar_draft}/publish",
        {},
        STAFF_POST,
    ),
}


def world(ids, people, make_org, make_user):
    """A published report (2024) and a draft (2025)."""
    from mentorship.reports import services

    staff = people["secretariat"]
    published = services.draft(2024, staff)
    services.edit_narrative(
        published,
        "organisations",
        translated.Edit("en", {"en": "A year of growth."}),
        staff,
    )
    services.publish(published, staff)
    services.draft(2025, staff)
    db.session.commit()
    return {"ar_published": 2024, "ar_draft": 2025}
