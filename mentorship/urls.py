"""URL helpers shared by the features: safe redirects and the URL converters."""

from urllib.parse import urlsplit

from flask import url_for
from werkzeug.routing import IntegerConverter, UnicodeConverter

from .forms import MAX_ID


class IdConverter(IntegerConverter):
    """`<int:...>` everywhere: an id a column can hold, else 404 before any query
    (2^63 overflows the driver; 2^31 is out of range for PostgreSQL `integer`)."""

    def __init__(self, map, *args, max=MAX_ID, **kwargs):
        super().__init__(map, *args, max=max, **kwargs)


class TextConverter(UnicodeConverter):
    """`<slug>`, `<token>`...: one path segment without control characters
    (PostgreSQL refuses NUL in a query), else 404."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f-\\x9f]", 1)


def init_app(app):
    """Install the converters; call before any blueprint adds its rules."""
    app.url_map.converters.update(
        int=IdConverter, default=TextConverter, string=TextConverter
    )


def safe_next(target, default="main.index"):
    """Follow a `next` parameter only when it stays on this site (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for(default)
