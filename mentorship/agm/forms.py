"""Forms of the AGM: creating it, its agenda items and pack sections, the chair's
vote, a check-in and an AGM proxy."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange

from ..forms import (
    BaseForm,
    at_most,
    db_id,
    duration_field,
    record_id,
    spoken_language_field,
    strip,
    time_zone_field,
    translated_text_field,
    within,
)
from ..profiles.forms import language_choices, timezone_choices
from . import words
from .services import DURATIONS, VOTE_MINUTES

TITLE_MAX, TEXT_MAX, LINK_MAX = 300, 20_000, 500
UNKNOWN = _l("Choose one of the options.")
AGM_DATES = (date(2000, 1, 1), date(2100, 12, 31))
DEFAULT = ("", _l("The AGM's rule"))


def _choices(labels, first=None):
    options = [SelectChoice(code, label) for code, label in labels.items()]
    return ([SelectChoice(*first)] if first else []) + options


def _select(label, labels, default=None, first=None):
    return SelectField(
        label,
        choices=_choices(labels, first),
        default=default,
        invalid_choice_message=UNKNOWN,
    )


def _optional_id(value):
    """Coerce an optional id: empty is None, anything else a record's id."""
    if value in (None, "", "None"):
        return None
    return db_id(value)


class AgmForm(BaseForm):
    year = IntegerField(
        _l("Year"),
        validators=[
            InputRequired(message=_l("Enter the year of the AGM.")),
            NumberRange(2000, 2100, message=_l("Enter the year of the AGM.")),
        ],
    )
    day = DateField(
        _l("Day"),
        validators=[
            InputRequired(message=_l("Enter a date such as 2027-12-15.")),
            within(*AGM_DATES),
        ],
        invalid_value_message=_l("Enter a date such as 2027-12-15."),
    )
    starts = TimeField(
        _l("Starts at"),
        validators=[InputRequired(message=_l("Enter the time, such as 14:00."))],
        invalid_value_message=_l("Enter the time, such as 14:00."),
    )
    duration = duration_field(DURATIONS, 180)
    timezone = time_zone_field()
    language = spoken_language_field()
    join_url = StringField(
        _l("Joining link (optional)"),
        filters=[strip],
        validators=[at_most(LINK_MAX)],
    )
    quorum_percent = IntegerField(
        _l("Quorum (share of member organisations present, in %)"),
        default=50,
        validators=[
            InputRequired(message=_l("Enter the quorum from 0 to 100.")),
            NumberRange(0, 100, message=_l("Enter the quorum from 0 to 100.")),
        ],
    )
    majority = _select(_l("Majority for motions"), words.MAJORITIES, "simple")
    abstentions = _select(_l("Abstentions"), words.ABSTENTIONS, "excluded")
    secret = BooleanField(_l("Secret ballots"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()
        self.timezone.choices = timezone_choices()


class RulesForm(BaseForm):
    quorum_percent = AgmForm.quorum_percent
    majority = _select(_l("Majority for motions"), words.MAJORITIES, "simple")
    abstentions = _select(_l("Abstentions"), words.ABSTENTIONS, "excluded")
    secret = BooleanField(_l("Secret ballots"))


class ItemForm(BaseForm):
    kind = _select(_l("Kind of item"), words.ITEM_KINDS, "motion")
    title = translated_text_field(
        _l("Title"),
        limit=TITLE_MAX,
        area=False,
        required=_l("Enter the title in at least one language."),
    )
    text = translated_text_field(_l("Text"), limit=TEXT_MAX)
    parent_id = SelectField(
        _l("Amends the motion"),
        choices=[],
        coerce=_optional_id,
        invalid_choice_message=UNKNOWN,
        description=_l("Leave empty unless this item amends a tabled motion."),
    )
    proposer = _select(_l("Proposed by"), words.PROPOSERS, "secretariat")
    proposer_organisation_id = SelectField(
        _l("Proposing organisation"),
        choices=[],
        coerce=_optional_id,
        invalid_choice_message=UNKNOWN,
    )
    majority = _select(_l("Majority"), words.MAJORITIES, "", DEFAULT)
    abstentions = _select(_l("Abstentions"), words.ABSTENTIONS, "", DEFAULT)
    secret = _select(
        _l("Ballot"),
        {"open": _l("Open ballot"), "secret": _l("Secret ballot")},
        "",
        DEFAULT,
    )

    def set_choices(self, motions, organisations):
        none = SelectChoice("", _l("None"))
        self.parent_id.choices = [none] + [
            SelectChoice(str(m.id), label) for m, label in motions
        ]
        self.proposer_organisation_id.choices = [none] + [
            SelectChoice(str(o.id), o.name) for o in organisations
        ]


class SectionForm(BaseForm):
    kind = _select(_l("Kind of section"), words.SECTION_KINDS, "report")
    title = translated_text_field(
        _l("Title"),
        limit=TITLE_MAX,
        area=False,
        required=_l("Enter the title in at least one language."),
    )
    text = translated_text_field(_l("Text"), limit=TEXT_MAX)
    resource_id = SelectField(
        _l("Library resource (optional)"),
        choices=[],
        coerce=_optional_id,
        invalid_choice_message=UNKNOWN,
    )

    def set_choices(self, resources, title_of):
        self.resource_id.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(str(r.id), title_of(r)) for r in resources
        ]


class VoteForm(BaseForm):
    minutes = SelectField(
        _l("The vote stays open for"),
        choices=[
            SelectChoice(str(m), _l("%(minutes)d minutes", minutes=m))
            for m in VOTE_MINUTES
        ],
        default="15",
        invalid_choice_message=UNKNOWN,
    )


class CheckInForm(BaseForm):
    organisation_id = HiddenField(validators=[record_id])
    delegate_id = SelectField(
        _l("Delegate present"),
        choices=[],
        coerce=_optional_id,
        validators=[InputRequired(message=_l("Choose the delegate present."))],
        validate_choice=False,
    )


class ProxyForm(BaseForm):
    organisation_id = SelectField(
        _l("The organisation handing its vote"),
        choices=[],
        coerce=_optional_id,
        validators=[InputRequired(message=_l("Choose your organisation."))],
        invalid_choice_message=UNKNOWN,
    )
    holder_id = SelectField(
        _l("The delegate who will carry it"),
        choices=[],
        coerce=_optional_id,
        validators=[InputRequired(message=_l("Choose the delegate."))],
        invalid_choice_message=UNKNOWN,
    )
    confirm = BooleanField(
        _l("I hand my organisation's vote at this AGM to this delegate."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )

    def set_choices(self, organisations, holders):
        self.organisation_id.choices = [
            SelectChoice(str(o.id), o.name) for o in organisations
        ]
        self.holder_id.choices = [SelectChoice("", _l("Choose"))] + [
            SelectChoice(str(person.id), f"{person.name} ({org.name})")
            for person, org in holders
        ]
