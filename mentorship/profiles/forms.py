"""Mentor and mentee profile forms: curated codes in, translated labels out."""

import functools
import unicodedata
from datetime import UTC, datetime

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)
from wtforms.widgets import ListWidget

from .. import vocab
from ..forms import BaseForm, QuickCheckbox, QuickSelect, quick_options, strip
from ..i18n import country_name, language_name
from . import timezones

MAX_TAGS = 10
FOCUS_MIN, FOCUS_MAX = 20, 2000

# The IANA areas, translated for the time zone <optgroup>s; zone ids stay as codes.
TIMEZONE_AREAS = {
    "Africa": _l("Africa"),
    "America": _l("Americas"),
    "Antarctica": _l("Antarctica"),
    "Arctic": _l("Arctic"),
    "Asia": _l("Asia"),
    "Atlantic": _l("Atlantic Ocean"),
    "Australia": _l("Australia"),
    "Brazil": _l("Brazil"),
    "Canada": _l("Canada"),
    "Chile": _l("Chile"),
    "Europe": _l("Europe"),
    "Indian": _l("Indian Ocean"),
    "Mexico": _l("Mexico"),
    "Pacific": _l("Pacific Ocean"),
}

UNKNOWN_CHOICE = _l("Please choose from the list.")
UNKNOWN_CHOICES = _l("Not on the list: %(value)s. Please choose from the list.")


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = QuickCheckbox()  # same markup as CheckboxInput, built faster

    def __iter__(self):
        return quick_options(super().__iter__())


class Count:
    """Between `minimum` and `maximum` distinct choices ticked."""

    def __init__(self, minimum, maximum=None, too_few=None, too_many=None):
        self.minimum, self.maximum = minimum, maximum
        self.too_few, self.too_many = too_few, too_many

    def __call__(self, form, field):
        count = len(set(field.data or ()))
        if count < self.minimum:
            raise ValidationError(self.too_few % {"min": self.minimum})
        if self.maximum is not None and count > self.maximum:
            raise ValidationError(self.too_many % {"max": self.maximum})


def _sort_key(text):
    """Accent-insensitive order, so 'Égypte' sorts among the E's."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.casefold()


def _capitalised(text):
    return text[:1].upper() + text[1:]


def _blank():
    return SelectChoice("", _("Select..."))


def table_choices(table):
    """A vocabulary table as select options, labels in the reader's language."""
    return [SelectChoice(code, str(label)) for code, label in table.items()]


def country_choices():
    """Countries sorted by their name in the reader's language."""
    return list(_country_choices(str(get_locale())))


@functools.lru_cache(maxsize=8)
def _country_choices(_locale):
    named = [(code, country_name(code)) for code in vocab.COUNTRIES]
    named.sort(key=lambda pair: _sort_key(pair[1]))
    return (_blank(), *(SelectChoice(code, name) for code, name in named))


def timezone_choices(current=None):
    """Today's zones grouped by area, each named by its country (and city) in the
    reader's language with its current UTC offset; `current`, a zone stored before
    that is no longer offered, is shown so that she sees what she had.

    Built once per language and hour (offsets change on the hour), not per view.
    """
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    if current and current not in timezones.offered_zones():
        return _zone_options(hour, current)
    return list(_cached_zone_options(str(get_locale()), hour))


@functools.lru_cache(maxsize=16)
def _cached_zone_options(_locale, hour):
    return tuple(_zone_options(hour))


def _zone_options(now, current=None):
    zones = timezones.choice_zones()
    if current:
        zones.append((None, current))
    grouped = {}
    for country, zone in zones:
        area = zone.partition("/")[0]
        label = timezones.zone_label(zone, country, now)
        grouped.setdefault(area, []).append(SelectChoice(zone, label))
    options = [_blank()]
    for area in sorted(grouped, key=lambda a: _sort_key(str(TIMEZONE_AREAS.get(a, a)))):
        group = str(TIMEZONE_AREAS.get(area, area))
        for choice in sorted(grouped[area], key=lambda c: _sort_key(c.label)):
            options.append(SelectChoice(choice.value, choice.label, optgroup=group))
    return options


def language_choices():
    """Spoken languages, named by CLDR in the reader's language."""
    return list(_language_choices(str(get_locale())))


@functools.lru_cache(maxsize=8)
def _language_choices(_locale):
    return tuple(
        SelectChoice(code, _capitalised(language_name(code)))
        for code in vocab.SPOKEN_LANGUAGES
    )


def _select(label, required_message, description=None):
    return SelectField(
        label,
        validators=[DataRequired(message=required_message)],
        invalid_choice_message=UNKNOWN_CHOICE,
        description=description,
        widget=QuickSelect(),
    )


