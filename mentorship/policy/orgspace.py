"""The organisation's own space and its onboarding: who sees and who ticks."""

from .constituents import can_edit_organisation
from .people import is_staff


def belongs_to(user, organisation):
    """A member of the organisation (any role in it)."""
    return user.is_authenticated and user.organisation_id == organisation.id


def can_view_onboarding(user, organisation):
    """Its members, leader and coordinators follow its onboarding; so does the
    Secretariat."""
    return can_edit_organisation(user, organisation) or belongs_to(user, organisation)


def can_tick_onboarding(user, organisation):
    """Its leader, its coordinators and the Secretariat tick the manual items."""
    return can_edit_organisation(user, organisation)


def can_define_onboarding(user):
    """The Secretariat defines the checklist and follows everyone's progress."""
    return is_staff(user)


def ensure_tick_allowed(user, organisation):
    """403 for those who see the checklist but may not tick it (its members)."""
    from flask import abort

    if not can_tick_onboarding(user, organisation):
        abort(403)
