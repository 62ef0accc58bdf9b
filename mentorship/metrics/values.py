"""Values entered by an organisation's data submitter, and their review.

A share (women in management...) is entered as two counts, women and total, so
that `women <= total` is checked and later aggregates add counts rather than
averaging percentages; its value is derived (100 x women / total). Other
indicators take their value directly. Rules: the indicator and the organisation
were asked in the cycle; entry is open (a later deadline granted counts; a value
sent back with issues may be corrected after the lock); breakdowns from the
indicator's dimensions; percentages within 0-100 and the indicator's range; a
large change from the previous cycle (over 50% relative, over 10 points for a
percentage) is flagged and must be explained before it is submitted.

States: draft -> submitted -> approved | rejected | has_issues (-> submitted ...).
An approved value is never edited: the Secretariat reopens it as a new version.
Every edit is one conditional UPDATE on the revision the form read (a stale form
is a conflict, nothing overwritten), with one edit-log row per changed field.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from babel import Locale
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..core import storage
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from . import cycles, notify
from .indicators import MetricsError
from .models import (
    EDITABLE,
    Confidence,
    Cycle,
    MetricValue,
    MetricValueChange,
    Unit,
    ValueStatus,
)
from .words import DIMENSIONS, VALUES, breakdown_key

LOGGED = (
    "value",
    "women",
    "total",
    "source",
    "source_year",
    "coverage_note",
    "confidence",
    "explanation",
    "document_name",
)
RELATIVE_CHANGE = 0.5
POINTS_CHANGE = 10.0
TEXT_MAX = {"source": 500, "coverage_note": 1000, "explanation": 2000}
BIGGEST = 10**12
SENT = ValueStatus.SUBMITTED


@dataclass
class Figures:
    """What the submitter entered for one value."""

    value: float | None = None
    women: int | None = None
    total: int | None = None
    source: str = ""
    source_year: int | None = None
    coverage_note: str = ""
    confidence: str = Confidence.MEDIUM
    explanation: str = ""


class Conflict(MetricsError):
    """Someone else changed the value since the form was read."""


# --- Checks ---------------------------------------------------------------------------


def check_breakdown(version, parts):
    """The canonical key of `parts` ({dimension: code}), checked against the
    indicator's dimensions and the vocabularies."""
    chosen = {dim: code for dim, code in (parts or {}).items() if code}
    for dim, code in chosen.items():
        if dim not in DIMENSIONS or dim not in (version.disaggregations or []):
            raise MetricsError(_l("This indicator is not broken down that way."))
        known = Locale("en").territories if dim == "country" else VALUES.get(dim, {})
        if code not in known:
            raise MetricsError(_l("Choose the breakdown's values from the lists."))
    return breakdown_key(chosen)


def _check_figures(version, figures, cycle):
    if version.is_share:
        women, total = figures.women, figures.total
        if women is None or total is None:
            raise MetricsError(_l("Enter the number of women and the total."))
        if women < 0 or total <= 0 or total > BIGGEST:
            raise MetricsError(_l("Counts are whole numbers, the total above zero."))
        if women > total:
            raise MetricsError(_l("The number of women cannot exceed the total."))
        figures.value = round(100 * women / total, 2)
    else:
        figures.women = figures.total = None
        if figures.value is None:
            raise MetricsError(_l("Enter the value."))
        if version.unit == Unit.PERCENT and not 0 <= figures.value <= 100:
            raise MetricsError(_l("A percentage is between 0 and 100."))
        low, high = version.min_value, version.max_value
        if (low is not None and figures.value < low) or (
            high is not None and figures.value > high
        ):
            raise MetricsError(_l("This value is outside the indicator's range."))
        if abs(figures.value) > BIGGEST:
            raise MetricsError(_l("This value is outside the indicator's range."))
    if figures.source_year is not None and not (
        1990 <= figures.source_year <= cycle.year + 1
    ):
        raise MetricsError(_l("The source's year is between 1990 and the cycle's."))
    if figures.confidence not in set(Confidence):
        raise MetricsError(_l("Choose a level of confidence."))
    for name, limit in TEXT_MAX.items():
        setattr(figures, name, (getattr(figures, name) or "").strip()[:limit])


def previous_value(cycle, organisation_id, indicator_id, breakdown):
    """The same figure in the previous year's cycle (submitted or approved)."""
    return db.session.scalar(
        sa.select(MetricValue)
        .join(Cycle, Cycle.id == MetricValue.cycle_id)
        .where(
            Cycle.year == cycle.year - 1,
            MetricValue.organisation_id == organisation_id,
            MetricValue.indicator_id == indicator_id,
            MetricValue.breakdown == breakdown,
            MetricValue.superseded.is_(False),
            MetricValue.status.in_((ValueStatus.SUBMITTED, ValueStatus.APPROVED)),
        )
    )


