"""Common positions and priorities, and their ratification by member organisations."""


def init_app(app):
    """Panels on other pages, and the closing reminder's handler."""
    from . import notify, panels  # noqa: F401  (notify registers its handler)

    panels.init_app(app)
