"""Reporting cycles: the year, the window, the deadline, the organisations and the
indicators asked, the later deadlines granted; completeness and timeliness.

Completeness: the share of the asked indicators for which the organisation has
delivered its total (submitted or approved). Timeliness: every such total was first
submitted before the cycle's deadline; an organisation granted a later deadline
that delivered before it is shown as such (late, excused).
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import lazyload

from ..audit import record
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..roles.voices import member_organisations
from . import notify
from .indicators import MetricsError
from .models import (
    DELIVERED,
    Cycle,
    CycleOrganisation,
    Indicator,
    MetricValue,
    locks_at,
)

REASON_MAX = 500


def _check_window(year, opens_on, deadline):
    if not 1990 <= (year or 0) <= 2100:
        raise MetricsError(_l("Enter a year between 1990 and 2100."))
    if opens_on is None or deadline is None or deadline < opens_on:
        raise MetricsError(_l("The deadline must not come before the opening."))


def create(year, opens_on, deadline, indicator_ids, by, organisation_ids=None):
    """A new cycle; every member organisation is asked unless `organisation_ids`."""
    _check_window(year, opens_on, deadline)
    if db.session.scalar(sa.select(Cycle.id).where(Cycle.year == year)):
        raise MetricsError(_l("There is already a cycle for this year."))
    cycle = Cycle(year=year, opens_on=opens_on, deadline=deadline)
    db.session.add(cycle)
    _set_indicators(cycle, indicator_ids)
    if organisation_ids is None:
        organisation_ids = [org.id for org in member_organisations()]
    _set_organisations(cycle, organisation_ids)
    db.session.flush()
    record(cycle, "cycle_created", actor=by, data={"year": year})
    notify.schedule_reminders(cycle)
    return cycle


def update(cycle, opens_on, deadline, indicator_ids, organisation_ids, by):
    """Move the window, change who and what is asked (values already entered stay)."""
    _check_window(cycle.year, opens_on, deadline)
    cycle.opens_on, cycle.deadline = opens_on, deadline
    _set_indicators(cycle, indicator_ids)
    _set_organisations(cycle, organisation_ids)
    db.session.flush()
    record(cycle, "cycle_updated", actor=by, data={"year": cycle.year})
    notify.schedule_reminders(cycle)
    return cycle


def _set_indicators(cycle, indicator_ids):
    ids = set(indicator_ids or ())
    if not ids:
        raise MetricsError(_l("Ask for at least one indicator."))
    found = db.session.scalars(sa.select(Indicator).where(Indicator.id.in_(ids))).all()
    if len(found) != len(ids):
        raise MetricsError(_l("Choose indicators from the registry."))
    cycle.indicators = sorted(found, key=lambda i: (i.position, i.code))


def _set_organisations(cycle, organisation_ids):
    ids = set(organisation_ids or ())
    if not ids:
        raise MetricsError(_l("Ask at least one organisation."))
    known = set(
        db.session.scalars(sa.select(Organisation.id).where(Organisation.id.in_(ids)))
    )
    if known != ids:
        raise MetricsError(_l("Choose organisations from the list."))
    kept = [row for row in cycle.asked if row.organisation_id in ids]
    present = {row.organisation_id for row in kept}
    cycle.asked = kept + [
        CycleOrganisation(organisation_id=org_id) for org_id in sorted(ids - present)
    ]


def asked_row(cycle, organisation_id):
    """The organisation's row in the cycle, None when it was not asked."""
    return db.session.scalar(
        sa.select(CycleOrganisation).where(
            CycleOrganisation.cycle_id == cycle.id,
            CycleOrganisation.organisation_id == organisation_id,
        )
    )


def deadline_for(cycle, organisation_id):
    row = asked_row(cycle, organisation_id)
    return row.deadline if row is not None else cycle.deadline


def entry_open(cycle, organisation_id, now=None):
    """Entry is open for that organisation now: the window has begun and its
    deadline (its own later one, if granted) has not passed."""
    now = now or utcnow()
    lock = locks_at(deadline_for(cycle, organisation_id))
    return cycle.has_opened(now) and now < lock


