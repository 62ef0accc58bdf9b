"""Recommendations: who reads, drafts, comments, endorses and publishes.

A published recommendation is public. Before that it is the group's inside: its
members, its runners and the Secretariat read it; the Steering Committee reads
what is sent to it; in the organisations' round every member organisation's voice
(its leader or delegate) reads it too. Drafts are written by the group's runners
and its thematic champions; rounds, the Steering Committee's endorsement and
publication are the runners' (`groups.runs_group`: chair, liaison, Secretariat).
The state a recommendation must be in is the service's to say, with a message.
"""

from .constituents import SPEAKERS, organisations_held
from .groups import (
    can_see_group_inside,
    group_positions,
    is_group_member,
    on_steering_committee,
    runs_group,
)
from .people import is_staff

WRITERS = ("chair", "liaison", "champion")
"""Positions that write a group's drafts."""
ORGANISATION_VOICES = ("leader", *SPEAKERS)
"""Who speaks for an organisation in the organisations' round: its leader, its
voting delegate or the alternate (constituents.SPEAKERS)."""
STEERING_STATES = ("endorsement", "endorsed")


def voice_of_organisations(user):
    """Ids of the organisations she may comment for (their status is checked by the
    service: only member organisations are asked)."""
    return organisations_held(user, ORGANISATION_VOICES)


def can_see_recommendation(user, recommendation):
    if recommendation.status == "published":
        return True
    if can_see_group_inside(user, recommendation.group):
        return True
    if recommendation.status in STEERING_STATES and on_steering_committee(user):
        return True
    return recommendation.status == "organisations_round" and bool(
        voice_of_organisations(user)
    )


def can_draft_recommendation(user, group):
    """Its runners and champions start and edit drafts while the group is open."""
    if is_staff(user):
        return True
    if group.is_closed or not user.is_authenticated:
        return False
    return bool(group_positions(user, group) & set(WRITERS))


def can_edit_recommendation(user, recommendation):
    return can_draft_recommendation(user, recommendation.group)


def can_run_recommendation(user, recommendation):
    """Open and close rounds, mark comments addressed, send it to the Steering
    Committee, publish it once endorsed: the group's runners."""
    return runs_group(user, recommendation.group)


def can_comment_as_member(user, recommendation):
    return is_group_member(user, recommendation.group)


def can_comment_for_organisations(user):
    return bool(voice_of_organisations(user))


def can_comment(user, recommendation):
    """She is among those a round asks (which round is open is the service's)."""
    if recommendation.status == "members_round":
        return can_comment_as_member(user, recommendation)
    if recommendation.status == "organisations_round":
        return can_comment_for_organisations(user)
    return is_group_member(user, recommendation.group) or bool(
        voice_of_organisations(user)
    )


def can_endorse(user, recommendation=None):
    """Only a member of the Steering Committee endorses or returns it."""
    return on_steering_committee(user)


def can_see_comments(user, recommendation):
    """Comments are the pipeline's inside: not shown on the public page."""
    return (
        can_see_group_inside(user, recommendation.group)
        or (recommendation.status in STEERING_STATES and on_steering_committee(user))
        or (
            recommendation.status == "organisations_round"
            and bool(voice_of_organisations(user))
        )
    )
