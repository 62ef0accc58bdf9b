"""Outcome metrics, dashboards, exports and the printable programme report."""

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from .. import policy
from ..audit import record
from ..auth.models import User
from ..core.pagination import page_arg
from ..db import db
from ..main.errors import render_error
from ..organisations.models import Organisation
from ..programmes.models import Programme
from . import cache, exports, members, metrics, tables
from .charts import table_chart
from .filters import Filters
from .forms import (
    BREAKDOWN_LABELS,
    FilterForm,
    organisation_choices,
    programme_choices,
)

bp = Blueprint("outcomes", __name__)

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Dashboards -------------------------------------------------------------------


@bp.get("/dashboard")
@policy.requires(policy.can_open_dashboards)
def dashboard():
    """The whole Alliance's outcomes; a coordinator is sent to her organisation's."""
    if not policy.can_view_outcomes(current_user):
        organisation_id = policy.my_organisation(current_user)
        return redirect(url_for(".organisation", organisation_id=organisation_id))
    programmes = programme_choices(policy.can_manage_programmes(current_user))
    form = _form(with_organisations=True, programmes=programmes)
    if not form.validate():
        return _dashboard_page(form, None, programmes=programmes), 400
    return _dashboard_page(form, form.filters(), programmes=programmes)


@bp.get("/dashboard/organisations/<int:organisation_id>")
@policy.requires()
def organisation(organisation_id):
    """One organisation's figures; its members' mentorships (status only) for the
    readers policy lets see named rows."""
    policy.ensure_reach(policy.can_view_outcomes(current_user, organisation_id))
    org = db.get_or_404(Organisation, organisation_id)
    form = _form(with_organisations=False)
    if not form.validate():
        return _dashboard_page(form, None, org=org), 400
    filters = form.filters(organisation_id=org.id)
    pairs = None
    if policy.can_see_member_rows(current_user, org.id):
        pairs = members.member_mentorships(
            current_user, org.id, filters.programme, page_arg()
        )
    return _dashboard_page(form, filters, org=org, pairs=pairs)


@bp.get("/dashboard/programmes/<int:programme_id>/report")
@policy.requires(policy.can_read_reports)
def report(programme_id):
    """A programme's printable report for the Steering Committee."""
    programme = db.get_or_404(Programme, programme_id)
    policy.ensure_reach(policy.can_view_programme(current_user, programme))
    filters = Filters(programme=programme.id)
    return render_template(
        "outcomes/report.html",
        programme=programme,
        figures=_figures(filters, "region").html(),
        today=date.today(),
    )


def _form(with_organisations, programmes=None):
    if programmes is None:
        programmes = programme_choices(policy.can_manage_programmes(current_user))
    return FilterForm(
        request.args,
        programmes,
        organisation_choices() if with_organisations else None,
    )


class Figures:
    """Every table of one view, its charts, its figures as text, and (rendered on
    first use) their HTML: what cache.py keeps per data version."""

    def __init__(self, found):
        self.tables = found
        self.charts = [table_chart(table, tables.CHART_ROWS) for table in found]
        self.rows = [tables.shown_rows(table) for table in found]
        self._html = None

    def html(self):
        if self._html is None:
            self._html = Markup(
                render_template(
                    "outcomes/_figures.html",
                    figures=list(zip(self.tables, self.charts, self.rows, strict=True)),
                )
            )
        return self._html


def _figures(filters, by):
    """Every table, survey figures checked against the reader's whole reach: from
    the cache when the data, the reader's scope, the filters and locale are the same."""
    scope = policy.outcome_scope(current_user)

    def compute():
        data = metrics.dashboard(filters, by, scope)
        return Figures(tables.all_tables(data, BREAKDOWN_LABELS[by]))

    return cache.cached("figures", compute, scope, filters, by)


def _dashboard_page(form, filters, org=None, pairs=None, programmes=()):
    figures = None if filters is None else _figures(filters, form.by)
    export_args = filters.args() if filters else {}
    if form.by != "region":
        export_args["breakdown"] = form.by
    return render_template(
        "outcomes/dashboard.html",
        form=form,
        close_reason_label=members.close_reason_label,
        org=org,
        figures=figures.html() if figures else "",
        pairs=pairs,
        export_args=export_args,
        can_export_participants=policy.can_export_participants(
            current_user, org.id if org else None
        ),
        programmes=programmes,
    )


# --- Exports ----------------------------------------------------------------------


@bp.get("/dashboard/export/metrics.<fmt>")
@policy.requires(policy.can_open_metric_exports)
def export_metrics(fmt):
    """The dashboard's figures as CSV or XLSX, with the same filters."""
    _ensure_export(fmt, policy.can_view_outcomes)
    form = _export_form()
    rows = exports.metric_rows(_figures(form.filters(), form.by).tables)
    return _download(fmt, "outcomes", _("Outcomes"), exports.metric_header(), rows)


@bp.get("/dashboard/export/participants.<fmt>")
@policy.requires(policy.can_open_participant_exports)
def export_participants(fmt):
    """The participant list (names, emails): staff for all, coordinators for theirs."""
    _ensure_export(fmt, policy.can_export_participants)
    filters = _export_form().filters()
    visible = policy.visible_people(current_user, User)
    count = exports.count_participants(filters, visible)
    if count > exports.MAX_ROWS:
        message = _(
            "This list has more than %(num)d rows: please choose a programme or an "
            "organisation.",
            num=exports.MAX_ROWS,
        )
        return render_error(400, message)
    record(
        current_user,
        "exported_participants",
        actor=current_user,
        data={**filters.args(), "format": fmt, "rows": count},
    )
    db.session.commit()
    rows = exports.participant_rows(filters, visible)
    header = exports.participant_header()
    return _download(fmt, "participants", _("Participants"), header, rows)


def _ensure_export(fmt, allowed):
    """Unknown format: 404. Another organisation's figures: 404 (no role: 403, by
    the view's guard)."""
    if fmt not in FORMATS:
        abort(404)
    organisation_id = request.args.get("organisation", type=int)
    policy.ensure_reach(allowed(current_user, organisation_id))


def _export_form():
    form = _form(with_organisations=True)
    if not form.validate():
        abort(400)
    return form


def _download(fmt, stem, sheet_name, header, rows):
    filename = f"{stem}-{date.today().isoformat()}.{fmt}"
    if fmt == "csv":
        body = stream_with_context(exports.csv_stream(header, rows))
        response = Response(body, mimetype="text/csv")
        response.charset = "utf-8"
    else:
        body = exports.xlsx_bytes(sheet_name, header, rows)
        response = Response(body, mimetype=XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
