"""The annual report's forms: the year to draft, a section's narrative, a button."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from ..forms import BaseForm, translated_text_field
from .services import FIRST_YEAR, LAST_YEAR, NARRATIVE_MAX

YEAR_MESSAGE = _l("Choose a year between 2000 and 2100.")


class YearForm(BaseForm):
    year = IntegerField(
        _l("Year"),
        validators=[
            InputRequired(message=YEAR_MESSAGE),
            NumberRange(FIRST_YEAR, LAST_YEAR, message=YEAR_MESSAGE),
        ],
    )


class NarrativeForm(BaseForm):
    text = translated_text_field(
        _l("Narrative"),
        limit=NARRATIVE_MAX,
        required=_l("Write the narrative in at least one language."),
    )


class ActionForm(BaseForm):
    """A button's form: its CSRF token only."""
