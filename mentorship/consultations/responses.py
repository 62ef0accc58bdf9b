"""An organisation's side: its draft, its comments, its submission, its request
for a later deadline, and the Secretariat's answer to that request.

One response per organisation and consultation (a unique constraint). Saving a
draft first claims the row with a conditional UPDATE (`status = 'draft'`), so
that a save or a submission racing a submission that won waits for it and is
then refused; the submission itself is one conditional UPDATE.
"""

import uuid

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from . import answers as answer_rules
from . import notify, services
from .models import (
    Anonymity,
    AnonymousAnswer,
    Answer,
    Comment,
    ConsultationStatus,
    Extension,
    ExtensionStatus,
    Response,
    ResponseStatus,
)
from .services import ConsultationError, today

COMMENT_MAX = 2000
REASON_MAX = 1000


def deadline_for(consultation, organisation_id):
    """The organisation's last day: its granted extension, else the deadline."""
    granted = db.session.scalar(
        sa.select(Extension.granted_until).where(
            Extension.consultation_id == consultation.id,
            Extension.organisation_id == organisation_id,
            Extension.status == ExtensionStatus.GRANTED,
        )
    )
    if granted is not None and consultation.closes_on is not None:
        return max(granted, consultation.closes_on)
    return consultation.closes_on


def ensure_accepting(consultation, organisation_id):
    """Answers are taken: open, opened already, before the organisation's deadline."""
    if consultation.status == ConsultationStatus.CLOSED:
        raise ConsultationError(_l("This consultation is closed: nothing was saved."))
    if consultation.status != ConsultationStatus.OPEN:
        raise ConsultationError(_l("This consultation is not open."))
    if today() < consultation.opens_on:
        raise ConsultationError(
            _l(
                "Answers open on %(day)s: nothing was saved.",
                day=consultation.opens_on.isoformat(),
            )
        )
    if today() > deadline_for(consultation, organisation_id):
        raise ConsultationError(
            _l("The deadline for answering has passed: nothing was saved.")
        )


def response_of(consultation, organisation_id):
    return db.session.scalar(
        sa.select(Response).where(
            Response.consultation_id == consultation.id,
            Response.organisation_id == organisation_id,
        )
    )


def _already_submitted():
    return _l("Your organisation has already submitted its response.")


def _claimed_draft(consultation, organisation, by):
    """The organisation's draft, created if needed, claimed by an UPDATE that
    holds only while it is still a draft (waits for a racing submission)."""
    response = response_of(consultation, organisation.id)
    if response is None:
        # the first answer fixes the questions: wait for an edit under way
        services.lock(consultation, exclusive=False)
        response = Response(
            consultation_id=consultation.id,
            organisation_id=organisation.id,
            status=ResponseStatus.DRAFT,
            updated_by_id=by.id,
        )
        try:
            with db.session.begin_nested():
                db.session.add(response)
        except IntegrityError:  # another of its people started it meanwhile
            response = response_of(consultation, organisation.id)
        else:
            record(response, "started", actor=by, to_state=ResponseStatus.DRAFT)
    if response is None or not update_if(
        Response,
        response,
        Response.status == ResponseStatus.DRAFT,
        updated_at=utcnow(),
        updated_by_id=by.id,
    ):
        raise ConsultationError(_already_submitted())
    return response


def save_draft(consultation, organisation, given, by):
    """Replace the organisation's draft answers with `given` (answers dict)."""
    ensure_accepting(consultation, organisation.id)
    response = _claimed_draft(consultation, organisation, by)
    questions = list(consultation.questions)
    given = answer_rules.kept(questions, answer_rules.normalised(questions, given))
    db.session.execute(sa.delete(Answer).where(Answer.response_id == response.id))
    for question_id, option_id, scale_value, text in answer_rules.rows_of(
        questions, given
    ):
        db.session.add(
            Answer(
                response_id=response.id,
                question_id=question_id,
                option_id=option_id,
                scale_value=scale_value,
                text=text,
            )
        )
    db.session.flush()
    db.session.expire(response, ["answers"])
    return response


