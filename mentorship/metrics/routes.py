"""Metrics pages for everyone and for organisations: the public registry, and the
data submitter's cycles, values, entry, edits and submission. The Secretariat's
pages are in `admin_routes` (same blueprint)."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from .. import policy
from ..core import storage, uploads
from ..core.pagecache import public_page
from ..db import db
from ..i18n import country_name
from ..vocab import COUNTRIES
from . import cycles, indicators, queries, values, words
from .forms import SubmitForm, ValueForm
from .indicators import MetricsError
from .models import EDITABLE, locks_at

bp = Blueprint("metrics", __name__)
DIMENSION_FIELDS = ("country", "commodity", "operation_type", "job_level")


def _failed(error):
    db.session.rollback()
    flash(str(error), "error")


# --- The public registry --------------------------------------------------------------


@bp.get("/metrics/indicators")
@public_page
def indicators_page():
    """The indicators the Alliance asks for, with their definitions."""
    return render_template(
        "metrics/indicators.html",
        indicators=indicators.all_indicators(),
        words=words,
        manages=policy.can_manage_metrics(current_user),
    )


@bp.get("/metrics/indicators/<code>")
@public_page
def indicator(code):
    """One indicator: its current definition and its earlier versions."""
    found = indicators.by_code(code)
    policy.ensure_reach(found is not None)
    return render_template(
        "metrics/indicator.html",
        indicator=found,
        words=words,
        manages=policy.can_manage_metrics(current_user),
    )


# --- Her organisations' cycles --------------------------------------------------------


def _cycle(cycle_id):
    found = queries.cycle_or_none(cycle_id)
    policy.ensure_reach(found is not None)
    return found


def _organisation_in(cycle, organisation_id):
    """The organisation, if she may read its values and it was asked in the cycle."""
    policy.ensure_reach(
        policy.can_read_organisation_metrics(current_user, organisation_id)
    )
    asked = cycles.asked_row(cycle, organisation_id)
    policy.ensure_reach(asked is not None)
    return asked


@bp.get("/metrics/cycles")
@policy.requires(policy.can_enter_metrics)
def my_cycles():
    """The cycles asking the organisations she enters figures for."""
    ids = policy.metrics_organisation_ids(current_user)
    return render_template(
        "metrics/my_cycles.html",
        rows=cycles.cycles_asking(ids),
        manages=policy.can_manage_metrics(current_user),
    )


@bp.get("/metrics/cycles/<int:cycle_id>/organisations/<int:organisation_id>")
@policy.requires()
def organisation_values(cycle_id, organisation_id):
    """An organisation's figures in a cycle: what is asked, entered, reviewed."""
    cycle = _cycle(cycle_id)
    asked = _organisation_in(cycle, organisation_id)
    rows = queries.values_of(cycle, organisation_id)
    return render_template(
        "metrics/organisation.html",
        cycle=cycle,
        asked=asked,
        grouped=queries.by_indicator(cycle, rows),
        words=words,
        entry_open=cycles.entry_open(cycle, organisation_id),
        enters=policy.submits_metrics_for(current_user, organisation_id),
        editable=EDITABLE,
        submit_form=SubmitForm(formdata=None),
    )


def _dimension_choices(form):
    blank = [SelectChoice("", _("All (total)"))]
    named = sorted((country_name(code), code) for code in COUNTRIES)
    form.country.choices = blank + [SelectChoice(code, name) for name, code in named]
    for dim in DIMENSION_FIELDS[1:]:
        form[dim].choices = blank + [
            SelectChoice(code, label) for code, label in words.VALUES[dim].items()
        ]


def _upload():
    """The checked upload of the request's `document`, None when none was sent;
    raises uploads.UploadRejected."""
    sent = request.files.get("document")
    if sent is None or not sent.filename:
        return None
    limit = uploads.MAX_BYTES
    return uploads.check(sent.stream.read(limit + 1), sent.filename, max_bytes=limit)


def _figures(form):
    return values.Figures(
        value=float(form.value.data) if form.value.data is not None else None,
        women=form.women.data,
        total=form.total.data,
        source=form.source.data or "",
        source_year=form.source_year.data,
        coverage_note=form.coverage_note.data or "",
        confidence=form.confidence.data,
        explanation=form.explanation.data or "",
    )


def _parts(form):
    return {dim: form[dim].data for dim in DIMENSION_FIELDS if form[dim].data}


def _wants_submit():
    return request.form.get("action") == "submit"


@bp.route(
    "/metrics/cycles/<int:cycle_id>/organisations/<int:organisation_id>/values/new",
    methods=["GET", "POST"],
)
@policy.requires()
def new_value(cycle_id, organisation_id):
    """She enters one figure (a total or a breakdown) as a draft, or submits it."""
    cycle = _cycle(cycle_id)
    asked = _organisation_in(cycle, organisation_id)
    policy.ensure_allowed(policy.submits_metrics_for(current_user, organisation_id))
    form = ValueForm()
    form.indicator.choices = [SelectChoice(i.code, i.code) for i in cycle.indicators]
    _dimension_choices(form)
    if not form.is_submitted():
        form.indicator.data = request.args.get("indicator", "")
        form.revision.data = "0"
        return _value_page(cycle, asked, form)
    if not form.validate():
        return _value_page(cycle, asked, form, status=400)
    chosen = indicators.by_code(form.indicator.data)
    try:
        if chosen is None:
            raise MetricsError(_("Choose an indicator from the list."))
        row = values.enter(
            cycle,
            asked.organisation,
            chosen,
            _parts(form),
            _figures(form),
            current_user,
            submit=_wants_submit(),
            document=_upload(),
        )
    except uploads.UploadRejected as error:
        db.session.rollback()
        flash(error.message(), "error")
        return _value_page(cycle, asked, form, status=400)
    except MetricsError as error:
        _failed(error)
        return _value_page(_cycle(cycle_id), asked, form, status=400)
    db.session.commit()
    flash(_saved_message(row), "success")
    return redirect(url_for(".value_detail", value_id=row.id))


