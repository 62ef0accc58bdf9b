"""The elections' rows, part space: the committee's space is its members' (the
`steering` role) and the Secretariat's; opening its series of meetings is the
Secretariat's; the reports' archive is every signed-in person of a member
organisation's; a draft report is its writers' (the committee and the
Secretariat), 404 to others; publishing is the Secretariat's."""

from datetime import date

from mentorship.core import translated
from mentorship.db import db
from mentorship.elections import reports

from ..policy_rows import LOGIN, READERS_PAGE, SIGNED_IN, STAFF_POST, row

N = 404
WRITERS_PAGE = row(LOGIN, 403, 403, 403, 403, 200, 200, 200, 200, 403)
WRITERS_BAD = row(LOGIN, 403, 403, 403, 403, 400, 400, 400, 400, 403)
DRAFT_PAGE = row(LOGIN, N, N, N, N, 200, 200, 200, 200, N)
DRAFT_BAD = row(LOGIN, N, N, N, N, 400, 400, 400, 400, N)
PUBLISH_POST = row(LOGIN, N, N, N, N, 302, 403, 302, 302, N)

D = "/committee/reports/{report_draft_id}"

ROWS = {
    ("elections.space", "GET"): ("/committee/space", {}, READERS_PAGE),
    ("elections.space_meetings", "POST"): ("/committee/space/meetings", {}, STAFF_POST),
    ("elections.reports_archive", "GET"): ("/committee/reports", {}, SIGNED_IN),
    ("elections.new_report", "GET"): ("/committee/reports/new", {}, WRITERS_PAGE),
    ("elections.new_report", "POST"): ("/committee/reports/new", {}, WRITERS_BAD),
    ("elections.report", "GET"): (D, {}, DRAFT_PAGE),
    ("elections.edit_report", "GET"): (D + "/edit", {}, DRAFT_PAGE),
    ("elections.edit_report", "POST"): (D + "/edit", {}, DRAFT_BAD),
    ("elections.publish_report", "POST"): (D + "/publish", {}, PUBLISH_POST),
}


def _values(period, title):
    return reports.ReportValues(
        period=period,
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 9, 30),
        title=translated.Edit("en", {"en": title}),
        body=translated.Edit("en", {"en": "We met twice."}),
    )


def world(ids, people, make_org, make_user):
    """A published report and a draft."""
    by = people["secretariat"]
    published = reports.draft(_values("2026 Q3", "Published report"), by)
    reports.publish(published, by)
    found = reports.draft(_values("2026 Q4", "Draft report"), by)
    db.session.commit()
    return {
        "report_published_id": published.id,
        "report_draft_id": found.id,
        "report_id": found.id,  # the fuzz fills <report_id> with the draft
    }
