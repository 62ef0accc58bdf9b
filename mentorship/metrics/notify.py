"""Who hears of the metrics, each in her language, after commit: an organisation's
data submitters (its leader when it has none) 7 days and 1 day before its deadline
while its figures are incomplete (`core.schedule`: keyed on the cycle, or on the
organisation when it was granted a later deadline; moved with the deadline, sent
once); the person who entered a value, when the Secretariat sends it back or
rejects it."""

from datetime import UTC, datetime, time, timedelta

from ..core import schedule
from ..core.notifications import notify, public_url
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..roles.voices import voices
from . import words

REMINDER_JOB = "metrics.deadline_reminder"
REMIND_BEFORE = {"7d": timedelta(days=7), "1d": timedelta(days=1)}
REMIND_AT = time(8, 0)  # UTC
SUBMITTERS = ("data_submitter",)
FALLBACK = ("leader",)


def reminder_key(cycle, before, organisation_id=None):
    if organisation_id is None:
        return f"metrics:{cycle.id}:deadline:{before}"
    return f"metrics:{cycle.id}:org:{organisation_id}:deadline:{before}"


def _schedule(cycle, deadline, organisation_id=None):
    for before in REMIND_BEFORE:
        key = reminder_key(cycle, before, organisation_id)
        due = datetime.combine(deadline - REMIND_BEFORE[before], REMIND_AT, tzinfo=UTC)
        if due <= utcnow() or due.date() < cycle.opens_on:
            schedule.cancel(key)
            continue
        payload = {"cycle_id": cycle.id}
        if organisation_id is not None:
            payload["organisation_id"] = organisation_id
        schedule.schedule(key, due, REMINDER_JOB, payload)


def schedule_reminders(cycle):
    """Create or move the reminders before the cycle's deadline."""
    _schedule(cycle, cycle.deadline)


def schedule_extension_reminders(cycle, asked_row):
    """An organisation given a later deadline is reminded before its own."""
    _schedule(cycle, asked_row.extended_until, asked_row.organisation_id)


def submitters(organisation_ids):
    """{organisation_id: [(person, organisation)]}: its data submitters, else its
    leader."""
    found = {}
    for positions in (SUBMITTERS, FALLBACK):
        missing = [i for i in organisation_ids if i not in found]
        if not missing:
            break
        query = voices(positions).where(Organisation.id.in_(missing))
        for person, organisation in db.session.execute(query).unique().all():
            found.setdefault(organisation.id, []).append((person, organisation))
    return found


@schedule.handler(REMINDER_JOB)
def remind_before_deadline(payload, _reminder):
    """Before a deadline: the submitters of organisations still incomplete (for the
    general deadline, those without a later one of their own)."""
    from . import cycles
    from .models import Cycle

    cycle = db.session.get(Cycle, payload.get("cycle_id"))
    if cycle is None:
        return
    organisation_id = payload.get("organisation_id")
    waiting = [
        item
        for item in cycles.progress(cycle)
        if not item.complete
        and (
            (organisation_id is None and not item.extended)
            or (organisation_id == item.organisation.id and item.extended)
        )
    ]
    people = submitters([item.organisation.id for item in waiting])
    for item in waiting:
        for person, organisation in people.get(item.organisation.id, []):
            notify(
                person,
                "metrics_reminder",
                person=person,
                organisation=organisation,
                cycle=cycle,
                deadline=item.deadline,
                missing=item.asked - item.delivered,
                url=public_url(
                    "metrics.organisation_values",
                    cycle_id=cycle.id,
                    organisation_id=organisation.id,
                ),
            )


def reviewed(metric_value):
    """The one who entered a value hears that it was sent back or rejected."""
    person = metric_value.entered_by
    if person is None or person.erased_at is not None:
        return
    notify(
        person,
        "metrics_reviewed",
        person=person,
        value=metric_value,
        words=words,
        url=public_url("metrics.value_detail", value_id=metric_value.id),
    )
