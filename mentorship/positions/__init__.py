"""Common positions and priorities, and their ratification by member organisations."""


def init_app(app):
    """Labels for templates, panels on other pages, the closing reminder's handler."""
    from . import labels, notify, panels  # noqa: F401  (notify registers its handler)

    labels.init_app(app)
    panels.init_app(app)
