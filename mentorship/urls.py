"""URL helpers shared by the features."""

from urllib.parse import urlsplit

from flask import url_for


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
