"""Forms of the organisation's own space: its profile and its logo."""

from datetime import date

from flask import request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import CombinedMultiDict
from wtforms import (
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Optional, ValidationError

from .. import vocab
from ..core import translated
from ..forms import BaseForm, at_most, plain_name, strip, translated_text_field
from ..i18n import language_name
from ..profiles.forms import MultiCheckboxField
from .forms import DESCRIPTION_MAX, _choices, _countries, web_address
from .space import MAX_AFFILIATIONS, MAX_LINKS, Profile
from .themes import active_themes

EARLIEST_YEAR = 1800


def _year_range(message):
    # Checked when the form validates, so "this year" is never a stale import time.
    def check(form, field):
        if field.data is not None and not EARLIEST_YEAR <= field.data <= _this_year():
            raise ValidationError(message % {"latest": _this_year()})

    return check


def _this_year():
    return date.today().year


class LinkForm(Form):
    kind = SelectField(
        _l("Kind of link"), choices=_choices(vocab.LINK_KINDS), default="other"
    )
    url = StringField(
        _l("Address"), filters=[strip], validators=[Optional(), at_most(300)]
    )

    def validate_url(self, field):
        if field.data:
            web_address(self, field)


class AffiliationForm(Form):
    name = StringField(
        _l("Name of the body"),
        filters=[strip],
        validators=[Optional(), at_most(160), plain_name],
    )
    kind = SelectField(
        _l("Kind of body"), choices=_choices(vocab.AFFILIATION_KINDS), default="other"
    )
    url = StringField(
        _l("Its website"), filters=[strip], validators=[Optional(), at_most(300)]
    )
    since = IntegerField(
        _l("Since (year)"),
        validators=[
            Optional(),
            _year_range(_l("Enter a year between 1800 and %(latest)s.")),
        ],
    )

    def validate_url(self, field):
        if field.data:
            web_address(self, field)

    def is_blank(self):
        return not (self.name.data or self.url.data or self.since.data)


class ProfileForm(BaseForm):
    description = translated_text_field(_l("Description"), limit=DESCRIPTION_MAX)
    country = SelectField(
        _l("Country"), validators=[DataRequired(_l("Choose a country."))]
    )
    region = SelectField(
        _l("Region"),
        choices=_choices(vocab.REGIONS),
        validators=[DataRequired(_l("Choose a region."))],
    )
    working_languages = MultiCheckboxField(
        _l("Working languages"),
        choices=[],
        invalid_choice_message=_l("Please choose from the list."),
    )
    founding_year = IntegerField(
        _l("Founding year"),
        validators=[
            Optional(),
            _year_range(_l("Enter a year between 1800 and %(latest)s.")),
        ],
    )
    size_band = SelectField(_l("Size"))
    themes = MultiCheckboxField(
        _l("Focus themes"),
        coerce=int,
        invalid_choice_message=_l("Please choose from the list."),
    )
    links = FieldList(FormField(LinkForm), min_entries=MAX_LINKS, max_entries=MAX_LINKS)
    affiliations = FieldList(FormField(AffiliationForm), max_entries=MAX_AFFILIATIONS)

    def __init__(self, *args, org=None, **kwargs):
        if org is not None and not kwargs.get("formdata"):
            kwargs.setdefault("data", _initial(org))
        super().__init__(*args, **kwargs)
        countries = _countries(str(get_locale()))
        self.country.choices = [
            SelectChoice("", _l("Choose a country")),
            *(SelectChoice(code, name) for code, name in countries),
        ]
        self.working_languages.choices = [
            SelectChoice(code, language_name(code).capitalize())
            for code in vocab.SPOKEN_LANGUAGES
        ]
        self.size_band.choices = [
            SelectChoice("", _l("Not given")),
            *_choices(vocab.SIZE_BANDS),
        ]
        self.themes.choices = [
            SelectChoice(theme.id, _theme_name(theme)) for theme in active_themes()
        ]
        # Blank rows to add affiliations, up to the maximum.
        while len(self.affiliations) < min(
            MAX_AFFILIATIONS,
            len([a for a in self.affiliations if not a.is_blank()]) + 2,
        ):
            self.affiliations.append_entry()

    def profile(self):
        """What was submitted, for space.update_profile."""
        return Profile(
            description=self.description.data,
            country=self.country.data,
            region=self.region.data,
            working_languages=self.working_languages.data or [],
            founding_year=self.founding_year.data,
            size_band=self.size_band.data or None,
            theme_ids=self.themes.data or [],
            links=[
                (entry.kind.data, entry.url.data)
                for entry in self.links
                if entry.url.data
            ],
            affiliations=[
                {
                    "name": entry.form.name.data,
                    "kind": entry.kind.data,
                    "url": entry.url.data,
                    "since": entry.since.data,
                }
                for entry in self.affiliations
                if not entry.form.is_blank()
            ],
        )

    def validate_affiliations(self, field):
        for entry in field:
            if not entry.form.is_blank() and not entry.form.name.data:
                entry.form.name.errors.append(_l("Give the name of the body."))
                raise ValidationError(_l("Each affiliation needs a name."))


def _theme_name(theme):
    return translated.resolve(theme.name, str(get_locale())).body or theme.slug


def _initial(org):
    return {
        "description": org.description,
        "country": org.country,
        "region": org.region,
        "working_languages": list(org.working_languages or []),
        "founding_year": org.founding_year,
        "size_band": org.size_band or "",
        "themes": [theme.id for theme in org.themes],
        "links": [{"kind": link.kind, "url": link.url} for link in org.links],
        "affiliations": [
            {"name": a.name, "kind": a.kind, "url": a.url, "since": a.since_year}
            for a in org.affiliations
        ],
    }


class LogoForm(BaseForm):
    """The one form of the site that takes a file."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            wrapped = BaseForm.Meta.wrap_formdata(self, form, formdata)
            if wrapped is request.form:  # read from the request: add its upload
                return CombinedMultiDict((request.files, request.form))
            return wrapped

    logo = FileField(
        _l("Logo"),
        validators=[FileRequired(_l("Choose an image file to upload."))],
    )


class RemoveLogoForm(BaseForm):
    """Only the CSRF token: the page names the organisation."""
