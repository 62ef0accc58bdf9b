"""The pages part's panels on other pages: her events on her home page."""

from ..core import panels
from . import queries


def init_app(app):
    panels.register(app, "home.sections", "events", "events/_home.html", home, order=30)


def home(user, today):
    """Her next events and the sessions open to her (shown even when none: the
    panel leads to the calendar)."""
    return queries.home(user)
