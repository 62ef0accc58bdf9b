"""The groups' public pages: every group by theme, a group, a theme (the `pages`
part). Each gathers the panels the other parts register for it."""

from flask import render_template
from flask_login import current_user

from .. import policy
from ..core import panels
from ..core.pagecache import public_page
from . import queries, words
from .routes import bp


@bp.get("/groups")
@public_page
def index():
    """Every working group, by theme, with its status, chairs and champions."""
    groups = queries.all_groups()
    return render_template(
        "groups/index.html",
        groups=groups,
        people=queries.public_people(groups),
        words=words,
    )


@bp.get("/groups/<slug>")
@public_page
def group(slug):
    """A group: its charter, status, chairs and champions, and each part's panel."""
    found = queries.group_by_slug(slug)
    policy.ensure_reach(policy.can_see_group(current_user, found))
    return render_template(
        "groups/group.html",
        group=found,
        people=queries.public_people([found])[found.id],
        words=words,
        panels=panels.gather("group.page", found, current_user),
    )


@bp.get("/themes/<slug>")
@public_page
def theme(slug):
    """A theme: its groups, and the results of their published recommendations."""
    found = queries.theme_by_slug(slug)
    groups = queries.groups_of_theme(found)
    return render_template(
        "groups/theme.html",
        theme=found,
        groups=groups,
        words=words,
        panels=panels.gather("theme.page", found, groups, current_user),
    )
