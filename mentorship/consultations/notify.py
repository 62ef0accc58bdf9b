"""Who hears of a consultation, each in her language, after commit: the voting
delegate, alternate and leader of every member organisation when it opens; those
of organisations that have not submitted 7 days and 1 day before their deadline
(`core.schedule`: keyed on the consultation, or on the organisation when it was
granted a later deadline; moved with the deadline, sent once); the submitter
(a receipt); the one who asked for a later deadline (the answer)."""

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from ..core import schedule
from ..core.notifications import notify, public_url
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..policy.consultations import RESPONDERS
from ..roles.voices import voices
from .models import (
    Consultation,
    ConsultationStatus,
    Extension,
    ExtensionStatus,
    Response,
    ResponseStatus,
)

REMINDER_JOB = "consultations.deadline_reminder"
REMIND_BEFORE = {"7d": timedelta(days=7), "1d": timedelta(days=1)}
REMIND_AT = time(8, 0)  # UTC


def reminder_key(consultation, before, organisation_id=None):
    if organisation_id is None:
        return f"consultation:{consultation.id}:deadline:{before}"
    return f"consultation:{consultation.id}:org:{organisation_id}:deadline:{before}"


def _due(deadline, before):
    return datetime.combine(deadline - REMIND_BEFORE[before], REMIND_AT, tzinfo=UTC)


def _schedule(consultation, deadline, organisation_id=None):
    for before in REMIND_BEFORE:
        key = reminder_key(consultation, before, organisation_id)
        due = _due(deadline, before)
        if due <= utcnow() or due.date() < consultation.opens_on:
            schedule.cancel(key)
            continue
        payload = {"consultation_id": consultation.id}
        if organisation_id is not None:
            payload["organisation_id"] = organisation_id
        schedule.schedule(key, due, REMINDER_JOB, payload)


def schedule_reminders(consultation):
    """Create or move the reminders before the general deadline."""
    _schedule(consultation, consultation.closes_on)


def schedule_extension_reminders(consultation, extension):
    """An organisation given a later deadline is reminded before its own."""
    _schedule(consultation, extension.granted_until, extension.organisation_id)


def cancel_reminders(consultation):
    for before in REMIND_BEFORE:
        schedule.cancel(reminder_key(consultation, before))
    for organisation_id in db.session.scalars(
        sa.select(Extension.organisation_id).where(
            Extension.consultation_id == consultation.id
        )
    ):
        for before in REMIND_BEFORE:
            schedule.cancel(reminder_key(consultation, before, organisation_id))


def responders(consultation=None, waiting=False, organisation_ids=None):
    """(person, organisation) for each current delegate, alternate or leader of a
    member organisation; with `waiting`, only organisations that have not
    submitted `consultation`; with `organisation_ids`, only those."""
    query = voices(RESPONDERS)
    if waiting:
        submitted = sa.select(Response.organisation_id).where(
            Response.consultation_id == consultation.id,
            Response.status == ResponseStatus.SUBMITTED,
        )
        query = query.where(Organisation.id.not_in(submitted))
    if organisation_ids is not None:
        query = query.where(Organisation.id.in_(list(organisation_ids)))
    return db.session.execute(query).unique().all()


def _extended(consultation):
    """Organisations whose granted day is still after the general deadline (a
    deadline moved past it makes their own reminders moot)."""
    return sa.select(Extension.organisation_id).where(
        Extension.consultation_id == consultation.id,
        Extension.status == ExtensionStatus.GRANTED,
        Extension.granted_until > consultation.closes_on,
    )


def opened(consultation):
    """'A consultation awaits your organisation's response', to every responder."""
    _send(consultation, "consultation_opened", responders(), consultation.closes_on)


@schedule.handler(REMINDER_JOB)
def remind_before_deadline(payload, _reminder):
    """Before a deadline: the responders of organisations that have not submitted
    (for the general deadline, those without a later one of their own)."""
    consultation = db.session.get(Consultation, payload["consultation_id"])
    if consultation is None or consultation.status != ConsultationStatus.OPEN:
        return
    organisation_id = payload.get("organisation_id")
    if organisation_id is None:
        extended = set(db.session.scalars(_extended(consultation)))
        people = [
            (person, org)
            for person, org in responders(consultation, waiting=True)
            if org.id not in extended
        ]
        deadline = consultation.closes_on
    else:
        deadline = db.session.scalar(
            sa.select(Extension.granted_until).where(
                Extension.consultation_id == consultation.id,
                Extension.organisation_id == organisation_id,
            )
        )
        if deadline is None or deadline <= consultation.closes_on:
            return  # the general deadline caught up: its reminders go instead
        people = responders(consultation, True, organisation_ids=[organisation_id])
    _send(consultation, "consultation_reminder", people, deadline)


def receipt(consultation, organisation, person):
    """The submitter's receipt."""
    _send(consultation, "consultation_receipt", [(person, organisation)], None)


def extension_decided(extension):
    """The answer to the one who asked for a later deadline."""
    person = extension.requested_by
    if person is None or person.erased_at is not None:
        return
    template = (
        "consultation_extension_granted"
        if extension.status == ExtensionStatus.GRANTED
        else "consultation_extension_refused"
    )
    _send(
        extension.consultation,
        template,
        [(person, extension.organisation)],
        extension.granted_until or extension.consultation.closes_on,
    )


def _send(consultation, template, recipients, deadline):
    for person, organisation in recipients:
        url = public_url(
            "consultations.respond",
            consultation_id=consultation.id,
            organisation_id=organisation.id,
        )
        notify(
            person,
            template,
            person=person,
            organisation=organisation,
            consultation=consultation,
            deadline=deadline,
            url=url,
        )
