"""Needs and offers and introductions on other features' pages (`core.panels`)."""

from dataclasses import dataclass

from .. import policy
from . import services, taxonomy
from .models import IntroductionStatus, PartnershipStatus


@dataclass(frozen=True)
class OrganisationPanel:
    needs: list
    offers: list
    can_edit: bool
    waiting: int  # introductions waiting for its answer (shown to its stewards)
    labels: object = taxonomy  # the words for the codes


def organisation(org, reader):
    """Its needs and offers for everyone; links and what waits for its stewards."""
    listings = services.listings_of(org.id)
    can_edit = policy.can_edit_listings(reader, org)
    if not listings and not can_edit:
        return None
    waiting = 0
    if can_edit:
        grouped = services.of_organisation(org.id)
        waiting = sum(
            1
            for i in grouped[IntroductionStatus.PROPOSED]
            if i.decision_of(i.side_of(org.id)) is None
        )
    return OrganisationPanel(
        needs=[item for item in listings if item.kind == "need"],
        offers=[item for item in listings if item.kind == "offer"],
        can_edit=can_edit,
        waiting=waiting,
    )


@dataclass(frozen=True)
class AlliancePanel:
    waiting: int
    introduced: int
    follow_ups_due: int
    partnerships: dict  # status -> count, every status
    labels: object = taxonomy


def alliance():
    """The Secretariat's overview: introductions waiting, follow-ups due,
    partnerships by status."""
    by_status, partnerships = services.counts()
    return AlliancePanel(
        waiting=by_status.get(IntroductionStatus.PROPOSED, 0),
        introduced=by_status.get(IntroductionStatus.INTRODUCED, 0),
        follow_ups_due=len(services.follow_ups_due()),
        partnerships={s: partnerships.get(s, 0) for s in PartnershipStatus},
    )
