"""Accounts: registration, verification, login, password and email changes."""

from flask_babel import lazy_gettext as _l

from ..db import db
from ..extensions import login_manager


def init_app(app):
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    app.after_request(_no_store)


def _no_store(response):
    """No page is kept by the browser or a proxy: pages show personal data or a
    per-session form token. Static files stay cacheable, and so does a response
    a view marked public itself (an organisation's logo, at a fingerprinted URL)."""
    from flask import request

    public = response.headers.get("Cache-Control", "").startswith("public")
    if request.endpoint != "static" and not public:
        response.headers["Cache-Control"] = "no-store"
    return response


def load_user(cookie_id):
    """Load the user named by the cookie, unless her sessions were ended since."""
    import sqlalchemy as sa
    from sqlalchemy.orm import joinedload

    from ..core import pagecache, versions
    from .models import User

    user_id, _, version = str(cookie_id).partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    # Her roles and profiles come with her, in the same query (she is loaded on
    # every request; a second round trip for her profiles cost every page ~1 ms),
    # and so does the data version her kept pages are looked up by.
    row = (
        db.session.execute(
            sa.select(User, versions.stamp_of(pagecache.ANY))
            .where(User.id == int(user_id))
            .options(
                joinedload(User.role_grants),
                joinedload(User.current_memberships),
                joinedload(User.profiles),
            )
        )
        .unique()
        .first()
    )
    if row is None or row[0].session_version != int(version):
        return None
    versions.seen(pagecache.ANY, row[1])
    return row[0]
