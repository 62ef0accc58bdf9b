"""Locale choice (user choice > profile > Accept-Language > en) and display helpers."""

import functools
from datetime import date

from babel import Locale
from flask import request, session
from flask_babel import format_date as babel_format_date
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from .core import translated
from .extensions import babel

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}


def select_locale():
    """The reader's language, in the order of precedence the Alliance agreed.

    Under /api there is no session nor signed-in person: Accept-Language decides."""
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(list(LANGUAGES)) or "en"
    chosen = session.get("locale")
    if chosen in LANGUAGES:
        return chosen
    if (
        current_user
        and current_user.is_authenticated
        and current_user.locale in LANGUAGES
    ):
        return current_user.locale
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def language_name(code):
    """A language's name in the reader's language (CLDR), e.g. 'sw' -> 'swahili'."""
    return Locale.parse(str(get_locale())).languages.get(code, code)


def country_name(code):
    """A country's name in the reader's language (CLDR)."""
    if not code:
        return ""
    return Locale.parse(str(get_locale())).territories.get(code, code)


def localized_with_language(row, field):
    """(text, language) of translated content (core.translated): the reader's
    language, else the source, else any."""
    shown = translated.resolve(getattr(row, field, None), str(get_locale()))
    return shown.body, shown.lang


def localized(row, field):
    """Translated content in the reader's language, falling back to its source."""
    return localized_with_language(row, field)[0]


def lang_attribute(row, field):
    """' lang="en"' when the text shown is not in the page's language, else ''.

    Screen readers then read an English description on a French page in English.
    """
    _text, lang = localized_with_language(row, field)
    if lang == str(get_locale()):
        return ""
    return Markup(' lang="{}"').format(lang)


def localized_text(row, field):
    """The text as HTML, in a <span lang> when not in the page's language."""
    text, lang = localized_with_language(row, field)
    if lang == str(get_locale()):
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(lang, text)


def fallback_note(row, field):
    """The visible note under content shown in another language, or ''."""
    shown = translated.resolve(getattr(row, field, None), str(get_locale()))
    if not shown.fallback or not shown.body:
        return ""
    note = _("Not available in your language; shown in %(language)s.")
    return Markup('<p class="translated-note">{}</p>').format(
        note % {"language": language_name(shown.lang)}
    )


def translation_status(text, lang):
    """A language's status label for editors: source, missing, draft..."""
    code = text.status(lang) if text is not None else "missing"
    return TRANSLATION_STATUS_LABELS[code]


TRANSLATION_STATUS_LABELS = {
    "source": _l("Source"),
    "missing": _l("Missing"),
    "draft": _l("Draft"),
    "reviewed": _l("Reviewed"),
    "outdated": _l("Outdated: the source has changed"),
}


@functools.lru_cache(maxsize=8192)
def _day_in(day, format, locale):
    return babel_format_date(day, format)


def format_date(value=None, format=None):
    """Flask-Babel's `format_date`, kept per (day, format, language) for plain
    dates: a list of 50 members wrote the same few days 50 times, at ~40 µs each."""
    if type(value) is date:
        return _day_in(value, format, str(get_locale()))
    return babel_format_date(value, format)


def init_app(app):
    babel.init_app(app, locale_selector=select_locale)
    from . import policy, vocab
    from .profiles.timezones import zone_label

    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        get_locale=get_locale,
        language_name=language_name,
        country_name=country_name,
        localized=localized,
        localized_text=localized_text,
        lang_attribute=lang_attribute,
        fallback_note=fallback_note,
        translation_status=translation_status,
        content_languages=translated.languages,
        time_zone_label=zone_label,
        vocab=vocab,
        policy=policy,
        format_date=format_date,
        format_datetime=format_datetime,
    )
    app.jinja_env.filters["language_name"] = language_name
