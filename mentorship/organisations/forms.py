"""Forms of the organisation registry, coordinator appointments and invitations."""

import functools
import re
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import vocab
from ..forms import (
    BaseForm,
    at_most,
    db_id,
    plain_name,
    record_id,
    strip,
    translated_text_field,
)
from ..i18n import LANGUAGES, country_name

MAX_INVITATIONS = 50
DESCRIPTION_MAX = 5000


def _choices(table):
    """Options of a select, from a code -> label table (labels stay lazy)."""
    return [SelectChoice(code, label) for code, label in table.items()]


@functools.cache
def _countries(locale):
    """Country names in `locale` (the reader's; it keys the cache), sorted by name."""
    names = ((code, country_name(code)) for code in vocab.COUNTRIES)
    return tuple(sorted(names, key=lambda pair: pair[1].casefold()))


def web_address(form, field):
    """Only http and https links, so a stored website can never run script."""
    parts = urlsplit(field.data or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in field.data:
        raise ValidationError(
            _l("Enter a web address starting with http:// or https://.")
        )


def organisation_name_field(label=None):
    """The organisation's name: required, plain text, as the registry stores it."""
    return StringField(
        label or _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the organisation's name.")),
            at_most(160),
            plain_name,
        ],
    )


class OrganisationPlaceForm(BaseForm):
    """Name, country, region and website: the registry's form and the application
    to join ask them alike."""

    name = organisation_name_field()
    country = SelectField(
        _l("Country"), validators=[DataRequired(_l("Choose a country."))]
    )
    region = SelectField(
        _l("Region"),
        choices=_choices(vocab.REGIONS),
        validators=[DataRequired(_l("Choose a region."))],
    )
    website = URLField(
        _l("Website"),
        filters=[strip],
        validators=[
            Optional(),
            at_most(300),
            web_address,
        ],
    )


class OrganisationForm(OrganisationPlaceForm):
    description = translated_text_field(
        _l("Description"),
        limit=DESCRIPTION_MAX,
        required=_l("Write the description in at least one language."),
    )
    status = SelectField(
        _l("Status"),
        choices=_choices(vocab.ORGANISATION_STATUSES),
        default="applicant",
    )
    status_reason = TextAreaField(
        _l("Reason for a change of status"),
        filters=[strip],
        validators=[at_most(1000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = _countries(str(get_locale()))
        self.country.choices = [
            SelectChoice("", _l("Choose a country")),
            *(SelectChoice(code, name) for code, name in countries),
        ]

    def values(self):
        """The fields the services store, by name."""
        return {
            key: field.data
            for key, field in self._fields.items()
            if key not in ("csrf_token", "submit", "status_reason")
        }


class AppointForm(BaseForm):
    # The choices are her members; another id gets a clear message from the service.
    user_id = SelectField(
        _l("Member to appoint"),
        coerce=db_id,
        validate_choice=False,
        validators=[DataRequired(_l("Choose a member."))],
    )


class RemoveCoordinatorForm(BaseForm):
    user_id = HiddenField(validators=[DataRequired(), record_id])


class InviteForm(BaseForm):
    emails = TextAreaField(
        _l("Email addresses"),
        validators=[
            DataRequired(_l("Enter at least one email address.")),
            Length(max=20000, message=_l("Too much text.")),
        ],
    )
    locale = SelectField(
        _l("Language of the invitation"),
        choices=_choices(LANGUAGES),
        default="en",
    )

    def validate_emails(self, field):
        """One or several addresses, one a line or comma-separated, all valid."""
        addresses = split_addresses(field.data)
        if not addresses:
            raise ValidationError(_l("Enter at least one email address."))
        if len(addresses) > MAX_INVITATIONS:
            raise ValidationError(
                _l(
                    "At most %(max)d addresses at a time.",
                    max=MAX_INVITATIONS,
                )
            )
        invalid = [address for address in addresses if not _is_valid(address)]
        if invalid:
            # gettext, not lazy: a lazy string counts as safe HTML, and this one
            # carries what she typed, which must stay escaped.
            raise ValidationError(
                _(
                    "These addresses are not valid: %(addresses)s",
                    addresses=", ".join(invalid),
                )
            )
        self.addresses = addresses


def split_addresses(text):
    """Addresses separated by new lines, commas or semicolons, without repeats."""
    parts = (part.strip() for part in re.split(r"[,;\r\n]+", text or ""))
    return list(dict.fromkeys(part for part in parts if part))


def _is_valid(address):
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
