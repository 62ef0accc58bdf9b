"""Decisions by organisations: proposals, approval and score votes, ranked choices
and time polls, each answered once per member organisation (its delegate, or a proxy),
with the rules stated before it opens and the outcome counted at close."""


def init_app(app):
    """Panels on other pages; the closing job's handler (registered on import)."""
    from . import panels, services  # noqa: F401  (services registers the handler)

    panels.init_app(app)
