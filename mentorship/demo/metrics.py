"""Shared metrics for the demo: the standard indicators (three languages), three
closed annual cycles (2023, 2024, 2025) with the member organisations' figures, and
the 2026 cycle open.

Each closed cycle: most organisations complete, some partly, a few silent; some
submitted after the deadline under a later one the Secretariat granted; a few
large changes from the year before flagged and explained; one value rejected and
one sent back and corrected; the rest approved. In 2026: drafts, values waiting for
review (one flagged and explained), one sent back.

Through the services (the checks, the edit log, the reviews are the real ones):
a closed cycle's window is opened while its figures are entered, then set to its
real dates and the submissions dated within it (or after the deadline, for the
late ones). Every email silenced. Idempotent: a database with cycles is left as
it is.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import notifications
from ..db import db, utcnow
from ..metrics import cycles, notify, standard, values
from ..metrics.models import Cycle, MetricValue
from ..organisations.models import Organisation
from .plan import STAFF_DOMAIN

PAST_YEARS = (2023, 2024, 2025)
OPEN_YEAR = 2026
MAX_ORGANISATIONS = 24  # enough to show regions; quick to seed


@dataclass(frozen=True)
class Baseline:
    """An organisation's starting figures, drifting a little each year."""

    workforce: int
    shares: dict
    pay_gap: float
    incidents: int


SHARE_RANGES = {
    "WF_WOMEN_SHARE": (8, 24),
    "WF_TECHNICAL_SHARE": (5, 16),
    "WF_MANAGEMENT_SHARE": (9, 26),
    "BOARD_WOMEN_SHARE": (10, 36),
    "GRAD_WOMEN_SHARE": (18, 42),
}
SOURCES = {
    "WF_WOMEN_SHARE": "Chamber of Mines annual employment survey",
    "WF_TECHNICAL_SHARE": "Chamber of Mines annual employment survey",
    "WF_MANAGEMENT_SHARE": "Member companies' sustainability reports",
    "BOARD_WOMEN_SHARE": "Stock exchange filings",
    "GRAD_WOMEN_SHARE": "Ministry of Higher Education",
    "PAY_GAP": "National wage statistics",
    "HARASSMENT_INCIDENTS": "Regulator's grievance register",
}


def seed_metrics(random_state=7):
    """Add the indicators and the four cycles; flushes, the caller commits."""
    if db.session.scalar(sa.select(Cycle.id).limit(1)) is not None:
        return
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    if staff is None:
        return
    rng = random.Random(random_state)
    with notifications.muted():
        made = {i.code: i for i in standard.seed(staff)}
        organisations = _organisations()
        people = notify.submitters([org.id for org in organisations])
        reporters = [
            (org, people[org.id][0][0]) for org in organisations if org.id in people
        ]
        baselines = {org.id: _baseline(rng) for org, _person in reporters}
        for n, year in enumerate(PAST_YEARS):
            _past_cycle(year, n, made, reporters, baselines, staff, rng)
        _open_cycle(made, reporters, baselines, staff, rng)
    db.session.flush()


def _organisations():
    return db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.status == "member")
        .order_by(Organisation.slug)
        .limit(MAX_ORGANISATIONS)
    ).all()


def _baseline(rng):
    return Baseline(
        workforce=rng.choice((600, 1500, 4000, 9000, 18000)),
        shares={code: rng.uniform(*span) for code, span in SHARE_RANGES.items()},
        pay_gap=round(rng.uniform(8, 28), 1),
        incidents=rng.randint(2, 30),
    )


def _figures(code, base, years_in, rng, jump=False):
    """Plausible figures for one indicator, a little better each year."""
    source = values.Figures(
        source=SOURCES[code],
        confidence=rng.choice(("high", "high", "medium", "low")),
    )
    if code == "PAY_GAP":
        source.value = round(max(0.5, base.pay_gap - 0.8 * years_in), 1)
    elif code == "HARASSMENT_INCIDENTS":
        source.value = base.incidents + rng.randint(-2, 3) + (25 if jump else 0)
        source.value = max(0, source.value)
    else:
        share = min(95, base.shares[code] + 0.9 * years_in + (14 if jump else 0))
        total = _total(code, base, rng)
        source.total, source.women = total, max(1, round(total * share / 100))
    return source


