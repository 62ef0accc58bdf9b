"""Form helpers shared by every feature: the base form that cleans every text field,
trimming, length limits, long texts, ids and dates within sane bounds."""

import re
from datetime import date, datetime

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import Length, ValidationError
from wtforms.widgets import Select

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


class QuickSelect(Select):
    """WTForms' Select with its options written in one f-string each.

    The stock widget builds every option through `html_params` (a sort and an escape
    per attribute); a time-zone list has 300 options, so the profile form spent more
    time there than in its queries. Same markup; options with extra attributes still
    take the stock path.
    """

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        value = escape(str(choice.value))
        label = escape(choice.label or choice.value)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{value}">{label}</option>')
