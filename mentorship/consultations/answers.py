"""Answers read from a form, checked against the questionnaire: which questions
are shown (their condition holds), which required ones are missing.

`answers` maps a question id to what was answered: an option id (single), a list
of option ids (multiple), an integer (scale) or a text.
"""

from dataclasses import dataclass, field

from .models import QuestionKind

TEXT_MAX = 5000


@dataclass
class QuestionSpec:
    """What the Secretariat wrote for one question (forms -> services)."""

    kind: str
    label: object  # translated.Edit
    required: bool = False
    options: list = field(default_factory=list)  # translated.Edit per option
    scale_min: int | None = None
    scale_max: int | None = None
    min_label: object = None
    max_label: object = None
    condition_option_id: int | None = None


def chosen_options(answers):
    """Every option id chosen anywhere in `answers` (a set)."""
    chosen = set()
    for value in answers.values():
        if isinstance(value, int) and not isinstance(value, bool):
            chosen.add(value)
        elif isinstance(value, list):
            chosen.update(value)
    return chosen


def is_shown(question, answers):
    """The question applies: it has no condition, or its option was chosen."""
    if question.condition_option_id is None:
        return True
    wanted = question.condition_option_id
    earlier = answers.get(question.condition_option.question_id)
    return earlier == wanted or (isinstance(earlier, list) and wanted in earlier)


def is_answered(value):
    return value not in (None, "", [])


def kept(questions, answers):
    """The answers to shown questions only (a hidden question's answer is
    dropped, in order, so that a chain of conditions is followed)."""
    result = {}
    for question in questions:
        if is_shown(question, result) and is_answered(answers.get(question.id)):
            result[question.id] = answers[question.id]
    return result


def missing_required(questions, answers):
    """The required questions that are shown and not answered, in order."""
    answers = kept(questions, answers)
    return [
        question
        for question in questions
        if question.required
        and is_shown(question, answers)
        and not is_answered(answers.get(question.id))
    ]


def from_rows(rows):
    """The answers dict of stored Answer rows."""
    answers = {}
    kinds = {}
    for row in rows:
        kinds[row.question_id] = row
        if row.option_id is not None:
            answers.setdefault(row.question_id, []).append(row.option_id)
        elif row.scale_value is not None:
            answers[row.question_id] = row.scale_value
        elif row.text is not None:
            answers[row.question_id] = row.text
    return answers


def normalised(questions, answers):
    """Single choices as one id, multiple as a sorted list (rows give lists)."""
    result = {}
    for question in questions:
        value = answers.get(question.id)
        if value is None:
            continue
        if question.kind == QuestionKind.SINGLE and isinstance(value, list):
            value = value[0] if value else None
        if question.kind == QuestionKind.MULTIPLE and isinstance(value, int):
            value = [value]
        if is_answered(value):
            result[question.id] = sorted(value) if isinstance(value, list) else value
    return result


def rows_of(questions, answers):
    """(question id, option id, scale value, text) for each stored answer row."""
    rows = []
    for question in questions:
        value = answers.get(question.id)
        if not is_answered(value):
            continue
        if question.kind == QuestionKind.SINGLE:
            rows.append((question.id, value, None, None))
        elif question.kind == QuestionKind.MULTIPLE:
            rows += [(question.id, option_id, None, None) for option_id in value]
        elif question.kind == QuestionKind.SCALE:
            rows.append((question.id, None, value, None))
        else:
            rows.append((question.id, None, None, value[:TEXT_MAX]))
    return rows
