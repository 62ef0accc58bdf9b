"""The results' blueprint and its routes: a result's page, its updates, owner and
links, and the Secretariat's export for the annual report."""

import json

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagecache import public_page
from ..db import db, utcnow
from ..i18n import localized
from ..outcomes.exports import csv_stream
from . import queries, report, services, words
from .forms import EmptyForm, LinkForm, OwnerForm, UpdateForm

bp = Blueprint("results", __name__)

YEARS = (2000, 2100)


def _update_form(result, **kwargs):
    form = UpdateForm(**kwargs)
    form.must_explain = result.status != "dropped"
    if kwargs.get("formdata", True) is None:
        form.revision.data = str(result.revision)
        form.on_date.data = utcnow().date()
    return form


def _owner_form(result, **kwargs):
    form = OwnerForm(people=services.owner_choices(result), **kwargs)
    if kwargs.get("formdata", True) is None:
        form.revision.data = str(result.revision)
        form.owner.data = str(result.owner_id or "")
    return form


def _targets(result):
    """(value, label) of the group's meetings and actions not linked yet."""
    group = result.recommendation.group
    linked = {(link.session_id, link.item_id) for link in result.links}
    meetings = [
        (f"session:{s.id}", f"{localized(s, 'title')} ({s.starts_at.date()})")
        for s in services.meetings_of(group)
        if (s.id, None) not in linked
    ]
    actions = [
        (f"item:{item.id}", _("Action: %(text)s", text=localized(item, "text")[:80]))
        for item in services.actions_of(group)
        if (None, item.id) not in linked
    ]
    return meetings + actions


def _page(result, status=200, update_form=None, owner_form=None, link_form=None):
    updating = policy.can_update_result(current_user, result)
    owning = policy.can_change_result_owner(current_user, result)
    linking = policy.can_link_result(current_user, result)
    if updating and update_form is None:
        update_form = _update_form(result, formdata=None)
    if owning and owner_form is None:
        owner_form = _owner_form(result, formdata=None)
    if linking and link_form is None:
        link_form = LinkForm(targets=_targets(result), formdata=None)
    page = render_template(
        "results/result.html",
        **queries.page(result, current_user),
        words=words,
        update_form=update_form if updating else None,
        owner_form=owner_form if owning else None,
        link_form=link_form if linking else None,
        unlink_form=EmptyForm(formdata=None) if linking else None,
    )
    return page, status


def _invalid(result, form, **forms):
    """The form's errors on the page (400); a hidden field's as a message."""
    hidden = getattr(form, "revision", None)
    if hidden is not None and hidden.errors:
        flash(str(hidden.errors[0]), "error")
    return _page(result, 400, **forms)


def _refused(result_id, message, **forms):
    """Nothing changed: the page again, with the reason (400)."""
    db.session.rollback()
    flash(str(message), "error")
    return _page(queries.result_or_404(result_id, current_user), 400, **forms)


@bp.get("/results/<int:result_id>")
@public_page
def result(result_id):
    """A result: its recommendation, status, progress, updates and links."""
    return _page(queries.result_or_404(result_id, current_user))


@bp.post("/results/<int:result_id>/updates")
@policy.requires()
def post_update(result_id):
    """Her dated update, maybe with the new status and progress."""
    found = queries.result_or_404(result_id, current_user)
    policy.ensure_allowed(policy.can_update_result(current_user, found))
    form = _update_form(found)
    if not form.validate():
        return _invalid(found, form, update_form=form)
    try:
        services.post_update(
            found,
            current_user,
            lang=str(get_locale()),
            text=form.text.data,
            on_date=form.on_date.data,
            seen_revision=int(form.revision.data),
            status=form.status.data or None,
            progress=form.progress.data,
            reason=form.reason.data,
        )
    except services.ResultError as error:
        return _refused(result_id, error, update_form=form)
    db.session.commit()
    flash(_("Your update was saved."), "success")
    return redirect(url_for(".result", result_id=result_id, _anchor="updates"))