def grant_extension(cycle, organisation_id, until, reason, by):
    """A later deadline for one organisation, with the reason."""
    row = asked_row(cycle, organisation_id)
    if row is None:
        raise MetricsError(_l("This organisation was not asked in this cycle."))
    reason = (reason or "").strip()
    if not reason:
        raise MetricsError(_l("Give the reason for the later deadline."))
    if until is None or until <= cycle.deadline:
        raise MetricsError(_l("A later deadline comes after the cycle's deadline."))
    row.extended_until, row.extension_reason = until, reason[:REASON_MAX]
    row.extended_by_id = getattr(by, "id", None)
    db.session.flush()
    record(
        cycle,
        "deadline_extended",
        actor=by,
        reason=reason,
        data={"organisation_id": organisation_id, "until": until.isoformat()},
    )
    notify.schedule_extension_reminders(cycle, row)
    return row


# --- Completeness and timeliness ------------------------------------------------------


@dataclass
class Progress:
    organisation: Organisation
    deadline: object
    asked: int
    delivered: int
    on_time: bool  # everything delivered before the cycle's deadline
    in_own_time: bool  # ... or before the later deadline granted to it
    extended: bool
    due: bool  # its deadline has passed

    @property
    def completeness(self):
        return round(100 * self.delivered / self.asked) if self.asked else 0

    @property
    def complete(self):
        return self.asked and self.delivered == self.asked


@dataclass
class RegionProgress:
    region: str
    organisations: int
    complete: int
    on_time: int
    completeness: int


def _first_totals(cycle):
    """{(organisation_id, indicator_id): first submission time} of delivered totals."""
    asked_indicators = [i.id for i in cycle.indicators]
    rows = db.session.execute(
        sa.select(
            MetricValue.organisation_id,
            MetricValue.indicator_id,
            sa.func.min(MetricValue.first_submitted_at),
        )
        .where(
            MetricValue.cycle_id == cycle.id,
            MetricValue.breakdown == "",
            MetricValue.status.in_(DELIVERED),
            MetricValue.indicator_id.in_(asked_indicators),
        )
        .group_by(MetricValue.organisation_id, MetricValue.indicator_id)
    ).all()
    return {(org_id, ind_id): first for org_id, ind_id, first in rows}


def progress(cycle, organisation_ids=None):
    """Each asked organisation's completeness and timeliness, by name (only these
    organisations' when `organisation_ids` is given: a home page's notice)."""
    totals = _first_totals(cycle)
    asked = len(cycle.indicators)
    now = utcnow()
    found = []
    rows = [
        row
        for row in cycle.asked
        if organisation_ids is None or row.organisation_id in organisation_ids
    ]
    # The organisations in one query, without their descriptions (by name only).
    db.session.scalars(
        sa.select(Organisation)
        .options(lazyload(Organisation.description))
        .where(Organisation.id.in_([row.organisation_id for row in rows]))
    ).all()
    for row in rows:
        mine = row.organisation_id
        times = [first for (org_id, _i), first in totals.items() if org_id == mine]
        complete = len(times) == asked
        found.append(
            Progress(
                organisation=row.organisation,
                deadline=row.deadline,
                asked=asked,
                delivered=len(times),
                on_time=complete and _before(times, cycle.deadline),
                in_own_time=complete and _before(times, row.deadline),
                extended=row.deadline != cycle.deadline,
                due=locks_at(row.deadline) <= now,
            )
        )
    return sorted(found, key=lambda p: p.organisation.name)


def _before(times, deadline):
    lock = locks_at(deadline)
    return all(moment is not None and moment < lock for moment in times)


def by_region(rows):
    """The same, summed per region."""
    regions = {}
    for item in rows:
        regions.setdefault(item.organisation.region or "", []).append(item)
    return [
        RegionProgress(
            region=region,
            organisations=len(items),
            complete=sum(1 for i in items if i.complete),
            on_time=sum(1 for i in items if i.on_time),
            completeness=round(sum(i.completeness for i in items) / len(items)),
        )
        for region, items in sorted(regions.items())
    ]


def cycles_newest_first():
    return db.session.scalars(sa.select(Cycle).order_by(Cycle.year.desc())).all()


def cycles_asking(organisation_ids):
    """(cycle, organisation row) for each cycle asking one of these organisations."""
    if not organisation_ids:
        return []
    return db.session.execute(
        sa.select(Cycle, CycleOrganisation)
        .join(CycleOrganisation, CycleOrganisation.cycle_id == Cycle.id)
        .where(CycleOrganisation.organisation_id.in_(list(organisation_ids)))
        .order_by(Cycle.year.desc(), CycleOrganisation.organisation_id)
    ).all()
