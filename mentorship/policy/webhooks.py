"""An organisation's webhooks: its coordinators manage them; the Secretariat reads
their delivery log (to help), without changing anything."""

from .people import coordinates, is_staff


def can_view_webhooks(user, organisation_id):
    """The endpoints and delivery log: its coordinators and the Secretariat."""
    return user.is_authenticated and (
        coordinates(user, organisation_id) or is_staff(user)
    )


def can_manage_webhooks(user, organisation_id):
    """Add, pause, delete, rotate, send again: the organisation's coordinators."""
    return user.is_authenticated and coordinates(user, organisation_id)


def ensure_can_manage_webhooks(user, organisation_id):
    """404 for those who may not see them, 403 for those who only read them."""
    from flask import abort

    from .guards import ensure_reach

    ensure_reach(can_view_webhooks(user, organisation_id))
    if not can_manage_webhooks(user, organisation_id):
        abort(403)
