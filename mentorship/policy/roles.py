"""An organisation's roles (memberships with terms): who sees them, who changes them.

Names of an organisation's people stay within it: its members, its leader and
coordinators and the Secretariat see who holds its roles; anyone else learns only
which positions are filled (the public organisation page).
"""

from ..db import utcnow
from .constituents import leads, stewards
from .people import is_staff


def can_view_roles(user, organisation_id):
    """Who holds the organisation's roles: its members, stewards, the Secretariat."""
    if not user.is_authenticated:
        return False
    return (
        is_staff(user)
        or user.organisation_id == organisation_id
        or stewards(user, organisation_id)
    )


def can_manage_roles(user, organisation_id):
    """Grant and end the organisation's roles: its leader or the Secretariat."""
    return is_staff(user) or leads(user, organisation_id)


def can_manage_some_roles(user):
    """The role pages' forms are for the Secretariat and the leaders."""
    if is_staff(user):
        return True
    if not user.is_authenticated:
        return False
    today = utcnow().date()
    return any(
        m.position == "leader" and m.organisation_id is not None and m.is_current(today)
        for m in user.current_memberships
    )


def can_backdate_roles(user):
    """Record a term that started before today: the Secretariat (the register's
    keeper); a leader's grants start today or later."""
    return is_staff(user)


def can_view_delegates(user):
    """Every member organisation's leader and delegates: the Secretariat."""
    return is_staff(user)
