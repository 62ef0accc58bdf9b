"""The Secretariat's side: writing a consultation and its questionnaire, cloning
one, opening, closing and moving its deadline. Services add and flush, the request
commits; a refused change raises ConsultationError with a translated message."""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from . import notify
from .models import (
    Anonymity,
    Consultation,
    ConsultationStatus,
    Option,
    Question,
    QuestionKind,
    Response,
)

SCALE_BOUNDS = (0, 10)


class ConsultationError(ServiceError):
    """A consultation, question or response that cannot be changed as asked."""


def today():
    """Windows are counted in UTC days, like every stored date."""
    return utcnow().date()


# --- The consultation ---------------------------------------------------------------


def create(title, intro, anonymity, opens_on, closes_on, by):
    """A new consultation, as a draft."""
    _check_anonymity(anonymity)
    _check_window(opens_on, closes_on, required=False)
    consultation = Consultation(
        status=ConsultationStatus.DRAFT,
        anonymity=anonymity,
        title=translated.set_text(None, title),
        intro=translated.set_text(None, intro),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by_id=by.id,
    )
    db.session.add(consultation)
    db.session.flush()
    record(consultation, "drafted", actor=by, to_state=ConsultationStatus.DRAFT)
    return consultation


def update(consultation, title, intro, anonymity, opens_on, closes_on, by):
    """Change a draft: its texts, its anonymity mode and its window."""
    ensure_draft(consultation)
    _check_anonymity(anonymity)
    _check_window(opens_on, closes_on, required=False)
    consultation.title = translated.set_text(consultation.title, title)
    consultation.intro = translated.set_text(consultation.intro, intro)
    consultation.anonymity = anonymity
    consultation.opens_on, consultation.closes_on = opens_on, closes_on
    db.session.flush()
    record(consultation, "draft_updated", actor=by, from_state="draft")
    return consultation


def ensure_draft(consultation):
    if consultation.status != ConsultationStatus.DRAFT:
        raise ConsultationError(
            _l("Once a consultation is open, its texts and anonymity mode are fixed.")
        )


def _check_anonymity(anonymity):
    if anonymity not in set(Anonymity):
        raise ConsultationError(_l("Choose attributed, confidential or anonymous."))


def _check_window(opens_on, closes_on, required=True):
    if opens_on is None and closes_on is None and not required:
        return
    if not isinstance(opens_on, date) or not isinstance(closes_on, date):
        raise ConsultationError(_l("Enter the days the consultation opens and closes."))
    if closes_on < opens_on:
        raise ConsultationError(_l("The deadline must not be before the opening day."))


def open_consultation(consultation, by):
    """Open a draft: its mode is fixed, each member organisation is told, the
    reminders before the deadline are scheduled."""
    ensure_draft(consultation)
    _check_window(consultation.opens_on, consultation.closes_on)
    if consultation.closes_on < today():
        raise ConsultationError(_l("The deadline must be today or later."))
    if _empty(consultation.title):
        raise ConsultationError(_l("Write the title before opening the consultation."))
    if not consultation.questions:
        raise ConsultationError(_l("Add at least one question before opening."))
    won = transition(
        Consultation,
        consultation,
        [ConsultationStatus.DRAFT],
        ConsultationStatus.OPEN,
        actor=by,
        opened_at=utcnow(),
    )
    if not won:
        raise ConsultationError(_l("This consultation was opened meanwhile."))
    notify.opened(consultation)
    notify.schedule_reminders(consultation)
    return consultation


def close_consultation(consultation, by):
    """Close it: nothing more is accepted, the results are published."""
    won = transition(
        Consultation,
        consultation,
        [ConsultationStatus.OPEN],
        ConsultationStatus.CLOSED,
        actor=by,
        closed_at=utcnow(),
    )
    if not won:
        raise ConsultationError(_l("Only an open consultation can be closed."))
    notify.cancel_reminders(consultation)
    return consultation


def change_deadline(consultation, closes_on, by):
    """Move the general deadline of an open consultation; its reminders follow."""
    if consultation.status != ConsultationStatus.OPEN:
        raise ConsultationError(_l("Only an open consultation has a deadline to move."))
    _check_window(consultation.opens_on, closes_on)
    if closes_on < today():
        raise ConsultationError(_l("The deadline must be today or later."))
    before = consultation.closes_on
    if not update_if(
        Consultation,
        consultation,
        Consultation.status == ConsultationStatus.OPEN,
        closes_on=closes_on,
    ):
        raise ConsultationError(_l("Only an open consultation has a deadline to move."))
    record(
        consultation,
        "deadline_changed",
        actor=by,
        data={"closes_on": closes_on.isoformat(), "was": before.isoformat()},
    )
    notify.schedule_reminders(consultation)
    return consultation


def clone(source, by):
    """A new draft with the texts and questions of `source` (no window)."""
    copy = Consultation(
        status=ConsultationStatus.DRAFT,
        anonymity=source.anonymity,
        title=copy_text(source.title),
        intro=copy_text(source.intro),
        cloned_from_id=source.id,
        created_by_id=by.id,
    )
    db.session.add(copy)
    options = {}
    for question in source.questions:
        twin = Question(
            position=question.position,
            kind=question.kind,
            required=question.required,
            label=copy_text(question.label),
            scale_min=question.scale_min,
            scale_max=question.scale_max,
            min_label=copy_text(question.min_label),
            max_label=copy_text(question.max_label),
        )
        copy.questions.append(twin)
        for option in question.options:
            options[option.id] = Option(
                position=option.position, label=copy_text(option.label)
            )
            twin.options.append(options[option.id])
        twin.condition_option = options.get(question.condition_option_id)
    db.session.flush()
    record(copy, "cloned", actor=by, to_state="draft", data={"from": source.id})
    return copy


