"""The Secretariat's metrics pages: the registry, the cycles with completeness and
timeliness, later deadlines, the review of values and their reopening."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from .. import policy
from ..db import db
from . import cycles, indicators, queries, values, words
from .forms import (
    CycleEditForm,
    CycleForm,
    ExtensionForm,
    IndicatorEditForm,
    IndicatorForm,
    ReopenForm,
    ReviewForm,
)
from .indicators import Definition, MetricsError
from .routes import _cycle, _failed, bp

A = "/admin/metrics"
staff_only = policy.requires(policy.can_manage_metrics)


# --- The registry ---------------------------------------------------------------------


@bp.get(A + "/indicators")
@staff_only
def admin_indicators():
    """Every indicator with its version, unit and endorsement; links to edit."""
    return render_template(
        "metrics/admin_indicators.html",
        indicators=indicators.all_indicators(),
        words=words,
    )


def _definition(form):
    def number(field):
        return float(field.data) if field.data is not None else None

    return Definition(
        name=form.name.data,
        definition=form.definition.data,
        numerator=form.numerator.data or "",
        denominator=form.denominator.data or "",
        unit=form.unit.data,
        entry=form.entry.data,
        disaggregations=list(form.disaggregations.data or []),
        reference_period=form.reference_period.data or "",
        preferred_sources=form.preferred_sources.data or "",
        methodology=form.methodology.data or "",
        min_value=number(form.min_value),
        max_value=number(form.max_value),
        change_note=form.change_note.data or "",
    )


@bp.route(A + "/indicators/new", methods=["GET", "POST"])
@staff_only
def new_indicator():
    """A new indicator with its stable code and first version."""
    form = IndicatorForm()
    if not form.is_submitted():
        form.unit.data, form.entry.data, form.kind.data = "percent", "share", "count"
        return _indicator_page(form)
    if not form.validate():
        return _indicator_page(form, status=400)
    try:
        made = indicators.create(
            form.code.data,
            _definition(form),
            current_user,
            kind=form.kind.data,
            endorsed=bool(form.endorsed.data),
        )
    except MetricsError as error:
        _failed(error)
        return _indicator_page(form, status=400)
    db.session.commit()
    flash(_("The indicator was added to the registry."), "success")
    return redirect(url_for(".indicator", code=made.code))


@bp.route(A + "/indicators/<code>/edit", methods=["GET", "POST"])
@staff_only
def edit_indicator(code):
    """Change an indicator: a new version once values use the current one."""
    found = indicators.by_code(code)
    policy.ensure_reach(found is not None)
    current = found.current
    if current is None:  # an indicator always has a version; a stray row is absent
        policy.ensure_reach(False)
    form = IndicatorEditForm(obj=current)
    if not form.is_submitted():
        form.kind.data, form.endorsed.data = found.kind, found.endorsed
        form.change_note.data = ""
        return _indicator_page(form, found)
    if not form.validate():
        return _indicator_page(form, found, status=400)
    try:
        version = indicators.revise(
            found,
            _definition(form),
            current_user,
            kind=form.kind.data,
            endorsed=bool(form.endorsed.data),
        )
    except MetricsError as error:
        _failed(error)
        return _indicator_page(form, indicators.by_code(code), status=400)
    db.session.commit()
    flash(
        _("Version %(number)s of the indicator was saved.", number=version.number),
        "success",
    )
    return redirect(url_for(".indicator", code=code))


def _indicator_page(form, found=None, status=200):
    page = render_template(
        "metrics/indicator_form.html",
        form=form,
        indicator=found,
        in_use=found is not None and indicators.in_use(found.current),
    )
    return page, status


# --- Cycles ---------------------------------------------------------------------------


@bp.get(A + "/cycles")
@staff_only
def admin_cycles():
    """Every cycle, newest first."""
    return render_template(
        "metrics/admin_cycles.html", cycles=cycles.cycles_newest_first()
    )


def _cycle_choices(form):
    form.indicators.choices = [
        SelectChoice(i.id, i.code) for i in indicators.all_indicators()
    ]
    organisations = queries.all_organisation_choices()
    form.organisations.choices = [SelectChoice(v, label) for v, label in organisations]


@bp.route(A + "/cycles/new", methods=["GET", "POST"])
@staff_only
def new_cycle():
    """A new annual cycle: all member organisations asked unless chosen."""
    form = CycleForm()
    _cycle_choices(form)
    if not form.is_submitted():
        form.indicators.data = [choice.value for choice in form.indicators.choices]
        form.organisations.data = [value for value, _label in queries.member_choices()]
        return _cycle_form_page(form)
    if not form.validate():
        return _cycle_form_page(form, status=400)
    try:
        cycle = cycles.create(
            form.year.data,
            form.opens_on.data,
            form.deadline.data,
            form.indicators.data,
            current_user,
            organisation_ids=form.organisations.data or None,
        )
    except MetricsError as error:
        _failed(error)
        return _cycle_form_page(form, status=400)
    db.session.commit()
    flash(_("The cycle was created."), "success")
    return redirect(url_for(".cycle", cycle_id=cycle.id))


@bp.route(A + "/cycles/<int:cycle_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_cycle(cycle_id):
    """Move the window or change who and what is asked."""
    cycle = _cycle(cycle_id)
    form = CycleEditForm()
    _cycle_choices(form)
    if not form.is_submitted():
        form.opens_on.data, form.deadline.data = cycle.opens_on, cycle.deadline
        form.indicators.data = [i.id for i in cycle.indicators]
        form.organisations.data = [row.organisation_id for row in cycle.asked]
        return _cycle_form_page(form, cycle)
    if not form.validate():
        return _cycle_form_page(form, cycle, status=400)
    try:
        cycles.update(
            cycle,
            form.opens_on.data,
            form.deadline.data,
            form.indicators.data,
            form.organisations.data,
            current_user,
        )
    except MetricsError as error:
        _failed(error)
        return _cycle_form_page(form, _cycle(cycle_id), status=400)
    db.session.commit()
    flash(_("The cycle was saved."), "success")
    return redirect(url_for(".cycle", cycle_id=cycle_id))


def _cycle_form_page(form, cycle=None, status=200):
    return render_template("metrics/cycle_form.html", form=form, cycle=cycle), status


@bp.get(A + "/cycles/<int:cycle_id>")
@staff_only
def cycle(cycle_id):
    """A cycle: completeness and timeliness per organisation and region, the
    values waiting for review, later deadlines."""
    return _cycle_page(_cycle(cycle_id))


def _cycle_page(found, form=None, status=200):
    rows = cycles.progress(found)
    if form is None:
        form = ExtensionForm(formdata=None)
    form.organisation_id.choices = _asked_choices(found)
    page = render_template(
        "metrics/cycle.html",
        cycle=found,
        progress=rows,
        regions=cycles.by_region(rows),
        waiting=queries.waiting_review(found),
        counts=queries.counts_by_status(found),
        extended=[row for row in found.asked if row.extended_until],
        form=form,
        words=words,
    )
    return page, status


def _asked_choices(found):
    return [
        SelectChoice(row.organisation_id, row.organisation.name) for row in found.asked
    ]


@bp.post(A + "/cycles/<int:cycle_id>/extensions")
@staff_only
def extension(cycle_id):
    """Grant one organisation a later deadline, with the reason."""
    found = _cycle(cycle_id)
    form = ExtensionForm()
    form.organisation_id.choices = _asked_choices(found)
    if not form.validate():
        return _cycle_page(found, form, 400)
    try:
        cycles.grant_extension(
            found,
            form.organisation_id.data,
            form.until.data,
            form.reason.data,
            current_user,
        )
    except MetricsError as error:
        _failed(error)
        return _cycle_page(_cycle(cycle_id), form, 400)
    db.session.commit()
    flash(_("The later deadline was granted."), "success")
    return redirect(url_for(".cycle", cycle_id=cycle_id))


# --- Review ---------------------------------------------------------------------------


def _staff_value(value_id):
    found = queries.value_or_none(value_id)
    policy.ensure_reach(found is not None)
    return found


@bp.route(A + "/values/<int:value_id>/review", methods=["GET", "POST"])
@staff_only
def review(value_id):
    """Approve a submitted value, send it back with its issues, or reject it."""
    row = _staff_value(value_id)
    form = ReviewForm()
    if not form.is_submitted():
        return _review_page(row, form)
    if not form.validate():
        return _review_page(row, form, 400)
    try:
        values.review(row, form.action.data, form.comment.data, current_user)
    except MetricsError as error:
        _failed(error)
        return _review_page(_staff_value(value_id), form, 400)
    db.session.commit()
    flash(_("The review was recorded."), "success")
    return redirect(url_for(".cycle", cycle_id=row.cycle_id) + "#review")


def _review_page(row, form, status=200):
    previous = values.previous_value(
        row.cycle, row.organisation_id, row.indicator_id, row.breakdown
    )
    page = render_template(
        "metrics/review.html", row=row, form=form, previous=previous, words=words
    )
    return page, status


@bp.route(A + "/values/<int:value_id>/reopen", methods=["GET", "POST"])
@staff_only
def reopen(value_id):
    """Reopen an approved value: it stays, a new version is sent back."""
    row = _staff_value(value_id)
    form = ReopenForm()
    if not form.is_submitted():
        return _reopen_page(row, form)
    if not form.validate():
        return _reopen_page(row, form, 400)
    try:
        successor = values.reopen(row, form.reason.data, current_user)
    except MetricsError as error:
        _failed(error)
        return _reopen_page(_staff_value(value_id), form, 400)
    db.session.commit()
    flash(_("The value was reopened as a new version."), "success")
    return redirect(url_for(".value_detail", value_id=successor.id))


def _reopen_page(row, form, status=200):
    page = render_template("metrics/reopen.html", row=row, form=form, words=words)
    return page, status
