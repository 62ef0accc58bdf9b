"""Theme proposals' part of other pages (`core.panels`): on a theme's page, the
proposal it was adopted from and the way to the proposals; on the Secretariat's
Alliance overview, the proposals waiting for its next step."""

from ..core import panels
from . import queries, services, words


def init_app(app):
    panels.register(
        app, "theme.page", "theme_proposals", "theme_proposals/_theme.html", theme_page
    )
    panels.register(
        app, "alliance", "theme_proposals", "theme_proposals/_alliance.html", alliance
    )


def theme_page(theme, _groups, _reader):
    """The proposal this theme comes from (if any) and the link to the others."""
    return {"proposal": queries.adopted_from(theme), "words": words}


def alliance():
    """What waits for the Secretariat: a window to set, a vote to open, an
    adoption to record; None when nothing waits."""
    waiting = queries.waiting_for_the_secretariat(services.votable())
    return waiting if any(waiting.values()) else None
