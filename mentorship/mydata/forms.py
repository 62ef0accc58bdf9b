"""The erasure confirmation: her current password and an explicit "I understand"."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired

from ..forms import BaseForm, at_most

PASSWORD_MAX = 128


class EraseForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(_l("Please enter your current password.")),
            at_most(PASSWORD_MAX),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    understood = BooleanField(
        _l("I understand this cannot be undone"),
        validators=[
            DataRequired(_l("Please confirm that you understand this is final."))
        ],
    )