def submit(consultation, organisation, given, by):
    """Save `given` and submit the organisation's response, once. The required
    questions that apply must be answered. In anonymous mode the answers move to
    the unlinked table and the draft (answers and comments) is deleted."""
    response = save_draft(consultation, organisation, given, by)
    questions = list(consultation.questions)
    stored = answer_rules.from_rows(_answer_rows(response))
    missing = answer_rules.missing_required(questions, stored)
    if missing:
        raise ConsultationError(
            _l(
                "Answer every required question before submitting (%(count)d left):"
                " nothing was submitted.",
                count=len(missing),
            )
        )
    won = transition(
        Response,
        response,
        [ResponseStatus.DRAFT],
        ResponseStatus.SUBMITTED,
        actor=by,
        submitted_at=utcnow(),
        submitted_by_id=by.id,
    )
    if not won:
        raise ConsultationError(_already_submitted())
    if consultation.anonymity == Anonymity.ANONYMOUS:
        _unlink(consultation, response)
    notify.receipt(consultation, organisation, by)
    return response


def _answer_rows(response):
    return db.session.scalars(
        sa.select(Answer).where(Answer.response_id == response.id)
    ).all()


def _unlink(consultation, response):
    """Copy the answers under a random ballot, in random order, with no time;
    delete the draft's answers and comments."""
    ballot = uuid.uuid4().hex
    rows = _answer_rows(response)
    for row in sorted(rows, key=lambda _row: uuid.uuid4().hex):
        db.session.add(
            AnonymousAnswer(
                ballot=ballot,
                consultation_id=consultation.id,
                question_id=row.question_id,
                option_id=row.option_id,
                scale_value=row.scale_value,
                text=row.text,
            )
        )
    db.session.execute(sa.delete(Answer).where(Answer.response_id == response.id))
    db.session.execute(sa.delete(Comment).where(Comment.response_id == response.id))
    db.session.flush()


def add_comment(consultation, organisation, body, by):
    """A note on the organisation's draft, for its own people."""
    body = (body or "").strip()[:COMMENT_MAX]
    if not body:
        raise ConsultationError(_l("Write the comment."))
    ensure_accepting(consultation, organisation.id)
    response = _claimed_draft(consultation, organisation, by)
    comment = Comment(response_id=response.id, author_id=by.id, body=body)
    db.session.add(comment)
    db.session.flush()
    return comment


# --- Extensions ------------------------------------------------------------------


def request_extension(consultation, organisation, until, reason, by):
    """Ask for a later deadline, once, before the deadline passes."""
    ensure_accepting(consultation, organisation.id)
    response = response_of(consultation, organisation.id)
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        raise ConsultationError(_already_submitted())
    if until is None or until <= consultation.closes_on:
        raise ConsultationError(_l("Ask for a day after the current deadline."))
    extension = Extension(
        consultation_id=consultation.id,
        organisation_id=organisation.id,
        requested_until=until,
        reason=(reason or "").strip()[:REASON_MAX],
        requested_by_id=by.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(extension)
    except IntegrityError:
        raise ConsultationError(
            _l("Your organisation has already asked for a later deadline.")
        ) from None
    record(extension, "requested", actor=by, to_state=ExtensionStatus.REQUESTED)
    return extension


def decide_extension(extension, grant, until, by):
    """Grant (until a day, by default the one asked for) or refuse a request;
    the organisation's reminders follow its own deadline."""
    consultation = extension.consultation
    if consultation.status != ConsultationStatus.OPEN:
        raise ConsultationError(_l("Only an open consultation's deadline can move."))
    until = until or extension.requested_until
    if grant and until <= consultation.closes_on:
        raise ConsultationError(_l("Grant a day after the current deadline."))
    values = {"decided_by_id": by.id, "decided_at": utcnow()}
    if grant:
        values["granted_until"] = until
    won = transition(
        Extension,
        extension,
        [ExtensionStatus.REQUESTED],
        ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED,
        actor=by,
        **values,
    )
    if not won:
        raise ConsultationError(_l("This request was already answered."))
    if grant:
        notify.schedule_extension_reminders(consultation, extension)
    notify.extension_decided(extension)
    return extension
