"""Accounts: registration, verification, login, password and email changes."""

import functools
import threading
from collections import OrderedDict

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload

from ..db import db, first_row_before_transaction
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
    """Load the user named by the cookie, unless her sessions were ended since.

    One statement reads her session version and the data version her kept pages
    are looked up by (`core.pagecache`). Her object, with her roles, memberships
    and profiles, is kept by this thread for that data version: loading it again
    (the same rows, joined) cost every page about 1 ms of CPU. See `_kept_user`."""
    from ..core import pagecache, versions

    user_id, _, version = str(cookie_id).partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    # Core, not the ORM session's execute (a third of this statement's cost), and
    # before the request's transaction: a kept page then costs two round trips to
    # PostgreSQL (the pool's check and this), not four (BEGIN and ROLLBACK).
    row = first_row_before_transaction(_her_versions(), {"user_id": int(user_id)})
    if row is None or row[0] != int(version):
        return None
    stamp = row[1] or 0
    versions.seen(pagecache.ANY, stamp)
    return _kept_user(int(user_id), stamp) or _load(int(user_id), stamp)


@functools.cache
def _her_versions():
    from ..core import pagecache, versions
    from .models import User

    return sa.select(User.session_version, versions.stamp_of(pagecache.ANY)).where(
        User.id == sa.bindparam("user_id")
    )


_thread = threading.local()  # .users: {user id: (data version, her detached object)}
KEPT_USERS = 64  # per thread


def _kept_user(user_id, stamp):
    """Her object as this thread last loaded it, attached to this request's
    session, if it was loaded at this data version and is untouched since: nothing
    in it changed or expired, not attached elsewhere. A flush anywhere in the
    thread forgets them all (`_forget_on_flush`): a write rolled back would
    otherwise leave its values in the kept objects."""
    kept = getattr(_thread, "users", None)
    found = kept.get(user_id) if kept else None
    if found is None or found[0] != stamp:
        return None
    user = found[1]
    states = _loaded_with(sa.inspect(user))
    if any(
        not s.detached or s.modified or s.expired_attributes or s.key is None
        for s in states
    ) or any(s.key in db.session.identity_map for s in states):
        del kept[user_id]
        return None
    for state in states:
        if state.detached:  # not attached yet by an earlier one's cascade
            db.session.add(state.obj())
    return user


def _loaded_with(state):
    """The object's state and those of every object loaded into it, through any
    relationship, however deep: view-only ones too (her current terms), which
    SQLAlchemy's cascade does not follow, so attaching her alone left them
    detached and a lazy read on them failed."""
    found = {}
    waiting = [state]
    while waiting:
        state = waiting.pop()
        if id(state) in found:
            continue
        found[id(state)] = state
        loaded = state.dict
        for relationship in state.mapper.relationships:
            value = loaded.get(relationship.key)
            if value is None:
                continue
            if not relationship.uselist:
                value = (value,)
            elif isinstance(value, dict):
                value = value.values()
            waiting.extend(sa.inspect(related) for related in value)
    return list(found.values())


def _load(user_id, stamp):
    from .models import User

    user = (
        db.session.scalars(
            sa.select(User)
            .where(User.id == user_id)
            .options(
                joinedload(User.role_grants),
                joinedload(User.current_memberships),
                joinedload(User.profiles),
            )
        )
        .unique()
        .first()
    )
    if user is not None:
        kept = _thread.__dict__.setdefault("users", OrderedDict())
        kept[user_id] = (stamp, user)
        kept.move_to_end(user_id)
        while len(kept) > KEPT_USERS:
            kept.popitem(last=False)
    return user


def forget_kept_users():
    """This thread keeps no one (a flush does this; so do the tests between them)."""
    _thread.__dict__.pop("users", None)


@sa.event.listens_for(Session, "after_flush")
def _forget_on_flush(_session, _context):
    forget_kept_users()
