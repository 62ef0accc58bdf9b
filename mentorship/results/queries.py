"""Reading results: a result's page, the theme page's panel (the `pages` part).

Everything a template shows is computed here, with the reader's policy applied:
the links she may see, the names she may read.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload, lazyload, selectinload

from .. import policy
from ..db import db
from ..events.minutes_models import Minutes, MinutesItem
from ..events.models import EventSession
from ..groups.models import WorkingGroup
from ..groups.queries import CHARTER_TEXTS
from ..recommendations.models import Recommendation
from . import words
from .models import Result, ResultLink, ResultStatus, ResultUpdate


def result_or_404(result_id, reader):
    """The result if it exists and she may see it, else 404."""
    result = db.session.scalar(
        sa.select(Result).where(Result.id == result_id).options(*_page_loading())
    )
    if result is None or not policy.can_see_result(reader, result):
        abort(404)
    return result


def _page_loading():
    """The page's records in few statements: its updates with their authors, its
    links with their meetings (an action's through its minutes); the texts the page
    does not show (a meeting's description and agenda, the minutes' text, the
    group's charter) left unloaded."""
    meeting_title_only = (
        lazyload(EventSession.description),
        lazyload(EventSession.agenda),
    )
    return (
        joinedload(Result.recommendation)
        .joinedload(Recommendation.group)
        .options(*(lazyload(getattr(WorkingGroup, t)) for t in CHARTER_TEXTS)),
        selectinload(Result.updates).joinedload(ResultUpdate.author),
        selectinload(Result.links).options(
            joinedload(ResultLink.session).options(*meeting_title_only),
            joinedload(ResultLink.item)
            .joinedload(MinutesItem.minutes)
            .options(
                lazyload(Minutes.text),
                joinedload(Minutes.session).options(*meeting_title_only),
            ),
        ),
    )


@dataclass
class ShownUpdate:
    update: object
    author: str | None  # None: not shown to this reader


@dataclass
class ShownLink:
    link: object
    kind: str  # "session" or "item"
    session: object  # the meeting (an action's: the meeting of its minutes)


def _name(reader, group, person):
    if person is None or not person.name:
        return None
    return person.name if policy.shows_name_in_group(reader, group, person) else None


def page(result, reader):
    """What a result's page shows to `reader`."""
    group = result.recommendation.group
    updates = [
        ShownUpdate(update, _name(reader, group, update.author))
        for update in result.updates
    ]
    links = []
    for link in result.links:
        if not policy.can_see_result_link(reader, link):
            continue
        if link.session is not None:
            links.append(ShownLink(link, "session", link.session))
        else:
            links.append(ShownLink(link, "item", link.item.minutes.session))
    return {
        "result": result,
        "group": group,
        "owner": _name(reader, group, result.owner),
        "has_owner": result.owner is not None,
        "updates": updates,
        "links": links,
    }


@dataclass
class ThemeResults:
    """The theme page's panel: each result with its group, and counts by status."""

    results: list = field(default_factory=list)  # (result, group)
    counts: dict = field(default_factory=dict)  # {status: how many}
    labels: dict = field(default_factory=lambda: dict(words.STATUSES))


def of_groups(groups):
    """The results of the groups' published recommendations, newest first."""
    by_id = {group.id: group for group in groups}
    if not by_id:
        return []
    rows = db.session.scalars(
        sa.select(Result)
        .join(Recommendation, Recommendation.id == Result.recommendation_id)
        .where(
            Recommendation.group_id.in_(by_id),
            Recommendation.status == "published",
        )
        .order_by(Recommendation.published_at.desc(), Result.id.desc())
    ).all()
    return [(result, by_id[result.recommendation.group_id]) for result in rows]


def theme_panel(theme, groups, reader):
    """Slot "theme.page": every result of the theme's groups (None: no group)."""
    if not groups:
        return None
    results = of_groups(groups)
    counts = {status.value: 0 for status in ResultStatus}
    for result, _group in results:
        counts[result.status] += 1
    return ThemeResults(results=results, counts=counts)