@bp.post("/results/<int:result_id>/owner")
@policy.requires()
def change_owner(result_id):
    """The group's runners give the result to another member of the group."""
    found = queries.result_or_404(result_id, current_user)
    policy.ensure_allowed(policy.can_change_result_owner(current_user, found))
    form = _owner_form(found)
    if not form.validate():
        return _invalid(found, form, owner_form=form)
    try:
        services.change_owner(
            found, form.owner.data, current_user, int(form.revision.data)
        )
    except services.ResultError as error:
        return _refused(result_id, error, owner_form=form)
    db.session.commit()
    flash(_("The result has a new owner."), "success")
    return redirect(url_for(".result", result_id=result_id))


@bp.post("/results/<int:result_id>/links")
@policy.requires()
def link(result_id):
    """One of the group's meetings, or an action of their minutes, linked."""
    found = queries.result_or_404(result_id, current_user)
    policy.ensure_allowed(policy.can_link_result(current_user, found))
    form = LinkForm(targets=_targets(found))
    if not form.validate():
        return _page(found, 400, link_form=form)
    try:
        services.link(found, form.target.data, current_user)
    except services.ResultError as error:
        return _refused(result_id, error, link_form=form)
    db.session.commit()
    flash(_("The link was added."), "success")
    return redirect(url_for(".result", result_id=result_id, _anchor="links"))


@bp.post("/results/<int:result_id>/links/<int:link_id>/remove")
@policy.requires()
def unlink(result_id, link_id):
    """A meeting or action taken off the result's links."""
    found = queries.result_or_404(result_id, current_user)
    policy.ensure_allowed(policy.can_link_result(current_user, found))
    if not EmptyForm().validate():
        return _refused(result_id, _("Reload the page and try again."))
    try:
        services.unlink(found, link_id, current_user)
    except services.ResultError as error:
        return _refused(result_id, error)
    db.session.commit()
    flash(_("The link was removed."), "success")
    return redirect(url_for(".result", result_id=result_id, _anchor="links"))


def _year():
    """The year asked for (default: this year), or None when it is not one."""
    raw = request.args.get("year", "")
    if not raw:
        return utcnow().year
    try:
        year = int(raw)
    except ValueError:
        return None
    return year if YEARS[0] <= year <= YEARS[1] else None


@bp.get("/results/export")
@policy.requires(policy.can_export_results)
def export():
    """The Secretariat's export for the annual report: a year, CSV or JSON."""
    year = _year()
    if year is None:
        flash(_("Enter a year between 2000 and 2100."), "error")
        year, status = utcnow().year, 400
    else:
        status = 200
    rows = report.for_report(year)
    page = render_template(
        "results/export.html",
        year=year,
        rows=rows,
        counts=report.counts_by_status(rows),
        words=words,
        pick=_pick,
    )
    return page, status


def _pick(texts):
    lang = str(get_locale())
    return texts.get(lang) or next(iter(texts.values()), "")


@bp.get("/results/export.csv")
@policy.requires(policy.can_export_results)
def export_csv():
    """The results of a year as CSV (cells never start a formula)."""
    year = _year()
    if year is None:
        return _("Enter a year between 2000 and 2100."), 400
    # Computed here: the stream is read after the request's context is gone.
    rows = list(report.csv_rows(report.for_report(year), _pick))
    return Response(
        csv_stream(report.CSV_HEADER, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=results-{year}.csv"},
    )


@bp.get("/results/export.json")
@policy.requires(policy.can_export_results)
def export_json():
    """The results of a year as JSON, every language written."""
    year = _year()
    if year is None:
        return _("Enter a year between 2000 and 2100."), 400
    rows = report.for_report(year)
    body = {"year": year, "counts": report.counts_by_status(rows), "results": rows}
    return Response(
        json.dumps(body, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename=results-{year}.json"},
    )
