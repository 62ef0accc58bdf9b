"""Shared metrics on women in mining (issue 17): the indicator registry, annual
reporting cycles, and the organisations' figures with their review."""


def init_app(app):
    """The blueprint, the panels on other pages, the reminders before a deadline."""
    from . import admin_routes, notify, panels, publish_routes, routes  # noqa: F401

    app.register_blueprint(routes.bp)
    panels.init_app(app)
