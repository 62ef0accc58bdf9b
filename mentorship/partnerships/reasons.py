"""A suggestion's reasons in plain words, in the reader's language."""

from flask_babel import gettext as _

from .. import vocab
from ..i18n import language_name
from . import taxonomy


def _categories(values):
    return ", ".join(taxonomy.label(taxonomy.CATEGORIES, v).lower() for v in values)


def describe(reason):
    """One reason, from the point of view of the organisation it is suggested to."""
    values = reason.values
    if reason.code == "they_offer":
        return _("They offer %(what)s; you need it.", what=_categories(values))
    if reason.code == "they_need":
        return _("You offer %(what)s; they need it.", what=_categories(values))
    if reason.code == "language":
        names = ", ".join(language_name(code) for code in values)
        return _("Both work in %(languages)s.", languages=names)
    if reason.code == "region":
        region = vocab.label(vocab.REGIONS, values[0] if values else "")
        return _("Both in %(region)s.", region=region)
    return _("A young organisation with an established one: a good buddy pair.")
