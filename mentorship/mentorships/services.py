"""Mentorship services: the pair's space (goals, meetings, private notes, check-ins,
next meeting). Closing, completion and reminders are in lifecycle.py.

Services add and flush; the caller (a view or the sweep job) commits.
"""

from dataclasses import dataclass
from datetime import UTC, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, lazyload

from .. import policy
from ..audit import record
from ..audit.models import AuditEvent
from ..auth.models import User
from ..core import calendar, schedule, translated
from ..db import db, utcnow
from ..matches.transitions import FlowError
from ..profiles import timezones
from ..programmes.models import Programme
from .models import (
    GOAL_STATES,
    CheckIn,
    Goal,
    GoalStatus,
    Meeting,
    MeetingNote,
    Mentorship,
    MentorshipStatus,
)

NEXT_MEETING_HORIZON = timedelta(days=366)
NEXT_MEETING_DURATION = timedelta(hours=1)
NEXT_MEETING_REMINDER = "mentorships.next_meeting"  # handled in reminders.py
REMIND_BEFORE = timedelta(hours=24)


@cache
def pairs_listed():
    """Loader options for a list of mentorships that names the pair and the
    programme: the two people and the programme's name (with its languages) in the
    same query, not the people's profiles or roles, nor the programme's description.
    Results of a query with these options need `.unique()`. Built once (on first
    use: the mappers are configured by then)."""
    return (
        *(
            joinedload(person).options(
                lazyload(User.profiles),
                lazyload(User.role_grants),
                lazyload(User.current_memberships),
            )
            for person in (Mentorship.mentee, Mentorship.mentor)
        ),
        *translated.name_only(
            Mentorship.programme, Programme.name, Programme.description
        ),
    )


def of_person(user):
    """Her mentorships, newest first, partner and programme name loaded."""
    return (
        db.session.scalars(
            sa.select(Mentorship)
            .options(*pairs_listed())
            .where(
                sa.or_(
                    Mentorship.mentee_user_id == user.id,
                    Mentorship.mentor_user_id == user.id,
                )
            )
            .order_by(Mentorship.started_at.desc())
        )
        .unique()
        .all()
    )


def role_of(mentorship, user):
    """'mentee' or 'mentor': her side of the pair (None if she is not in it)."""
    if user.id == mentorship.mentee_user_id:
        return "mentee"
    if user.id == mentorship.mentor_user_id:
        return "mentor"
    return None


def partner_of(mentorship, user):
    """The other member of the pair (None once she erased her account)."""
    if role_of(mentorship, user) == "mentee":
        return mentorship.mentor
    return mentorship.mentee


# --- Goals ------------------------------------------------------------------------


def add_goal(mentorship, by, title):
    """The mentee proposes a goal; it starts as 'not started'."""
    if not policy.can_propose_goal(by, mentorship):
        raise FlowError(
            _l("Goals are proposed by the mentee; you can edit them once added.")
        )
    goal = Goal(mentorship_id=mentorship.id, title=title.strip(), proposed_by_id=by.id)
    db.session.add(goal)
    db.session.flush()
    record(goal, "added", actor=by, to_state=goal.status)
    return goal


def update_goal(goal, by, title, status):
    """Either member renames a goal or moves it to another status."""
    if status not in GOAL_STATES:
        raise FlowError(_l("Please choose a status."))
    before = goal.status
    goal.title = title.strip()
    goal.status = status
    if status != GoalStatus.ACHIEVED:
        goal.achieved_at = None
    elif before != GoalStatus.ACHIEVED:
        goal.achieved_at = utcnow()
    db.session.flush()
    record(goal, "updated", actor=by, from_state=before, to_state=status)
    return goal


# --- Meetings and private notes ---------------------------------------------------


def log_meeting(mentorship, by, held_on, duration_minutes, mode, topics):
    """Add a meeting to the pair's log (dates are checked by the form)."""
    meeting = Meeting(
        mentorship_id=mentorship.id,
        held_on=held_on,
        duration_minutes=duration_minutes,
        mode=mode,
        topics=(topics or "").strip(),
        logged_by_id=by.id,
    )
    db.session.add(meeting)
    db.session.flush()
    record(meeting, "logged", actor=by, data={"held_on": held_on.isoformat()})
    return meeting


def own_note(meeting, author):
    """Her private note on the meeting, or None."""
    return db.session.scalar(
        sa.select(MeetingNote).where(
            MeetingNote.meeting_id == meeting.id, MeetingNote.author_id == author.id
        )
    )


def save_note(meeting, author, body):
    """Write (or clear) her private note; the audit trail never holds its text."""
    body = (body or "").strip()
    note = own_note(meeting, author)
    if note is None and not body:
        return None
    if note is None:
        note = MeetingNote(meeting_id=meeting.id, author_id=author.id, body=body)
        try:
            with db.session.begin_nested():
                db.session.add(note)
        except IntegrityError:
            raise FlowError(
                _l("Your note was saved meanwhile; please try again.")
            ) from None
    else:
        note.body = body
    db.session.flush()
    record(note, "saved" if body else "cleared", actor=author)
    return note


def notes_by_meeting(mentorship, reader):
    """{meeting id: body} of the notes `reader` may read: her own, not her partner's."""
    notes = db.session.scalars(
        sa.select(MeetingNote)
        .join(Meeting, Meeting.id == MeetingNote.meeting_id)
        .where(
            Meeting.mentorship_id == mentorship.id,
            MeetingNote.author_id == reader.id,
        )
    )
    return {n.meeting_id: n.body for n in notes if policy.can_read_note(reader, n)}


# --- Check-ins --------------------------------------------------------------------


