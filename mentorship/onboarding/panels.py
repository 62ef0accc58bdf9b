"""Onboarding's panels: on the organisation's page, on the Secretariat's overview."""

from dataclasses import dataclass

from flask_login import current_user

from .. import policy
from ..core import panels
from . import services

ALLIANCE_LISTED = 5


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


def alliance_panel():
    """How many organisations are onboarding, and those not yet done."""
    if not policy.can_define_onboarding(current_user):
        return None
    rows = services.onboarding_progress()
    incomplete = [row for row in rows if not row.complete]
    return AllianceOnboarding(onboarding=len(rows), incomplete=incomplete)
