"""Shared metrics' rows: the public registry; organisation A's figures, entered and
submitted by its data submitters (`member_own` is one, from the roles' world) or its
leader, read by them and the Secretariat (404 for everyone else: another
organisation's figures stay hidden); the Secretariat's registry, cycles, later
deadlines, review and reopening."""

from datetime import timedelta

from mentorship.db import db, utcnow

from ..policy_rows import LOGIN, PUBLIC, STAFF_PAGE, STAFF_POST, row

# A's figures: its leader and the Secretariat read them; out of reach for others.
READERS = row(LOGIN, 200, 404, 404, 404, 200, 404, 200, 200, 404, delegate=404)
# Entering them: its leader only; the Secretariat reviews, it does not enter (403).
ENTER_PAGE = row(LOGIN, 200, 404, 404, 404, 403, 404, 403, 403, 404, delegate=404)
ENTER_POST = row(LOGIN, 302, 404, 404, 404, 403, 404, 403, 403, 404, delegate=404)
MY_CYCLES = row(LOGIN, 200, 403, 403, 403, 200, 403, 200, 200, 403, delegate=403)

PUBLIC_ENDPOINTS = {"metrics.indicators_page", "metrics.indicator"}
A = "/admin/metrics"
ORG = "/metrics/cycles/{mx_cycle_id}/organisations/{org_id}"


def _value_form(indicator, revision):
    return {
        "indicator": indicator,
        "women": "12",
        "total": "100",
        "source": "Census",
        "confidence": "high",
        "revision": revision,
    }


INDICATOR_FORM = {
    "name-source": "en",
    "name-en": "Women in exploration",
    "definition-source": "en",
    "unit": "percent",
    "entry": "share",
    "kind": "count",
}

ROWS = {
    ("metrics.indicators_page", "GET"): ("/metrics/indicators", {}, PUBLIC),
    ("metrics.indicator", "GET"): ("/metrics/indicators/WF_WOMEN_SHARE", {}, PUBLIC),
    ("metrics.my_cycles", "GET"): ("/metrics/cycles", {}, MY_CYCLES),
    ("metrics.organisation_values", "GET"): (ORG, {}, READERS),
    ("metrics.new_value", "GET"): (ORG + "/values/new", {}, ENTER_PAGE),
    ("metrics.new_value", "POST"): (
        ORG + "/values/new",
        _value_form("WF_TECHNICAL_SHARE", "0"),
        ENTER_POST,
    ),
    ("metrics.value_detail", "GET"): ("/metrics/values/{mx_draft_id}", {}, READERS),
    ("metrics.edit_value", "GET"): (
        "/metrics/values/{mx_draft_id}/edit",
        {},
        ENTER_PAGE,
    ),
    ("metrics.edit_value", "POST"): (
        "/metrics/values/{mx_draft_id}/edit",
        _value_form("WF_WOMEN_SHARE", "1"),
        ENTER_POST,
    ),
    ("metrics.submit_value", "POST"): (
        "/metrics/values/{mx_draft_id}/submit",
        {"revision": "1"},
        ENTER_POST,
    ),
    ("metrics.value_document", "GET"): (
        "/metrics/values/{mx_draft_id}/document",
        {},
        READERS,
    ),
    ("metrics.admin_indicators", "GET"): (A + "/indicators", {}, STAFF_PAGE),
    ("metrics.new_indicator", "GET"): (A + "/indicators/new", {}, STAFF_PAGE),
    ("metrics.new_indicator", "POST"): (
        A + "/indicators/new",
        {**INDICATOR_FORM, "code": "EXPLORATION_SHARE"},
        STAFF_POST,
    ),
    ("metrics.edit_indicator", "GET"): (
        A + "/indicators/PAY_GAP/edit",
        {},
        STAFF_PAGE,
    ),
    ("metrics.edit_indicator", "POST"): (
        A + "/indicators/WF_WOMEN_SHARE/edit",
        INDICATOR_FORM,
        STAFF_POST,
    ),
    ("metrics.admin_cycles", "GET"): (A + "/cycles", {}, STAFF_PAGE),
    ("metrics.new_cycle", "GET"): (A + "/cycles/new", {}, STAFF_PAGE),
    ("metrics.new_cycle", "POST"): (
        A + "/cycles/new",
        {
            "year": "2019",
            "opens_on": "2020-01-10",
            "deadline": "2020-03-31",
            "indicators": ["{mx_indicator_id}"],
            "organisations": ["{org_id}"],
        },
        STAFF_POST,
    ),
    ("metrics.cycle", "GET"): (A + "/cycles/{mx_cycle_id}", {}, STAFF_PAGE),
    ("metrics.edit_cycle", "GET"): (A + "/cycles/{mx_cycle_id}/edit", {}, STAFF_PAGE),
    ("metrics.edit_cycle", "POST"): (
        A + "/cycles/{mx_cycle_id}/edit",
        {
            "opens_on": "{mx_opens_on}",
            "deadline": "{mx_deadline}",
            "indicators": ["{mx_indicator_id}"],
            "organisations": ["{org_id}"],
        },
        STAFF_POST,
    ),
    ("metrics.extension", "POST"): (
        A + "/cycles/{mx_cycle_id}/extensions",
        {"organisation_id": "{org_id}", "until": "{mx_later}", "reason": "Late"},
        STAFF_POST,
    ),
    ("metrics.review", "GET"): (
        A + "/values/{mx_submitted_id}/review",
        {},
        STAFF_PAGE,
    ),
    ("metrics.review", "POST"): (
        A + "/values/{mx_submitted_id}/review",
        {"action": "approve"},
        STAFF_POST,
    ),
    ("metrics.reopen", "GET"): (A + "/values/{mx_approved_id}/reopen", {}, STAFF_PAGE),
    ("metrics.reopen", "POST"): (
        A + "/values/{mx_approved_id}/reopen",
        {"reason": "The census was revised."},
        STAFF_POST,
    ),
}


