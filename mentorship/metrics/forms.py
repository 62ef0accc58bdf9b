"""Forms of the metrics: an indicator, a cycle, a later deadline, a value, a review.
A value's source document is read from `request.files` by the view and checked by
`core.uploads` (BaseForm reads only the form's fields)."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..auth.forms import MultiCheckboxField
from ..forms import (
    SANE_DATES,
    BaseForm,
    at_most,
    long_text,
    revision_read,
    strip,
    translated_text_field,
    within,
)
from . import words

DATE_FORMAT = _l("Enter a date such as 2025-03-31.")
NUMBER_FORMAT = _l("Enter a number, such as 42 or 12.5.")
WHOLE_FORMAT = _l("Enter a whole number.")
BIG = 10**12


def _date(label, required):
    return DateField(
        label,
        validators=[InputRequired(message=required), within(*SANE_DATES)],
        invalid_value_message=DATE_FORMAT,
    )


def _choices(table):
    return [SelectChoice(code, label) for code, label in table.items()]


def _line(label, limit, hint=None):
    return StringField(label, filters=[strip], validators=[at_most(limit)])


class IndicatorForm(BaseForm):
    code = StringField(
        _l("Code (stable: capital letters, digits, underscores)"),
        filters=[strip, lambda v: v.upper() if isinstance(v, str) else v],
        validators=[
            DataRequired(message=_l("Enter the indicator's code.")),
            Regexp(
                r"^[A-Z][A-Z0-9_]{1,39}$",
                message=_l("A code is 2 to 40 capital letters, digits or underscores."),
            ),
        ],
    )
    name = translated_text_field(
        _l("Name"),
        limit=200,
        area=False,
        required=_l("Give the indicator a name in at least one language."),
    )
    definition = translated_text_field(_l("Definition"), limit=2000)
    numerator = _line(_l("Numerator"), 500)
    denominator = _line(_l("Denominator"), 500)
    unit = SelectField(_l("Unit"), choices=_choices(words.UNITS))
    entry = RadioField(_l("How values are entered"), choices=_choices(words.ENTRIES))
    kind = RadioField(
        _l("Kind (decides how figures are protected when published)"),
        choices=_choices(words.KINDS),
    )
    disaggregations = MultiCheckboxField(
        _l("Breakdowns it takes"), choices=_choices(words.DIMENSIONS)
    )
    reference_period = _line(_l("Reference period"), 200)
    preferred_sources = _line(_l("Preferred sources"), 1000)
    methodology = long_text(_l("Methodology notes"), 5000)
    min_value = DecimalField(
        _l("Lowest plausible value"),
        validators=[Optional(), NumberRange(-BIG, BIG)],
        invalid_value_message=NUMBER_FORMAT,
    )
    max_value = DecimalField(
        _l("Highest plausible value"),
        validators=[Optional(), NumberRange(-BIG, BIG)],
        invalid_value_message=NUMBER_FORMAT,
    )
    endorsed = BooleanField(_l("Endorsed by the Alliance"))
    change_note = _line(_l("What changed (for a new version)"), 500)

    def validate_unit(self, field):
        if self.entry.data == "share" and field.data != "percent":
            raise ValidationError(
                _l("A share entered as women and total is a percentage.")
            )


class IndicatorEditForm(IndicatorForm):
    code = None


class CycleForm(BaseForm):
    year = IntegerField(
        _l("Year reported on"),
        validators=[
            InputRequired(message=_l("Enter the year.")),
            NumberRange(1990, 2100, message=_l("Enter a year between 1990 and 2100.")),
        ],
        invalid_value_message=WHOLE_FORMAT,
    )
    opens_on = _date(_l("Entry opens on"), _l("Enter the day entry opens."))
    deadline = _date(
        _l("Deadline (entry locks at the end of this day, UTC)"),
        _l("Enter the deadline."),
    )
    indicators = MultiCheckboxField(
        _l("Indicators asked"),
        coerce=int,
        invalid_choice_message=_l("Choose indicators from the registry."),
    )
    organisations = MultiCheckboxField(
        _l("Organisations asked (all member organisations by default)"),
        coerce=int,
        invalid_choice_message=_l("Choose organisations from the list."),
    )

    def validate_deadline(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The deadline must not come before the opening."))


class CycleEditForm(CycleForm):
    year = None


class ExtensionForm(BaseForm):
    organisation_id = SelectField(
        _l("Organisation"),
        coerce=int,
        invalid_choice_message=_l("Choose an organisation asked in this cycle."),
    )
    until = _date(_l("Later deadline"), _l("Enter the later deadline."))
    reason = StringField(
        _l("Reason"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Give the reason for the later deadline.")),
            at_most(500),
        ],
    )


class ValueForm(BaseForm):
    """One value: the figure (women and total, or the value), its source, year,
    coverage and confidence, the explanation of a large change."""

    indicator = SelectField(
        _l("Indicator"),
        validate_choice=False,  # the service says why another one is refused
        validators=[DataRequired(message=_l("Choose an indicator."))],
    )
    country = SelectField(_l("Country"), validate_choice=False)
    commodity = SelectField(_l("Commodity"), validate_choice=False)
    operation_type = SelectField(_l("Operation type"), validate_choice=False)
    job_level = SelectField(_l("Job level"), validate_choice=False)
    women = IntegerField(
        _l("Number of women"),
        validators=[Optional(), NumberRange(0, BIG)],
        invalid_value_message=WHOLE_FORMAT,
    )
    total = IntegerField(
        _l("Total number (women and men)"),
        validators=[Optional(), NumberRange(0, BIG)],
        invalid_value_message=WHOLE_FORMAT,
    )
    value = DecimalField(
        _l("Value"),
        validators=[Optional(), NumberRange(-BIG, BIG)],
        invalid_value_message=NUMBER_FORMAT,
    )
    source = _line(_l("Source"), 500)
    source_year = IntegerField(
        _l("Year of the source"),
        validators=[Optional(), NumberRange(1990, 2100)],
        invalid_value_message=WHOLE_FORMAT,
    )
    coverage_note = long_text(_l("Coverage note (what the figure covers)"), 1000)
    confidence = RadioField(
        _l("Confidence"),
        choices=_choices(words.CONFIDENCE),
        default="medium",
        validators=[InputRequired(message=_l("Choose a level of confidence."))],
    )
    explanation = long_text(_l("Explanation of a large change since last year"), 2000)
    revision = HiddenField(validators=[revision_read])


class ReviewForm(BaseForm):
    action = RadioField(
        _l("Decision"),
        choices=_choices(words.REVIEW_ACTIONS),
        validators=[InputRequired(message=_l("Choose what to do with the value."))],
    )
    comment = long_text(
        _l("Comment for the submitter (required unless approved)"), 2000
    )


class ReopenForm(BaseForm):
    reason = TextAreaField(
        _l("Why the value is reopened"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Give the reason for reopening the value.")),
            at_most(2000),
        ],
    )


class SubmitForm(BaseForm):
    revision = HiddenField(validators=[revision_read])
