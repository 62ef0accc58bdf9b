"""Forms of programmes, their matching settings, and enrolment."""

import math
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import NumberInput

from ..forms import (
    BaseForm,
    at_most,
    db_id,
    strip,
    translated_text_field,
    within,
)
from ..matches.adapter import CRITERIA
from ..profiles.forms import MultiCheckboxField
from .services import PROGRAMME_FIELDS, SETTINGS_FIELDS, WEIGHT_MAX

NAME_MAX, DESCRIPTION_MAX = 160, 5000
PROGRAMME_YEARS = (date(2000, 1, 1), date(2100, 12, 31))
GOALS_MIN, GOALS_MAX = 20, 2000

# Each criterion of the matching library, as the Secretariat reads it.
CRITERION_LABELS = {
    "text": (
        _l("Expertise matches goals (text)"),
        _l(
            "How well the mentor's expertise answers the mentee's goals, read from "
            "their own words."
        ),
    ),
    "tags": (
        _l("Shared topics (tags)"),
        _l("Topics both chose in their profiles."),
    ),
    "discipline": (
        _l("Same discipline"),
        _l("Geology, engineering, finance... the same field of work."),
    ),
    "career_stage": (
        _l("Career-stage gap"),
        _l("A mentor a step or two ahead of the mentee in her career."),
    ),
    "commodity": (
        _l("Same commodity"),
        _l("Gold, copper, lithium...: the commodity each knows best."),
    ),
    "operation": (
        _l("Same type of operation"),
        _l("Open pit, underground, processing, exploration..."),
    ),
    "region": (
        _l("Region preference"),
        _l("Same region, or a different one, as the mentee prefers."),
    ),
    "timezone": (
        _l("Close time zones"),
        _l("Working hours that overlap, so meetings are easy to arrange."),
    ),
    "language": (
        _l("More shared languages"),
        _l("Sharing a language is always required; this rewards sharing several."),
    ),
    "availability": (
        _l("Similar availability"),
        _l("The hours a month the mentor offers and the mentee wishes."),
    ),
}


INVALID_DATE = _l("Enter a date such as 2025-03-31.")
INVALID_WHOLE_NUMBER = _l("Enter a whole number.")
INVALID_WEIGHT = _l("Enter a number from 0 to 10, such as 2.5.")


def _whole_number(label, validators, **kwargs):
    return IntegerField(
        label,
        validators=validators,
        invalid_value_message=INVALID_WHOLE_NUMBER,
        widget=NumberInput(step=1),
        **kwargs,
    )


class WeightField(FloatField):
    """A weight between 0 and 10; accepts a decimal comma, refuses NaN and infinity."""

    widget = NumberInput(step="any", min=0, max=WEIGHT_MAX)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}"

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            self.data = None
            raise ValueError(INVALID_WEIGHT)
        self.data = number + 0.0  # -0 is 0


def _date(label, required):
    return DateField(
        label,
        validators=[InputRequired(message=required), within(*PROGRAMME_YEARS)],
        invalid_value_message=INVALID_DATE,
    )


