"""The form that creates an API token: a name, scopes, a lifetime (at most a year)."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from .. import policy
from ..forms import BaseForm

LIFETIMES = {
    "30": _l("30 days"),
    "90": _l("90 days"),
    "180": _l("180 days"),
    "365": _l("1 year"),
}


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes (the `field` macro renders this type name as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TokenForm(BaseForm):
    name = StringField(
        _l("Name (what the token is for)"),
        validators=[
            DataRequired(_l("Give the token a name.")),
            Length(max=80, message=_l("80 characters at most.")),
        ],
    )
    scopes = MultiCheckboxField(_l("What the token may do"))
    lifetime = SelectField(
        _l("Expires after"),
        choices=[SelectChoice(code, label) for code, label in LIFETIMES.items()],
        default="90",
        validate_choice=True,
    )

    def __init__(self, *args, kind="personal", **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = [
            SelectChoice(code, policy.SCOPES[code])
            for code in policy.token_scopes_for(kind)
        ]

    def validate_scopes(self, field):
        from wtforms.validators import ValidationError

        if not field.data:
            raise ValidationError(_l("Choose at least one scope."))