def _total(code, base, rng):
    if code == "BOARD_WOMEN_SHARE":
        return rng.randint(7, 14)
    if code == "GRAD_WOMEN_SHARE":
        return rng.randint(40, 400)
    if code == "WF_MANAGEMENT_SHARE":
        return max(20, base.workforce // 12)
    if code == "WF_TECHNICAL_SHARE":
        return max(30, base.workforce // 4)
    return base.workforce


def _at(day, hour=10):
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _past_cycle(year, years_in, made, reporters, baselines, staff, rng):
    """A closed cycle: entered in an opened window, then set to its real dates."""
    today = utcnow().date()
    cycle = cycles.create(
        year,
        today - timedelta(days=1),
        today + timedelta(days=1),
        [i.id for i in made.values()],
        staff,
    )
    opens_on, deadline = date(year + 1, 2, 1), date(year + 1, 4, 30)
    codes = list(made)
    plans, late_organisations = [], []
    for index, (org, person) in enumerate(reporters):
        kind = index % 8
        if kind == 7:
            continue  # silent this year
        asked = codes if kind != 6 else codes[:3]  # partly complete
        late = kind == 5
        if late:
            late_organisations.append(org)
        for code in asked:
            jump = _jumped(index, code, years_in)
            figures = _figures(code, baselines[org.id], years_in, rng, jump)
            if jump and not _jumped(index, code, years_in - 1):
                figures.explanation = (
                    "Two new mines opened with a women-first hiring plan."
                )
            _explain_if_needed(cycle, org, made[code], {}, figures)
            row = values.enter(cycle, org, made[code], {}, figures, person, submit=True)
            plans.append((row, late))
        if kind == 0:
            rows = _breakdowns(cycle, org, person, made, baselines[org.id], years_in)
            plans += [(row, False) for row in rows]
    _review_past(plans, staff, rng)
    cycle.opens_on, cycle.deadline = opens_on, deadline
    db.session.flush()
    notify.schedule_reminders(cycle)  # past: cancelled
    for org in late_organisations:
        reason = "Our national survey was published in May."
        later = deadline + timedelta(days=30)
        cycles.grant_extension(cycle, org.id, later, reason, staff)
    _date_submissions(cycle, plans, rng)


JUMPS = {3: 1, 1: 2}
"""Organisations (by index) whose share of women managers jumped, from that year
(years since the first cycle): flagged that year, explained."""


def _jumped(index, code, years_in):
    since = JUMPS.get(index)
    return code == "WF_MANAGEMENT_SHARE" and since is not None and years_in >= since


def _breakdowns(cycle, org, person, made, base, years_in):
    """The workforce share by job level, for some organisations."""
    rows = []
    for level, part in (("management", 0.08), ("technical", 0.25)):
        total = max(10, round(base.workforce * part))
        share = base.shares["WF_WOMEN_SHARE"] * (0.8 if level == "management" else 1)
        figures = values.Figures(
            women=round(total * (share + years_in) / 100),
            total=total,
            source=SOURCES["WF_WOMEN_SHARE"],
            confidence="medium",
        )
        indicator = made["WF_WOMEN_SHARE"]
        parts = {"job_level": level}
        _explain_if_needed(cycle, org, indicator, parts, figures)
        rows.append(
            values.enter(cycle, org, indicator, parts, figures, person, submit=True)
        )
    return rows


def _explain_if_needed(cycle, org, indicator, parts, figures):
    """A figure that moved a lot since last year comes with its explanation."""
    version = indicator.current
    key = values.check_breakdown(version, parts)
    before = values.previous_value(cycle, org.id, indicator.id, key)
    new = 100 * figures.women / figures.total if version.is_share else figures.value
    if before is not None and values.large_change(version, before.value, new):
        figures.explanation = figures.explanation or (
            "Our coverage changed: more operations reported this year."
        )


def _review_past(plans, staff, rng):
    """Approve most; reject one; send one back, corrected and then approved."""
    for n, (row, _late) in enumerate(plans):
        if n == 4:
            reason = "This counts contractors twice; the definition excludes them."
            values.review(row, "reject", reason, staff)
        elif n == 9 and row.indicator_version.is_share:
            values.review(row, "send_back", "The total looks like last year's.", staff)
            corrected = values.Figures(
                women=row.women,
                total=row.total + 40,
                source=row.source,
                confidence=row.confidence,
                explanation=row.explanation,
            )
            values.edit(row, corrected, row.entered_by, row.revision, submit=True)
            values.review(row, "approve", "", staff)
        else:
            values.review(row, "approve", "", staff)


def _date_submissions(cycle, plans, rng):
    """Date each submission within the window, the late ones after the deadline."""
    for row, late in plans:
        day = (
            cycle.deadline + timedelta(days=rng.randint(3, 25))
            if late
            else cycle.opens_on + timedelta(days=rng.randint(5, 80))
        )
        moment = _at(day)
        db.session.execute(
            sa.update(MetricValue)
            .where(MetricValue.id == row.id)
            .values(
                first_submitted_at=moment,
                submitted_at=moment,
                reviewed_at=moment + timedelta(days=9),
                created_at=moment - timedelta(days=2),
            )
        )


def _open_cycle(made, reporters, baselines, staff, rng):
    """The 2026 cycle, open: some drafts, some submitted, one flagged, one sent
    back; most organisations have not started."""
    today = utcnow().date()
    cycle = cycles.create(
        OPEN_YEAR,
        today - timedelta(days=20),
        today + timedelta(days=25),
        [i.id for i in made.values()],
        staff,
    )
    years_in = len(PAST_YEARS)
    for index, (org, person) in enumerate(reporters[:10]):
        for code in list(made)[: 3 + index % 4]:
            jump = _jumped(index, code, years_in) or (
                index == 1 and code == "WF_WOMEN_SHARE"
            )
            figures = _figures(code, baselines[org.id], years_in, rng, jump)
            if jump and code == "WF_WOMEN_SHARE":
                figures.explanation = "A lithium mine opened with 40% women hired."
            submit = index % 3 != 2
            _explain_if_needed(cycle, org, made[code], {}, figures)
            row = values.enter(
                cycle, org, made[code], {}, figures, person, submit=submit
            )
            if index == 4 and code == "WF_WOMEN_SHARE":
                values.review(row, "send_back", "Please give the source's year.", staff)
