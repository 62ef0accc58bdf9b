"""Organisations as the Alliance's constituents: who acts and who speaks for one.

An organisation acts through the people holding a position in it (a membership with
a term, `core.memberships`): its leader and coordinators look after its space, its
voting delegate (or the alternate) casts its one voice. These read the signed-in
person's current memberships, loaded with her: no query.
"""

from ..db import utcnow
from .people import is_staff

SPEAKERS = ("voting_delegate", "alternate_delegate")
"""The positions through which an organisation answers, ratifies and votes."""

STEWARDS = ("leader", "coordinator")
"""The positions that look after an organisation's space, roles and partnerships."""


def positions_in(user, organisation_id):
    """The positions `user` currently holds in that organisation (a set)."""
    if not user.is_authenticated or organisation_id is None:
        return set()
    today = utcnow().date()
    return {
        m.position
        for m in user.current_memberships
        if m.organisation_id == organisation_id and m.is_current(today)
    }


def body_positions(user, body_id):
    """The positions `user` currently holds in that body (a set): a working group,
    the Steering Committee, the translators."""
    if not user.is_authenticated or body_id is None:
        return set()
    today = utcnow().date()
    return {
        m.position
        for m in user.current_memberships
        if m.body_id == body_id and m.is_current(today)
    }


def in_body(user, body_id, positions=None):
    """She currently holds a position (one of `positions`, or any) in that body."""
    held = body_positions(user, body_id)
    return bool(held if positions is None else held & set(positions))


def in_body_kind(user, kind, positions=None):
    """She currently holds a position (one of `positions`, or any) in a body of
    that kind ("steering_committee", "working_group", "translators")."""
    if not user.is_authenticated:
        return False
    today = utcnow().date()
    return any(
        m.body is not None
        and m.body.kind == kind
        and m.is_current(today)
        and (positions is None or m.position in positions)
        for m in user.current_memberships
    )


def holds(user, position, organisation_id):
    """True when `user` currently holds `position` in that organisation."""
    return position in positions_in(user, organisation_id)


def leads(user, organisation_id):
    """Her organisation's leader (head or board contact)."""
    return holds(user, "leader", organisation_id)


def speaks_for(user, organisation_id):
    """Its voting delegate or alternate: the one voice of the organisation."""
    return bool(positions_in(user, organisation_id) & set(SPEAKERS))


def stewards(user, organisation_id):
    """Its leader or a coordinator: she looks after the organisation's space."""
    return bool(positions_in(user, organisation_id) & set(STEWARDS))


def organisations_held(user, positions):
    """Ids of the organisations where she currently holds one of `positions`."""
    if not user.is_authenticated:
        return set()
    today = utcnow().date()
    return {
        m.organisation_id
        for m in user.current_memberships
        if m.organisation_id is not None
        and m.position in positions
        and m.is_current(today)
    }


def organisations_stewarded(user):
    """Ids of the organisations she leads or coordinates (a set)."""
    return organisations_held(user, STEWARDS)


def can_edit_organisation(user, organisation):
    """Its leader, its coordinators and the Secretariat edit an organisation's space."""
    return is_staff(user) or stewards(user, organisation.id)


def can_view_alliance_overview(user):
    """The Secretariat's view of the Alliance's constituents."""
    return is_staff(user)
