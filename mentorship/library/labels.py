"""The library's words: types, states, visibilities, licences, translation statuses."""

from babel.units import format_unit
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..core import translated
from ..i18n import language_name

KINDS = {
    "template": _l("Template"),
    "guide": _l("Guide"),
    "report": _l("Report"),
    "toolkit": _l("Toolkit"),
    "recording": _l("Recording"),
    "link": _l("Link"),
}
STATUSES = {
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "published": _l("Published"),
    "archived": _l("Archived"),
}
VISIBILITIES = {
    "public": _l("Everyone"),
    "members": _l("Alliance members only"),
    "working_group": _l("One working group"),
}
LICENCES = {
    "cc_by": _l("Creative Commons Attribution (CC BY)"),
    "cc_by_sa": _l("Creative Commons Attribution-ShareAlike (CC BY-SA)"),
    "cc_by_nc": _l("Creative Commons Attribution-NonCommercial (CC BY-NC)"),
    "public_domain": _l("Public domain"),
    "all_rights": _l("All rights reserved"),
}
FILE_STATUSES = {
    "source": _l("Source"),
    "missing": _l("Missing"),
    "draft": _l("Draft, to review"),
    "reviewed": _l("Reviewed"),
    "outdated": _l("Outdated"),
}


def reader_lang():
    """The reader's language if content is written in it, else the first one."""
    lang = str(get_locale() or "en")
    langs = translated.languages()
    return lang if lang in langs else langs[0]


def language(code):
    return language_name(code).capitalize()


def size(n):
    """A file's size as the reader writes it: '1.2 MB', '1,2 Mo', '34 kB' (CLDR)."""
    locale = str(get_locale())
    if n >= 1024 * 1024:
        return format_unit(
            n / (1024 * 1024),
            "digital-megabyte",
            length="short",
            format="#,##0.#",
            locale=locale,
        )
    return format_unit(
        max(1, n // 1024), "digital-kilobyte", length="short", locale=locale
    )
