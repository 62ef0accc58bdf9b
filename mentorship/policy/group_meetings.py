"""Working groups, meetings and charter: who schedules a group's monthly meetings,
who reads its meetings page, who invites guests, and who the guests are.

A group's meetings are sessions of its series in the events engine, for the
group's current members (audience "working_group", `policy.events`). Its runners
(chair, liaison, the Secretariat: `policy.groups.runs_group`) schedule them and
invite guests, one meeting at a time; a guest sees and may register for the meeting
she was invited to, and for no other (`is_meeting_guest`, asked by
`policy.events.is_in_audience` and, as SQL, by `policy.event_pages`).
"""

import sqlalchemy as sa

from ..db import db
from .groups import can_see_group_inside, runs_group


def is_meeting_guest(user, session):
    """She was invited as a guest to this meeting."""
    if not user.is_authenticated:
        return False
    from ..groups.meetings_models import MeetingGuest

    return bool(
        db.session.scalar(
            sa.select(sa.literal(True)).where(
                MeetingGuest.session_id == session.id,
                MeetingGuest.user_id == user.id,
            )
        )
    )


def guest_session_ids(user):
    """SQL: the ids of the sessions she was invited to as a guest."""
    from ..groups.meetings_models import MeetingGuest

    return sa.select(MeetingGuest.session_id).where(MeetingGuest.user_id == user.id)


def can_see_group_meetings(user, group):
    """The meetings page (dates, minutes' status, decisions, open actions): the
    group's members, its runners and the Secretariat."""
    return can_see_group_inside(user, group)


def can_schedule_meetings(user, group):
    """The group's runners schedule its meetings (a closed group refuses, with a
    message: `groups.meetings.schedule`)."""
    return runs_group(user, group)


def can_invite_guests(user, group):
    """The group's runners invite guests to a meeting and see who is invited."""
    return runs_group(user, group)
