"""Organising: series and sessions created and edited, and cancelled (the
`organising` part; the organiser's page, messages and attendance are in `roster.py`).

Services add and flush; the view commits. Each change is audited and announced
through `events.signals` (the `timecal` part moves reminders and calendars).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..core.transitions import transition
from ..db import db, utcnow
from . import signals, times
from .models import (
    SEATED,
    EventSeries,
    EventSession,
    Registration,
    SeatReservation,
    SessionStatus,
)


class OrganisingError(ServiceError):
    """A change an organiser asked for that cannot be made (translated message)."""


# --- Series --------------------------------------------------------------------------


@dataclass
class SeriesValues:
    name: translated.Edit
    description: translated.Edit
    kind: str
    default_audience: str
    reminder_minutes: list
    confirm_hours: int | None
    offers_certificate: bool
    body_id: int | None = None
    change_body: bool = True


def save_series(series, values, by):
    """Create (series None) or update a series; audited, `series_saved` sent."""
    created = series is None
    if created:
        series = EventSeries(created_by_id=by.id, slug=_unique_slug(values.name))
        db.session.add(series)
    series.name = translated.set_text(series.name, values.name)
    series.description = translated.set_text(series.description, values.description)
    series.kind = values.kind
    series.default_audience = values.default_audience
    series.reminder_minutes = sorted(set(values.reminder_minutes), reverse=True)
    series.confirm_hours = values.confirm_hours
    series.offers_certificate = values.offers_certificate
    if values.change_body:
        series.body_id = values.body_id
    db.session.flush()
    record(series, "series_created" if created else "series_edited", actor=by)
    signals.series_saved.send(series)
    return series


def _unique_slug(edit):
    words = edit.bodies.get(edit.source_lang) or "series"
    ascii_ = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60] or "series"
    slug, number = base, 1
    while db.session.scalar(sa.select(EventSeries.id).where(EventSeries.slug == slug)):
        number += 1
        slug = f"{base}-{number}"
    return slug


# --- Sessions ------------------------------------------------------------------------


@dataclass
class SessionValues:
    """A session as the organiser entered it: local times in `timezone`."""

    title: translated.Edit
    description: translated.Edit
    agenda: translated.Edit
    theme_id: int | None
    language: str
    interpretations: list
    timezone: str
    starts_local: datetime
    ends_local: datetime
    join_url: str
    audience: str
    capacity: int | None
    reservations: dict = field(default_factory=dict)  # region -> seats
    reserved_until_local: datetime | None = None
    opens_local: datetime | None = None
    closes_local: datetime | None = None
    questions: list = field(default_factory=list)


def to_utc(local, zone):
    """A local date-time entered in `zone`, in UTC (None stays None)."""
    if local is None:
        return None
    from zoneinfo import ZoneInfo

    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))


def to_local(moment, zone):
    """A stored UTC moment as the naive local date-time of `zone` (for forms)."""
    if moment is None:
        return None
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def seated_count(session):
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.session_id == session.id, Registration.status.in_(SEATED)
        )
    )


def _check(session, values, moments):
    """Every rule a session must keep; raises OrganisingError with the first broken."""
    if session is not None and session.is_cancelled:
        raise OrganisingError(_l("A cancelled session cannot be changed."))
    if times.valid_zone(values.timezone) is None:
        raise OrganisingError(_l("Choose a time zone from the list."))
    starts, ends, until, opens, closes = moments
    if ends <= starts:
        raise OrganisingError(_l("The session must end after it starts."))
    if values.join_url and not values.join_url.startswith("https://"):
        raise OrganisingError(_l("The joining link must start with https://."))
    if opens is not None and opens >= starts:
        raise OrganisingError(_l("Registration must open before the session starts."))
    if closes is not None and closes > starts:
        raise OrganisingError(_l("Registration must close by the start at the latest."))
    if opens is not None and closes is not None and closes <= opens:
        raise OrganisingError(_l("Registration must close after it opens."))
    if until is not None and until > starts:
        raise OrganisingError(
            _l("Seats can be reserved until the start at the latest.")
        )
    _check_seats(session, values)


def _check_seats(session, values):
    reserved = sum(values.reservations.values())
    if reserved and values.capacity is None:
        raise OrganisingError(_l("Set a capacity before reserving seats for regions."))
    if values.capacity is not None and reserved > values.capacity:
        raise OrganisingError(
            _l("The seats reserved for regions add up to more than the capacity.")
        )
    if session is not None and values.capacity is not None:
        taken = seated_count(session)
        if values.capacity < taken:
            raise OrganisingError(
                _l(
                    "%(count)d people already hold a seat: the capacity cannot be "
                    "lower.",
                    count=taken,
                )
            )


def save_session(session, series, values, by):
    """Create (session None) or update a session of `series`; audited, signalled,
    its calendar SEQUENCE bumped when its time, title or link changed."""
    zone = times.valid_zone(values.timezone) or values.timezone
    moments = (
        (
            to_utc(values.starts_local, zone),
            to_utc(values.ends_local, zone),
            to_utc(values.reserved_until_local, zone),
            to_utc(values.opens_local, zone),
            to_utc(values.closes_local, zone),
        )
        if times.valid_zone(values.timezone)
        else (None,) * 5
    )
    _check(session, values, moments)
    if session is not None:
        # The row is locked so that the capacity check holds against registrations.
        db.session.execute(
            sa.select(EventSession.id)
            .where(EventSession.id == session.id)
            .with_for_update()
        )
        _check_seats(session, values)
    created = session is None
    if created:
        session = EventSession(series=series, organiser_id=by.id)
        db.session.add(session)
        before = None
    else:
        before = _calendar_view(session)
    starts, ends, until, opens, closes = moments
    session.title = translated.set_text(session.title, values.title)
    session.description = translated.set_text(session.description, values.description)
    session.agenda = translated.set_text(session.agenda, values.agenda)
    session.theme_id = values.theme_id
    session.language = values.language
    session.interpretations = sorted(set(values.interpretations) - {values.language})
    session.timezone = zone
    session.starts_at, session.ends_at = starts, ends
    session.join_url = values.join_url
    session.audience = values.audience
    session.capacity = values.capacity
    session.reserved_until = until
    session.registration_opens_at, session.registration_closes_at = opens, closes
    session.questions = values.questions
    _set_reservations(session, values.reservations)
    moved = before is not None and before[:2] != (starts, ends)
    if before is not None and before != _calendar_view(session):
        session.sequence = (session.sequence or 0) + 1
    db.session.flush()
    record(
        session,
        "session_created" if created else "session_edited",
        actor=by,
        data={"moved": moved, "sequence": session.sequence},
    )
    signals.session_saved.send(session, created=created, moved=moved)
    return session


def _calendar_view(session):
    """What a registrant's calendar shows: a change bumps the SEQUENCE."""
    title = session.title
    bodies = dict(sorted((lang, row.body) for lang, row in title.translations.items()))
    return (session.starts_at, session.ends_at, str(bodies), session.join_url)


def _set_reservations(session, wanted):
    kept = {r.region: r for r in session.reservations}
    for region, reservation in kept.items():
        if not wanted.get(region):
            session.reservations.remove(reservation)
    for region, seats in wanted.items():
        if not seats:
            continue
        if region in kept:
            kept[region].seats = seats
        else:
            session.reservations.append(SeatReservation(region=region, seats=seats))


def cancel_session(session, reason, by):
    """Cancel a session (one conditional UPDATE); registrants are told by the
    receivers of `session_cancelled`."""
    won = transition(
        EventSession,
        session,
        [SessionStatus.SCHEDULED],
        SessionStatus.CANCELLED,
        actor=by,
        reason=reason,
        cancelled_at=utcnow(),
        sequence=EventSession.sequence + 1,
    )
    if not won:
        raise OrganisingError(_l("This session has already been cancelled."))
    db.session.refresh(session)
    signals.session_cancelled.send(session, reason=reason)
    return session
