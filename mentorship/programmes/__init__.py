"""Programmes (cohorts) and enrolment."""


def init_app(app):
    """The programmes' panel on the member's home page."""
    from . import panels

    panels.init_app(app)