def large_change(version, old, new):
    """True when `new` moved from `old` more than the rules allow."""
    if old is None or new is None:
        return False
    if version.unit == Unit.PERCENT:
        return abs(new - old) > POINTS_CHANGE
    if old == 0:
        return new != 0
    return abs(new - old) / abs(old) > RELATIVE_CHANGE


def _flag(version, figures, cycle, org_id, ind_id, breakdown):
    before = previous_value(cycle, org_id, ind_id, breakdown)
    return large_change(version, before.value if before else None, figures.value)


def _ensure_asked(cycle, organisation, indicator):
    if cycles.asked_row(cycle, organisation.id) is None:
        raise MetricsError(
            _l("Your organisation was not asked to report in this cycle.")
        )
    if indicator not in cycle.indicators:
        raise MetricsError(
            _l("Your organisation was not asked for this indicator in this cycle.")
        )


def _ensure_open(cycle, organisation_id):
    if not cycles.entry_open(cycle, organisation_id):
        raise MetricsError(
            _l("Entry for this cycle is closed: its deadline has passed.")
            if cycle.has_opened()
            else _l("Entry for this cycle has not opened yet.")
        )


def _ensure_explained(flagged, figures, submit):
    if submit and flagged and not figures.explanation:
        raise MetricsError(
            _l(
                "This figure changed a lot since last year: explain the change "
                "before submitting it."
            )
        )


# --- Entering and editing -------------------------------------------------------------


def enter(
    cycle, organisation, indicator, parts, figures, by, *, submit=False, document=None
):
    """A new value for the organisation (a draft, or submitted at once)."""
    _ensure_asked(cycle, organisation, indicator)
    _ensure_open(cycle, organisation.id)
    version = indicator.current
    breakdown = check_breakdown(version, parts)
    _check_figures(version, figures, cycle)
    flagged = _flag(version, figures, cycle, organisation.id, indicator.id, breakdown)
    _ensure_explained(flagged, figures, submit)
    now = utcnow()
    row = MetricValue(
        cycle_id=cycle.id,
        organisation_id=organisation.id,
        indicator_id=indicator.id,
        indicator_version_id=version.id,
        breakdown=breakdown,
        status=ValueStatus.SUBMITTED if submit else ValueStatus.DRAFT,
        flagged=flagged,
        entered_by_id=by.id,
        submitted_at=now if submit else None,
        first_submitted_at=now if submit else None,
        **_fields(figures),
    )
    if document is not None:
        _attach(row, document)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError as error:
        raise Conflict(
            _l(
                "A value for this indicator and breakdown already exists: open it "
                "from the list to change it."
            )
        ) from error
    _log(row, {}, _logged(row), by)
    return row


def edit(row, figures, by, read_revision, *, submit=False, document=None):
    """Change a draft or a value sent back, if nobody changed it since
    `read_revision`; submitted at once with `submit`."""
    if row.status not in EDITABLE or row.superseded:
        raise MetricsError(_not_editable(row))
    if row.revision != read_revision:
        raise _conflict()
    sent_back = row.status == ValueStatus.HAS_ISSUES
    if not sent_back:
        _ensure_open(row.cycle, row.organisation_id)
    version = row.indicator_version
    _check_figures(version, figures, row.cycle)
    flagged = _flag(
        version,
        figures,
        row.cycle,
        row.organisation_id,
        row.indicator_id,
        row.breakdown,
    )
    _ensure_explained(flagged, figures, submit)
    before = _logged(row)
    values = {**_fields(figures), "flagged": flagged, "entered_by_id": by.id}
    if document is not None:
        values.update(_stored(document))
    now = utcnow()
    if submit:
        values.update(
            status=ValueStatus.SUBMITTED,
            submitted_at=now,
            first_submitted_at=row.first_submitted_at or now,
        )
    won = update_if(
        MetricValue,
        row,
        MetricValue.revision == read_revision,
        MetricValue.status.in_(EDITABLE),
        MetricValue.superseded.is_(False),
        revision=read_revision + 1,
        updated_at=now,
        **values,
    )
    if not won:
        db.session.refresh(row)
        if row.status not in EDITABLE:
            raise MetricsError(_not_editable(row))
        raise _conflict()
    _log(row, before, _logged(row), by)
    if submit:
        record(row, "submitted", actor=by, from_state=before["status"], to_state=SENT)
    return row


def submit(row, by, read_revision):
    """Submit a draft (or a corrected value) as it stands."""
    figures = Figures(
        value=row.value,
        women=row.women,
        total=row.total,
        source=row.source,
        source_year=row.source_year,
        coverage_note=row.coverage_note,
        confidence=row.confidence,
        explanation=row.explanation,
    )
    return edit(row, figures, by, read_revision, submit=True)


