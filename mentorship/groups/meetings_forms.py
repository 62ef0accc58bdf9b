"""Forms of the meetings part: scheduling monthly meetings, inviting a guest."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from ..forms import (
    BaseForm,
    at_most,
    duration_field,
    spoken_language_field,
    strip,
    time_zone_field,
    translated_text_field,
    within,
)
from ..profiles.forms import language_choices, timezone_choices
from .meetings import DURATIONS, LINK_MAX, MAX_MONTHS

AGENDA_MAX, EMAIL_MAX = 10_000, 254
PLAN_DATES = (date(2000, 1, 1), date(2100, 12, 31))
UNKNOWN = _l("Choose one of the options.")
ORDINAL_LABELS = {
    "1": _l("First"),
    "2": _l("Second"),
    "3": _l("Third"),
    "4": _l("Fourth"),
    "-1": _l("Last"),
}
WEEKDAY_LABELS = {
    "0": _l("Monday"),
    "1": _l("Tuesday"),
    "2": _l("Wednesday"),
    "3": _l("Thursday"),
    "4": _l("Friday"),
    "5": _l("Saturday"),
    "6": _l("Sunday"),
}


def _choices(labels):
    return [SelectChoice(code, label) for code, label in labels.items()]


class ScheduleForm(BaseForm):
    ordinal = SelectField(
        _l("Week of the month"),
        choices=_choices(ORDINAL_LABELS),
        default="2",
        invalid_choice_message=UNKNOWN,
    )
    weekday = SelectField(
        _l("Day of the week"),
        choices=_choices(WEEKDAY_LABELS),
        default="1",
        invalid_choice_message=UNKNOWN,
    )
    local_time = TimeField(
        _l("Starts at"),
        validators=[InputRequired(message=_l("Enter the time, such as 14:00."))],
        invalid_value_message=_l("Enter the time, such as 14:00."),
    )
    duration = duration_field(DURATIONS, 60)
    timezone = time_zone_field()
    language = spoken_language_field()
    months = IntegerField(
        _l("How many months"),
        default=12,
        validators=[
            InputRequired(message=_l("Enter how many months of meetings.")),
            NumberRange(
                min=1,
                max=MAX_MONTHS,
                message=_l("Enter a whole number from 1 to %(max)d.", max=MAX_MONTHS),
            ),
        ],
    )
    first_on = DateField(
        _l("From"),
        validators=[
            InputRequired(message=_l("Enter a date such as 2027-01-31.")),
            within(*PLAN_DATES),
        ],
        invalid_value_message=_l("Enter a date such as 2027-01-31."),
        description=_l("The first meeting is the first such day from this date."),
    )
    agenda = translated_text_field(_l("Agenda of each meeting"), limit=AGENDA_MAX)
    join_url = StringField(
        _l("Joining link (optional)"),
        filters=[strip],
        validators=[at_most(LINK_MAX)],
        description=_l("Shown only to people holding a seat, and to organisers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()
        self.timezone.choices = timezone_choices()


class GuestForm(BaseForm):
    email = EmailField(
        _l("Her email address"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Enter the email address of her account.")),
            at_most(EMAIL_MAX),
        ],
        description=_l("She must already have an account on the platform."),
    )
