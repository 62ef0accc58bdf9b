"""CSV and XLSX exports of the metrics and of the participant list.

A spreadsheet cell never becomes a formula: CSV text cells that a spreadsheet would
read as one (= + - @, tab, carriage return) get a leading apostrophe, and XlsxWriter
writes every string as a string (`strings_to_formulas` and `strings_to_urls` off).
"""

import csv
import io

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..core.disclosure import MIN_GROUP
from ..db import db
from ..i18n import localized
from ..mentorships.models import Mentorship
from ..organisations.models import Organisation
from ..programmes.models import Enrolment, Programme
from .filters import person_conditions
from .metrics import no_jit

MAX_ROWS = 250_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": True,
}


def neutralise(value):
    """A text cell a spreadsheet could take for a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_stream(header, rows):
    """UTF-8 CSV with a BOM (Excel reads the accents), yielded in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(cell) for cell in header])
    for count, row in enumerate(rows, 1):
        writer.writerow([neutralise(cell) for cell in row])
        if count % 1000 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_bytes(sheet_name, header, rows):
    """An XLSX workbook in memory, rows written one by one (constant memory)."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, XLSX_OPTIONS)
    sheet = workbook.add_worksheet(sheet_name[:31])
    sheet.set_column(0, len(header) - 1, 24)
    sheet.freeze_panes(1, 0)
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, header, bold)
    for index, row in enumerate(rows, 1):
        for column, cell in enumerate(row):
            if isinstance(cell, str):
                sheet.write_string(index, column, cell)
            elif cell is None:
                sheet.write_blank(index, column, None)
            else:
                sheet.write_number(index, column, cell)
    workbook.close()
    return output.getvalue()


# --- Metrics ----------------------------------------------------------------------


def metric_header():
    return [_("Table"), _("Row"), _("Measure"), _("Value"), _("Unit")]


def metric_rows(tables):
    """Every figure of every table as (table, row, measure, value, unit)."""
    units = {
        "count": _("count"),
        "percent": "%",
        "days": _("days"),
        "mean": _("mean"),
        "nps": _("score from -100 to 100"),
        "rate": _("per month"),
    }
    hidden = _("fewer than %(num)d", num=MIN_GROUP)
    withheld = _("withheld")
    for table in tables:
        for label, cells in table.rows:
            for measure, stat in zip(table.columns[1:], cells, strict=True):
                if stat.withheld:
                    value = withheld
                elif stat.hidden:
                    value = hidden
                elif stat.value is None:
                    value = None
                elif stat.unit == "percent":
                    value = round(100 * stat.value, 1)
                elif stat.unit == "count":
                    value = int(stat.value)
                else:
                    value = round(stat.value, 2)
                yield (table.caption, label, measure, value, units[stat.unit])


# --- Participants -----------------------------------------------------------------


def _participants_query(filters, visible):
    """One row per enrolment, with her latest mentorship's status in that role."""
    latest = {}
    for role in ("mentee", "mentor"):
        m = aliased(Mentorship)
        person = getattr(m, f"{role}_user_id")
        latest[role] = (
            sa.select(m.status)
            .where(
                m.programme_id == Enrolment.programme_id, person == Enrolment.user_id
            )
            .order_by(m.started_at.desc(), m.id.desc())
            .limit(1)
            .scalar_subquery()
        )
    status = sa.case(
        (Enrolment.role == "mentee", latest["mentee"]), else_=latest["mentor"]
    )
    return (
        sa.select(
            User.name,
            User.email,
            Organisation.name.label("organisation"),
            Enrolment.role,
            Enrolment.programme_id,
            Enrolment.status,
            status.label("mentorship_status"),
        )
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(visible, User.erased_at.is_(None))
        .where(*person_conditions(filters, enrolled_only=False))
    )


def count_participants(filters, visible):
    query = _participants_query(filters, visible).with_only_columns(sa.func.count())
    return db.session.scalar(query.order_by(None))


def participant_header():
    return [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Role"),
        _("Programme"),
        _("Enrolment status"),
        _("Mentorship status"),
    ]


def participant_rows(filters, visible):
    """The participant list, streamed from the database in batches."""
    labels = {
        "mentor": _("Mentor"),
        "mentee": _("Mentee"),
        "enrolled": _("Enrolled"),
        "withdrawn": _("Withdrawn"),
        "active": _("Active"),
        "completed": _("Completed"),
        "closed_early": _("Closed early"),
        None: _("Not matched"),
    }
    no_jit()
    programmes = {
        p.id: localized(p, "name") for p in db.session.scalars(sa.select(Programme))
    }
    query = _participants_query(filters, visible).order_by(
        Enrolment.programme_id, Organisation.name, User.name, User.id, Enrolment.role
    )
    result = db.session.execute(query.execution_options(yield_per=2000))
    for row in result:
        yield (
            row.name,
            row.email,
            row.organisation or "",
            labels[row.role],
            programmes[row.programme_id],
            labels[row.status],
            labels.get(row.mentorship_status, row.mentorship_status),
        )
