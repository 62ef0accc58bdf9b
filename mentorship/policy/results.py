"""Results: who reads a result, who updates it, what of its links a reader sees.

A published recommendation's result is public. Its owner, the group's runners
(chair, liaison) and the Secretariat post updates and link or unlink the group's
meetings and actions; only the runners and the Secretariat change its owner. A
linked meeting or action shows only to those the events policy lets see it. A
person's name shows to the group's insiders, and to anyone when she holds a public
position in the group (chair, champion): her roster choice is kept.
"""

from .events import can_see_session
from .events_minutes import can_read_minutes
from .groups import PUBLIC_POSITIONS, can_see_group_inside, group_positions, runs_group
from .people import is_staff


def _group(result):
    return result.recommendation.group


def can_see_result(user, result):
    """A published recommendation's result: anyone; else its group's runners."""
    if result.recommendation.status == "published":
        return True
    return runs_group(user, _group(result))


def is_result_owner(user, result):
    return user.is_authenticated and result.owner_id == user.id


def can_update_result(user, result):
    """Its owner, the group's runners, the Secretariat (runs_group includes it)."""
    if not user.is_authenticated:
        return False
    return is_result_owner(user, result) or runs_group(user, _group(result))


def can_change_result_owner(user, result):
    """The group's runners and the Secretariat."""
    return runs_group(user, _group(result))


def can_link_result(user, result):
    """Those who update the result link and unlink its meetings and actions."""
    return can_update_result(user, result)


def can_export_results(user):
    """The Secretariat exports the results for the annual report."""
    return is_staff(user)


def can_see_result_link(user, link):
    """A linked meeting: whoever may see the session; an action: whoever may read
    its minutes."""
    if link.session is not None:
        return can_see_session(user, link.session)
    item = link.item
    if item is None:
        return False
    minutes = item.minutes
    return can_read_minutes(user, minutes.session, minutes)


def shows_name_in_group(user, group, person):
    """Her name on a result's page: for the group's insiders, or anyone when she
    holds a public position in it (a chair's or champion's name is public)."""
    if person is None:
        return False
    if user.is_authenticated and person.id == user.id:
        return True
    if can_see_group_inside(user, group):
        return True
    return bool(group_positions(person, group) & set(PUBLIC_POSITIONS))
