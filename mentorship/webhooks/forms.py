"""The endpoint form: an address and the events it receives. Whether the address
is allowed and the events known is the service's question (`services.add_endpoint`),
so that the pages and any other caller refuse the same things."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import BaseForm
from . import addresses
from .services import EVENT_TYPES


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (the `field` macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EndpointForm(BaseForm):
    url = StringField(
        _l("Address of your endpoint (URL)"),
        validators=[
            InputRequired(_l("Enter a complete web address, starting with https://.")),
            Length(
                max=addresses.MAX_URL,
                message=_l("Enter a complete web address, starting with https://."),
            ),
        ],
    )
    # Unknown values are refused by the service with its own message.
    events = MultiCheckboxField(
        _l("Events to send"),
        choices=[SelectChoice(code, label) for code, label in EVENT_TYPES.items()],
        validate_choice=False,
    )


class EventsForm(BaseForm):
    events = MultiCheckboxField(
        _l("Events to send"),
        choices=[SelectChoice(code, label) for code, label in EVENT_TYPES.items()],
        validate_choice=False,
    )


class ActionForm(BaseForm):
    """A button: the CSRF token only."""
