"""Form helpers shared by every feature: the base form that cleans every text field,
trimming, length limits, long texts, ids and dates within sane bounds, and the form
piece for translated content (`translated_text_field`)."""

import functools
import re
import threading
from datetime import date, datetime

from flask import request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    BooleanField,
    Form,
    FormField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import Label
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, Select, html_params

from .core import translated
from .core.models import TranslatedText
from .i18n import language_name

# Dates a person may mean; beyond is a typing mistake, and year 1 or 9999 overflow
# as soon as a time zone is applied. Forms with a domain rule (a meeting cannot be
# in the future...) give their own, clearer message inside this range.
SANE_DATES = (date(1900, 1, 1), date(2100, 12, 31))
# The largest id a column holds (PostgreSQL `integer`); anything above is unknown.
MAX_ID = 2**31 - 1
# C0 and C1 control characters: invisible, and PostgreSQL refuses NUL outright.
# A text area keeps its tabs and line breaks; a one-line field keeps none.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_AREA_CONTROLS = re.compile(f"[{_CONTROLS}]")
_LINE_CONTROLS = re.compile(f"[{_CONTROLS}\t\n\r]")
# Right-to-left overrides and isolates can make a name read as someone else's.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_area(value):
    """Filter: a text area without control characters (line breaks and tabs stay)."""
    return _AREA_CONTROLS.sub("", value) if isinstance(value, str) else value


def clean_line(value):
    """Filter: a one-line text without control characters, line breaks or tabs."""
    return _LINE_CONTROLS.sub("", value) if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form of the site: each text field is cleaned of control characters
    before its own filters and validators run (passwords are left as typed)."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if wrapped is None or wrapped is formdata:
                return wrapped
            # Read from the request: only its form fields. Flask-WTF would also
            # take a JSON body or uploads, whose lists, numbers and files our
            # text fields cannot handle; none of our forms expects either.
            return request.form

        def bind_field(self, form, unbound_field, options):
            clean = _cleaner(unbound_field.field_class)
            if clean:
                filters = unbound_field.kwargs.get("filters") or ()
                options = {**options, "filters": [clean, *filters]}
            return unbound_field.bind(form=form, **options)


def _cleaner(field_class):
    """The filter a field's text goes through first, or None for non-text fields."""
    if not issubclass(field_class, StringField) or issubclass(
        field_class, PasswordField
    ):
        return None
    return clean_area if issubclass(field_class, TextAreaField) else clean_line


def search_arg(name="q", limit=100):
    """A search box's text from the query string: cleaned, trimmed and bounded."""
    return clean_line(request.args.get(name, "")).strip()[:limit]


def strip(value):
    """Filter: surrounding spaces are never part of what a person meant."""
    return value.strip() if isinstance(value, str) else value


REVISION_MAX = 2**31 - 1
"""The largest revision or version number a hidden field may carry (a 32-bit int)."""


def revision_read(form, field):
    """Validator of a hidden field carrying the revision (or version) she read: a
    whole number, else 'reload the page' (a tampered or stale form changes nothing)."""
    try:
        number = int(field.data)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= REVISION_MAX:
        raise ValidationError(_l("Reload the page and try again."))
    field.data = str(number)


def at_most(limit):
    """A length limit with the same translated message everywhere."""
    return Length(max=limit, message=_l("At most %(max)d characters."))


def long_text(label, limit, **options):
    """An optional free-text area, trimmed and bounded."""
    return TextAreaField(label, filters=[strip], validators=[at_most(limit)], **options)


def plain_name(form, field):
    """Validator: no right-to-left override or isolate characters in a name."""
    if field.data and _BIDI_CONTROLS.search(field.data):
        raise ValidationError(
            _l("Names cannot contain characters that change the writing direction.")
        )


def db_id(value):
    """Coerce for fields holding a record's id: a whole number a column can hold.
    Anything else raises ValueError, which the field reports as an invalid choice."""
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise ValueError(value)
    return number


def record_id(form, field):
    """Validator: a hidden field that must hold a record's id."""
    try:
        db_id(field.data)
    except (TypeError, ValueError):
        raise ValidationError(_l("This record does not exist.")) from None


