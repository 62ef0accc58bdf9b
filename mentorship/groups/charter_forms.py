"""Forms of the charter part: a new group, its charter, its status."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Regexp

from ..forms import BaseForm, at_most, strip, translated_text_field
from ..i18n import localized
from . import words
from .charter import SLUG_MAX, SLUG_PATTERN, themes

NAME_MAX, TEXT_MAX, REASON_MAX = 200, 10_000, 5_000
UNKNOWN = _l("Choose one of the options.")


def _charter_text(label):
    return translated_text_field(label, limit=TEXT_MAX)


class CharterForm(BaseForm):
    purpose = _charter_text(_l("Purpose"))
    scope = _charter_text(_l("Scope"))
    deliverables = _charter_text(_l("Deliverables"))


class NewGroupForm(CharterForm):
    name = translated_text_field(
        _l("Name"),
        limit=NAME_MAX,
        area=False,
        required=_l("Enter the name in at least one language."),
    )
    slug = StringField(
        _l("Address"),
        filters=[
            strip,
            lambda value: value.lower() if isinstance(value, str) else value,
        ],
        validators=[
            InputRequired(message=_l("Enter the group's address.")),
            at_most(SLUG_MAX),
            Regexp(
                SLUG_PATTERN,
                message=_l(
                    "Choose an address of lowercase letters, digits and hyphens."
                ),
            ),
        ],
        description=_l("Its page will be /groups/<address>, e.g. critical-minerals."),
    )
    theme_id = SelectField(
        _l("Theme"),
        choices=[],
        validators=[InputRequired(message=_l("Choose one of the active themes."))],
        invalid_choice_message=_l("Choose one of the active themes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme_id.choices = [
            SelectChoice(str(theme.id), localized(theme, "name")) for theme in themes()
        ]


class StatusForm(BaseForm):
    status = RadioField(
        _l("New status"),
        choices=[],
        validators=[InputRequired(message=_l("Choose the new status."))],
        invalid_choice_message=_l("Choose the new status."),
    )
    reason = translated_text_field(
        _l("Why the group closes (shown on its page)"), limit=REASON_MAX
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [
            SelectChoice(str(code), words.status(code)) for code in allowed
        ]
