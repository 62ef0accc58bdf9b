"""Form helpers shared by every feature: trimming, length limits, long texts."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length


def strip(value):
    """Filter: surrounding spaces are never part of what a person meant."""
    return value.strip() if isinstance(value, str) else value


def at_most(limit):
    """A length limit with the same translated message everywhere."""
    return Length(max=limit, message=_l("At most %(max)d characters."))


def long_text(label, limit, **options):
    """An optional free-text area, trimmed and bounded."""
    return TextAreaField(label, filters=[strip], validators=[at_most(limit)], **options)
