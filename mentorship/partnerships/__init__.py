"""Needs and offers, introductions between organisations, and partnerships."""

from flask_babel import lazy_gettext as _l


def init_app(app):
    """Panels on the organisation's page and the Alliance overview, the onboarding
    check and (importing services) the follow-up reminder's handler."""
    from ..core import checks, panels
    from . import panels as ours
    from . import services

    panels.register(
        app,
        "organisation",
        "needs_offers",
        "partnerships/_organisation_panel.html",
        ours.organisation,
        order=40,
    )
    panels.register(
        app,
        "alliance",
        "introductions",
        "partnerships/_alliance_panel.html",
        ours.alliance,
        order=40,
    )
    checks.register(
        app,
        "onboarding",
        "buddy_introduced",
        _l("Introduced to a buddy organisation"),
        services.has_buddy,
        many=services.have_buddies,
    )
