"""A group's monthly meetings in the events engine, and the guests its runners
invite (the `meetings` part).

The meetings are sessions of the group's series (kind and audience
"working_group", on the group's body), made by the events services
(`events.organising.save_series`, `save_session`): registration, reminders,
calendars and minutes (with their decisions and actions) are the engine's. This
module adds what is the group's own: scheduling N monthly meetings at once
("second Tuesday, 14:00 Europe/Paris, 12 months"), the guests of one meeting, and
the meetings page's reading of the minutes (decisions, open actions).

Services add and flush, the request commits; a refused request raises
MeetingsError with a translated message and changes nothing.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from babel.dates import format_skeleton
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload, selectinload

from .. import policy
from ..audit import record
from ..auth.models import User
from ..core import translated
from ..core.errors import ServiceError
from ..core.models import TranslatedText
from ..core.notifications import notify, public_url
from ..db import db, utcnow
from ..events import organising, registration, times
from ..events.minutes_models import ItemKind, Minutes, MinutesItem, MinutesStatus
from ..events.models import (
    DEFAULT_REMINDERS,
    Audience,
    EventSeries,
    EventSession,
    SeriesKind,
    SessionStatus,
)
from .meetings_models import MeetingGuest
from .models import WorkingGroup

MAX_MONTHS = 24
DURATIONS = (30, 45, 60, 90, 120, 180)
ORDINALS = (1, 2, 3, 4, -1)  # first ... fourth, last
TITLE_LANGUAGES = ("en", "fr", "es")
LINK_MAX = 500


class MeetingsError(ServiceError):
    """A scheduling or an invitation that cannot be made (translated message)."""


# --- The group's series ------------------------------------------------------------


def series_of(group):
    """The group's series of meetings (the oldest, if several), or None."""
    return db.session.scalar(
        sa.select(EventSeries)
        .where(
            EventSeries.body_id == group.body_id,
            EventSeries.kind == SeriesKind.WORKING_GROUP,
        )
        .order_by(EventSeries.id)
        .limit(1)
    )


def ensure_series(group, by):
    """The group's series, created (named after the group) when missing."""
    series = series_of(group)
    if series is not None:
        return series
    name = group.body.name
    bodies = {lang: row.body for lang, row in name.translations.items() if row.body}
    values = organising.SeriesValues(
        name=translated.Edit(name.source_lang, bodies, reviewed=set(bodies)),
        description=translated.Edit(name.source_lang, {}),
        kind=SeriesKind.WORKING_GROUP,
        default_audience=Audience.WORKING_GROUP,
        reminder_minutes=list(DEFAULT_REMINDERS),
        confirm_hours=None,
        offers_certificate=False,
        body_id=group.body_id,
    )
    return organising.save_series(None, values, by)


# --- Scheduling ----------------------------------------------------------------------


@dataclass
class MonthlyPlan:
    """N monthly meetings: the `ordinal` `weekday` of each month (1..4 or -1 the
    last; Monday 0), at `local_time` in `timezone`, from `first_on`."""

    ordinal: int
    weekday: int
    local_time: time
    duration: int  # minutes
    timezone: str
    language: str
    months: int
    first_on: date
    agenda: translated.Edit = field(default_factory=lambda: translated.Edit("en"))
    join_url: str = ""


def nth_weekday(year, month, ordinal, weekday):
    """The `ordinal` (1..4, or -1 the last) `weekday` of that month."""
    if ordinal == -1:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


def meeting_days(plan, now):
    """The plan's `months` meeting days: one a month, on or after `first_on`, each
    starting after `now`."""
    days, year, month = [], plan.first_on.year, plan.first_on.month
    while len(days) < plan.months:
        day = nth_weekday(year, month, plan.ordinal, plan.weekday)
        starts = organising.to_utc(
            datetime.combine(day, plan.local_time), plan.timezone
        )
        if day >= plan.first_on and starts > now:
            days.append(day)
        month = month % 12 + 1
        year += month == 1
    return days