def within(earliest, latest):
    """Validator: a date (or date and time) between two dates, inclusive; beyond
    them is a typing mistake, and year 1 or 9999 would overflow time-zone maths."""

    def check(form, field):
        value = field.data
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        if not earliest <= day <= latest:
            raise ValidationError(
                _l(
                    "Enter a date between %(earliest)s and %(latest)s.",
                    earliest=earliest.isoformat(),
                    latest=latest.isoformat(),
                )
            )

    return check


# --- Translated content (core.translated) ---------------------------------------------
# The form piece for translated content: its source language, one text per
# configured language, and a "reviewed" box for each translation.
#
#     description = translated_text_field(_l("Description"), limit=5000, area=True,
#                                         required=_l("Write the description..."))
#
# `field.data` is a `core.translated.Edit`, ready for `translated.set_text`. The
# languages are read from the LANGUAGES setting when the form is built.


def translated_text_field(label, *, limit, area=True, required=None):
    """A FormField editing one TranslatedText (None: may stay empty)."""
    factory = functools.partial(_bound_form, limit=limit, area=area, required=required)
    return FormField(factory, label=label, separator="-")


def _bound_form(*args, limit, area, required, **kwargs):
    form_class = _form_class(translated.languages(), limit, area)
    obj = kwargs.pop("obj", None)
    if isinstance(obj, TranslatedText) and not kwargs.get("formdata"):
        kwargs["data"] = _data(obj)
    form = form_class(*args, **kwargs)
    form.text = obj if isinstance(obj, TranslatedText) else None
    form.required = required
    return form


def _data(text):
    data = {"source": text.source_lang}
    for lang in translated.languages():
        data[lang] = text.body(lang)
    return data


@functools.cache
def _form_class(languages, limit, area):
    text_field = TextAreaField if area else StringField
    clean = clean_area if area else clean_line
    validators = [at_most(limit)] + ([] if area else [plain_name])
    attributes = {
        "source": SelectField(
            _l("Written in"), choices=[SelectChoice(lang, lang) for lang in languages]
        ),
        "languages": languages,
    }
    for lang in languages:
        attributes[lang] = text_field(
            lang,
            filters=[clean, strip],
            validators=validators,
            render_kw={"lang": lang},  # read in its language by screen readers
        )
        attributes[f"{lang}_reviewed"] = BooleanField(lang)
    return type("TranslatedTextForm", (_TranslatedTextForm,), attributes)


class _TranslatedTextForm(Form):
    """Subform: `data` is an Edit; labels are the languages' names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.source.data not in self.languages:
            self.source.data = self._likely_source()
        self.source.choices = [
            SelectChoice(lang, language_name(lang).capitalize())
            for lang in self.languages
        ]
        for lang in self.languages:
            self[lang].label.text = language_name(lang).capitalize()
            self[f"{lang}_reviewed"].label.text = _l(
                "The translation into %(language)s is reviewed",
                language=language_name(lang),
            )

    def _likely_source(self):
        """The reader's language if she wrote in it, else the first one written."""
        locale = str(get_locale())
        order = (
            (locale, *self.languages) if locale in self.languages else self.languages
        )
        written = [lang for lang in order if self[lang].data]
        return written[0] if written else order[0]

    def text_fields(self):
        """(language, text field, reviewed box) for each configured language."""
        return [(lang, self[lang], self[f"{lang}_reviewed"]) for lang in self.languages]

    def validate_source(self, field):
        if not any(self[lang].data for lang in self.languages):
            if self.required:
                raise ValidationError(self.required)
            return
        if not self[field.data].data:
            raise ValidationError(
                _l(
                    "The text in its source language (%(language)s) is empty.",
                    language=language_name(field.data),
                )
            )

    @property
    def data(self):
        return translated.Edit(
            source_lang=self.source.data,
            bodies={lang: self[lang].data or "" for lang in self.languages},
            reviewed={lang for lang in self.languages if self[f"{lang}_reviewed"].data},
        )


class _Options:
    """A small bounded store of option lists' markup (a few lists per language)."""

    SIZE = 64

    def __init__(self):
        self._entries = {}
        self._lock = threading.Lock()

    def get(self, key):
        return self._entries.get(key)

    def put(self, key, value):
        with self._lock:
            while len(self._entries) >= self.SIZE:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = value


_OPTIONS = _Options()


