"""The demo's published figures: the Secretariat publishes the closed cycles (2023,
2024, 2025) through the real service, so the public pages show figures hidden under
each rule. 2024 is published twice (a correction), to show the versions.
Idempotent: a database with publications is left as it is."""

import sqlalchemy as sa

from ..auth.models import User
from ..db import db
from ..metrics import publication
from ..metrics.models import Cycle
from .metrics import PAST_YEARS
from .plan import STAFF_DOMAIN


def seed_metrics_publish(random_state=7):
    """Publish the closed demo cycles; flushes, the caller commits."""
    del random_state  # nothing random: the figures are the cycles' own
    if db.session.scalar(sa.select(publication.Publication.id).limit(1)):
        return
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    if staff is None:
        return
    for year in PAST_YEARS:
        cycle = db.session.scalar(sa.select(Cycle).where(Cycle.year == year))
        if cycle is None:
            continue
        publication.publish(cycle, staff)
        if year == 2024:
            publication.publish(cycle, staff)
    db.session.flush()
