"""The annual report's life: drafted for a year (once), its narratives edited while
a draft, published once (a conditional UPDATE from draft), never edited after.

Services add and flush, the request commits. A refused change raises
AnnualReportError with a translated message and changes nothing.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..db import db, utcnow
from .models import AnnualReport, AnnualReportNarrative, AnnualReportStatus
from .sections import SECTIONS

FIRST_YEAR, LAST_YEAR = 2000, 2100
NARRATIVE_MAX = 20000


class AnnualReportError(ServiceError):
    """A report that cannot be drafted, edited or published as asked."""


def by_year(year):
    """The report of `year`, or None (a year outside 2000-2100 has none)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return db.session.scalar(sa.select(AnnualReport).where(AnnualReport.year == year))


def published_years():
    return db.session.scalars(
        sa.select(AnnualReport.year)
        .where(AnnualReport.status == AnnualReportStatus.PUBLISHED)
        .order_by(AnnualReport.year.desc())
    ).all()


def all_reports():
    return db.session.scalars(
        sa.select(AnnualReport).order_by(AnnualReport.year.desc())
    ).all()


def draft(year, by):
    """The report of `year`: the existing one, or a new draft."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise AnnualReportError(_l("Choose a year between 2000 and 2100."))
    found = by_year(year)
    if found is not None:
        return found
    values = dict(
        year=year,
        status=AnnualReportStatus.DRAFT,
        created_by_id=by.id,
        created_at=utcnow(),
    )
    # Two drafts of one year at once: the unique year keeps one, the other reads it.
    inserted = db.session.execute(
        _insert(AnnualReport)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["year"])
        .returning(AnnualReport.id)
    ).scalar()
    found = by_year(year)
    if inserted is not None:
        record(found, "drafted", actor=by, to_state=AnnualReportStatus.DRAFT)
    return found


def _insert(model):
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def edit_narrative(report, section, edit, by):
    """Write one section's narrative (three languages, with their statuses)."""
    if section not in SECTIONS:
        raise AnnualReportError(_l("There is no such section."))
    if report.is_published:
        raise AnnualReportError(_l("A published report is never edited."))
    if any(len(body or "") > NARRATIVE_MAX for body in edit.bodies.values()):
        raise AnnualReportError(
            _l("A narrative has at most %(max)d characters.", max=NARRATIVE_MAX)
        )
    row = report.narrative(section)
    if row is None:
        row = AnnualReportNarrative(section=section)
        report.narratives.append(row)
    row.text = translated.set_text(row.text, edit)
    db.session.flush()
    record(report, "narrative_edited", actor=by)
    return row


def publish(report, by):
    """Publish a draft once; a second attempt (or a race) changes nothing."""
    done = db.session.execute(
        sa.update(AnnualReport)
        .where(
            AnnualReport.id == report.id,
            AnnualReport.status == AnnualReportStatus.DRAFT,
        )
        .values(
            status=AnnualReportStatus.PUBLISHED,
            published_at=utcnow(),
            published_by_id=by.id,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if not done:
        raise AnnualReportError(_l("This report is already published."))
    db.session.refresh(report)
    record(report, "published", actor=by, to_state=AnnualReportStatus.PUBLISHED)
    return report
