"""The recommendations' panel on a working group's page (slot "group.page")."""

from dataclasses import dataclass

import sqlalchemy as sa

from .. import policy
from ..core import panels
from ..db import db
from . import words
from .models import Recommendation


@dataclass
class GroupRecommendations:
    group: object
    recommendations: list
    can_draft: bool
    words: object = words


def register(app):
    panels.register(
        app,
        "group.page",
        "recommendations",
        "recommendations/_group_panel.html",
        group_panel,
        order=40,
    )


def visible_of(group, reader):
    """The group's recommendations `reader` may see: published ones for everyone,
    drafts and rounds for its inside (policy.can_see_recommendation)."""
    rows = db.session.scalars(
        sa.select(Recommendation)
        .where(Recommendation.group_id == group.id)
        .order_by(Recommendation.created_at.desc(), Recommendation.id.desc())
    ).all()
    return [row for row in rows if policy.can_see_recommendation(reader, row)]


def group_panel(group, reader):
    shown = visible_of(group, reader)
    can_draft = policy.can_draft_recommendation(reader, group)
    if not shown and not can_draft:
        return None
    return GroupRecommendations(group, shown, can_draft)
