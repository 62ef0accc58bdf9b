"""The committee's space (its meetings, the decisions awaiting it, its latest
report) and its reports: the archive, a report's page, drafting, editing and
publishing (the `space` part)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import policy
from ..db import db, utcnow
from ..events import times
from . import reports
from . import space as space_service
from .forms_space import ActionForm, ReportForm
from .routes import bp

writers_only = policy.requires(policy.can_write_committee_reports)


def _failed(error):
    db.session.rollback()
    flash(str(error), "error")


# --- The space ---------------------------------------------------------------------


@bp.get("/committee/space")
@policy.requires(policy.can_see_committee_space)
def space():
    """The committee's meetings, the decisions awaiting it and its latest report."""
    now = utcnow()
    meetings = space_service.meetings(now)
    zone = times.reader_zone(current_user)
    shown = meetings.upcoming + meetings.past
    return render_template(
        "elections/space.html",
        meetings=meetings,
        times={s.id: times.of(s, zone) for s in shown},
        awaiting=space_service.awaiting_endorsement(),
        latest=reports.latest(),
        drafts=reports.drafts(),
        schedules=policy.can_schedule_committee_meetings(current_user),
        action_form=ActionForm(formdata=None),
    )


@bp.post("/committee/space/meetings")
@policy.requires(policy.can_schedule_committee_meetings)
def space_meetings():
    """Open the committee's series (once), then schedule on the events' page."""
    if not ActionForm().validate_on_submit():
        flash(_("Reload the page and try again."), "error")
        return redirect(url_for(".space")), 400
    series = space_service.ensure_series(current_user)
    db.session.commit()
    return redirect(url_for("events.new_session", series_id=series.id))


# --- The reports -------------------------------------------------------------------


def _report(report_id):
    found = reports.report_by_id(report_id)
    policy.ensure_reach(
        found is not None and policy.can_read_committee_report(current_user, found)
    )
    return found


@bp.get("/committee/reports")
@policy.requires(policy.can_read_committee_reports)
def reports_archive():
    """The published reports, newest first; the drafts for their writers."""
    writes = policy.can_write_committee_reports(current_user)
    return render_template(
        "elections/reports.html",
        published=reports.published(),
        drafts=reports.drafts() if writes else [],
        writes=writes,
    )


@bp.get("/committee/reports/<int:report_id>")
@policy.requires()
def report(report_id):
    """One report in the reader's language."""
    return _report_page(_report(report_id))


def _report_page(found, status=200):
    page = render_template(
        "elections/reports_detail.html",
        report=found,
        can_edit=policy.can_edit_committee_report(current_user, found),
        can_publish=not found.is_published
        and policy.can_publish_committee_reports(current_user),
        action_form=ActionForm(formdata=None),
    )
    return page, status


@bp.route("/committee/reports/new", methods=["GET", "POST"])
@writers_only
def new_report():
    """Draft a report: its period, title and text in the committee's languages."""
    form = ReportForm()
    if not form.validate_on_submit():
        return _form_page(form, None, 400 if form.is_submitted() else 200)
    try:
        found = reports.draft(_values(form), current_user)
    except reports.ReportError as error:
        _failed(error)
        return _form_page(form, None, 400)
    db.session.commit()
    flash(_("The draft report is saved."), "success")
    return redirect(url_for(".report", report_id=found.id))


@bp.route("/committee/reports/<int:report_id>/edit", methods=["GET", "POST"])
@policy.requires()
def edit_report(report_id):
    """Change a draft; a published report is never edited."""
    found = _report(report_id)
    policy.ensure_allowed(policy.can_edit_committee_report(current_user, found))
    form = ReportForm(obj=found)
    if not form.validate_on_submit():
        return _form_page(form, found, 400 if form.is_submitted() else 200)
    try:
        reports.edit(found, _values(form), current_user)
    except reports.ReportError as error:
        _failed(error)
        return _form_page(form, found, 400)
    db.session.commit()
    flash(_("The draft report is saved."), "success")
    return redirect(url_for(".report", report_id=found.id))


@bp.post("/committee/reports/<int:report_id>/publish")
@policy.requires()
def publish_report(report_id):
    """Publish a draft once: its digest goes to every organisation's leader and
    voting delegate."""
    found = _report(report_id)
    policy.ensure_allowed(policy.can_publish_committee_reports(current_user))
    if not ActionForm().validate_on_submit():
        flash(_("Reload the page and try again."), "error")
        return _report_page(found, 400)
    try:
        sent = reports.publish(found, current_user)
    except reports.ReportError as error:
        _failed(error)
        return _report_page(reports.report_by_id(report_id), 400)
    db.session.commit()
    flash(
        ngettext(
            "The report is published; its digest was sent to %(num)d person.",
            "The report is published; its digest was sent to %(num)d people.",
            sent,
        ),
        "success",
    )
    return redirect(url_for(".report", report_id=found.id))


def _values(form):
    return reports.ReportValues(
        period=form.period.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        title=form.title.data,
        body=form.body.data,
    )


def _form_page(form, found, status):
    page = render_template("elections/reports_form.html", form=form, report=found)
    return page, status
