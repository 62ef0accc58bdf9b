"""Who hears of a position: each member organisation's delegate and alternate, when
a version is published and, if their organisation has not answered, a week before
its window closes (`core.schedule`: keyed on the version, moved with its window,
sent once)."""

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from ..core import schedule
from ..core.notifications import notify, public_url
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..roles.voices import SPEAKERS, voices
from .models import PositionVersion, Ratification, VersionStatus

REMINDER_JOB = "positions.closing_reminder"
REMIND_BEFORE = timedelta(days=7)
REMIND_AT = time(8, 0)  # UTC, on the day a week before the window closes


def reminder_key(version):
    return f"position_version:{version.id}:closing:7d"


def reminder_due(version):
    """When the reminder goes, or None when the window is too short for one."""
    day = version.closes_on - REMIND_BEFORE
    if day <= version.opens_on:
        return None
    return datetime.combine(day, REMIND_AT, tzinfo=UTC)


def schedule_reminder(version):
    """Create or move the version's reminder to match its window."""
    due = reminder_due(version)
    if due is None or due <= utcnow():
        cancel_reminder(version)
        return None
    return schedule.schedule(
        reminder_key(version), due, REMINDER_JOB, {"version_id": version.id}
    )


def cancel_reminder(version):
    return schedule.cancel(reminder_key(version))


def speakers(version=None, unanswered=False):
    """(person, organisation) for each current delegate or alternate of a member
    organisation; with `unanswered`, only organisations without an answer to
    `version`."""
    query = voices(SPEAKERS)
    if unanswered:
        answered = sa.select(Ratification.organisation_id).where(
            Ratification.version_id == version.id
        )
        query = query.where(Organisation.id.not_in(answered))
    return db.session.execute(query).unique().all()


def version_published(version):
    """'A position awaits your organisation's answer', to every delegate and
    alternate of a member organisation, each in her language."""
    _send(version, "position_published", speakers(version))


@schedule.handler(REMINDER_JOB)
def remind_before_closing(payload, _reminder):
    """A week before the window closes: those who have not answered yet."""
    version = db.session.get(PositionVersion, payload["version_id"])
    if version is None or version.status != VersionStatus.PUBLISHED:
        return
    if not version.is_open(utcnow().date()):
        return
    _send(version, "position_reminder", speakers(version, unanswered=True))


def _send(version, template, recipients):
    url = public_url("positions.detail", position_id=version.position_id)
    for person, organisation in recipients:
        notify(
            person,
            template,
            person=person,
            organisation=organisation,
            version=version,
            position=version.position,
            url=url,
        )
