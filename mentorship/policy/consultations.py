"""Consultations addressed to organisations: who writes them, who prepares and who
submits an organisation's response, who reads the results.

The Secretariat (and administrators) write, open and close consultations, decide
extensions and read who said what (not in anonymous mode). An organisation's
people (those who belong to it and those holding a position in it) prepare its
draft and comment on it; only its voting delegate, alternate or leader submits
it, or asks for a later deadline. Results are public once the consultation is
closed; organisation names appear in them only in attributed mode.
"""

from ..db import utcnow
from .constituents import organisations_held, positions_in
from .people import is_staff

MEMBER = "member"
RESPONDERS = ("voting_delegate", "alternate_delegate", "leader")
"""The positions through which an organisation submits its response."""


def can_manage_consultations(user):
    """The Secretariat writes consultations, decides extensions, reads results."""
    return is_staff(user)


def belongs_to_org(user, organisation_id):
    """She belongs to the organisation or holds a position in it."""
    if not user.is_authenticated or organisation_id is None:
        return False
    return user.organisation_id == organisation_id or bool(
        positions_in(user, organisation_id)
    )


def preparing_organisation_ids(user):
    """Ids of the organisations whose responses she may prepare (a set; their
    status is the caller's to check)."""
    if not user.is_authenticated:
        return set()
    today = utcnow().date()
    held = {
        m.organisation_id
        for m in user.current_memberships
        if m.organisation_id is not None and m.is_current(today)
    }
    if user.organisation_id is not None:
        held.add(user.organisation_id)
    return held


def can_prepare_response(user, organisation):
    """Her organisation's draft: she reads it, edits it and comments on it."""
    return (
        organisation is not None
        and organisation.status == MEMBER
        and belongs_to_org(user, organisation.id)
    )


def submits_for(user, organisation_id):
    """Its voting delegate, alternate or leader: the one who submits."""
    return bool(positions_in(user, organisation_id) & set(RESPONDERS))


def can_submit_response(user, organisation):
    """She submits the response of this member organisation."""
    return can_prepare_response(user, organisation) and submits_for(
        user, organisation.id
    )


def submitting_organisation_ids(user):
    """Ids of the organisations she submits for (a set)."""
    return organisations_held(user, RESPONDERS)


def can_request_extension(user, organisation):
    """Those who submit also ask for a later deadline."""
    return can_submit_response(user, organisation)


def can_see_consultation_results(user, consultation):
    """Closed consultations' results are public; the Secretariat sees them early."""
    return consultation.status == "closed" or (
        consultation.status != "draft" and is_staff(user)
    )


def shows_organisation_names(user, consultation):
    """Who said what: everyone in attributed mode, the Secretariat in confidential
    mode, nobody in anonymous mode (the database cannot tell)."""
    if consultation.anonymity == "attributed":
        return True
    return consultation.anonymity == "confidential" and is_staff(user)
