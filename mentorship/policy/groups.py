"""Working groups: who sees a group, who belongs to it, who runs it.

A group's page, charter, chairs and champions are public; what happens inside
(the full roster, member-only threads, drafts) is for its current members, the
people who run it and the Secretariat. A group is run by its chair and its
Secretariat liaison (and the Secretariat); a closed group is read-only.

The parts of the feature (members, meetings, discussion, recommendations, results)
ask their own questions in their own modules, on top of these.
"""

from .constituents import body_positions, in_body_kind
from .people import is_staff

RUNNING_POSITIONS = ("chair", "liaison")
"""Positions that run a group: accept members, invite guests, edit the charter."""
PUBLIC_POSITIONS = ("chair", "champion")
"""Positions shown on a group's public page (the others only on the roster)."""


def group_positions(user, group):
    """The positions she currently holds in the group (a set, maybe empty)."""
    return body_positions(user, group.body_id)


def is_group_member(user, group):
    """She currently holds any position in the group (member, champion, chair,
    liaison)."""
    return bool(group_positions(user, group))


def runs_group(user, group):
    """The Secretariat, the group's chair or its Secretariat liaison."""
    if not user.is_authenticated:
        return False
    return is_staff(user) or bool(group_positions(user, group) & set(RUNNING_POSITIONS))


def can_see_group(user, group):
    """A group's page (charter, status, chairs and champions) is public."""
    return True


def can_see_group_inside(user, group):
    """The member-only side of a group: its members, its runners, the Secretariat."""
    return user.is_authenticated and (is_staff(user) or is_group_member(user, group))


def can_create_group(user):
    """Only the Secretariat convenes a working group."""
    return is_staff(user)


def can_edit_charter(user, group):
    """Its runners edit the charter while the group is open; the Secretariat always."""
    if is_staff(user):
        return True
    return not group.is_closed and runs_group(user, group)


def can_change_group_status(user, group=None):
    """Only the Secretariat opens, activates or closes a group."""
    return is_staff(user)


def on_steering_committee(user):
    """She sits on the Steering Committee: the platform role, or a current term in
    the Steering Committee's body."""
    if not user.is_authenticated:
        return False
    return user.has_role("steering") or in_body_kind(user, "steering_committee")