def world(ids, people, make_org, make_user):
    """The standard indicators; an open cycle asking A; A's draft (with a source
    document), a submitted value and an approved one."""
    from mentorship.core import storage
    from mentorship.metrics import cycles, standard, values
    from mentorship.organisations.models import Organisation

    org_a = db.session.get(Organisation, ids["org_id"])
    made = {i.code: i for i in standard.seed()}
    today = utcnow().date()
    cycle = cycles.create(
        today.year,
        today - timedelta(days=5),
        today + timedelta(days=30),
        [i.id for i in made.values()],
        people["secretariat"],
        organisation_ids=[org_a.id],
    )
    leader = people["leader_own"]

    def enter(code, submit=False):
        figures = values.Figures(women=10, total=100, source="Census")
        return values.enter(
            cycle, org_a, made[code], {}, figures, leader, submit=submit
        )

    draft = enter("WF_WOMEN_SHARE")
    draft.document_key = storage.storage().put(b"%PDF-1.4\n%%EOF\n", "pdf")
    draft.document_name, draft.document_mime = "census.pdf", "application/pdf"
    submitted = enter("WF_MANAGEMENT_SHARE", submit=True)
    approved = enter("BOARD_WOMEN_SHARE", submit=True)
    values.review(approved, "approve", "", people["secretariat"])
    db.session.commit()
    return {
        "mx_cycle_id": cycle.id,
        "mx_indicator_id": made["WF_WOMEN_SHARE"].id,
        "mx_draft_id": draft.id,
        "mx_submitted_id": submitted.id,
        "mx_approved_id": approved.id,
        "mx_opens_on": cycle.opens_on.isoformat(),
        "mx_deadline": cycle.deadline.isoformat(),
        "mx_later": (cycle.deadline + timedelta(days=10)).isoformat(),
        # The fuzzer fills URLs by their arguments' names.
        "cycle_id": cycle.id,
        "value_id": draft.id,
        "code": "WF_WOMEN_SHARE",
    }
