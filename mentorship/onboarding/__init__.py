"""The onboarding of new organisations: a checklist the Secretariat defines, whose
items are ticked by hand or answered by checks other features register."""


def init_app(app):
    """Panels on the organisation's page and the Secretariat's overview."""
    from . import panels

    panels.init_app(app)