def _saved_message(row):
    if row.status == "submitted":
        return _("The value was submitted to the Secretariat.")
    if row.flagged:
        return _(
            "The draft was saved. It changed a lot since last year: explain the "
            "change before submitting it."
        )
    return _("The draft was saved.")


def _value_page(cycle, asked, form, row=None, status=200):
    chosen = indicators.by_code(form.indicator.data or "") if row is None else None
    version = (
        row.indicator_version if row is not None else getattr(chosen, "current", None)
    )
    page = render_template(
        "metrics/value_form.html",
        cycle=cycle,
        asked=asked,
        form=form,
        row=row,
        version=version,
        words=words,
        lock=locks_at(asked.deadline),
    )
    return page, status


# --- One value ------------------------------------------------------------------------


def _value(value_id):
    found = queries.value_or_none(value_id)
    policy.ensure_reach(
        found is not None
        and policy.can_read_organisation_metrics(current_user, found.organisation_id)
    )
    return found


@bp.get("/metrics/values/<int:value_id>")
@policy.requires()
def value_detail(value_id):
    """A value: its figure, source, state, the reviewer's comment, the edit log."""
    return _detail_page(_value(value_id))


def _detail_page(row, status=200):
    previous = values.previous_value(
        row.cycle, row.organisation_id, row.indicator_id, row.breakdown
    )
    page = render_template(
        "metrics/value.html",
        row=row,
        previous=previous,
        changes=queries.changes_of(row),
        words=words,
        enters=policy.submits_metrics_for(current_user, row.organisation_id),
        manages=policy.can_manage_metrics(current_user),
        editable=EDITABLE,
        submit_form=SubmitForm(formdata=None, revision=str(row.revision)),
    )
    return page, status


@bp.route("/metrics/values/<int:value_id>/edit", methods=["GET", "POST"])
@policy.requires()
def edit_value(value_id):
    """She corrects a draft or a value sent back; a stale form is a conflict."""
    row = _value(value_id)
    policy.ensure_allowed(policy.submits_metrics_for(current_user, row.organisation_id))
    asked = cycles.asked_row(row.cycle, row.organisation_id)
    form = ValueForm(obj=row) if request.method == "GET" else ValueForm()
    form.indicator.choices = [SelectChoice(row.indicator.code, row.indicator.code)]
    form.indicator.data = row.indicator.code
    _dimension_choices(form)
    if not form.is_submitted():
        form.revision.data = str(row.revision)
        return _value_page(row.cycle, asked, form, row)
    if not form.validate():
        return _value_page(row.cycle, asked, form, row, status=400)
    try:
        values.edit(
            row,
            _figures(form),
            current_user,
            int(form.revision.data),
            submit=_wants_submit(),
            document=_upload(),
        )
    except uploads.UploadRejected as error:
        db.session.rollback()
        flash(error.message(), "error")
        return _value_page(row.cycle, asked, form, row, status=400)
    except MetricsError as error:
        _failed(error)
        row = _value(value_id)
        return _value_page(row.cycle, asked, form, row, status=400)
    db.session.commit()
    flash(_saved_message(row), "success")
    return redirect(url_for(".value_detail", value_id=row.id))


@bp.post("/metrics/values/<int:value_id>/submit")
@policy.requires()
def submit_value(value_id):
    """She submits a draft as it stands."""
    row = _value(value_id)
    policy.ensure_allowed(policy.submits_metrics_for(current_user, row.organisation_id))
    form = SubmitForm()
    if not form.validate():
        flash(_("Reload the page and try again."), "error")
        return _detail_page(row, 400)
    try:
        values.submit(row, current_user, int(form.revision.data))
    except MetricsError as error:
        _failed(error)
        return _detail_page(_value(value_id), 400)
    db.session.commit()
    flash(_("The value was submitted to the Secretariat."), "success")
    return redirect(url_for(".value_detail", value_id=value_id))


@bp.get("/metrics/values/<int:value_id>/document")
@policy.requires()
def value_document(value_id):
    """The value's source document, to its organisation's submitters and the
    Secretariat."""
    row = _value(value_id)
    if not row.document_key:
        abort(404)
    try:
        data = storage.storage().get(row.document_key)
    except (OSError, ValueError):
        abort(404)
    except Exception:  # the object store is unreachable or lost the object
        current_app.logger.exception("stored file %s unreadable", row.document_key)
        abort(404)
    response = current_app.response_class(data, mimetype=row.document_mime)
    response.headers["Content-Disposition"] = uploads.content_disposition(
        row.document_name
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
