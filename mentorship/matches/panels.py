"""The matching flow's parts of other features' pages (`core.panels`)."""

import sqlalchemy as sa

from .. import policy
from ..core import panels
from ..db import db
from . import queries
from .models import MatchRun

RUNS_SHOWN = 20


def init_app(app):
    panels.register(
        app,
        "home.notices",
        "decisions",
        "matches/_home_decisions.html",
        decisions,
        order=10,
    )
    panels.register(
        app, "home.notices", "offers", "matches/_home_offers.html", offers, order=20
    )
    panels.register(
        app, "programme.admin", "runs", "matches/_programme_runs.html", programme_runs
    )
    panels.register(
        app,
        "programme.member",
        "proposals",
        "matches/_programme_member.html",
        member_proposals,
    )


def decisions(user, today):
    """How many proposals wait for her decision; None when none or not a decider."""
    if not policy.has_approval_queue(user):
        return None
    return queries.waiting_count(user) or None


def offers(user, today):
    """Her offers waiting for her answer."""
    return queries.offers_waiting(user) or None


def programme_runs(programme, user):
    """The programme's latest runs (the panel shows its buttons even with none)."""
    return db.session.scalars(
        sa.select(MatchRun)
        .where(MatchRun.programme_id == programme.id)
        .order_by(MatchRun.id.desc())
        .limit(RUNS_SHOWN)
    ).all()


def member_proposals(programme, user):
    """Her proposals in this programme, out of the Secretariat's preview."""
    return queries.member_proposals(programme.id, user) or None
