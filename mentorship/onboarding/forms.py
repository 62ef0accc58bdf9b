"""Forms of the onboarding checklist."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import AnyOf, DataRequired, ValidationError

from .. import vocab
from ..core import checks
from ..forms import BaseForm, translated_text_field

KINDS = {
    "manual": _l("Ticked by hand"),
    "automatic": _l("Checked automatically"),
}


class ItemForm(BaseForm):
    label = translated_text_field(
        _l("Label"),
        limit=200,
        area=False,
        required=_l("Write the label in at least one language."),
    )
    help_text = translated_text_field(_l("Help text (optional)"), limit=1000)
    kind = SelectField(_l("Kind"), choices=vocab.choices(KINDS), default="manual")
    check_key = SelectField(_l("Automatic check"), default="")

    def __init__(self, *args, current_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        offered = checks.registered("onboarding")
        options = [SelectChoice("", _l("None (ticked by hand)"))]
        options += [SelectChoice(key, check.label) for key, check in offered.items()]
        if current_key and current_key not in offered:
            # A check whose feature is gone stays selectable so the item can be saved.
            options.append(SelectChoice(current_key, current_key))
        self.check_key.choices = options

    def validate_check_key(self, field):
        if self.kind.data == "automatic" and not field.data:
            raise ValidationError(_l("Choose the check that answers this item."))


class TickForm(BaseForm):
    done = HiddenField(validators=[DataRequired(), AnyOf(["1", "0"])])


class MoveForm(BaseForm):
    direction = HiddenField(validators=[DataRequired(), AnyOf(["up", "down"])])


class ActionForm(BaseForm):
    """Only the CSRF token (retire, restore)."""
