"""The joining flow's part of the Secretariat's Alliance overview (`core.panels`)."""

from ..core import panels
from . import services


def init_app(app):
    panels.register(
        app,
        "alliance",
        "applications",
        "joining/_alliance_applications.html",
        applications_waiting,
        order=10,
    )


def applications_waiting():
    """Open applications by status, oldest first; None when none is open."""
    found = services.waiting()
    if not any(count for count, _rows in found.values()):
        return None
    return found
