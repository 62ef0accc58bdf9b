"""Joining the Alliance: the public application, her private link, the review."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy, vocab
from ..core.pagecache import public_page
from ..core.pagination import page_arg
from ..db import db
from ..extensions import limiter
from . import services
from .forms import (
    SIZE_BANDS,
    AnswerForm,
    ApplicationForm,
    ApproveForm,
    DeclineForm,
    RequestInfoForm,
)
from .models import ApplicationStatus, OrganisationApplication

bp = Blueprint("joining", __name__)

reviewers_only = policy.requires(policy.can_review_applications)


def _apply_limit():
    return current_app.config["RATELIMIT_REGISTER"]


def _status(form):
    return 400 if form.is_submitted() else 200


def _actor():
    return current_user if current_user.is_authenticated else None


# --- The public application ----------------------------------------------------------


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(_apply_limit, methods=["POST"])
@public_page
def apply():
    """An organisation applies to join the Alliance (anyone may fill it in)."""
    form = ApplicationForm()
    if form.validate_on_submit():
        if form.is_robot:  # the same answer, nothing stored
            return render_template("joining/received.html", email=None)
        try:
            services.submit(form.values(), actor=_actor())
        except services.DuplicateName:
            form.name.errors.append(
                _(
                    "An organisation of this name is already a member or has "
                    "applied. If it is yours, write to the Secretariat."
                )
            )
        else:
            db.session.commit()
            email = form.contact_email.data
            return render_template("joining/received.html", email=email)
    return render_template("joining/apply.html", form=form), _status(form)


@bp.route("/join/<application_token>", methods=["GET", "POST"])
@limiter.limit(_apply_limit, methods=["POST"])
def status(application_token):
    """Her application's status and, when asked, her answer to the Secretariat."""
    application = services.application_for(application_token)
    if application is None:
        flash(_("This link is invalid or has expired."), "error")
        return redirect(url_for("joining.apply"))
    waiting = application.status == ApplicationStatus.INFO_REQUESTED
    form = AnswerForm() if waiting else None
    if form is not None and form.validate_on_submit():
        try:
            services.answer(application, form.answer.data)
        except services.AlreadyDecided:
            db.session.rollback()
            flash(_("Your application has moved on meanwhile."), "info")
        else:
            db.session.commit()
            flash(_("Thank you: your answer was sent to the Secretariat."), "success")
        return redirect(url_for(".status", application_token=application_token))
    if form is None and request.method == "POST":
        flash(_("The Secretariat has not asked you anything."), "info")
        page = render_template(
            "joining/status.html", application=application, form=None
        )
        return page, 400
    page = render_template("joining/status.html", application=application, form=form)
    return page, _status(form) if form is not None else 200


# --- The Secretariat's review --------------------------------------------------------


@bp.get("/admin/applications")
@reviewers_only
def review():
    """Applications to join, oldest first, by status and region."""
    status = request.args.get("status", "")
    if status not in set(ApplicationStatus):
        status = ""
    region = request.args.get("region", "")
    if region not in vocab.REGIONS:
        region = ""
    page = services.review_page(status or None, region or None, page_arg())
    return render_template(
        "joining/review.html", page=page, status=status, region=region
    )


@bp.route("/admin/applications/<int:application_id>", methods=["GET", "POST"])
@reviewers_only
def application(application_id):
    """One application, with the Secretariat's three decisions."""
    row = db.get_or_404(OrganisationApplication, application_id)
    forms = {
        "request_info": RequestInfoForm(prefix="info"),
        "approve": ApproveForm(prefix="approve"),
        "decline": DeclineForm(prefix="decline"),
    }
    action = request.form.get("action", "")
    if request.method == "POST":
        form = forms.get(action)
        if form is None:
            flash(_("Choose one of the actions below."), "error")
        elif form.validate_on_submit():
            return _decide(row, action, form)
    return _application_page(row, forms), 400 if request.method == "POST" else 200


def _decide(row, action, form):
    """Apply one decision; a refused one is rolled back and explained."""
    try:
        if action == "request_info":
            services.request_info(row, form.question.data, current_user)
            message = _("Your question was sent to the applicant.")
        elif action == "decline":
            services.decline(row, form.reason.data, current_user)
            message = _("The application was declined; the applicant was told why.")
        else:
            org = services.approve(row, current_user)
            message = _("%(name)s is now a member of the Alliance.", name=org.name)
    except services.JoiningError as error:
        db.session.rollback()
        flash(_refusal(error), "error")
        row = db.get_or_404(OrganisationApplication, row.id)
        forms = {
            "request_info": RequestInfoForm(prefix="info", formdata=None),
            "approve": ApproveForm(prefix="approve", formdata=None),
            "decline": DeclineForm(prefix="decline", formdata=None),
        }
        return _application_page(row, forms), 400
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".application", application_id=row.id))


def _refusal(error):
    if isinstance(error, services.DuplicateName):
        return _(
            "An organisation of this name already exists: nothing was changed. "
            "Decline the application or ask the applicant about it."
        )
    if isinstance(error, services.ContactElsewhere):
        return _(
            "The contact's account belongs to another organisation: she was not "
            "moved and nothing was changed. Ask the applicant for another contact."
        )
    return _("Someone else decided on this application meanwhile: nothing was changed.")


def _application_page(row, forms):
    return render_template(
        "joining/application.html",
        application=row,
        forms=forms,
        size_bands=SIZE_BANDS,
    )
