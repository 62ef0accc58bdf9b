"""The roles' parts of other pages (`core.panels`)."""

from .. import policy
from ..core import panels
from . import services

FIRST_SHOWN = 5


def init_app(app):
    panels.register(
        app,
        "organisation",
        "roles",
        "roles/_organisation_roles.html",
        organisation_roles,
        order=10,
    )
    panels.register(
        app,
        "alliance",
        "without_delegate",
        "roles/_alliance_without_delegate.html",
        without_delegate,
        order=20,
    )


def organisation_roles(org, reader):
    """Which positions are filled (never who holds them), and the link to the
    roles page for those who may see the names."""
    filled = services.filled_positions(org)
    return {
        "positions": [(p, p in filled) for p in services.POSITIONS],
        "can_view": policy.can_view_roles(reader, org.id),
        "can_manage": policy.can_manage_roles(reader, org.id),
    }


def without_delegate():
    """Member organisations without a voting delegate; None when every one has."""
    count, first = services.without_delegate(FIRST_SHOWN)
    if not count:
        return None
    return {"count": count, "first": first}
