"""The application form, her answer, and the Secretariat's decisions."""

import functools

from email_validator import EmailNotValidError, validate_email
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from .. import vocab
from ..db import utcnow
from ..forms import BaseForm, at_most, plain_name, strip
from ..i18n import LANGUAGES, country_name, language_name
from ..organisations.forms import OrganisationPlaceForm, organisation_name_field
from ..organisations.models import SizeBand
from ..profiles.forms import MultiCheckboxField

DESCRIPTION_MAX = 2000
MESSAGE_MAX = 2000
SIZE_BANDS = {
    SizeBand.UNDER_25: _l("Fewer than 25 members"),
    SizeBand.FROM_25: _l("25 to 99 members"),
    SizeBand.FROM_100: _l("100 to 499 members"),
    SizeBand.FROM_500: _l("500 members or more"),
}


@functools.cache
def _countries(locale):
    """Country names in `locale` (it keys the cache), sorted by name."""
    names = ((code, country_name(code)) for code in vocab.COUNTRIES)
    return tuple(sorted(names, key=lambda pair: pair[1].casefold()))


def _email(form, field):
    try:
        validate_email(field.data or "", check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(_l("Enter a valid email address.")) from None


def _languages():
    return [SelectChoice(code, label) for code, label in LANGUAGES.items()]


class ApplicationForm(OrganisationPlaceForm):
    name = organisation_name_field(_l("Name of the organisation"))
    description = TextAreaField(
        _l("What your organisation does"),
        filters=[strip],
        validators=[
            DataRequired(_l("Describe your organisation in a few sentences.")),
            at_most(DESCRIPTION_MAX),
        ],
    )
    description_lang = SelectField(_l("Language of this description"))
    working_languages = MultiCheckboxField(_l("Working languages"))
    founding_year = IntegerField(
        _l("Year founded"),
        validators=[
            Optional(),
            NumberRange(
                min=1800,
                max=utcnow().year + 1,
                message=_l("Enter a year between 1800 and this year."),
            ),
        ],
    )
    size_band = SelectField(
        _l("Number of members"),
        choices=[
            SelectChoice("", _l("Prefer not to say")),
            *(SelectChoice(code.value, label) for code, label in SIZE_BANDS.items()),
        ],
        default="",
    )
    contact_name = StringField(
        _l("Your name"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your name.")), at_most(120), plain_name],
    )
    contact_email = EmailField(
        _l("Your email address"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your email address.")),
            at_most(254),
            _email,
        ],
    )
    contact_title = StringField(
        _l("Your role in the organisation"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your role, for example president or founder.")),
            at_most(120),
            plain_name,
        ],
    )
    contact_locale = SelectField(_l("Language for our emails to you"))
    agree = BooleanField(
        _l(
            "On behalf of the organisation, I agree to the International WIM Alliance "
            "Declaration."
        ),
        validators=[
            DataRequired(_l("To join, the organisation must agree to the Declaration."))
        ],
    )
    # A field people never see: only robots fill it in.
    fax_number = StringField(_l("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.country.choices = [
            SelectChoice("", _l("Choose a country")),
            *(SelectChoice(code, name) for code, name in _countries(locale)),
        ]
        self.description_lang.choices = _languages()
        self.contact_locale.choices = _languages()
        if not self.is_submitted():
            self.description_lang.data = self.contact_locale.data = locale
        self.working_languages.choices = [
            SelectChoice(code, language_name(code).capitalize())
            for code in vocab.SPOKEN_LANGUAGES
        ]

    @property
    def is_robot(self):
        return bool(self.fax_number.data)

    def values(self):
        """The fields the service stores, by name."""
        values = {
            key: field.data
            for key, field in self._fields.items()
            if key not in ("csrf_token", "agree", "fax_number")
        }
        values["size_band"] = values["size_band"] or None
        values["working_languages"] = list(dict.fromkeys(values["working_languages"]))
        return values


class AnswerForm(BaseForm):
    answer = TextAreaField(
        _l("Your answer"),
        filters=[strip],
        validators=[DataRequired(_l("Write your answer.")), at_most(MESSAGE_MAX)],
    )


class RequestInfoForm(BaseForm):
    question = TextAreaField(
        _l("What the applicant should tell us"),
        filters=[strip],
        validators=[
            DataRequired(_l("Write what you need to know.")),
            at_most(MESSAGE_MAX),
        ],
    )


class DeclineForm(BaseForm):
    reason = TextAreaField(
        _l("Reason, sent to the applicant"),
        filters=[strip],
        validators=[
            DataRequired(_l("Give the reason for declining.")),
            at_most(MESSAGE_MAX),
        ],
    )


class ApproveForm(BaseForm):
    """Only its CSRF token: approving takes no input."""
