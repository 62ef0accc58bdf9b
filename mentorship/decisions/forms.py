"""Forms of decisions: the Secretariat's draft with its rules and options, closing
and cancelling; an organisation handing its proxy. The ballot itself is read by
`ballots.read_choices` (its fields depend on the decision's kind)."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from ..core import translated
from ..forms import (
    BaseForm,
    QuickSelect,
    at_most,
    record_id,
    strip,
    translated_text_field,
)
from ..forms import within as within_dates
from ..profiles.forms import timezone_choices
from . import words
from .services import MAX_OPTIONS

TITLE_MAX, TEXT_MAX, OPTIONS_MAX, REASON_MAX = 300, 20_000, 6_000, 1_000
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
POLL_FORMAT = "%Y-%m-%d %H:%M"
DATES = (date(2000, 1, 1), date(2100, 12, 31))


def _choices(table):
    return [SelectChoice(code, label) for code, label in table.items()]


def _number(label, low, high):
    return IntegerField(
        label,
        validators=[
            InputRequired(message=_l("Enter a whole number.")),
            NumberRange(
                min=low,
                max=high,
                message=_l(
                    "Enter a whole number from %(min)d to %(max)d.", min=low, max=high
                ),
            ),
        ],
    )


class DecisionForm(BaseForm):
    kind = RadioField(
        _l("Kind of decision"),
        choices=_choices(words.KINDS),
        validators=[InputRequired(message=_l("Choose what kind of decision this is."))],
        invalid_choice_message=_l("Choose what kind of decision this is."),
        default="proposal",
    )
    title = translated_text_field(
        _l("Question"),
        limit=TITLE_MAX,
        area=False,
        required=_l("Write the question in at least one language."),
    )
    text = translated_text_field(_l("Text"), limit=TEXT_MAX)
    options = translated_text_field(_l("Options, one per line"), limit=OPTIONS_MAX)
    quorum_percent = _number(
        _l("Quorum, as a percentage of member organisations"), 0, 100
    )
    majority = SelectField(
        _l("Majority needed"),
        choices=_choices(words.MAJORITIES),
        invalid_choice_message=_l("Choose the majority from the list."),
    )
    abstentions = RadioField(
        _l("Abstentions"),
        choices=_choices(words.ABSTENTIONS),
        validators=[InputRequired(message=_l("Choose how abstentions count."))],
        invalid_choice_message=_l("Choose how abstentions count."),
        default="excluded",
    )
    secret = BooleanField(
        _l("Secret ballot: no one can link the choices to an organisation")
    )
    winners = _number(_l("How many options are chosen"), 1, MAX_OPTIONS)
    max_score = _number(_l("Highest score (score votes)"), 1, 10)
    timezone = SelectField(
        _l("Time zone of the times on this form"),
        choices=[],
        validators=[DataRequired(message=_l("Choose a time zone from the list."))],
        invalid_choice_message=_l("Choose a time zone from the list."),
        widget=QuickSelect(),
    )
    closes_local = DateTimeLocalField(
        _l("Closes at"),
        format=LOCAL_FORMAT,
        validators=[Optional(), within_dates(*DATES)],
        invalid_value_message=_l("Enter a date and time such as 2027-03-31 14:00."),
    )

    def __init__(self, *args, current_zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices(current_zone)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        try:
            self._check_options()
        except ValidationError as error:
            self.options.form.source.errors = [
                *self.options.form.source.errors,
                str(error),
            ]
            return False
        return valid

    def _check_options(self):
        edit = self.options.data
        lines = _lines(edit)
        counts = {len(v) for v in lines.values() if v}
        if len(counts) > 1:
            raise ValidationError(
                _l("Give the same number of options, one per line, in each language.")
            )
        if counts and max(counts) > MAX_OPTIONS:
            raise ValidationError(_l("A decision has at most 30 options."))
        if self.kind.data == "time_poll":
            for line in lines.get(edit.source_lang, []):
                try:
                    datetime.strptime(line, POLL_FORMAT)
                except ValueError:
                    raise ValidationError(
                        _l(
                            "Write each time of a time poll as 2027-03-31 14:00,"
                            " one per line."
                        )
                    ) from None

    def option_edits(self, to_utc):
        """The options for `services.create`: Edits, or (ref, Edit, starts_at) for
        the times of a time poll (read in the form's zone)."""
        edit = self.options.data
        lines = _lines(edit)
        source = lines.get(edit.source_lang, [])
        edits = []
        for place, line in enumerate(source):
            bodies = {lang: v[place] for lang, v in lines.items() if len(v) > place}
            option = translated.Edit(edit.source_lang, bodies, set(edit.reviewed))
            if self.kind.data == "time_poll":
                starts = to_utc(
                    datetime.strptime(line, POLL_FORMAT), self.timezone.data
                )
                edits.append(("", option, starts))
            else:
                edits.append(option)
        return edits


def _lines(edit):
    return {
        lang: [line.strip() for line in body.splitlines() if line.strip()]
        for lang, body in edit.bodies.items()
    }


class CloseForm(BaseForm):
    confirm = BooleanField(
        _l("I close the vote now: it is counted and nothing can change after."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class CancelForm(BaseForm):
    reason = TextAreaField(
        _l("Why it is cancelled"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say why the decision is cancelled.")),
            at_most(REASON_MAX),
        ],
    )


class ProxyForm(BaseForm):
    organisation_id = HiddenField(validators=[record_id])
    holder_id = SelectField(
        _l("The delegate who will hold your organisation's vote"),
        choices=[],
        validators=[
            InputRequired(message=_l("Choose the delegate who will hold your proxy."))
        ],
        invalid_choice_message=_l("Choose the delegate who will hold your proxy."),
    )
    expires_local = DateTimeLocalField(
        _l("Ends at (empty: when the vote closes)"),
        format=LOCAL_FORMAT,
        validators=[Optional(), within_dates(*DATES)],
        invalid_value_message=_l("Enter a date and time such as 2027-03-31 14:00."),
    )
    confirm = BooleanField(
        _l("I hand my organisation's vote on this decision to this delegate."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )

    def set_holders(self, rows):
        """rows: (person, her organisation, position), shown by organisation
        name and position (her name is not shown to other organisations)."""
        self.holder_id.choices = [SelectChoice("", _l("Choose a delegate"))] + [
            SelectChoice(
                str(person.id), f"{org.name}: {words.label(words.POSITIONS, position)}"
            )
            for person, org, position in rows
        ]
