"""Forms of consultations: the Secretariat's consultation and question forms, the
deadline and extension decisions, and an organisation's answers, comments and
request for a later deadline. The answer form is built from the questionnaire."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core import translated
from ..forms import (
    SANE_DATES,
    BaseForm,
    at_most,
    db_id,
    long_text,
    strip,
    translated_text_field,
    within,
)
from ..i18n import localized
from . import labels
from .answers import TEXT_MAX, QuestionSpec
from .models import QuestionKind
from .responses import COMMENT_MAX, REASON_MAX

TITLE_MAX, INTRO_MAX, LABEL_MAX, OPTIONS_MAX = 200, 10_000, 500, 5000
DATE_FORMAT = _l("Enter a date such as 2025-03-31.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _date(label, required=None):
    checks = [InputRequired(message=required)] if required else [Optional()]
    return DateField(
        label,
        validators=[*checks, within(*SANE_DATES)],
        invalid_value_message=DATE_FORMAT,
    )


class ConsultationForm(BaseForm):
    title = translated_text_field(
        _l("Title"),
        limit=TITLE_MAX,
        area=False,
        required=_l("Enter the title in at least one language."),
    )
    intro = translated_text_field(_l("Introduction"), limit=INTRO_MAX)
    anonymity = RadioField(
        _l("Anonymity mode (fixed once the consultation opens)"),
        choices=[SelectChoice(c, label) for c, label in labels.ANONYMITY.items()],
        validators=[InputRequired(message=_l("Choose the anonymity mode."))],
        invalid_choice_message=_l("Choose the anonymity mode."),
        default="confidential",
    )
    opens_on = _date(_l("Opens on"))
    closes_on = _date(_l("Deadline (last day to answer)"))

    def validate_closes_on(self, field):
        if bool(self.opens_on.data) != bool(field.data):
            raise ValidationError(_l("Enter both days, or neither."))
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(
                _l("The deadline must not be before the opening day.")
            )


class DeadlineForm(BaseForm):
    closes_on = _date(
        _l("Deadline (last day to answer)"), _l("Enter the day of the deadline.")
    )


class QuestionForm(BaseForm):
    kind = RadioField(
        _l("Kind of question"),
        choices=[SelectChoice(c, label) for c, label in labels.KINDS.items()],
        validators=[InputRequired(message=_l("Choose the kind of question."))],
        invalid_choice_message=_l("Choose the kind of question."),
        default="single",
    )
    label = translated_text_field(
        _l("Question"),
        limit=LABEL_MAX,
        area=False,
        required=_l("Write the question in at least one language."),
    )
    required = BooleanField(_l("An answer is required"))
    options = translated_text_field(_l("Options, one per line"), limit=OPTIONS_MAX)
    scale_min = IntegerField(
        _l("Scale: lowest value"),
        validators=[Optional(), NumberRange(0, 10, message=_l("From 0 to 10."))],
    )
    scale_max = IntegerField(
        _l("Scale: highest value"),
        validators=[Optional(), NumberRange(0, 10, message=_l("From 0 to 10."))],
    )
    min_label = translated_text_field(
        _l("Label of the lowest value"), limit=LABEL_MAX, area=False
    )
    max_label = translated_text_field(
        _l("Label of the highest value"), limit=LABEL_MAX, area=False
    )
    condition = SelectField(_l("Show only if"), choices=[], validate_choice=False)

    def set_conditions(self, options):
        """`options`: [(option, question number)] of earlier choice questions."""
        self.condition.choices = [SelectChoice("", _l("Always shown"))] + [
            SelectChoice(
                str(option.id),
                _l(
                    "Question %(number)d was answered “%(option)s”",
                    number=number,
                    option=localized(option, "label"),
                ),
            )
            for option, number in options
        ]
        self._allowed = {str(option.id) for option, _n in options}

    def validate_condition(self, field):
        if field.data and field.data not in getattr(self, "_allowed", set()):
            raise ValidationError(_l("Choose a condition from the list."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        problem = self._options_problem()
        if problem:  # shown above the options' boxes (a FormField takes no validator)
            source = self.options.form.source
            source.errors = [*source.errors, problem]
            return False
        return valid

    def _options_problem(self):
        if self.kind.data not in ("single", "multiple"):
            return None
        try:
            edits = option_edits(self.options.data)
        except ValueError:
            return _l("Give each language the same number of options, or none.")
        if len(edits) < 2:
            return _l("A choice question needs at least two options.")
        return None

    def validate_scale_max(self, field):
        if self.kind.data != "scale":
            return
        if self.scale_min.data is None or field.data is None:
            raise ValidationError(_l("Enter both ends of the scale."))
        if field.data <= self.scale_min.data:
            raise ValidationError(_l("The highest value must be above the lowest."))

    def spec(self):
        kind = self.kind.data
        return QuestionSpec(
            kind=kind,
            label=self.label.data,
            required=self.required.data,
            options=option_edits(self.options.data)
            if kind in ("single", "multiple")
            else [],
            scale_min=self.scale_min.data,
            scale_max=self.scale_max.data,
            min_label=self.min_label.data,
            max_label=self.max_label.data,
            condition_option_id=db_id(self.condition.data)
            if self.condition.data
            else None,
        )


def option_edits(edit):
    """One Edit per option from the per-language lists (the n-th lines go together);
    ValueError when a language has another number of lines than the source."""
    lines = {
        lang: [line.strip() for line in body.splitlines() if line.strip()]
        for lang, body in edit.bodies.items()
    }
    count = len(lines.get(edit.source_lang, []))
    if any(found and len(found) != count for found in lines.values()):
        raise ValueError("options differ between languages")
    return [
        translated.Edit(
            edit.source_lang,
            {lang: found[index] for lang, found in lines.items() if found},
            edit.reviewed,
        )
        for index in range(count)
    ]


def options_data(question):
    """The options field's data for an existing question: one line per option."""
    data = {"source": None}
    for lang in translated.languages():
        data[lang] = "\n".join(
            (option.label.body(lang) if option.label else "") or ""
            for option in question.options
        ).strip()
    if question.options and question.options[0].label is not None:
        data["source"] = question.options[0].label.source_lang
    return data


