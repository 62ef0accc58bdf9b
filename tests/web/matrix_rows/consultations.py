"""Consultations' rows: the public list and results, an organisation's response
(its people prepare it, its delegate or leader submits it, anyone else gets 404),
and the Secretariat's pages.

Organisation A's people in the matrix: member_own, coordinator_own, steering,
the pair's mentee, leader_own and delegate_own all belong to A."""

from datetime import timedelta

from mentorship.consultations import responses, services
from mentorship.consultations.answers import QuestionSpec
from mentorship.core import translated
from mentorship.db import db, utcnow

from ..policy_rows import LOGIN, PUBLIC, STAFF_BAD, STAFF_PAGE, STAFF_POST, row


def today():
    """Today, asked at each use: a run crossing midnight must not use yesterday."""
    return utcnow().date()


# In the order of policy_rows.VIEWERS (anonymous, member own / other, coordinator
# own / other, Secretariat, Steering (of A), admin, coordinator + Secretariat (of
# B), the pair's mentee (of A)).
A_PEOPLE = row(LOGIN, 200, 404, 200, 404, 404, 200, 404, 404, 200)
A_PEOPLE_POST = row(LOGIN, 302, 404, 302, 404, 404, 302, 404, 404, 302)
A_SUBMITTERS_POST = row(
    LOGIN, 403, 404, 403, 404, 404, 403, 404, 404, 403, leader=302, delegate=302
)
A_SUBMITTERS_PAGE = row(
    LOGIN, 403, 404, 403, 404, 404, 403, 404, 404, 403, leader=200, delegate=200
)
C = "/admin/consultations"
RESPONSE = "/consultations/{consultation_id}/organisations/{org_id}"

PUBLIC_ENDPOINTS = {"consultations.index", "consultations.published"}

ROWS = {
    ("consultations.index", "GET"): ("/consultations", {}, PUBLIC),
    ("consultations.published", "GET"): (
        "/consultations/{closed_consultation_id}/results",
        {},
        PUBLIC,
    ),
    ("consultations.respond", "GET"): (RESPONSE, {}, A_PEOPLE),
    ("consultations.respond", "POST"): (
        RESPONSE,
        {"q{question_id}": "{yes_id}", "action": "submit"},
        A_SUBMITTERS_POST,
    ),
    ("consultations.comment", "POST"): (
        RESPONSE + "/comments",
        {"body": "Shall we say yes?"},
        A_PEOPLE_POST,
    ),
    ("consultations.extension", "GET"): (
        RESPONSE + "/extension",
        {},
        A_SUBMITTERS_PAGE,
    ),
    ("consultations.extension", "POST"): (
        RESPONSE + "/extension",
        {"until": "{in_40_days}", "reason": "Our board meets late."},
        A_SUBMITTERS_POST,
    ),
    ("consultations.admin", "GET"): (C, {}, STAFF_PAGE),
    ("consultations.create", "GET"): (C + "/new", {}, STAFF_PAGE),
    ("consultations.create", "POST"): (C + "/new", {}, STAFF_BAD),
    ("consultations.manage", "GET"): (C + "/{consultation_id}", {}, STAFF_PAGE),
    ("consultations.edit", "GET"): (C + "/{draft_id}/edit", {}, STAFF_PAGE),
    ("consultations.edit", "POST"): (
        C + "/{draft_id}/edit",
        {"title-source": "en", "title-en": "", "anonymity": "anonymous"},
        STAFF_BAD,
    ),
    ("consultations.open_consultation", "POST"): (
        C + "/{draft_id}/open",
        {},
        STAFF_POST,
    ),
    ("consultations.close", "POST"): (C + "/{consultation_id}/close", {}, STAFF_POST),
    ("consultations.deadline", "POST"): (
        C + "/{consultation_id}/deadline",
        {"closes_on": "{in_30_days}"},
        STAFF_POST,
    ),
    ("consultations.clone", "POST"): (
        C + "/{closed_consultation_id}/clone",
        {},
        STAFF_POST,
    ),
    ("consultations.decide", "POST"): (
        C + "/extensions/{extension_id}",
        {"decision": "grant"},
        STAFF_POST,
    ),
    ("consultations.new_question", "GET"): (
        C + "/{draft_id}/questions/new",
        {},
        STAFF_PAGE,
    ),
    ("consultations.new_question", "POST"): (
        C + "/{draft_id}/questions/new",
        {"kind": "text", "label-source": "en", "label-en": "Anything else?"},
        STAFF_POST,
    ),
    ("consultations.edit_question", "GET"): (
        C + "/questions/{draft_question_id}/edit",
        {},
        STAFF_PAGE,
    ),
    ("consultations.edit_question", "POST"): (
        C + "/questions/{draft_question_id}/edit",
        {"kind": "single", "label-source": "en", "label-en": "No options"},
        STAFF_BAD,
    ),
    ("consultations.move_question", "POST"): (
        C + "/questions/{draft_question_id}/move",
        {"direction": "down"},
        STAFF_POST,
    ),
    ("consultations.delete_question", "POST"): (
        C + "/questions/{draft_question_id}/delete",
        {},
        STAFF_POST,
    ),
    ("consultations.results_page", "GET"): (
        C + "/{closed_consultation_id}/results",
        {},
        STAFF_PAGE,
    ),
    ("consultations.export", "GET"): (
        C + "/{closed_consultation_id}/results.csv",
        {},
        STAFF_PAGE,
    ),
}


def _consultation(staff, opens=-1, closes=20):
    consultation = services.create(
        translated.Edit("en", {"en": "Matrix consultation"}),
        translated.Edit("en", {}),
        "confidential",
        today() + timedelta(days=opens),
        today() + timedelta(days=closes),
        staff,
    )
    services.save_question(
        consultation,
        None,
        QuestionSpec(
            kind="single",
            label=translated.Edit("en", {"en": "Agreed?"}),
            options=[
                translated.Edit("en", {"en": "Yes"}),
                translated.Edit("en", {"en": "No"}),
            ],
        ),
        staff,
    )
    return consultation


def world(ids, people, make_org, make_user):
    """An open consultation A has not answered, with organisation B's request for
    a later deadline; a closed one; a draft with two questions."""
    import sqlalchemy as sa

    from mentorship.organisations.models import Organisation

    staff = people["secretariat"]
    org_b = db.session.scalar(
        sa.select(Organisation).where(Organisation.slug == ids["other_slug"])
    )
    current = _consultation(staff)
    services.open_consultation(current, staff)
    extension = responses.request_extension(
        current, org_b, current.closes_on + timedelta(days=5), "", staff
    )
    closed = _consultation(staff)
    services.open_consultation(closed, staff)
    services.close_consultation(closed, staff)
    draft = _consultation(staff)
    services.save_question(
        draft,
        None,
        QuestionSpec(kind="text", label=translated.Edit("en", {"en": "Other?"})),
        staff,
    )
    db.session.commit()
    question = current.questions[0]
    return {
        "consultation_id": current.id,
        "closed_consultation_id": closed.id,
        "draft_id": draft.id,
        "draft_question_id": draft.questions[0].id,
        "question_id": question.id,
        "yes_id": question.options[0].id,
        "extension_id": extension.id,
        "in_30_days": (today() + timedelta(days=30)).isoformat(),
        "in_40_days": (today() + timedelta(days=40)).isoformat(),
    }