class ProfileForm(BaseForm):
    """What mentor and mentee profiles share."""

    headline = StringField(
        _l("Headline"),
        validators=[
            DataRequired(message=_l("Please write a headline.")),
            Length(max=140, message=_l("Keep the headline to %(max)d characters.")),
        ],
        filters=[strip],
        description=_l(
            "One line about you, e.g. 'Mine geologist, ten years in gold exploration'."
        ),
    )
    bio = TextAreaField(
        _l("About you"),
        validators=[
            Length(max=2000, message=_l("Keep your bio to %(max)d characters."))
        ],
        filters=[strip],
        description=_l("Optional. Your path so far, in your own words."),
    )
    tags = MultiCheckboxField(
        _l("Topics"),
        validators=[
            Count(
                1,
                MAX_TAGS,
                too_few=_l("Choose at least one topic."),
                too_many=_l("Choose at most %(max)d topics."),
            )
        ],
        invalid_choice_message=UNKNOWN_CHOICES,
        description=_l("Choose between 1 and %(max)d.", max=MAX_TAGS),
    )
    discipline = _select(_l("Discipline"), _l("Please choose your discipline."))
    career_stage = _select(_l("Career stage"), _l("Please choose your career stage."))
    years_experience = IntegerField(
        _l("Years of experience"),
        validators=[
            InputRequired(message=_l("Please enter your years of experience.")),
            NumberRange(min=0, max=60, message=_l("Enter a number between 0 and 60.")),
        ],
        default=0,
    )
    commodity = _select(
        _l("Main commodity"),
        _l("Please choose a commodity."),
        _l("The commodity you know best; choose 'Other' if none fits."),
    )
    operation_type = _select(
        _l("Type of operation"), _l("Please choose a type of operation.")
    )
    country = _select(_l("Country"), _l("Please choose your country."))
    timezone = _select(
        _l("Time zone"),
        _l("Please choose your time zone."),
        _l("Used to find a partner whose working hours overlap with yours."),
    )
    languages = MultiCheckboxField(
        _l("Languages you speak"),
        validators=[Count(1, too_few=_l("Choose at least one language you speak."))],
        invalid_choice_message=UNKNOWN_CHOICES,
        description=_l(
            "Choose at least one: any language, not only those of this site."
        ),
    )
    availability_hours = IntegerField(
        _l("Availability (hours a month)"),
        validators=[
            InputRequired(message=_l("Please enter your availability.")),
            NumberRange(
                min=1, max=40, message=_l("Enter between 1 and 40 hours a month.")
            ),
        ],
        default=2,
        description=_l("Most mentoring pairs meet one or two hours a month."),
    )
    same_region_preferred = BooleanField(_l("I prefer a partner from my region"))
    meeting_mode = RadioField(
        _l("How would you like to meet?"),
        validators=[InputRequired(message=_l("Please choose how you would meet."))],
        invalid_choice_message=UNKNOWN_CHOICE,
        default="online",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tags.choices = table_choices(vocab.TAGS)
        self.discipline.choices = [_blank(), *table_choices(vocab.DISCIPLINES)]
        self.career_stage.choices = [_blank(), *table_choices(vocab.CAREER_STAGES)]
        self.commodity.choices = [_blank(), *table_choices(vocab.COMMODITIES)]
        self.operation_type.choices = [_blank(), *table_choices(vocab.OPERATION_TYPES)]
        self.country.choices = country_choices()
        self._offer_time_zone(stored=getattr(kwargs.get("obj"), "timezone", None))
        self.languages.choices = language_choices()
        self.meeting_mode.choices = table_choices(vocab.MEETING_MODES)

    def _offer_time_zone(self, stored):
        """Her zone as offered today (Asia/Calcutta is Asia/Kolkata), else, on a
        new profile, her country's main zone, which her browser may improve on."""
        if self.is_submitted():  # only today's zones are accepted
            self.timezone.choices = timezone_choices()
            return
        country_zone = timezones.country_zone(self.country.data)
        zone = self.timezone.data
        zone = (timezones.offered_zone(zone) or zone) if zone else country_zone
        if not stored and zone == country_zone:
            # A guess from her country: static/js/timezone.js may suggest better.
            self.timezone.render_kw = {"data-browser-zone": ""}
        self.timezone.data = zone
        self.timezone.choices = timezone_choices(zone)

    def profile_data(self):
        """The submitted values, keyed like the Profile columns."""
        return {name: field.data for name, field in self._fields.items()}


class MentorProfileForm(ProfileForm):
    focus = TextAreaField(
        _l("Your expertise"),
        validators=[
            DataRequired(message=_l("Please describe your expertise.")),
            Length(
                min=FOCUS_MIN,
                max=FOCUS_MAX,
                message=_l("Write between %(min)d and %(max)d characters."),
            ),
        ],
        filters=[strip],
        description=_l(
            "What you can help a mentee with: skills, experience, situations you "
            "have been through. The matching reads this text."
        ),
    )
    capacity = IntegerField(
        _l("How many mentees can you take?"),
        validators=[
            InputRequired(message=_l("Please say how many mentees you can take.")),
            NumberRange(min=1, max=5, message=_l("Choose between 1 and 5 mentees.")),
        ],
        default=1,
        description=_l("Between 1 and 5, at the same time."),
    )


class MenteeProfileForm(ProfileForm):
    focus = TextAreaField(
        _l("Your goals"),
        validators=[
            DataRequired(message=_l("Please describe your goals.")),
            Length(
                min=FOCUS_MIN,
                max=FOCUS_MAX,
                message=_l("Write between %(min)d and %(max)d characters."),
            ),
        ],
        filters=[strip],
        description=_l(
            "What you would like to learn or achieve with a mentor. "
            "The matching reads this text."
        ),
    )
    cross_org_only = BooleanField(
        _l("Only a mentor from another organisation"),
        default=True,
        description=_l(
            "Recommended: a mentor from outside your organisation brings a fresh view."
        ),
    )


FORMS = {"mentor": MentorProfileForm, "mentee": MenteeProfileForm}
