"""An organisation's roles: leader, coordinators, voting delegate and alternate,
data submitter, event contact, held as memberships with terms."""

from flask_babel import lazy_gettext as _l


def init_app(app):
    """Panels on the organisation's page and the Secretariat's overview; the
    onboarding check 'roles_named'."""
    from ..core import checks
    from . import panels, services

    panels.init_app(app)
    checks.register(
        app,
        "onboarding",
        "roles_named",
        _l("Leader and voting delegate named"),
        services.roles_named,
        many=services.roles_named_among,
    )