def _check_plan(group, plan):
    if group.is_closed:
        raise MeetingsError(_l("This group is closed: it holds no more meetings."))
    if not isinstance(plan.months, int) or not 1 <= plan.months <= MAX_MONTHS:
        raise MeetingsError(
            _l("Schedule from 1 to %(max)d months of meetings.", max=MAX_MONTHS)
        )
    if plan.ordinal not in ORDINALS or plan.weekday not in range(7):
        raise MeetingsError(_l("Choose which day of the month the group meets."))
    if plan.duration not in DURATIONS:
        raise MeetingsError(_l("Choose how long each meeting lasts."))
    if times.valid_zone(plan.timezone) is None:
        raise MeetingsError(_l("Choose a time zone from the list."))
    if plan.join_url and not plan.join_url.startswith("https://"):
        raise MeetingsError(_l("The joining link must start with https://."))


def schedule(group, plan, by, now=None):
    """The group's next `plan.months` monthly meetings (its series made if missing);
    a day already holding one of its meetings is skipped. Returns the sessions
    added; none added is refused."""
    now = now or utcnow()
    _check_plan(group, plan)
    plan.timezone = times.valid_zone(plan.timezone)
    # Two runners scheduling at once: the second waits on the group's row, then
    # finds the first's series and days.
    db.session.execute(
        sa.select(WorkingGroup.id).where(WorkingGroup.id == group.id).with_for_update()
    )
    series = ensure_series(group, by)
    taken = set(
        db.session.scalars(
            sa.select(EventSession.starts_at).where(
                EventSession.series_id == series.id,
                EventSession.status == SessionStatus.SCHEDULED,
            )
        )
    )
    added = []
    for day in meeting_days(plan, now):
        starts_local = datetime.combine(day, plan.local_time)
        if organising.to_utc(starts_local, plan.timezone) in taken:
            continue
        values = organising.SessionValues(
            title=title_edit(group, day),
            description=translated.Edit("en", {}),
            agenda=plan.agenda,
            theme_id=group.theme_id,
            language=plan.language,
            interpretations=[],
            timezone=plan.timezone,
            starts_local=starts_local,
            ends_local=starts_local + timedelta(minutes=plan.duration),
            join_url=plan.join_url,
            audience=Audience.WORKING_GROUP,
            capacity=None,
        )
        try:
            added.append(organising.save_session(None, series, values, by))
        except organising.OrganisingError as error:
            raise MeetingsError(str(error)) from None
    if not added:
        raise MeetingsError(
            _l("These meetings are already scheduled: nothing was added.")
        )
    record(group, "meetings_scheduled", actor=by, data={"sessions": len(added)})
    return added


def title_edit(group, day):
    """The title "<group>: meeting of <month>" in each language (the catalogues)."""
    bodies = {}
    for lang in TITLE_LANGUAGES:
        with force_locale(lang):
            bodies[lang] = gettext(
                "%(group)s: meeting of %(month)s",
                group=translated.resolve(group.body.name, lang).body,
                month=format_skeleton("yMMMM", day, locale=lang),
            )
    return translated.Edit("en", bodies, reviewed=set(TITLE_LANGUAGES))


# --- Guests ------------------------------------------------------------------------


def meeting_of(group, session_id):
    """The group's meeting with this id, or None."""
    if not isinstance(session_id, int):
        return None
    return db.session.scalar(
        sa.select(EventSession)
        .join(EventSeries, EventSeries.id == EventSession.series_id)
        .where(
            EventSession.id == session_id,
            EventSeries.body_id == group.body_id,
            EventSeries.kind == SeriesKind.WORKING_GROUP,
        )
    )


def guests_of(session):
    """The guests of a meeting, by name."""
    return db.session.scalars(
        sa.select(MeetingGuest)
        .join(User, User.id == MeetingGuest.user_id)
        .where(MeetingGuest.session_id == session.id)
        .order_by(User.name, User.id)
    ).all()


