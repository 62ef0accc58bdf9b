"""Onboarding's panels: on the organisation's page, on the Secretariat's overview."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_login import current_user

from .. import policy
from ..core import panels
from ..db import db
from ..organisations.models import Organisation
from . import services

ALLIANCE_LISTED = 5
ONBOARDING = services.ONBOARDING_STATUSES


def init_app(app):
    panels.register(
        app,
        "organisation",
        "onboarding",
        "onboarding/_organisation.html",
        organisation_panel,
    )
    panels.register(
        app, "alliance", "onboarding", "onboarding/_alliance.html", alliance_panel
    )
    panels.register(
        app,
        "home.notices",
        "onboarding",
        "onboarding/_home.html",
        home_notice,
        order=60,
    )


def organisation_panel(org, reader):
    """Its progress, to those who follow its onboarding, while it is onboarding."""
    if not policy.can_view_onboarding(reader, org):
        return None
    progress = services.progress(org)
    if not progress.states or not services.is_onboarding(org, progress.complete):
        return None
    return progress


@dataclass
class AllianceOnboarding:
    onboarding: int
    incomplete: list  # Progress rows, first few

    @property
    def incomplete_count(self):
        return len(self.incomplete)

    @property
    def listed(self):
        """The first few with steps left, by name."""
        return self.incomplete[:ALLIANCE_LISTED]


def alliance_panel():
    """How many organisations are onboarding, and those not yet done."""
    if not policy.can_define_onboarding(current_user):
        return None
    rows = services.onboarding_progress()
    incomplete = [row for row in rows if not row.complete]
    return AllianceOnboarding(onboarding=len(rows), incomplete=incomplete)


def home_notice(user, today):
    """The organisations she leads or coordinates that have onboarding steps left."""
    ids = policy.organisations_stewarded(user)
    if not ids:
        return None
    organisations = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.id.in_(ids))
        .order_by(Organisation.name)
    ).all()
    waiting = [
        progress  # steps left means still onboarding (an applicant or a member)
        for progress in services.progress_of(organisations)
        if progress.total
        and not progress.complete
        and progress.organisation.status in ONBOARDING
    ]
    return waiting or None
