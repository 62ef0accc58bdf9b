"""The WIM Alliance platform: create_app() reads as the table of contents."""

from flask import Flask

from . import config as settings
from .config import INSTANCE, ROOT


def create_app(test_config=None):
    """Build the application; `test_config` (a mapping) overrides the environment."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(settings.from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    settings.check(app.config)
    _trust_proxies(app)
    _refuse_untrusted_hosts(app)
    register_extensions(app)
    register_url_converters(app)
    register_blueprints(app)
    _watch_for_home(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app):
    """Bind every extension to this app."""
    from . import assets, auth, core, email, i18n, jobs, logs, models  # noqa: F401
    from .core import schedule  # noqa: F401  (its periodic sweep of reminders)
    from .db import db, end_sessions_quietly, pings_outside_transactions
    from .extensions import CONTENT_SECURITY_POLICY, csrf, limiter, migrate, talisman
    from .main import chrome

    logs.init_app(app)
    db.init_app(app)
    end_sessions_quietly(app)
    pings_outside_transactions(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
    )
    core.init_app(app)
    i18n.init_app(app)
    chrome.init_app(app)
    assets.init_app(app)
    email.init_app(app)
    jobs.init_app(app)
    auth.init_app(app)
    _enable_sqlite_foreign_keys(app)


def register_url_converters(app):
    """Ids and path segments a route can take: out-of-range or control is a 404."""
    from .urls import init_app

    init_app(app)


def register_blueprints(app):
    """Mount one blueprint per feature, with the template helpers it brings."""
    from . import (
        events,
        joining,
        matches,
        mentorships,
        onboarding,
        organisations,
        partnerships,
        positions,
        programmes,
        roles,
        surveys,
    )
    from .auth.routes import bp as auth_bp
    from .decisions import admin_routes  # noqa: F401  (its routes join the bp)
    from .decisions.routes import bp as decisions_bp
    from .events import (  # noqa: F401  (each adds its routes to the events bp)
        calendar_routes,
        minutes_routes,
        organising_routes,
        pages,
        registration_routes,
    )
    from .events.routes import bp as events_bp
    from .joining.routes import bp as joining_bp
    from .main.routes import bp as main_bp
    from .matches.routes import bp as matches_bp
    from .mentorships.routes import bp as mentorships_bp
    from .mydata.routes import bp as mydata_bp
    from .onboarding.routes import bp as onboarding_bp
    from .operations.routes import bp as operations_bp
    from .organisations import profile_routes  # noqa: F401  (its routes join the bp)
    from .organisations.routes import bp as organisations_bp
    from .outcomes.routes import bp as outcomes_bp
    from .partnerships.routes import bp as partnerships_bp
    from .positions.routes import bp as positions_bp
    from .profiles.routes import bp as profiles_bp
    from .programmes.routes import bp as programmes_bp
    from .roles.routes import bp as roles_bp
    from .surveys.routes import bp as surveys_bp

    for blueprint in (
        main_bp,
        auth_bp,
        organisations_bp,
        profiles_bp,
        programmes_bp,
        matches_bp,
        mentorships_bp,
        surveys_bp,
        outcomes_bp,
        mydata_bp,
        operations_bp,
        onboarding_bp,
        roles_bp,
        joining_bp,
        positions_bp,
        partnerships_bp,
        events_bp,
        decisions_bp,
    ):
        app.register_blueprint(blueprint)
    programmes.init_app(app)
    matches.init_app(app)
    mentorships.init_app(app)
    surveys.init_app(app)
    organisations.init_app(app)
    onboarding.init_app(app)
    roles.init_app(app)
    joining.init_app(app)
    positions.init_app(app)
    partnerships.init_app(app)
    events.init_app(app)
    from . import (
        agm,
        consultations,
        decisions,
        discussions,
        groups,
        library,
        recommendations,
        results,
    )

    library.init_app(app)
    groups.init_app(app)
    discussions.init_app(app)
    recommendations.init_app(app)
    results.init_app(app)
    from . import theme_proposals

    theme_proposals.init_app(app)
    decisions.init_app(app)
    agm.init_app(app)
    consultations.init_app(app)
    from . import elections

    elections.init_app(app)
    from . import metrics

    metrics.init_app(app)
    from . import reports

    reports.init_app(app)
    from . import webhooks

    webhooks.init_app(app)
    from . import api

    api.init_app(app)


def _watch_for_home(app):
    """Every model is imported now: the pages' cache watches them all."""
    from .core import pagecache

    pagecache.watch_everything()


def register_errorhandlers(app):
    """Error pages in the reader's language."""
    from .main.errors import init_app

    init_app(app)


def register_commands(app):
    """Command-line groups (`flask demo ...`, `flask users ...`)."""
    from .cli import init_app

    init_app(app)


def _trust_proxies(app):
    """Behind PROXY_HOPS proxies, take the client's address and scheme from them.

    Without it every client shares the proxy's address: one rate-limit bucket.
    """
    hops = app.config["PROXY_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _refuse_untrusted_hosts(app):
    """A Host outside TRUSTED_HOSTS gets a plain 400: no page can be built for it."""
    from flask_babel import gettext as _
    from werkzeug.exceptions import SecurityError

    def refuse(_error):
        text = _("This address is not served here.")
        return text, 400, {"Content-Type": "text/plain; charset=utf-8"}

    app.register_error_handler(SecurityError, refuse)


def _enable_sqlite_foreign_keys(app):
    import sqlalchemy as sa

    from .db import db

    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