def copy_text(text):
    if text is None:
        return None
    bodies = {lang: row.body for lang, row in text.translations.items()}
    reviewed = {
        lang for lang, row in text.translations.items() if row.status == "reviewed"
    }
    return translated.set_text(
        None, translated.Edit(text.source_lang, bodies, reviewed)
    )


def _empty(text):
    return text is None or not text.body(text.source_lang)


# --- The questionnaire --------------------------------------------------------------


def has_responses(consultation):
    """Any organisation has started a response: the questions are fixed."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Response)
            .where(Response.consultation_id == consultation.id)
        )
        > 0
    )


def lock(consultation, *, exclusive):
    """Hold the consultation's row until commit: exclusively to change its questions,
    shared to start an organisation's response, so that a question is never changed
    once a response exists, however the two interleave (PostgreSQL; SQLite
    serialises writers)."""
    db.session.execute(
        sa.select(Consultation.id)
        .where(Consultation.id == consultation.id)
        .with_for_update(read=not exclusive)
    )


def ensure_editable(consultation):
    """Questions change while the consultation is not closed and nobody answered
    (checked under the consultation's exclusive lock)."""
    lock(consultation, exclusive=True)
    if consultation.status == ConsultationStatus.CLOSED:
        raise ConsultationError(_l("A closed consultation's questions never change."))
    if has_responses(consultation):
        raise ConsultationError(
            _l(
                "Organisations have started answering: the questions can no longer"
                " be changed."
            )
        )


def save_question(consultation, question, spec, by):
    """Add (question None) or change a question from `spec` (a QuestionSpec)."""
    ensure_editable(consultation)
    _check_spec(consultation, question, spec)
    if question is None:
        last = max((q.position for q in consultation.questions), default=0)
        question = Question(position=last + 1)
        consultation.questions.append(question)
    question.kind = spec.kind
    question.required = spec.required
    question.label = translated.set_text(question.label, spec.label)
    scale = spec.kind == QuestionKind.SCALE
    question.scale_min = spec.scale_min if scale else None
    question.scale_max = spec.scale_max if scale else None
    question.min_label = _optional_text(question.min_label, spec.min_label, scale)
    question.max_label = _optional_text(question.max_label, spec.max_label, scale)
    question.condition_option = _condition(consultation, question, spec)
    _save_options(question, spec.options if question.is_choice else [])
    db.session.flush()
    record(consultation, "question_saved", actor=by, data={"question": question.id})
    return question


def _optional_text(text, edit, keep):
    if not keep or edit is None or edit.is_empty():
        return None
    return translated.set_text(text, edit)


def _check_spec(consultation, question, spec):
    if spec.kind not in set(QuestionKind):
        raise ConsultationError(_l("Choose the kind of question."))
    if spec.kind == QuestionKind.SCALE:
        low, high = SCALE_BOUNDS
        if spec.scale_min is None or spec.scale_max is None:
            raise ConsultationError(_l("Enter both ends of the scale."))
        if not low <= spec.scale_min < spec.scale_max <= high:
            raise ConsultationError(
                _l("A scale goes from 0 or more to at most 10, low end first.")
            )
    choice = spec.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
    if choice and len(spec.options) < 2:
        raise ConsultationError(_l("A choice question needs at least two options."))


def _condition(consultation, question, spec):
    """The option the question depends on: an option of an earlier question."""
    if spec.condition_option_id is None:
        return None
    option = db.session.get(Option, spec.condition_option_id)
    earlier = [q for q in consultation.questions if q is not question]
    if question.position:
        earlier = [q for q in earlier if q.position < question.position]
    if option is None or option.question not in earlier:
        raise ConsultationError(
            _l("A condition can only name an option of an earlier question.")
        )
    return option


def _save_options(question, edits):
    """The n-th edit is the n-th option: kept, rewritten, added or removed."""
    for index, edit in enumerate(edits):
        if index < len(question.options):
            option = question.options[index]
            option.label = translated.set_text(option.label, edit)
        else:
            question.options.append(
                Option(position=index + 1, label=translated.set_text(None, edit))
            )
    for option in question.options[len(edits) :]:
        _forget_condition(option)
        question.options.remove(option)


def _forget_condition(option):
    for dependent in db.session.scalars(
        sa.select(Question).where(Question.condition_option_id == option.id)
    ):
        dependent.condition_option = None


def move_question(question, step, by):
    """Swap a question with its neighbour above (step -1) or below (+1)."""
    consultation = question.consultation
    ensure_editable(consultation)
    ordered = list(consultation.questions)
    index = ordered.index(question)
    other = index + step
    if not 0 <= other < len(ordered):
        return question
    for position, item in enumerate(ordered, 1):
        item.position = position
    ordered[index].position, ordered[other].position = other + 1, index + 1
    for item in ordered:  # a condition may only point upwards
        option = item.condition_option
        if option is not None and option.question.position >= item.position:
            item.condition_option = None
    db.session.flush()
    db.session.expire(consultation, ["questions"])
    record(consultation, "question_moved", actor=by, data={"question": question.id})
    return question


def remove_question(question, by):
    """Remove a question (and the conditions pointing at its options)."""
    consultation = question.consultation
    ensure_editable(consultation)
    for option in question.options:
        _forget_condition(option)
    question_id = question.id
    consultation.questions.remove(question)
    db.session.flush()
    record(consultation, "question_removed", actor=by, data={"question": question_id})
