"""Theme proposals' part of other pages (`core.panels`): on a theme's page, the
proposal it was adopted from and the way to the proposals."""

from ..core import panels
from . import queries, words


def init_app(app):
    panels.register(
        app, "theme.page", "theme_proposals", "theme_proposals/_theme.html", theme_page
    )


def theme_page(theme, _groups, _reader):
    """The proposal this theme comes from (if any) and the link to the others."""
    return {"proposal": queries.adopted_from(theme), "words": words}