def invite_guest(group, session, email, by, now=None):
    """Invite the person with this address to one meeting; she is told by email in
    her language."""
    now = now or utcnow()
    if group.is_closed:
        raise MeetingsError(_l("This group is closed: it holds no more meetings."))
    if session.is_cancelled:
        raise MeetingsError(_l("This meeting has been cancelled."))
    if session.has_started(now):
        raise MeetingsError(_l("Guests are invited before the meeting starts."))
    person = _account(email)
    if person is None:
        raise MeetingsError(
            _l("No account has this email address: ask her to create one first.")
        )
    if policy.is_group_member(person, group):
        raise MeetingsError(
            _l(
                "%(name)s is a member of the group: every meeting is open to her.",
                name=person.name,
            )
        )
    guest = MeetingGuest(
        session_id=session.id, user_id=person.id, invited_by_id=by.id, invited_at=now
    )
    try:
        with db.session.begin_nested():
            db.session.add(guest)
            db.session.flush()
    except IntegrityError:
        raise MeetingsError(
            _l("%(name)s is already invited to this meeting.", name=person.name)
        ) from None
    record(session, "guest_invited", actor=by, data={"guest": guest.id})
    _tell_guest(person, group, session)
    return guest


def guest_of(session, guest_id):
    """The guest row of this meeting, or None (another meeting's guest included)."""
    return db.session.scalar(
        sa.select(MeetingGuest).where(
            MeetingGuest.id == guest_id, MeetingGuest.session_id == session.id
        )
    )


def remove_guest(group, session, guest, by, now=None):
    """Take back a guest's invitation before the meeting: her registration for it,
    if any, is cancelled through the events engine (which tells her and offers the
    seat to the next person waiting)."""
    now = now or utcnow()
    if group.is_closed:
        raise MeetingsError(_l("This group is closed: it holds no more meetings."))
    if session.has_started(now):
        raise MeetingsError(_l("A guest is removed before the meeting starts."))
    person = db.session.get(User, guest.user_id)
    held = registration.registration_of(session, person)
    if held is not None and held.status in registration.ACTIVE:
        registration.cancel(session.id, person, now=now)
    removed = db.session.execute(
        sa.delete(MeetingGuest).where(MeetingGuest.id == guest.id)
    ).rowcount
    if not removed:  # another runner was quicker
        raise MeetingsError(_l("This guest was already removed."))
    record(session, "guest_removed", actor=by, data={"user_id": person.id})
    return person


def _account(email):
    address = (email or "").strip().lower()
    if not address or "@" not in address:
        return None
    return db.session.scalar(
        sa.select(User).where(
            sa.func.lower(User.email) == address, User.erased_at.is_(None)
        )
    )


def _tell_guest(person, group, session):
    zone = times.person_zone(person)
    with force_locale(person.locale or "en"):
        when = times.of(session, zone, person.locale or "en")
    notify(
        person,
        "group_meeting_invited",
        person=person,
        group=group,
        event=session,
        when=when,
        url=public_url("events.session", session_id=session.id),
    )


def export_of(user):
    """The meetings she was invited to as a guest (her data export)."""
    rows = db.session.scalars(
        sa.select(MeetingGuest)
        .where(MeetingGuest.user_id == user.id)
        .order_by(MeetingGuest.invited_at, MeetingGuest.id)
    ).all()
    return [
        {
            "session": translated.resolve(row.session.title, user.locale or "en").body,
            "starts_at": row.session.starts_at.isoformat(),
            "invited_at": row.invited_at.isoformat(),
        }
        for row in rows
    ]


# --- The meetings page -------------------------------------------------------------


@dataclass
class Overview:
    """What the meetings page shows."""

    series: EventSeries | None
    upcoming: list
    past: list
    minutes: dict  # session id -> Minutes
    decisions: dict  # session id -> [MinutesItem]
    actions: list  # open actions, by due date


