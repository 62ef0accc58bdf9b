"""Consultations addressed to organisations: a questionnaire, one response per
member organisation, reminders before the deadline, results through disclosure
control."""


def init_app(app):
    """The blueprint (its Secretariat pages join it), the panels, the reminder's
    handler, and her words going with her account (core.signals.person_erased)."""
    from ..core import signals
    from . import admin_routes, notify, panels, personal, routes  # noqa: F401

    app.register_blueprint(routes.bp)
    panels.init_app(app)
    signals.person_erased.connect(personal.erase_for)