def _conflict():
    return Conflict(
        _l(
            "Someone else changed this value since you opened it. Your entry is "
            "still in the form: compare it with the current value and save again."
        )
    )


def _not_editable(row):
    if row.status == ValueStatus.APPROVED:
        return _l("An approved value cannot be edited; the Secretariat can reopen it.")
    if row.status == ValueStatus.SUBMITTED:
        return _l("A submitted value waits for the Secretariat's review.")
    return _l("A rejected value cannot be edited.")


def _fields(figures):
    return {
        "value": figures.value,
        "women": figures.women,
        "total": figures.total,
        "source": figures.source,
        "source_year": figures.source_year,
        "coverage_note": figures.coverage_note,
        "confidence": figures.confidence,
        "explanation": figures.explanation,
    }


def _stored(document):
    try:
        key = storage.storage().put(document.data, document.ext)
    except Exception as error:  # the disk is full or the object store unreachable
        current_app.logger.exception("could not store a metrics document")
        raise MetricsError(
            _l("The file could not be stored just now; please try again later.")
        ) from error
    storage.delete_on_rollback(key)
    return {
        "document_key": key,
        "document_name": document.filename[:255],
        "document_mime": document.mime[:120],
    }


def _attach(row, document):
    for name, value in _stored(document).items():
        setattr(row, name, value)


def _logged(row):
    found = {name: _text(getattr(row, name)) for name in LOGGED}
    found["status"] = row.status
    return found


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _log(row, before, after, by):
    if row.id is None:
        db.session.flush()
    now = utcnow()
    for name in LOGGED:
        old, new = before.get(name, ""), after[name]
        if old != new:
            db.session.add(
                MetricValueChange(
                    metric_value_id=row.id,
                    changed_by_id=getattr(by, "id", None),
                    changed_at=now,
                    field=name,
                    old=old[:2000],
                    new=new[:2000],
                )
            )
    db.session.flush()


# --- Review ---------------------------------------------------------------------------


REVIEW_STATES = {
    "approve": ValueStatus.APPROVED,
    "send_back": ValueStatus.HAS_ISSUES,
    "reject": ValueStatus.REJECTED,
}


def review(row, action, comment, by):
    """The Secretariat approves a submitted value, sends it back with its issues,
    or rejects it with the reason."""
    to_state = REVIEW_STATES.get(action)
    if to_state is None:
        raise MetricsError(_l("Choose what to do with the value."))
    comment = (comment or "").strip()[:2000]
    if to_state != ValueStatus.APPROVED and not comment:
        raise MetricsError(_l("Say what is wrong: the submitter reads it."))
    won = transition(
        MetricValue,
        row,
        (ValueStatus.SUBMITTED,),
        to_state,
        MetricValue.superseded.is_(False),
        actor=by,
        reason=comment,
        reviewed_by_id=by.id,
        reviewed_at=utcnow(),
        review_comment=comment,
    )
    if not won:
        raise MetricsError(_l("This value is no longer waiting for review."))
    if to_state != ValueStatus.APPROVED:
        notify.reviewed(row)
    return row


def reopen(row, reason, by):
    """An approved value reopened by the Secretariat: it stays as it was (now
    superseded) and a new version, sent back with the reason, takes its place."""
    reason = (reason or "").strip()[:2000]
    if not reason:
        raise MetricsError(_l("Give the reason for reopening the value."))
    won = update_if(
        MetricValue,
        row,
        MetricValue.status == ValueStatus.APPROVED,
        MetricValue.superseded.is_(False),
        superseded=True,
    )
    if not won:
        raise MetricsError(_l("Only a current approved value can be reopened."))
    copy = {name: getattr(row, name) for name in _COPIED}
    successor = MetricValue(
        **copy,
        version=row.version + 1,
        status=ValueStatus.HAS_ISSUES,
        review_comment=reason,
        reviewed_by_id=by.id,
        reviewed_at=utcnow(),
    )
    db.session.add(successor)
    db.session.flush()
    record(row, "reopened", actor=by, reason=reason, data={"new_id": successor.id})
    notify.reviewed(successor)
    return successor


_COPIED = (
    "cycle_id",
    "organisation_id",
    "indicator_id",
    "indicator_version_id",
    "breakdown",
    "value",
    "women",
    "total",
    "source",
    "source_year",
    "coverage_note",
    "confidence",
    "flagged",
    "explanation",
    "document_key",
    "document_name",
    "document_mime",
    "entered_by_id",
    "submitted_at",
    "first_submitted_at",
)