def due_check_in(mentorship, user, today):
    """The check-in period she is asked about now ('first' or 'YYYY-MM'), or None.

    'first' once a meeting is logged; then one a month, from the month after the
    first answer.
    """
    role = role_of(mentorship, user)
    if role is None or mentorship.status != MentorshipStatus.ACTIVE:
        return None
    answered = dict(
        db.session.execute(
            sa.select(CheckIn.period, CheckIn.created_at).where(
                CheckIn.mentorship_id == mentorship.id, CheckIn.role == role
            )
        ).all()
    )
    if "first" not in answered:
        return "first" if _has_meeting(mentorship) else None
    month = today.strftime("%Y-%m")
    if month in answered or answered["first"].strftime("%Y-%m") == month:
        return None
    return month


def _has_meeting(mentorship):
    if "meetings" in sa.inspect(mentorship).dict:  # loaded already (her space)
        return bool(mentorship.meetings)
    query = sa.select(Meeting.id).where(Meeting.mentorship_id == mentorship.id)
    return db.session.scalar(query.limit(1)) is not None


def check_in(mentorship, by, period, fit, comment, today):
    """Record her answer to 'how is it going?'; one per role and period."""
    role = role_of(mentorship, by)
    already = _l("You have already answered this check-in. Thank you!")
    exists = sa.select(CheckIn.id).where(
        CheckIn.mentorship_id == mentorship.id,
        CheckIn.role == role,
        CheckIn.period == period,
    )
    if db.session.scalar(exists) is not None:
        raise FlowError(already)
    if period != due_check_in(mentorship, by, today):
        raise FlowError(_l("This check-in is not open."))
    answer = CheckIn(
        mentorship_id=mentorship.id,
        role=role,
        period=period,
        fit=fit,
        comment=(comment or "").strip(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(answer)
    except IntegrityError:
        raise FlowError(already) from None
    record(answer, "answered", actor=by, data={"period": period, "fit": fit})
    return answer


# --- Next meeting -----------------------------------------------------------------


def time_zone_of(user, mentorship):
    """Her profile's time zone (the one of her role in the pair first), else UTC."""
    profile = user.profile(role_of(mentorship, user) or "") or next(
        iter(user.profiles), None
    )
    try:
        return ZoneInfo(profile.timezone) if profile and profile.timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def time_zone_name(zone, locale=None):
    """The zone as people say it ('South Africa Time'), never its code."""
    return timezones.zone_name(getattr(zone, "key", "UTC"), locale)


def next_meeting_local(mentorship, user):
    """(naive local date-time, zone name) of the next meeting for her, or None."""
    active = mentorship.status == MentorshipStatus.ACTIVE
    if mentorship.next_meeting_at is None or not active:
        return None
    zone = time_zone_of(user, mentorship)
    local = mentorship.next_meeting_at.astimezone(zone).replace(tzinfo=None)
    return local, time_zone_name(zone)


def set_next_meeting(mentorship, by, local_time, now):
    """Store the next meeting, entered in her time zone, in UTC."""
    at = local_time.replace(tzinfo=time_zone_of(by, mentorship)).astimezone(UTC)
    if at <= now:
        raise FlowError(_l("The next meeting must be in the future."))
    if at > now + NEXT_MEETING_HORIZON:
        raise FlowError(_l("Please choose a date within the next twelve months."))
    mentorship.next_meeting_at = at
    db.session.flush()
    record(mentorship, "next_meeting_set", actor=by, data={"at": at.isoformat()})
    schedule.schedule(
        f"mentorship:{mentorship.id}:next_meeting:24h",
        at - REMIND_BEFORE,
        NEXT_MEETING_REMINDER,
        {"mentorship_id": mentorship.id},
    )
    return at


def next_meeting_ics(mentorship, summary, host, now):
    """The next meeting as an .ics file (bytes): one event per mentorship whose time
    moves, so its UID is stable and its SEQUENCE counts the changes."""
    return calendar.event_ics(
        calendar.stable_uid("mentorship", mentorship.id, host, "next-meeting"),
        mentorship.next_meeting_at,
        NEXT_MEETING_DURATION,
        summary,
        sequence=_next_meeting_changes(mentorship) - 1,
        now=now,
    )


def _next_meeting_changes(mentorship):
    """How many times the next meeting was set (at least once when there is one)."""
    changes = db.session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(
            AuditEvent.entity_type == Mentorship.__tablename__,
            AuditEvent.entity_id == mentorship.id,
            AuditEvent.action == "next_meeting_set",
        )
    )
    return max(changes, 1)


@dataclass
class Space:
    """What the pair's page shows to one of them."""

    mentorship: Mentorship
    role: str
    partner: object
    goals: list
    meetings: list
    notes: dict
    due_check_in: str | None
    next_meeting_local: object
    time_zone: str
    can_edit: bool
    can_propose_goal: bool


def space(mentorship, reader, now):
    """Everything her page shows, never her partner's notes nor any check-in text."""
    zone = time_zone_of(reader, mentorship)
    next_meeting = next_meeting_local(mentorship, reader)
    return Space(
        mentorship=mentorship,
        role=role_of(mentorship, reader),
        partner=partner_of(mentorship, reader),
        goals=list(mentorship.goals),
        meetings=list(mentorship.meetings),
        notes=notes_by_meeting(mentorship, reader),
        due_check_in=due_check_in(mentorship, reader, now.date()),
        next_meeting_local=next_meeting[0] if next_meeting else None,
        time_zone=time_zone_name(zone),
        can_edit=policy.can_edit_mentorship(reader, mentorship),
        can_propose_goal=policy.can_propose_goal(reader, mentorship),
    )