class CommentForm(BaseForm):
    body = TextAreaField(
        _l("Comment for your organisation's people"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Write the comment.")),
            at_most(COMMENT_MAX),
        ],
    )


class ExtensionRequestForm(BaseForm):
    until = _date(_l("Until"), _l("Enter the day you ask for."))
    reason = long_text(_l("Reason (optional)"), REASON_MAX)


class ExtensionDecisionForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("grant", _l("Grant")),
            SelectChoice("refuse", _l("Refuse")),
        ],
        validators=[InputRequired(message=_l("Choose grant or refuse."))],
        invalid_choice_message=_l("Choose grant or refuse."),
    )
    until = _date(_l("Until (by default the day asked for)"))


def answer_form(consultation, formdata=None, data=None):
    """A form with one field per question (`q<id>`), labelled in the reader's
    language; `data` is an answers dict to start from."""
    attributes = {}
    for question in consultation.questions:
        attributes[f"q{question.id}"] = _answer_field(question)
    form_class = type("AnswerForm", (BaseForm,), attributes)
    initial = {}
    for question_id, value in (data or {}).items():
        if isinstance(value, list):
            value = [str(v) for v in value]
        elif isinstance(value, int):
            value = str(value)
        initial[f"q{question_id}"] = value
    return form_class(formdata=formdata, data=initial)


def _answer_field(question):
    label = localized(question, "label")
    if question.kind == QuestionKind.TEXT:
        return TextAreaField(label, filters=[strip], validators=[at_most(TEXT_MAX)])
    if question.kind == QuestionKind.SCALE:
        choices = [
            SelectChoice(str(value), str(value))
            for value in range(question.scale_min, question.scale_max + 1)
        ]
    else:
        choices = [
            SelectChoice(str(option.id), localized(option, "label"))
            for option in question.options
        ]
    invalid = _l("Choose from the list.")
    if question.kind == QuestionKind.MULTIPLE:
        return MultiCheckboxField(
            label,
            choices=choices,
            validators=[Optional()],
            invalid_choice_message=invalid,
        )
    return RadioField(
        label, choices=choices, validators=[Optional()], invalid_choice_message=invalid
    )


def answers_of(consultation, form):
    """The answers dict of a validated answer form."""
    given = {}
    for question in consultation.questions:
        value = form[f"q{question.id}"].data
        if question.kind == QuestionKind.MULTIPLE:
            given[question.id] = [int(v) for v in value or []]
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
            given[question.id] = int(value) if value not in (None, "", "None") else None
        else:
            given[question.id] = value or ""
    return given
