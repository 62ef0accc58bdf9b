"""Events: who reads, amends and approves a session's minutes.

Approved minutes are read by whoever may see the session; a draft only by those who
attended and the organisers. Those who attended amend the draft during its window;
the organisers amend it until they approve it, and approve it. After approval
nothing changes but an action's "done", which its owner (the person, or the people
of the owning organisation) or an organiser records.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..db import db, utcnow
from .events import can_organise, can_see_session


def has_attended(user, session):
    """She attended the session (an organiser or the joining link said so)."""
    if not user.is_authenticated:
        return False
    from ..events.models import Registration

    return bool(
        db.session.scalar(
            sa.select(sa.literal(True)).where(
                Registration.session_id == session.id,
                Registration.user_id == user.id,
                Registration.attended.is_(True),
            )
        )
    )


def can_open_minutes(user, session):
    """The organisers open a session's minutes."""
    return can_organise(user, session)


def can_approve_minutes(user, session):
    """The organisers approve (and so lock) a session's minutes."""
    return can_organise(user, session)


def can_read_minutes(user, session, minutes):
    """Approved: whoever sees the session. A draft: attendees and organisers."""
    if minutes is None:
        return False
    if minutes.status == "approved":
        return can_see_session(user, session)
    return can_organise(user, session) or has_attended(user, session)


def minutes_change_refusal(user, session, minutes, now=None):
    """None when she may amend the minutes (text, decisions, actions) now, else
    the translated reason."""
    if minutes.status == "approved":
        return _l("These minutes are approved: they can no longer be changed.")
    if can_organise(user, session):
        return None
    if not has_attended(user, session):
        return _l(
            "Only those who attended the session, and its organisers,"
            " may amend its minutes."
        )
    if (now or utcnow()) >= minutes.amend_until:
        return _l("The amendment window of these minutes has closed.")
    return None


def can_mark_action_done(user, item):
    """The action's owner (or a person of the owning organisation), or an
    organiser of its session."""
    if not user.is_authenticated or item.kind != "action":
        return False
    if item.owner_user_id is not None and item.owner_user_id == user.id:
        return True
    if (
        item.owner_organisation_id is not None
        and getattr(user, "organisation_id", None) == item.owner_organisation_id
    ):
        return True
    return can_organise(user, item.minutes.session)
