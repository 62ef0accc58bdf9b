"""Common positions: who writes and publishes them, who answers for an organisation.

The Secretariat (and the platform's administrators) write, edit drafts and publish.
An organisation answers through its voting delegate or its alternate
(`constituents.speaks_for`), only while it is a member and only within the
version's window. Organisation names in the register are public; people's are not.
"""

from flask import abort

from ..db import utcnow
from .constituents import SPEAKERS, organisations_held, positions_in, speaks_for
from .people import is_staff

MEMBER = "member"


def can_manage_positions(user):
    """The Secretariat writes, publishes and reads the detailed results."""
    return is_staff(user)


def speaks_for_member(user, organisation):
    """Her organisation's voice (delegate or alternate), and it is a member."""
    return (
        organisation is not None
        and organisation.status == MEMBER
        and speaks_for(user, organisation.id)
    )


def can_answer_for(user, organisation, version, today=None):
    """She may answer `version` for `organisation` now: its voice, a member, and
    the window is open (whether it already answered is the database's to say)."""
    today = today or utcnow().date()
    return speaks_for_member(user, organisation) and version.is_open(today)


def answering_organisation_ids(user):
    """Ids of the organisations she currently speaks for (a set; their status is
    the caller's to check)."""
    return organisations_held(user, SPEAKERS)


def can_answer_positions(user):
    """She speaks for some organisation: the answer routes are hers to use."""
    return bool(answering_organisation_ids(user))


def can_withdraw_for(user, ratification):
    """Its organisation's voice withdraws its answer (member or not any more)."""
    return speaks_for(user, ratification.organisation_id)


def can_see_awaiting(user, organisation):
    """What awaits an organisation's answer: its people and the Secretariat."""
    if is_staff(user):
        return True
    if not user.is_authenticated:
        return False
    return user.organisation_id == organisation.id or bool(
        positions_in(user, organisation.id)
    )


def ensure_allowed(allowed):
    """Stop with 403: the page is public, but this action is not hers."""
    if not allowed:
        abort(403)
