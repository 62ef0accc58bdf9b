"""The committee's space: a report's form, and the bare forms of its buttons."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import InputRequired, ValidationError

from ..forms import BaseForm, at_most, plain_name, strip, translated_text_field
from .models_reports import PERIOD_MAX
from .reports import BODY_MAX, TITLE_MAX

DATE_MESSAGE = _l("Enter a date such as 2026-12-31.")
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def plausible(form, field):
    """A day between 2000 and 2100 (a mistyped year changes nothing)."""
    if field.data is not None and not FIRST_DAY <= field.data <= LAST_DAY:
        raise ValidationError(DATE_MESSAGE)


class ReportForm(BaseForm):
    period = StringField(
        _l("Period"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Name the period, such as 2026 Q4.")),
            at_most(PERIOD_MAX),
            plain_name,
        ],
        description=_l("As the organisations will read it, such as 2026 Q4."),
    )
    starts_on = DateField(
        _l("First day"),
        validators=[InputRequired(message=DATE_MESSAGE), plausible],
        invalid_value_message=DATE_MESSAGE,
    )
    ends_on = DateField(
        _l("Last day"),
        validators=[InputRequired(message=DATE_MESSAGE), plausible],
        invalid_value_message=DATE_MESSAGE,
    )
    title = translated_text_field(
        _l("Title"),
        limit=TITLE_MAX,
        area=False,
        required=_l("Enter the title in at least one language."),
    )
    body = translated_text_field(
        _l("Report"),
        limit=BODY_MAX,
        required=_l("Write the report in at least one language."),
    )


class ActionForm(BaseForm):
    """A button's form: its CSRF token only."""
