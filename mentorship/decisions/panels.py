"""Decisions' parts of other pages (`core.panels`): what awaits her organisations'
answer (the awaiting page, a notice on her home page) and an organisation's page."""

from .. import policy
from ..core import panels
from ..events import times
from . import queries, words


def init_app(app):
    panels.register(
        app, "awaiting", "decisions", "decisions/_awaiting.html", awaiting, order=10
    )
    panels.register(
        app, "home.notices", "votes", "decisions/_home.html", home, order=35
    )
    panels.register(
        app, "organisation", "decisions", "decisions/_organisation.html", organisation
    )


def awaiting(user, _today):
    """Open votes her organisations have not answered, and those she holds
    proxies for."""
    rows = queries.awaiting(user, policy.answering_or_leading_ids(user))
    if not rows:
        return None
    return {"rows": rows, "words": words, "zone": times.reader_zone(user) or "UTC"}


def home(user, _today):
    """How many votes await her organisations (a link to the awaiting page)."""
    ids = policy.answering_or_leading_ids(user)
    if not ids:
        return None
    return len(queries.awaiting(user, ids)) or None


def organisation(org, reader):
    """The open votes this member organisation has not answered, for its people
    and the Secretariat."""
    if org.status != "member" or not policy.can_see_awaiting(reader, org):
        return None
    decisions = queries.awaiting_for(org)
    if not decisions:
        return None
    return {"decisions": decisions, "awaiting": policy.can_see_awaiting_page(reader)}
