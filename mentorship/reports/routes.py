"""The annual report's pages: the public list and report (HTML, PDF), and the
Secretariat's drafting, narrative editor and publication."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core import translated
from ..core.pagecache import public_page
from ..db import db
from . import pdf, services
from .forms import ActionForm, NarrativeForm, YearForm
from .sections import SECTIONS, TITLES, compile_report

bp = Blueprint("reports", __name__)
staff_only = policy.requires(policy.can_manage_annual_reports)


def _failed(error):
    db.session.rollback()
    flash(str(error), "error")


def _narratives(report, lang):
    """section -> (text, language, fallback) in the reader's language."""
    shown = {}
    for row in report.narratives:
        found = translated.resolve(row.text, lang)
        shown[row.section] = (found.body, found.lang, found.fallback)
    return shown


def _published(year):
    found = services.by_year(year)
    policy.ensure_reach(found is not None and found.is_published)
    return found


@bp.get("/reports")
@public_page
def index():
    """The published annual reports, newest first."""
    return render_template("reports/index.html", years=services.published_years())


@bp.get("/reports/<int:year>")
@public_page
def public(year):
    """A published report in the reader's language."""
    found = _published(year)
    lang = str(get_locale())
    return render_template(
        "reports/report.html",
        report=found,
        sections=compile_report(year),
        narratives=_narratives(found, lang),
        lang=lang,
    )


@bp.get("/reports/<int:year>.pdf")
def public_pdf(year):
    """The published report as a PDF, in the reader's language."""
    found = _published(year)
    lang = str(get_locale())
    body = pdf.render(year, compile_report(year), _narratives(found, lang), lang)
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="wim-alliance-annual-report-{year}-{lang}.pdf"'
    )
    return response


@bp.route("/admin/reports", methods=["GET", "POST"])
@staff_only
def admin_index():
    """Every report with its status; a year to draft."""
    form = YearForm()
    if form.validate_on_submit():
        try:
            found = services.draft(form.year.data, current_user)
        except services.AnnualReportError as error:
            _failed(error)
        else:
            db.session.commit()
            return redirect(url_for(".admin_report", year=found.year))
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "reports/admin_index.html", reports=services.all_reports(), form=form
    )
    return page, status


def _draft_or_404(year):
    found = services.by_year(year)
    policy.ensure_reach(found is not None)
    return found


@bp.get("/admin/reports/<int:year>")
@staff_only
def admin_report(year):
    """The report as compiled today, each narrative's translation status."""
    return _admin_page(_draft_or_404(year))


def _admin_page(found, status=200):
    page = render_template(
        "reports/admin_report.html",
        report=found,
        sections=compile_report(found.year),
        narratives=_narratives(found, str(get_locale())),
        action_form=ActionForm(formdata=None),
        titles=[(key, TITLES[key]) for key in SECTIONS],
    )
    return page, status


@bp.route("/admin/reports/<int:year>/narratives/<section>", methods=["GET", "POST"])
@staff_only
def narrative(year, section):
    """Edit one section's narrative in the three languages."""
    found = _draft_or_404(year)
    if section not in SECTIONS:
        abort(404)
    row = found.narrative(section)
    form = NarrativeForm(obj=row)
    if found.is_published:
        flash(_("A published report is never edited."), "error")
        return redirect(url_for(".admin_report", year=year))
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return _narrative_page(found, section, form, row, status)
    try:
        services.edit_narrative(found, section, form.text.data, current_user)
    except services.AnnualReportError as error:
        _failed(error)
        return _narrative_page(found, section, form, row, 400)
    db.session.commit()
    flash(_("The narrative is saved."), "success")
    return redirect(url_for(".admin_report", year=year))


def _narrative_page(found, section, form, row, status):
    page = render_template(
        "reports/narrative_form.html",
        report=found,
        section=section,
        title=TITLES[section],
        form=form,
        row=row,
    )
    return page, status


@bp.post("/admin/reports/<int:year>/publish")
@staff_only
def publish(year):
    """Publish the report once: it becomes public at /reports/<year>."""
    found = _draft_or_404(year)
    if not ActionForm().validate_on_submit():
        flash(_("Reload the page and try again."), "error")
        return _admin_page(found, 400)
    try:
        services.publish(found, current_user)
    except services.AnnualReportError as error:
        _failed(error)
        return _admin_page(services.by_year(year), 400)
    db.session.commit()
    flash(_("The report is published."), "success")
    return redirect(url_for(".public", year=year))
