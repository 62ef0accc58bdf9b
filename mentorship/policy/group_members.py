"""Working groups' members: who nominates, who asks to join, who decides, who sees
whom on the roster.

An organisation nominates through its leader or its voting delegate (or the
alternate): the people who speak for it (`constituents`). A signed-in person of a
member organisation asks to join herself. The group's runners (its chair, its
liaison, the Secretariat: `groups.runs_group`) decide, change positions and end
terms; only the Secretariat appoints a chair or a liaison, and a liaison is one of
its staff. A closed group is read-only.

On the roster each member shows at the visibility she chose (her GroupPreference;
organisers only by default); chairs and champions are public anyway, she always
sees herself, and the runners see everyone.
"""

from .constituents import SPEAKERS, leads, organisations_held, speaks_for
from .groups import PUBLIC_POSITIONS, is_group_member, runs_group
from .people import is_staff

NOMINATORS = ("leader", *SPEAKERS)
"""The positions through which an organisation nominates its people."""
MEMBER_STATUS = "member"
RUNNER_POSITIONS = ("member", "champion")
"""The positions the chair and the liaison give; the Secretariat gives all four."""
STAFF_POSITIONS = ("member", "champion", "chair", "liaison")


def of_member_organisation(user):
    """She is signed in and belongs to a member organisation of the Alliance."""
    if not user.is_authenticated:
        return False
    organisation = user.organisation
    return organisation is not None and organisation.status == MEMBER_STATUS


def in_alliance(user):
    """People of member organisations, and the Secretariat: the roster's
    'Alliance' audience."""
    return is_staff(user) or of_member_organisation(user)


def nominates_for(user, organisation):
    """She may nominate that organisation's people: its leader or its delegate,
    and it is a member."""
    return (
        organisation is not None
        and organisation.status == MEMBER_STATUS
        and (leads(user, organisation.id) or speaks_for(user, organisation.id))
    )


def nominating_organisation_ids(user):
    """Ids of the organisations she leads or speaks for (their status is the
    caller's to check)."""
    return organisations_held(user, NOMINATORS)


def nominates_for_some_organisation(user):
    """She leads or speaks for some organisation: the nominate page is hers."""
    return bool(nominating_organisation_ids(user))


def can_nominate(user, group):
    """The nominate action: the group is open and she speaks for some
    organisation."""
    return not group.is_closed and bool(nominating_organisation_ids(user))


def can_ask_to_join(user, group):
    """The ask-to-join action: the group is open, she belongs to a member
    organisation and is not one of its members yet."""
    return (
        not group.is_closed
        and of_member_organisation(user)
        and not is_group_member(user, group)
    )


def can_decide_requests(user, group):
    """Its runners accept or decline nominations and requests while it is open."""
    return not group.is_closed and runs_group(user, group)


def can_see_request(user, request):
    """The group's runners, the person herself, and whoever speaks for the
    nominating organisation."""
    if not user.is_authenticated:
        return False
    if request.user_id == user.id or request.created_by_id == user.id:
        return True
    if request.is_nomination and nominates_for(user, request.organisation):
        return True
    return runs_group(user, request.group)


def can_withdraw_request(user, request):
    """A request: the person who asked. A nomination: its organisation's leader
    or delegate (or whoever made it)."""
    if not user.is_authenticated or request.group.is_closed:
        return False
    if not request.is_nomination:
        return request.user_id == user.id
    return request.created_by_id == user.id or nominates_for(user, request.organisation)


def can_refuse_nomination(user, request):
    """The nominee declines her own nomination."""
    return (
        user.is_authenticated
        and request.is_nomination
        and request.user_id == user.id
        and not request.group.is_closed
    )


def can_manage_terms(user, group):
    """Its runners change a member's position or end her term while it is open."""
    return not group.is_closed and runs_group(user, group)


def assignable_positions(user, group):
    """The positions she may give in the group (a tuple, maybe empty)."""
    if group.is_closed:
        return ()
    if is_staff(user):
        return STAFF_POSITIONS
    return RUNNER_POSITIONS if runs_group(user, group) else ()


def can_appoint_runners(user, group):
    """Only the Secretariat appoints a chair or a liaison, while it is open."""
    return not group.is_closed and is_staff(user)


def may_be_liaison(person):
    """A liaison is one of the Secretariat's staff."""
    return is_staff(person)


def can_leave_group(user, group):
    """A member leaves herself while the group is open."""
    return not group.is_closed and is_group_member(user, group)


def can_choose_roster_visibility(user, group):
    """Each member chooses where her name shows, while the group is open."""
    return can_leave_group(user, group)


def can_see_roster_history(user, group):
    """Past members and the waiting queue: its runners and the Secretariat."""
    return runs_group(user, group)


def sees_on_roster(reader, group, person_id, position, visibility, runner=None):
    """She may read this member's line: her own choice of `visibility` decides,
    unless the reader runs the group, is the member, or the position is public."""
    if runner is None:
        runner = runs_group(reader, group)
    if runner or position in PUBLIC_POSITIONS:
        return True
    if reader.is_authenticated and reader.id == person_id:
        return True
    if visibility == "public":
        return True
    return visibility == "alliance" and in_alliance(reader)