def overview(group, reader, now=None, past_limit=24):
    """The group's upcoming and past meetings, each past one's minutes and the
    decisions the reader may read, and the open actions of approved minutes."""
    now = now or utcnow()
    series = series_of(group)
    if series is None:
        return Overview(None, [], [], {}, {}, [])
    upcoming, past = upcoming_and_past(series, now, past_limit)
    minutes = _minutes_of([s.id for s in past])
    decisions = {}
    for session in past:
        found = minutes.get(session.id)
        if found is not None and policy.can_read_minutes(reader, session, found):
            decisions[session.id] = [
                item for item in found.items if item.kind == ItemKind.DECISION
            ]
    return Overview(series, upcoming, past, minutes, decisions, open_actions(series))


def upcoming_and_past(series, now, past_limit):
    """A series' sessions still to end (soonest first) and its last `past_limit`
    ended ones (latest first), with their titles only: a list shows each meeting's
    title, its description and agenda stay unloaded. Groups and the Steering
    Committee list their meetings with it."""
    sessions = (
        sa.select(EventSession)
        .where(EventSession.series_id == series.id)
        .options(
            *translated.name_only(
                None, EventSession.title, EventSession.description, EventSession.agenda
            )
        )
    )
    upcoming = (
        db.session.scalars(
            sessions.where(EventSession.ends_at > now).order_by(EventSession.starts_at)
        )
        .unique()
        .all()
    )
    past = (
        db.session.scalars(
            sessions.where(EventSession.ends_at <= now)
            .order_by(EventSession.starts_at.desc())
            .limit(past_limit)
        )
        .unique()
        .all()
    )
    return upcoming, past


def _minutes_of(session_ids):
    if not session_ids:
        return {}
    # Their items (decisions shown, with their texts) in one more query; the
    # minutes' own text is not shown here.
    found = db.session.scalars(
        sa.select(Minutes)
        .where(Minutes.session_id.in_(session_ids))
        .options(
            lazyload(Minutes.text),
            selectinload(Minutes.items)
            .joinedload(MinutesItem.text)
            .selectinload(TranslatedText.translations),
        )
    ).all()
    return {m.session_id: m for m in found}


def open_actions(series):
    """The actions of the series' approved minutes not yet done, by due date."""
    return db.session.scalars(
        sa.select(MinutesItem)
        .join(Minutes, Minutes.id == MinutesItem.minutes_id)
        .join(EventSession, EventSession.id == Minutes.session_id)
        .where(
            EventSession.series_id == series.id,
            Minutes.status == MinutesStatus.APPROVED,
            MinutesItem.kind == ItemKind.ACTION,
            MinutesItem.done_at.is_(None),
        )
        .order_by(MinutesItem.due_on, MinutesItem.id)
    ).all()


def next_meeting(group, now=None):
    """The group's next scheduled meeting not yet ended, or None."""
    now = now or utcnow()
    return db.session.scalar(
        sa.select(EventSession)
        .join(EventSeries, EventSeries.id == EventSession.series_id)
        .where(
            EventSeries.body_id == group.body_id,
            EventSeries.kind == SeriesKind.WORKING_GROUP,
            EventSession.status == SessionStatus.SCHEDULED,
            EventSession.ends_at > now,
        )
        .order_by(EventSession.starts_at)
        .limit(1)
    )


# --- The group page's panel --------------------------------------------------------


def panel(group, reader):
    """The next meeting and the links to the meetings, for those who see them."""
    if not policy.can_see_group_meetings(reader, group):
        return None
    upcoming = next_meeting(group)
    zone = times.reader_zone(reader)
    return {
        "group": group,
        "next": upcoming,
        "when": times.of(upcoming, zone) if upcoming is not None else None,
        "can_schedule": not group.is_closed
        and policy.can_schedule_meetings(reader, group),
    }
