"""Forms of the committee's desk: giving or taking an office, ending a seat early
(confirmed, with why), filling a vacancy and preparing the next election (a button
each, their CSRF token the only field)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectChoice, SelectField
from wtforms.validators import DataRequired, InputRequired

from ..forms import BaseForm
from .queries_committee import END_REASONS, office_label

NO_OFFICE = "none"
EARLY_ENDS = ("resigned", "removed")


class OfficeForm(BaseForm):
    office = SelectField(
        _l("Office"),
        validators=[InputRequired(message=_l("Choose an office, or none."))],
        validate_choice=True,
        invalid_choice_message=_l("Choose one of the committee's offices, or none."),
    )

    def __init__(self, offices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.office.choices = [(NO_OFFICE, _l("No office"))] + [
            (code, office_label(code)) for code in offices
        ]

    def chosen(self):
        """The office code chosen, or None for no office."""
        return None if self.office.data == NO_OFFICE else self.office.data


class EndSeatForm(BaseForm):
    reason = RadioField(
        _l("Why the seat ends"),
        choices=[SelectChoice(code, END_REASONS[code]) for code in EARLY_ENDS],
        validators=[InputRequired(message=_l("Choose why the seat ends."))],
        invalid_choice_message=_l("Choose why the seat ends."),
    )
    confirm = BooleanField(
        _l(
            "I end this member's seat today; her place on the committee ends and "
            "cannot be given back."
        ),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class ButtonForm(BaseForm):
    """A button: filling a vacancy, preparing the next election."""
