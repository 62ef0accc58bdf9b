"""Positions' parts of other pages (`core.panels`): what awaits an organisation's
answer (its page, its delegate's home) and the Secretariat's glance."""

from .. import policy
from ..core import panels
from ..db import utcnow
from . import labels, queries


def init_app(app):
    panels.register(
        app, "organisation", "positions", "positions/_organisation.html", organisation
    )
    panels.register(
        app, "home.notices", "positions", "positions/_home.html", home, order=40
    )
    panels.register(app, "alliance", "positions", "positions/_alliance.html", alliance)
    panels.register(
        app, "awaiting", "positions", "positions/_awaiting.html", home, order=20
    )


def organisation(org, reader):
    """The open versions this organisation has not answered, for its people and
    the Secretariat; None when nothing waits or the reader is not one of them."""
    if org.status != "member" or not policy.can_see_awaiting(reader, org):
        return None
    waiting = queries.awaiting({org.id}, utcnow().date())
    if not waiting:
        return None
    return {
        "versions": [version for _org, version in waiting],
        "speaks": policy.speaks_for(reader, org.id),
    }


def home(user, today):
    """For a delegate or alternate: what awaits her organisations' answer."""
    ids = policy.answering_organisation_ids(user)
    if not ids:
        return None
    return queries.awaiting(ids, today) or None


def alliance():
    """Open positions with their counts and how many members have not answered."""
    rows, members = queries.open_overview(utcnow().date())
    return {"rows": rows, "members": members, "labels": labels}
