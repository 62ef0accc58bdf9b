"""Consultations: the list, an organisation's response (draft, comments,
submission, a later deadline) and the published results. The Secretariat's pages
are in admin_routes.py, on the same blueprint."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagecache import public_page
from ..core.pagination import page_arg
from ..db import db
from ..organisations.models import Organisation
from . import answers as answer_rules
from . import labels, queries, responses, results
from .forms import CommentForm, ExtensionRequestForm, answer_form, answers_of
from .models import Consultation, ConsultationStatus, ResponseStatus
from .services import ConsultationError, today

bp = Blueprint("consultations", __name__)


@bp.get("/consultations")
@public_page
def index():
    """Open consultations for her organisations; closed ones with their results."""
    waiting = queries.awaiting(policy.preparing_organisation_ids(current_user), today())
    return render_template(
        "consultations/index.html",
        waiting=waiting,
        page=queries.closed(page_arg()),
        labels=labels,
    )


@bp.get("/consultations/<int:consultation_id>/results")
@public_page
def published(consultation_id):
    """The results of a closed consultation, through disclosure control."""
    consultation = db.get_or_404(Consultation, consultation_id)
    policy.ensure_reach(policy.can_see_consultation_results(current_user, consultation))
    names = consultation.anonymity == "attributed"
    found = results.compute(consultation, names=names)
    return render_template(
        "consultations/results.html",
        consultation=consultation,
        results=found,
        charts=[results.chart(r) for r in found.questions],
        means=[results.shown_mean(r) for r in found.questions],
        labels=labels,
        admin=False,
    )


# --- An organisation's response ---------------------------------------------------


def _reach(consultation_id, organisation_id):
    """The open or closed consultation and the member organisation she prepares
    for; 404 otherwise."""
    consultation = db.get_or_404(Consultation, consultation_id)
    organisation = db.session.get(Organisation, organisation_id)
    policy.ensure_reach(
        consultation.status != ConsultationStatus.DRAFT
        and policy.can_prepare_response(current_user, organisation)
    )
    return consultation, organisation


@bp.route(
    "/consultations/<int:consultation_id>/organisations/<int:organisation_id>",
    methods=["GET", "POST"],
)
@policy.requires()
def respond(consultation_id, organisation_id):
    """Her organisation's response: the draft, its comments, the submission."""
    consultation, organisation = _reach(consultation_id, organisation_id)
    response = responses.response_of(consultation, organisation.id)
    if request.method == "GET":
        stored = answer_rules.from_rows(response.answers) if response else {}
        form = answer_form(consultation, data=stored)
        return _respond_page(consultation, organisation, response, form)
    submitting = request.form.get("action") == "submit"
    if submitting and not policy.can_submit_response(current_user, organisation):
        flash(
            _(
                "Only your organisation's voting delegate, alternate or leader"
                " submits its response."
            ),
            "error",
        )
        return _respond_page(consultation, organisation, response, None, 403)
    form = answer_form(consultation, formdata=request.form)
    if not form.validate():
        return _respond_page(consultation, organisation, response, form, 400)
    given = answers_of(consultation, form)
    action = responses.submit if submitting else responses.save_draft
    try:
        action(consultation, organisation, given, current_user)
    except ConsultationError as error:
        db.session.rollback()
        flash(str(error), "error")
        response = responses.response_of(consultation, organisation.id)
        return _respond_page(consultation, organisation, response, form, 400)
    db.session.commit()
    if submitting:
        flash(
            _("%(name)s's response was submitted.", name=organisation.name), "success"
        )
    else:
        flash(_("The draft was saved."), "success")
    return redirect(_here(consultation, organisation))


def _here(consultation, organisation):
    return url_for(
        ".respond", consultation_id=consultation.id, organisation_id=organisation.id
    )


def _respond_page(consultation, organisation, response, form, status=200):
    questions = list(consultation.questions)
    stored = answer_rules.from_rows(response.answers) if response else {}
    submitted = response is not None and response.status == ResponseStatus.SUBMITTED
    numbers = {q.id: n for n, q in enumerate(questions, 1)}
    missing = answer_rules.missing_required(questions, stored) if response else []
    page = render_template(
        "consultations/respond.html",
        consultation=consultation,
        organisation=organisation,
        response=response,
        submitted=submitted,
        form=form or answer_form(consultation, data=stored),
        numbers=numbers,
        shown={q.id for q in questions if answer_rules.is_shown(q, stored)},
        stored=stored,
        missing=[numbers[q.id] for q in missing],
        comment_form=CommentForm(formdata=None),
        deadline=responses.deadline_for(consultation, organisation.id),
        extension=queries.extension_of(consultation, organisation.id),
        submits=policy.can_submit_response(current_user, organisation),
        accepting=_accepting(consultation, organisation),
        today=today(),
        labels=labels,
    )
    return page, status


def _accepting(consultation, organisation):
    try:
        responses.ensure_accepting(consultation, organisation.id)
    except ConsultationError:
        return False
    return True


@bp.post(
    "/consultations/<int:consultation_id>/organisations/<int:organisation_id>/comments"
)
@policy.requires()
def comment(consultation_id, organisation_id):
    """A note on the draft, for the organisation's own people."""
    consultation, organisation = _reach(consultation_id, organisation_id)
    form = CommentForm()
    response = responses.response_of(consultation, organisation.id)
    if not form.validate():
        flash(" ".join(str(e) for e in form.body.errors), "error")
        return _respond_page(consultation, organisation, response, None, 400)
    try:
        responses.add_comment(consultation, organisation, form.body.data, current_user)
    except ConsultationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _respond_page(consultation, organisation, response, None, 400)
    db.session.commit()
    flash(_("Your comment was added."), "success")
    return redirect(_here(consultation, organisation) + "#comments")


@bp.route(
    "/consultations/<int:consultation_id>/organisations/<int:organisation_id>/extension",
    methods=["GET", "POST"],
)
@policy.requires()
def extension(consultation_id, organisation_id):
    """Ask the Secretariat for a later deadline (its delegate, alternate, leader)."""
    consultation, organisation = _reach(consultation_id, organisation_id)
    policy.ensure_allowed(policy.can_request_extension(current_user, organisation))
    form = ExtensionRequestForm()
    if form.validate_on_submit():
        try:
            responses.request_extension(
                consultation,
                organisation,
                form.until.data,
                form.reason.data,
                current_user,
            )
        except ConsultationError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Your request was sent to the Secretariat."), "success")
            return redirect(_here(consultation, organisation))
        return _extension_page(consultation, organisation, form, 400)
    status = 400 if form.is_submitted() else 200
    return _extension_page(consultation, organisation, form, status)


def _extension_page(consultation, organisation, form, status):
    page = render_template(
        "consultations/extension.html",
        consultation=consultation,
        organisation=organisation,
        form=form,
        existing=queries.extension_of(consultation, organisation.id),
        deadline=responses.deadline_for(consultation, organisation.id),
        labels=labels,
    )
    return page, status