class ProgrammeForm(BaseForm):
    name = translated_text_field(
        _l("Name"),
        limit=NAME_MAX,
        area=False,
        required=_l("Enter the programme's name in at least one language."),
    )
    description = translated_text_field(_l("Description"), limit=DESCRIPTION_MAX)
    enrol_opens_on = _date(
        _l("Enrolment opens on"), _l("Enter the day enrolment opens.")
    )
    enrol_closes_on = _date(
        _l("Enrolment closes on"), _l("Enter the last day of enrolment.")
    )
    starts_on = _date(_l("Programme starts on"), _l("Enter the start date."))
    ends_on = _date(_l("Programme ends on"), _l("Enter the end date."))
    duration_months = _whole_number(
        _l("Duration of a mentorship (months)"),
        default=6,
        validators=[
            InputRequired(message=_l("Enter the duration in months.")),
            NumberRange(min=1, max=36, message=_l("Enter between 1 and 36 months.")),
        ],
    )
    all_organisations = BooleanField(_l("All member organisations"), default=True)
    organisation_ids = MultiCheckboxField(
        _l("Participating organisations"),
        coerce=db_id,
        invalid_choice_message=_l(
            "Not on the list: %(value)s. Please choose from the list."
        ),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_ids.choices = [(org.id, org.name) for org in organisations]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.all_organisations.data and not self.organisation_ids.data:
            self.organisation_ids.errors.append(
                _l("Choose the organisations that take part, or all of them.")
            )
            valid = False
        return self._validate_dates() and valid

    def _validate_dates(self):
        opens, closes = self.enrol_opens_on.data, self.enrol_closes_on.data
        starts, ends = self.starts_on.data, self.ends_on.data
        valid = True
        if opens and closes and closes < opens:
            self.enrol_closes_on.errors.append(
                _l("Enrolment cannot close before it opens.")
            )
            valid = False
        if opens and starts and starts < opens:
            self.starts_on.errors.append(
                _l("The programme cannot start before enrolment opens.")
            )
            valid = False
        if starts and ends and ends <= starts:
            self.ends_on.errors.append(_l("The programme must end after it starts."))
            valid = False
        return valid

    def programme_data(self):
        """The submitted values, keyed like the Programme columns."""
        data = {name: getattr(self, name).data for name in PROGRAMME_FIELDS}
        data["organisation_ids"] = (
            [] if data["all_organisations"] else list(self.organisation_ids.data or ())
        )
        return data


class SettingsForm(BaseForm):
    cross_organisation_required = BooleanField(
        _l("Mentor and mentee must belong to different organisations"), default=True
    )
    proposals_per_mentee = _whole_number(
        _l("Proposals per mentee"),
        default=1,
        validators=[
            InputRequired(message=_l("Enter how many proposals a mentee receives.")),
            NumberRange(min=1, max=3, message=_l("Enter 1, 2 or 3.")),
        ],
    )
    max_timezone_gap_hours = _whole_number(
        _l("Largest time-zone gap (hours)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=12, message=_l("Enter between 1 and 12 hours.")),
        ],
    )

    def weight_fields(self):
        """(criterion, field, hint) in the order the page shows them."""
        return [
            (c, self[f"weight_{c}"], CRITERION_LABELS[c][1]) for c in CRITERION_LABELS
        ]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        weights = [field.data for _c, field, _h in self.weight_fields()]
        if valid and not any(w > 0 for w in weights):
            self.form_errors.append(
                _l("Give at least one criterion a weight above zero.")
            )
            valid = False
        return valid

    def settings_data(self):
        """The submitted values, keyed like the ProgrammeSettings columns."""
        data = {name: self[name].data for name in SETTINGS_FIELDS if name != "weights"}
        data["weights"] = {c: self[f"weight_{c}"].data for c in CRITERIA}
        return data


for _criterion, (_label, _hint) in CRITERION_LABELS.items():
    setattr(
        SettingsForm,
        f"weight_{_criterion}",
        WeightField(
            _label,
            validators=[
                InputRequired(message=_l("Enter a weight from 0 to 10.")),
                NumberRange(
                    min=0, max=WEIGHT_MAX, message=_l("Enter a weight from 0 to 10.")
                ),
            ],
        ),
    )


def settings_form_data(data):
    """Settings values (services.settings_data) as the form's field data."""
    flat = {f"weight_{c}": w for c, w in data["weights"].items()}
    return {**flat, **{k: v for k, v in data.items() if k != "weights"}}


class MentorEnrolmentForm(BaseForm):
    goals = TextAreaField(
        _l("What you offer in this programme"),
        filters=[strip],
        validators=[at_most(GOALS_MAX)],
        description=_l(
            "Optional. Filled from your profile's expertise: adapt it to this "
            "programme if you wish."
        ),
    )
    capacity = _whole_number(
        _l("How many mentees can you take in this programme?"),
        default=1,
        validators=[
            InputRequired(message=_l("Please say how many mentees you can take.")),
            NumberRange(min=1, max=5, message=_l("Choose between 1 and 5 mentees.")),
        ],
    )

    def enrolment_data(self):
        return {"goals": self.goals.data or "", "capacity": self.capacity.data}


class MenteeEnrolmentForm(BaseForm):
    goals = TextAreaField(
        _l("Your goals for this programme"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Please describe your goals.")),
            Length(
                min=GOALS_MIN,
                max=GOALS_MAX,
                message=_l("Write between %(min)d and %(max)d characters."),
            ),
        ],
        description=_l(
            "Filled from your profile's goals: adapt them to this programme. "
            "The matching reads this text."
        ),
    )

    def enrolment_data(self):
        return {"goals": self.goals.data or "", "capacity": 1}


ENROLMENT_FORMS = {"mentor": MentorEnrolmentForm, "mentee": MenteeEnrolmentForm}
