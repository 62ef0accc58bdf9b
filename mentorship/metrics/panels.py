"""The metrics' parts of other pages (`core.panels`): on her home page, the open
cycles whose figures her organisations still owe; on the Secretariat's Alliance
overview, the cycles with what waits for review."""

import sqlalchemy as sa

from .. import policy
from ..core import panels
from ..db import db
from . import cycles
from .models import Cycle, MetricValue, ValueStatus


def init_app(app):
    panels.register(app, "home.notices", "metrics", "metrics/_home.html", home, 50)
    panels.register(app, "alliance", "metrics", "metrics/_alliance.html", alliance)


def home(user, _today):
    """(cycle, organisation row, progress) for each open cycle asking one of her
    organisations that has not delivered everything; None when nothing is owed."""
    ids = policy.metrics_organisation_ids(user)
    owed = []
    for cycle, asked in cycles.cycles_asking(ids):
        if not cycles.entry_open(cycle, asked.organisation_id):
            continue
        (progress,) = cycles.progress(cycle, {asked.organisation_id})
        if not progress.complete:
            owed.append((cycle, asked, progress))
    return {"rows": owed} if owed else None


def alliance():
    """Every cycle, newest first, with how many values wait for review."""
    waiting = dict(
        db.session.execute(
            sa.select(MetricValue.cycle_id, sa.func.count(MetricValue.id))
            .where(MetricValue.status == ValueStatus.SUBMITTED)
            .group_by(MetricValue.cycle_id)
        ).all()
    )
    rows = db.session.scalars(sa.select(Cycle).order_by(Cycle.year.desc())).all()
    return {"rows": [(cycle, waiting.get(cycle.id, 0)) for cycle in rows]}
