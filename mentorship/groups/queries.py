"""Reading working groups: every query of the groups' pages, in one place."""

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import lazyload

from ..auth.models import User
from ..core import memberships, translated
from ..core.models import Body, Membership
from ..db import db
from ..organisations.models import Theme
from ..policy.groups import PUBLIC_POSITIONS
from .models import WorkingGroup


def _names_only():
    """Loader options for lists of groups: each group's name and theme's name with
    their languages in the one query; the charter's texts left until read."""
    return (
        *translated.name_only(WorkingGroup.body, Body.name),
        *translated.name_only(WorkingGroup.theme, Theme.name),
        *(lazyload(getattr(WorkingGroup, text)) for text in CHARTER_TEXTS),
    )


CHARTER_TEXTS = ("purpose", "scope", "deliverables", "closed_reason")


def all_groups():
    """Every working group, by theme then name slug (closed ones included)."""
    query = (
        sa.select(WorkingGroup)
        .join(Body, WorkingGroup.body_id == Body.id)
        .options(*_names_only())
        .order_by(WorkingGroup.theme_id, Body.slug)
    )
    return db.session.scalars(query).unique().all()


def group_by_slug(slug):
    """The group whose body has this slug, or 404."""
    query = (
        sa.select(WorkingGroup)
        .join(Body, WorkingGroup.body_id == Body.id)
        .where(Body.slug == slug)
    )
    group = db.session.scalars(query).unique().first()
    if group is None:
        abort(404)
    return group


def theme_by_slug(slug):
    theme = db.session.scalar(sa.select(Theme).where(Theme.slug == slug))
    if theme is None:
        abort(404)
    return theme


def groups_of_theme(theme):
    query = (
        sa.select(WorkingGroup)
        .join(Body, WorkingGroup.body_id == Body.id)
        .where(WorkingGroup.theme_id == theme.id)
        .options(*_names_only())
        .order_by(Body.slug)
    )
    return db.session.scalars(query).unique().all()


def public_people(groups):
    """{group id: [(position, user)]}: the current chairs and champions of each
    group, the people its public page shows."""
    by_body = {group.body_id: group.id for group in groups}
    shown = {group.id: [] for group in groups}
    if not by_body:
        return shown
    query = (
        sa.select(Membership.body_id, Membership.position, User)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.body_id.in_(by_body),
            Membership.position.in_(PUBLIC_POSITIONS),
            memberships.current(),
        )
        .order_by(Membership.position, Membership.starts_on, User.name)
    )
    for body_id, position, user in db.session.execute(query):
        shown[by_body[body_id]].append((position, user))
    return shown
