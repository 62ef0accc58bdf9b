"""The surveys' part of the member's home page (`core.panels`)."""

from ..core import panels
from . import services


def init_app(app):
    panels.register(
        app, "home.notices", "surveys", "surveys/_home_due.html", due, order=30
    )


def due(user, today):
    """Her surveys open and not answered yet, with the stages' names."""
    surveys = services.due_surveys(user, today)
    return surveys or None
