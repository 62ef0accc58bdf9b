"""The committee's periodic reports: drafted, edited while a draft, published once
with a digest mailed to each member organisation's leader and voting delegate.

Services add and flush, the request commits (the emails leave after the commit,
through the job queue). A refused change raises ReportError with a translated
message and changes nothing.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from . import notify_space
from .models_reports import PERIOD_MAX, CommitteeReport, ReportStatus

TITLE_MAX = 200
BODY_MAX = 20000
LONGEST_PERIOD_DAYS = 366


class ReportError(ServiceError):
    """A report that cannot be written or published as asked."""


@dataclass
class ReportValues:
    """A report as its writer entered it."""

    period: str
    starts_on: date
    ends_on: date
    title: translated.Edit
    body: translated.Edit


def _check(values):
    period = (values.period or "").strip()
    if not period or len(period) > PERIOD_MAX:
        raise ReportError(
            _l("Name the period in at most %(max)d characters.", max=PERIOD_MAX)
        )
    if not isinstance(values.starts_on, date) or not isinstance(values.ends_on, date):
        raise ReportError(_l("Enter the first and last days of the period."))
    if values.ends_on < values.starts_on:
        raise ReportError(_l("The period must end on or after its first day."))
    if (values.ends_on - values.starts_on).days > LONGEST_PERIOD_DAYS:
        raise ReportError(_l("A report covers at most a year."))
    if values.title.is_empty() or values.body.is_empty():
        raise ReportError(_l("Write the report's title and text."))
    values.period = period


def draft(values, by):
    """A new draft report."""
    _check(values)
    report = CommitteeReport(
        period=values.period,
        starts_on=values.starts_on,
        ends_on=values.ends_on,
        title=translated.set_text(None, values.title),
        body=translated.set_text(None, values.body),
        status=ReportStatus.DRAFT,
        created_by_id=by.id,
    )
    db.session.add(report)
    db.session.flush()
    record(report, "drafted", actor=by, to_state=ReportStatus.DRAFT)
    return report


def edit(report, values, by):
    """Change a draft; a published report is never edited. The conditional UPDATE
    holds the row, so a publication at the same moment waits for this edit or wins
    before it (and the edit is refused)."""
    _check(values)
    if not update_if(
        CommitteeReport,
        report,
        CommitteeReport.status == ReportStatus.DRAFT,
        updated_at=utcnow(),
    ):
        raise ReportError(_l("A published report is not edited."))
    report.period = values.period
    report.starts_on = values.starts_on
    report.ends_on = values.ends_on
    report.title = translated.set_text(report.title, values.title)
    report.body = translated.set_text(report.body, values.body)
    db.session.flush()
    record(report, "draft_edited", actor=by, from_state=ReportStatus.DRAFT)
    return report


def publish(report, by):
    """Publish a draft, once: the digest goes to every member organisation's leader
    and voting delegate, each in her language. Returns how many were written to."""
    now = utcnow()
    won = transition(
        CommitteeReport,
        report,
        [ReportStatus.DRAFT],
        ReportStatus.PUBLISHED,
        actor=by,
        published_at=now,
        published_by_id=by.id,
    )
    if not won:
        raise ReportError(_l("This report is already published."))
    sent = notify_space.report_published(report)
    update_if(CommitteeReport, report, recipients=sent)
    return sent


# --- Reading ---------------------------------------------------------------------


def published(limit=None):
    """The published reports, newest period first."""
    query = (
        sa.select(CommitteeReport)
        .where(CommitteeReport.status == ReportStatus.PUBLISHED)
        .order_by(
            CommitteeReport.ends_on.desc(),
            CommitteeReport.published_at.desc(),
            CommitteeReport.id.desc(),
        )
    )
    if limit is not None:
        query = query.limit(limit)
    return db.session.scalars(query).unique().all()


def latest():
    """The newest published report, or None."""
    found = published(limit=1)
    return found[0] if found else None


def drafts():
    """The drafts, most recently changed first."""
    return (
        db.session.scalars(
            sa.select(CommitteeReport)
            .where(CommitteeReport.status == ReportStatus.DRAFT)
            .order_by(CommitteeReport.updated_at.desc(), CommitteeReport.id.desc())
        )
        .unique()
        .all()
    )


def report_by_id(report_id):
    """The report with this id, or None."""
    return db.session.get(CommitteeReport, report_id)