def _plain_pairs(field):
    """The field's choices as ((value, label), ...) when the list is long and plain
    (strings, no groups, no attributes, values compared as strings), else None."""
    choices = field.choices
    if (
        field.coerce is not str
        or not isinstance(choices, list)
        or len(choices) < QuickSelect.LONG
    ):
        return None
    pairs = []
    for choice in choices:
        if isinstance(choice, SelectChoice):
            if choice.render_kw or choice.optgroup is not None:
                return None
            value, label = choice.value, choice.label
        elif type(choice) is tuple and len(choice) == 2:
            value, label = choice
        else:
            return None
        if type(value) is not str or type(label) is not str:
            return None
        pairs.append((value, label))
    return tuple(pairs)


class QuickSelect(Select):
    """WTForms' Select with its options written in one f-string each.

    The stock widget builds every option through `html_params` (a sort and an escape
    per attribute); a time-zone list has 300 options, so the profile form spent more
    time there than in its queries. Same markup; options with extra attributes still
    take the stock path.
    """

    LONG = 50  # options; a longer plain list's markup is kept (time zones, countries)

    def __call__(self, field, **kwargs):
        pairs = _plain_pairs(field) if not self.multiple else None
        if pairs is None:
            return super().__call__(field, **kwargs)
        # The options' markup is the same for every reader of this list: kept per
        # list (by value), with "selected" put in for this field's value.
        options = _OPTIONS.get(pairs)
        if options is None:
            options = "".join(
                f'<option value="{escape(value)}">{escape(label or value)}</option>'
                for value, label in pairs
            )
            _OPTIONS.put(pairs, options)
        if isinstance(field.data, str):
            value = escape(field.data)
            plain = f'<option value="{value}">'
            options = options.replace(plain, f'<option selected value="{value}">')
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in dir(flags):
            if k in self.validation_attrs and k not in kwargs:
                kwargs[k] = getattr(flags, k)
        params = html_params(name=field.name, **kwargs)
        return Markup(f"<select {params}>{options}</select>")

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        value = escape(str(choice.value))
        label = escape(choice.label or choice.value)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{value}">{label}</option>')


class QuickCheckbox(CheckboxInput):
    """WTForms' checkbox with its markup written in one f-string.

    A list of checkboxes (a profile's topics and languages: ~70 options) built each
    box through `html_params`; same markup here. A box given attributes, or with a
    `required`/`disabled` flag, takes the stock path.
    """

    def __call__(self, field, **kwargs):
        flags = field.flags
        if kwargs or flags.required is not None or flags.disabled is not None:
            return super().__call__(field, **kwargs)
        checked = "checked " if getattr(field, "checked", field.data) else ""
        return Markup(
            f'<input {checked}id="{escape(field.id)}" name="{escape(field.name)}"'
            f' type="checkbox" value="{escape(field._value())}">'
        )


class QuickLabel(Label):
    """WTForms' label, its plain form (`label()`) written in one f-string."""

    def __call__(self, text=None, **kwargs):
        if text or kwargs:
            return super().__call__(text, **kwargs)
        return Markup(
            f'<label for="{escape(self.field_id)}">{escape(self.text)}</label>'
        )


def quick_options(options):
    """The options of a choice field (its iteration), with quick labels."""
    for option in options:
        option.label = QuickLabel(option.label.field_id, option.label.text)
        yield option


# --- Fields every meeting form has (events, working groups' meetings, the AGM) --------

CHOOSE_AN_OPTION = _l("Choose one of the options.")
TIMES_ABOVE = _l("Time zone of the time above")


def spoken_language_field():
    """The language a meeting is held in; the view fills the choices."""
    return SelectField(
        _l("Spoken language"),
        choices=[],
        validators=[DataRequired(message=_l("Choose the spoken language."))],
        invalid_choice_message=CHOOSE_AN_OPTION,
        widget=QuickSelect(),
    )


def time_zone_field(label=TIMES_ABOVE):
    """The zone the form's local times are in; the view fills the choices."""
    return SelectField(
        label,
        choices=[],
        validators=[DataRequired(message=_l("Choose a time zone from the list."))],
        invalid_choice_message=_l("Choose a time zone from the list."),
        widget=QuickSelect(),
    )


def duration_field(minutes, default):
    """How long a meeting lasts, one of `minutes`."""
    return SelectField(
        _l("Lasts"),
        choices=[
            SelectChoice(str(m), _l("%(minutes)d minutes", minutes=m)) for m in minutes
        ],
        default=str(default),
        invalid_choice_message=CHOOSE_AN_OPTION,
    )
