"""Theme proposals: who proposes for whom, who comments, who translates and who
moves a proposal through its window, shortlist vote and adoption.

An organisation proposes through its leader, its coordinators or its voting delegate
(or alternate), while it is a member; a working group through its chair or a
champion, while it is open. Anyone signed in whose organisation is a member comments
during the window; the proposer's people answer there. The Secretariat sets the
window, opens the shortlist vote and records the adoption; the Secretariat and the
translators complete the translations.
"""

from .constituents import (
    SPEAKERS,
    STEWARDS,
    body_positions,
    organisations_held,
    positions_in,
)
from .group_members import in_alliance
from .library import is_translator
from .people import is_staff

PROPOSING_POSITIONS = (*STEWARDS, *SPEAKERS)
"""Who proposes a theme for an organisation: its leader, coordinators, delegates."""
GROUP_PROPOSERS = ("chair", "champion")
"""Who proposes a theme for a working group."""


def can_propose_for_organisation(user, organisation):
    """She may propose a theme on behalf of `organisation` (a member)."""
    return (
        organisation is not None
        and organisation.status == "member"
        and bool(positions_in(user, organisation.id) & set(PROPOSING_POSITIONS))
    )


def can_propose_for_group(user, group):
    """She may propose a theme on behalf of the working group `group` (open)."""
    return (
        group is not None
        and not group.is_closed
        and bool(body_positions(user, group.body_id) & set(GROUP_PROPOSERS))
    )


def proposing_organisation_ids(user):
    """Ids of the organisations she may propose for (their status: the caller's)."""
    return organisations_held(user, PROPOSING_POSITIONS)


def proposing_body_ids(user):
    """Ids of the bodies (groups) where she is chair or champion now."""
    if not user.is_authenticated:
        return set()
    return {
        m.body_id
        for m in user.current_memberships
        if m.body_id is not None and m.position in GROUP_PROPOSERS
    }


def can_propose_themes(user):
    """She acts for some organisation or group: the proposal form is hers."""
    return bool(proposing_organisation_ids(user) or proposing_body_ids(user))


def acts_for_proposer(user, proposal):
    """She may act for the proposal's proposer (withdraw it, answer comments)."""
    if not user.is_authenticated:
        return False
    if proposal.organisation_id is not None:
        return can_propose_for_organisation(user, proposal.organisation)
    if proposal.group_id is not None:
        return can_propose_for_group(user, proposal.group)
    return False


def can_read_theme_comments(user):
    """Comments and their authors' names are shown inside the Alliance only."""
    return in_alliance(user)


def can_comment_on_themes(user):
    """People of member organisations comment (the window is the service's)."""
    return in_alliance(user)


def can_manage_theme_proposals(user):
    """The Secretariat: windows, the shortlist vote, the adoption."""
    return is_staff(user)


def can_translate_theme_proposals(user):
    """The Secretariat and the translators complete the translations."""
    return is_staff(user) or is_translator(user)


def can_withdraw_theme_proposal(user, proposal):
    """Its proposer's people withdraw it, before it is put to the vote."""
    return acts_for_proposer(user, proposal)
