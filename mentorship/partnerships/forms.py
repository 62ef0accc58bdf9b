"""Forms of needs and offers, introductions and their follow-up."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectChoice, SelectField
from wtforms.validators import DataRequired, InputRequired

from ..forms import BaseForm, db_id, long_text
from ..i18n import LANGUAGES
from . import taxonomy
from .models import FollowUpAnswer

DESCRIPTION_MAX = 1000
MESSAGE_MAX = 2000
OUTCOME_MAX = 4000


def _choices(table):
    return [SelectChoice(code, label) for code, label in table.items()]


class ListingForm(BaseForm):
    """Add a need or an offer, or rewrite its description."""

    kind = SelectField(
        _l("Need or offer"),
        choices=_choices(taxonomy.KINDS),
        validators=[InputRequired(message=_l("Choose a need or an offer."))],
    )
    category = SelectField(
        _l("Area"),
        choices=_choices(taxonomy.CATEGORIES),
        validators=[InputRequired(message=_l("Choose what it is about."))],
    )
    description = long_text(_l("In a few words"), DESCRIPTION_MAX)
    language = SelectField(
        _l("Written in"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        validators=[InputRequired()],
    )


class ConfirmForm(BaseForm):
    """A button that only needs its CSRF token (accept, withdraw, remove)."""


def organisation_choices(organisations):
    return [SelectChoice("", _l("Choose an organisation"))] + [
        SelectChoice(str(org.id), org.name) for org in organisations
    ]


def _org_field(label):
    return SelectField(
        label,
        coerce=lambda value: db_id(value) if value not in ("", None) else None,
        validators=[DataRequired(message=_l("Choose an organisation."))],
        validate_choice=True,
    )


class ProposeForm(BaseForm):
    """An organisation proposes an introduction to another one."""

    other = _org_field(_l("Organisation to be introduced to"))
    message = long_text(_l("Message (optional)"), MESSAGE_MAX)


class AdminProposeForm(BaseForm):
    """The Secretariat proposes introducing any two organisations."""

    first = _org_field(_l("First organisation"))
    second = _org_field(_l("Second organisation"))
    message = long_text(_l("Message (optional)"), MESSAGE_MAX)
    onboarding = BooleanField(_l("Onboarding buddy for a new organisation"))


class DeclineForm(BaseForm):
    reason = long_text(_l("Why (optional)"), MESSAGE_MAX)


class FollowUpForm(BaseForm):
    """Did a partnership come out of the introduction? If so, which."""

    answer = RadioField(
        _l("Did a partnership come out of it?"),
        choices=_choices(taxonomy.FOLLOW_UP_ANSWERS),
        validators=[InputRequired(message=_l("Please answer the question."))],
    )
    kind = SelectField(
        _l("Type of partnership"),
        choices=[SelectChoice("", "—")] + _choices(taxonomy.PARTNERSHIP_KINDS),
        default="",
    )
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", "—")] + _choices(taxonomy.PARTNERSHIP_STATUSES),
        default="",
    )
    outcome = long_text(_l("What came of it (optional)"), OUTCOME_MAX)

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if self.answer.data == FollowUpAnswer.PARTNERSHIP:
            missing = False
            for field in (self.kind, self.status):
                if not field.data:
                    field.errors.append(_l("Choose one for the partnership."))
                    missing = True
            return not missing
        return True
