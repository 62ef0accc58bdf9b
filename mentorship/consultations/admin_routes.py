"""The Secretariat's pages: the list, a consultation's page (questionnaire,
participation, extensions), its forms, its transitions, its results and export."""

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagination import page_arg
from ..db import db
from ..outcomes.exports import csv_stream
from . import labels, queries, results, services
from .forms import (
    ConsultationForm,
    DeadlineForm,
    ExtensionDecisionForm,
    QuestionForm,
    options_data,
)
from .models import Consultation, Extension, Question
from .responses import decide_extension
from .routes import bp
from .services import ConsultationError

staff_only = policy.requires(policy.can_manage_consultations)
A = "/admin/consultations"


@bp.get(A)
@staff_only
def admin():
    """Every consultation, newest first."""
    return render_template(
        "consultations/admin.html",
        page=queries.admin_list(page_arg()),
        labels=labels,
        today=services.today(),
    )


@bp.route(A + "/new", methods=["GET", "POST"])
@staff_only
def create():
    """A new consultation, saved as a draft."""
    form = ConsultationForm()
    if form.validate_on_submit():
        consultation = services.create(*_fields(form), current_user)
        db.session.commit()
        flash(_("The draft was saved."), "success")
        return redirect(url_for(".manage", consultation_id=consultation.id))
    return _form_page(form, None)


def _fields(form):
    return (
        form.title.data,
        form.intro.data,
        form.anonymity.data,
        form.opens_on.data,
        form.closes_on.data,
    )


def _form_page(form, consultation):
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "consultations/form.html", form=form, consultation=consultation
    )
    return page, status


@bp.route(A + "/<int:consultation_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(consultation_id):
    """Change a draft's texts, mode and window."""
    consultation = db.get_or_404(Consultation, consultation_id)
    form = ConsultationForm(obj=consultation)
    if form.validate_on_submit():
        try:
            services.update(consultation, *_fields(form), current_user)
        except ConsultationError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _manage_page(consultation, 400)
        db.session.commit()
        flash(_("The draft was saved."), "success")
        return redirect(url_for(".manage", consultation_id=consultation.id))
    return _form_page(form, consultation)


@bp.get(A + "/<int:consultation_id>")
@staff_only
def manage(consultation_id):
    """Its questionnaire, its participation and the requests for later deadlines."""
    return _manage_page(db.get_or_404(Consultation, consultation_id))


def _manage_page(consultation, status=200):
    rows, counts = queries.participation(consultation)
    page = render_template(
        "consultations/manage.html",
        consultation=consultation,
        locked=services.has_responses(consultation) or consultation.status == "closed",
        participation=rows,
        counts=counts,
        extensions=queries.extensions(consultation),
        deadline_form=DeadlineForm(formdata=None, obj=consultation),
        decision_form=ExtensionDecisionForm(formdata=None),
        labels=labels,
        today=services.today(),
    )
    return page, status


def _act(consultation, action, done):
    try:
        action()
    except ConsultationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _manage_page(consultation, 400)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for(".manage", consultation_id=consultation.id))


@bp.post(A + "/<int:consultation_id>/open")
@staff_only
def open_consultation(consultation_id):
    """Open a draft: emails to the organisations, reminders scheduled."""
    consultation = db.get_or_404(Consultation, consultation_id)
    return _act(
        consultation,
        lambda: services.open_consultation(consultation, current_user),
        _("The consultation is open."),
    )


@bp.post(A + "/<int:consultation_id>/close")
@staff_only
def close(consultation_id):
    """Close it and publish its results."""
    consultation = db.get_or_404(Consultation, consultation_id)
    return _act(
        consultation,
        lambda: services.close_consultation(consultation, current_user),
        _("The consultation is closed; its results are published."),
    )


@bp.post(A + "/<int:consultation_id>/deadline")
@staff_only
def deadline(consultation_id):
    """Move the deadline; the reminders move with it."""
    consultation = db.get_or_404(Consultation, consultation_id)
    form = DeadlineForm()
    if not form.validate():
        flash(" ".join(str(e) for e in form.closes_on.errors), "error")
        return _manage_page(consultation, 400)
    return _act(
        consultation,
        lambda: services.change_deadline(
            consultation, form.closes_on.data, current_user
        ),
        _("The deadline was moved."),
    )


@bp.post(A + "/<int:consultation_id>/clone")
@staff_only
def clone(consultation_id):
    """A new draft with this consultation's texts and questions."""
    source = db.get_or_404(Consultation, consultation_id)
    copy = services.clone(source, current_user)
    db.session.commit()
    flash(_("A copy was saved as a new draft: set its window."), "success")
    return redirect(url_for(".edit", consultation_id=copy.id))


