"""The AGM: an event session with an agenda of motions (and amendments), the
check-in of organisation delegates with the quorum shown live, motions voted as
decisions, AGM proxies, the pack in three languages, and the minutes."""


def init_app(app):
    """Its routes (both files join the one blueprint), panels and signal."""
    from . import admin_routes, panels, voting  # noqa: F401
    from .routes import bp

    app.register_blueprint(bp)
    panels.init_app(app)
