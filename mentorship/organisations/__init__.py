"""Member organisations: public directory, the Secretariat's registry, invitations,
and each organisation's own space (profile, logo, status)."""


def init_app(app):
    """The onboarding check this feature answers, and `flask themes`."""
    from flask_babel import lazy_gettext as _l

    from ..core import checks
    from .cli import themes_cli
    from .space import is_profile_complete

    checks.register(
        app,
        "onboarding",
        "profile_complete",
        _l("Profile complete (description, working languages, themes, country)"),
        is_profile_complete,
    )
    app.cli.add_command(themes_cli)