@bp.post(A + "/extensions/<int:extension_id>")
@staff_only
def decide(extension_id):
    """Grant or refuse an organisation's request for a later deadline."""
    extension = db.get_or_404(Extension, extension_id)
    consultation = extension.consultation
    form = ExtensionDecisionForm()
    if not form.validate():
        flash(_("Choose grant or refuse, and a valid day."), "error")
        return _manage_page(consultation, 400)
    grant = form.decision.data == "grant"
    return _act(
        consultation,
        lambda: decide_extension(extension, grant, form.until.data, current_user),
        _("The organisation was told."),
    )


# --- The questionnaire ------------------------------------------------------------


@bp.route(A + "/<int:consultation_id>/questions/new", methods=["GET", "POST"])
@staff_only
def new_question(consultation_id):
    """Add a question."""
    consultation = db.get_or_404(Consultation, consultation_id)
    return _question_page(consultation, None)


@bp.route(A + "/questions/<int:question_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_question(question_id):
    """Change a question (until an organisation starts answering)."""
    question = db.get_or_404(Question, question_id)
    return _question_page(question.consultation, question)


def _question_page(consultation, question):
    if request.method == "POST" or question is None:
        form = QuestionForm()
    else:
        form = QuestionForm(obj=question)
        for name, value in options_data(question).items():
            if value is not None:
                form.options.form[name].data = value
        form.condition.data = str(question.condition_option_id or "")
    form.set_conditions(_earlier_options(consultation, question))
    if form.validate_on_submit():
        try:
            services.save_question(consultation, question, form.spec(), current_user)
        except ConsultationError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The question was saved."), "success")
            return redirect(url_for(".manage", consultation_id=consultation.id))
        status = 400
    else:
        status = 400 if form.is_submitted() else 200
    page = render_template(
        "consultations/question.html",
        consultation=consultation,
        question=question,
        form=form,
        locked=services.has_responses(consultation) or consultation.status == "closed",
    )
    return page, status


def _earlier_options(consultation, question):
    found = []
    for number, earlier in enumerate(consultation.questions, 1):
        if earlier is question:
            break
        if earlier.is_choice:
            found += [(option, number) for option in earlier.options]
    return found


@bp.post(A + "/questions/<int:question_id>/move")
@staff_only
def move_question(question_id):
    """Move a question up or down."""
    question = db.get_or_404(Question, question_id)
    step = -1 if request.form.get("direction") == "up" else 1
    consultation = question.consultation
    return _act(
        consultation,
        lambda: services.move_question(question, step, current_user),
        _("The question was moved."),
    )


@bp.post(A + "/questions/<int:question_id>/delete")
@staff_only
def delete_question(question_id):
    """Remove a question."""
    question = db.get_or_404(Question, question_id)
    consultation = question.consultation
    return _act(
        consultation,
        lambda: services.remove_question(question, current_user),
        _("The question was removed."),
    )


# --- Results ----------------------------------------------------------------------


@bp.get(A + "/<int:consultation_id>/results")
@staff_only
def results_page(consultation_id):
    """The results, and who said what unless the consultation is anonymous."""
    consultation = db.get_or_404(Consultation, consultation_id)
    policy.ensure_reach(consultation.status != "draft")
    names = policy.shows_organisation_names(current_user, consultation)
    found = results.compute(consultation, names=names)
    return render_template(
        "consultations/results.html",
        consultation=consultation,
        results=found,
        charts=[results.chart(r) for r in found.questions],
        means=[results.shown_mean(r) for r in found.questions],
        labels=labels,
        admin=True,
    )


@bp.get(A + "/<int:consultation_id>/results.csv")
@staff_only
def export(consultation_id):
    """The results as CSV (formula-safe), suppressed figures marked."""
    consultation = db.get_or_404(Consultation, consultation_id)
    policy.ensure_reach(consultation.status != "draft")
    names = policy.shows_organisation_names(current_user, consultation)
    found = results.compute(consultation, names=names)
    header = [
        _("Number"),
        _("Question"),
        _("Answer"),
        _("Organisations"),
        *[str(name) for _code, name in found.columns],
    ]
    rows = list(results.csv_rows(found))
    body = stream_with_context(csv_stream(header, rows))
    response = Response(body, mimetype="text/csv")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation.id}-results.csv"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
