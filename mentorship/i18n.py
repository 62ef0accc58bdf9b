"""Locale choice (user choice > profile > Accept-Language > en) and display helpers."""

from babel import Locale
from flask import request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user
from markupsafe import Markup, escape

from .extensions import babel

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}


def select_locale():
    """The reader's language, in the order of precedence the Alliance agreed."""
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
    """(text, language) of user-entered text stored per language: the reader's,
    else English, else any."""
    locale = str(get_locale())
    for lang in (locale, "en", "fr", "es"):
        value = getattr(row, f"{field}_{lang}", None)
        if value:
            return value, lang
    return "", locale


def localized(row, field):
    """User-entered text stored per language, falling back to English then any."""
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
        time_zone_label=zone_label,
        vocab=vocab,
        policy=policy,
        format_date=format_date,
        format_datetime=format_datetime,
    )
    app.jinja_env.filters["language_name"] = language_name
