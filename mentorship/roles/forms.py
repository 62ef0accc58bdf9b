"""Forms of an organisation's roles: grant a position, end a term."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Optional

from .. import vocab
from ..core import memberships
from ..forms import SANE_DATES, BaseForm, at_most, db_id, strip, within
from .services import POSITIONS, REASON_MAX

INVALID_DATE = _l("Enter a date such as 2025-03-31.")


def _today():
    return memberships.today()


class GrantForm(BaseForm):
    # The choices are her members; another id gets a clear message from the service.
    user_id = SelectField(
        _l("Member"),
        coerce=db_id,
        validate_choice=False,
        validators=[DataRequired(_l("Choose a member."))],
    )
    position = SelectField(
        _l("Role"),
        choices=[SelectChoice(code, vocab.POSITIONS[code]) for code in POSITIONS],
        validate_choice=False,
        validators=[DataRequired(_l("Choose a position."))],
    )
    starts_on = DateField(
        _l("From"),
        default=_today,
        validators=[
            InputRequired(message=_l("Enter the date the term starts.")),
            within(*SANE_DATES),
        ],
        invalid_value_message=INVALID_DATE,
    )
    ends_on = DateField(
        _l("Until (optional)"),
        validators=[Optional(), within(*SANE_DATES)],
        invalid_value_message=INVALID_DATE,
    )
    # "1" on the confirmation that ends the holder's term and starts the new one.
    replace = HiddenField()

    def wants_replace(self):
        return self.replace.data == "1"


class EndForm(BaseForm):
    ends_on = DateField(
        _l("End date"),
        default=_today,
        validators=[
            InputRequired(message=_l("Enter the date the term ends.")),
            within(*SANE_DATES),
        ],
        invalid_value_message=INVALID_DATE,
    )
    reason = StringField(
        _l("Reason (optional)"), filters=[strip], validators=[at_most(REASON_MAX)]
    )
