"""Locale choice (user choice > profile > Accept-Language > en) and display helpers."""

from babel import Locale
from flask import request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

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


def localized(row, field):
    """User-entered text stored per language, falling back to English then any."""
    locale = str(get_locale())
    for lang in (locale, "en", "fr", "es"):
        value = getattr(row, f"{field}_{lang}", None)
        if value:
            return value
    return ""


def init_app(app):
    babel.init_app(app, locale_selector=select_locale)
    from . import policy, vocab

    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        get_locale=get_locale,
        language_name=language_name,
        country_name=country_name,
        localized=localized,
        vocab=vocab,
        policy=policy,
        format_date=format_date,
        format_datetime=format_datetime,
    )
    app.jinja_env.filters["language_name"] = language_name
