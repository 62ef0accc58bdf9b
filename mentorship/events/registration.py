"""Registration for a session: seats, regional reservations, the waitlist, offers.

Every seat decision is taken with the session's row locked: the first statement of
each change is an UPDATE bumping `session.version` (PostgreSQL locks the row;
SQLite takes its one writer's lock), followed by a `SELECT ... FOR UPDATE` of the
session. Two registrations, two cancellations or a cancellation and a lapsed offer
for the same session therefore run one after the other, and the database never
holds more seated registrations than the capacity.

Seats: a person of region R takes a free reserved seat of R, else an unreserved
seat (the capacity minus every reservation still held), else she joins the
waitlist. Reservations hold until `reserved_until` (or the start); after that any
free seat is open to all. A freed seat passes, in the same transaction, to the first
person on the waitlist (by `waitlisted_at`) for whom a seat is free: at once, or as
an *offer* she must confirm within the series' `confirm_hours`; an offer that lapses
(`core.schedule`, keyed per registration) passes on to the next person.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

from .. import policy
from ..core import schedule
from ..core.errors import ServiceError
from ..core.notifications import notify, public_context, public_url
from ..db import db, utcnow
from . import ics, times
from . import signals as event_signals
from .models import (
    SEATED,
    EventSession,
    ListVisibility,
    Registration,
    RegistrationStatus,
)

ANSWER_MAX = 1000
LAPSE_JOB = "events.offer_lapse"
ACTIVE = (*SEATED, RegistrationStatus.WAITLISTED)
VISIBILITY_LABELS = {
    ListVisibility.EVERYONE: _l("Everyone registered for the session"),
    ListVisibility.ORGANISERS: _l("The organisers only"),
}
STATUS_LABELS = {
    RegistrationStatus.REGISTERED: _l("Holds a seat"),
    RegistrationStatus.OFFERED: _l("Seat offered"),
    RegistrationStatus.WAITLISTED: _l("On the waitlist"),
    RegistrationStatus.CANCELLED: _l("Registration cancelled"),
    RegistrationStatus.LAPSED: _l("Offer lapsed"),
}


class RegistrationError(ServiceError):
    """A registration request that cannot be carried out (translated message)."""


# --- Reading -----------------------------------------------------------------------


def registration_of(session, user):
    """Her registration row for the session (any status), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.session_id == session.id, Registration.user_id == user.id
        )
    )


def waitlist_position(registration):
    """Her place on the waitlist (1 = next), or None when she is not on it."""
    if registration is None or registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.session_id == registration.session_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            sa.or_(
                Registration.waitlisted_at < registration.waitlisted_at,
                sa.and_(
                    Registration.waitlisted_at == registration.waitlisted_at,
                    Registration.id < registration.id,
                ),
            ),
        )
    )
    return ahead + 1


def question_label(question):
    """A question's label in the reader's language (else English, else any)."""
    label = question.get("label") or {}
    if isinstance(label, str):
        return label
    locale = str(get_locale() or "en")
    return label.get(locale) or label.get("en") or next(iter(label.values()), "")


def questions_of(session):
    """The session's well-formed questions (a malformed entry is skipped)."""
    return [
        q
        for q in (session.questions or [])
        if isinstance(q, dict) and isinstance(q.get("id"), str)
    ]


@dataclass
class Seats:
    """Who holds which seats of a session now, and which seat a person could take."""

    session: EventSession
    held: dict  # region -> reserved seats still held (empty once they lapse)
    reserved_used: dict  # region -> seated people on a reserved seat
    unreserved_used: int  # seated people on an unreserved seat
    total_used: int

    @classmethod
    def of(cls, session, now):
        rows = db.session.execute(
            sa.select(
                Registration.reserved_seat,
                Registration.region,
                sa.func.count(Registration.id),
            )
            .where(
                Registration.session_id == session.id,
                Registration.status.in_(SEATED),
            )
            .group_by(Registration.reserved_seat, Registration.region)
        ).all()
        until = session.reserved_until or session.starts_at
        held = (
            {r.region: r.seats for r in session.reservations}
            if now < min(until, session.starts_at)
            else {}
        )
        reserved_used, unreserved, total = {}, 0, 0
        for reserved, region, count in rows:
            total += count
            if reserved and region in held:
                reserved_used[region] = reserved_used.get(region, 0) + count
            else:
                unreserved += count
        return cls(session, held, reserved_used, unreserved, total)

    @property
    def unlimited(self):
        return self.session.capacity is None

    def seat_for(self, region):
        """None when no seat is free for her, else whether it is a reserved one."""
        if self.unlimited:
            return False
        if self.held.get(region, 0) > self.reserved_used.get(region, 0):
            return True
        open_seats = self.session.capacity - sum(self.held.values())
        if self.unreserved_used < open_seats and self.total_used < (
            self.session.capacity
        ):
            return False
        return None

    def take(self, region, reserved):
        self.total_used += 1
        if reserved:
            self.reserved_used[region] = self.reserved_used.get(region, 0) + 1
        else:
            self.unreserved_used += 1

    def any_free(self):
        """A seat is free for someone (of any region)."""
        if self.unlimited:
            return True
        return self.total_used < self.session.capacity and (
            self.unreserved_used < self.session.capacity - sum(self.held.values())
            or any(self.held[r] > self.reserved_used.get(r, 0) for r in self.held)
        )


def availability(session, now=None, region=None):
    """For a person of `region`: 'open' (a seat is free for her; seats another
    region's reservation still holds are not), 'full' (she would join the
    waitlist) or 'unlimited'."""
    seats = Seats.of(session, now or utcnow())
    if seats.unlimited:
        return "unlimited"
    return "open" if seats.seat_for(region) is not None else "full"


# --- Validation --------------------------------------------------------------------


def clean_visibility(value):
    if value not in set(ListVisibility):
        raise RegistrationError(
            _l("Choose who may see your name on the participant list.")
        )
    return ListVisibility(value)


def clean_answers(session, raw):
    """{question id: answer} for the session's questions; required ones enforced."""
    answers = {}
    for question in questions_of(session):
        value = raw.get(question["id"]) or ""
        value = value.strip() if isinstance(value, str) else ""
        if len(value) > ANSWER_MAX:
            raise RegistrationError(
                _l(
                    "Your answer to “%(question)s” is too long (%(max)d characters"
                    " at most).",
                    question=question_label(question),
                    max=ANSWER_MAX,
                )
            )
        if question.get("required") and not value:
            raise RegistrationError(
                _l(
                    "Please answer “%(question)s”.",
                    question=question_label(question),
                )
            )
        if value:
            answers[question["id"]] = value
    return answers


# --- Changes (the caller commits) ---------------------------------------------------


def lock(session_id):
    """The session, its row locked for this transaction; its version bumped."""
    db.session.execute(
        sa.update(EventSession)
        .where(EventSession.id == session_id)
        .values(version=EventSession.version + 1)
        .execution_options(synchronize_session=False)
    )
    session = db.session.scalar(
        sa.select(EventSession)
        .where(EventSession.id == session_id)
        .with_for_update(of=EventSession)
        .execution_options(populate_existing=True)
    )
    if session is None:
        raise RegistrationError(_l("This session does not exist."))
    return session


def _her_row(session_id, user_id, lock_row=False):
    query = sa.select(Registration).where(
        Registration.session_id == session_id, Registration.user_id == user_id
    )
    if lock_row:
        query = query.with_for_update(of=Registration)
    return db.session.scalar(query.execution_options(populate_existing=True))


ALREADY = {
    RegistrationStatus.REGISTERED: _l("You are already registered for this session."),
    RegistrationStatus.OFFERED: _l(
        "A seat is already offered to you: confirm it below."
    ),
    RegistrationStatus.WAITLISTED: _l(
        "You are already on the waitlist for this session."
    ),
}


def register(session_id, user, answers=None, visibility=None, now=None, send=True):
    """Register her for the session: a seat if one is free for her region, else
    the waitlist. Returns her registration; raises RegistrationError."""
    now = now or utcnow()
    visibility = clean_visibility(visibility)
    session = lock(session_id)
    refusal = policy.registration_refusal(user, session, now)
    if refusal is not None:
        raise RegistrationError(refusal)
    answers = clean_answers(session, answers or {})
    row = _her_row(session.id, user.id)
    if row is not None and row.status in ACTIVE:
        raise RegistrationError(ALREADY[RegistrationStatus(row.status)])
    seats = Seats.of(session, now)
    _fill(session, seats, now, send=send)  # seats freed by lapsed reservations
    organisation = user.organisation
    region = organisation.region if organisation is not None else None
    reserved = seats.seat_for(region)
    if row is None:
        row = Registration(session_id=session.id, user_id=user.id, sequence=0)
        db.session.add(row)
    else:
        row.sequence = (row.sequence or 0) + 1
    row.organisation_id = organisation.id if organisation is not None else None
    row.region = region
    row.answers = answers
    row.list_visibility = visibility
    row.cancelled_at = None
    row.offer_expires_at = None
    if reserved is None:
        row.status = RegistrationStatus.WAITLISTED
        row.reserved_seat = False
        row.waitlisted_at = now
    else:
        seats.take(region, reserved)
        row.status = RegistrationStatus.REGISTERED
        row.reserved_seat = reserved
        row.waitlisted_at = None
    db.session.flush()
    event_signals.registration_changed.send(row, change="created")
    if send:
        if row.status == RegistrationStatus.REGISTERED:
            _send(row, "event_registered", with_ics=True)
        else:
            _send(row, "event_waitlisted", position=waitlist_position(row))
    return row


def cancel(session_id, user, now=None, send=True):
    """She gives up her seat, offer or waitlist place (until the start); a freed
    seat passes to the next person on the waitlist in this transaction."""
    now = now or utcnow()
    session = lock(session_id)
    row = _her_row(session.id, user.id)
    if row is None or row.status not in ACTIVE:
        raise RegistrationError(_l("You are not registered for this session."))
    if session.has_started(now):
        raise RegistrationError(
            _l("The session has started: a registration can no longer be cancelled.")
        )
    _release(session, row, RegistrationStatus.CANCELLED, now, send=send)
    event_signals.registration_changed.send(row, change="cancelled")
    return row


def decline(session_id, user, now=None, send=True):
    """She declines the seat offered to her: it passes to the next person."""
    now = now or utcnow()
    session = lock(session_id)
    row = _her_row(session.id, user.id)
    if row is None or row.status != RegistrationStatus.OFFERED:
        raise RegistrationError(_l("No seat is offered to you for this session."))
    _release(session, row, RegistrationStatus.CANCELLED, now, send=send)
    return row


def confirm(session_id, user, now=None, send=True):
    """She takes the seat offered to her, before the offer lapses."""
    now = now or utcnow()
    session = lock(session_id)
    row = _her_row(session.id, user.id)
    if row is None or row.status != RegistrationStatus.OFFERED:
        raise RegistrationError(_l("No seat is offered to you for this session."))
    if row.offer_expires_at is not None and now >= row.offer_expires_at:
        _release(session, row, RegistrationStatus.LAPSED, now, send=send)
        raise RegistrationError(
            _l("The offer has lapsed: the seat went to the next person.")
        )
    row.status = RegistrationStatus.REGISTERED
    row.offer_expires_at = None
    schedule.cancel(_offer_key(row))
    db.session.flush()
    if send:
        _send(row, "event_confirmed", with_ics=True)
    return row


def set_visibility(session_id, user, visibility):
    """She changes who sees her name on the participant list (only she can)."""
    visibility = clean_visibility(visibility)
    session = lock(session_id)
    row = _her_row(session.id, user.id)
    if row is None or row.status not in ACTIVE:
        raise RegistrationError(_l("You are not registered for this session."))
    row.list_visibility = visibility
    db.session.flush()
    return row


def lapse(registration_id, now=None, send=True):
    """An offer not confirmed in time lapses and passes on; False if it had not."""
    now = now or utcnow()
    session_id = db.session.scalar(
        sa.select(Registration.session_id).where(Registration.id == registration_id)
    )
    if session_id is None:
        return False
    session = lock(session_id)
    row = db.session.scalar(
        sa.select(Registration)
        .where(Registration.id == registration_id)
        .execution_options(populate_existing=True)
    )
    if (
        row.status != RegistrationStatus.OFFERED
        or row.offer_expires_at is None
        or now < row.offer_expires_at
    ):
        return False
    _release(session, row, RegistrationStatus.LAPSED, now, send=send)
    return True


def fill_free_seats(session_id, now=None, send=True):
    """Give the seats now free to the waitlist (e.g. after the organiser raised the
    capacity or removed a reservation); the caller commits."""
    now = now or utcnow()
    session = lock(session_id)
    _fill(session, Seats.of(session, now), now, send=send)
    return session


@schedule.handler(LAPSE_JOB)
def _lapse_reminder(payload, reminder):
    lapse(payload.get("registration_id"), now=max(utcnow(), reminder.due_at))


def cancel_for_erasure(user, *, now, **_):
    """Her upcoming registrations are cancelled; their seats pass on (no email to
    her: her account is going)."""
    session_ids = db.session.scalars(
        sa.select(Registration.session_id)
        .join(Registration.session)
        .where(
            Registration.user_id == user.id,
            Registration.status.in_(ACTIVE),
            EventSession.starts_at > now,
        )
        .order_by(Registration.session_id)
    ).all()
    for session_id in session_ids:
        session = lock(session_id)
        row = _her_row(session_id, user.id)
        if row is not None and row.status in ACTIVE:
            _release(session, row, RegistrationStatus.CANCELLED, now, notify_her=False)


def _release(session, row, status, now, send=True, notify_her=True):
    held_seat = row.holds_seat
    was_offered = row.status == RegistrationStatus.OFFERED
    row.status = status
    row.cancelled_at = now if status == RegistrationStatus.CANCELLED else None
    row.offer_expires_at = None
    row.reserved_seat = False
    row.sequence = (row.sequence or 0) + 1
    if was_offered:
        schedule.cancel(_offer_key(row))
    db.session.flush()
    if send and notify_her:
        if status == RegistrationStatus.LAPSED:
            _send(row, "event_offer_lapsed")
        else:
            _send(row, "event_cancelled", with_ics=held_seat, cancelled=True)
    if held_seat:
        _fill(session, Seats.of(session, now), now, send=send)


def _fill(session, seats, now, send=True):
    """Give every free seat to the first people on the waitlist who fit it."""
    if not seats.any_free():
        return
    waiting = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.session_id == session.id,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.waitlisted_at, Registration.id)
    ).all()
    hours = session.series.confirm_hours
    for row in waiting:
        if not seats.any_free():
            break
        reserved = seats.seat_for(row.region)
        if reserved is None:
            continue
        seats.take(row.region, reserved)
        row.reserved_seat = reserved
        row.waitlisted_at = None
        if hours:
            row.status = RegistrationStatus.OFFERED
            row.offer_expires_at = min(now + timedelta(hours=hours), session.starts_at)
            schedule.schedule(
                _offer_key(row),
                row.offer_expires_at,
                LAPSE_JOB,
                {"registration_id": row.id},
            )
            db.session.flush()
            if send:
                _send(row, "event_offered")
        else:
            row.status = RegistrationStatus.REGISTERED
            db.session.flush()
            if send:
                _send(row, "event_promoted", with_ics=True)


def _offer_key(row):
    return f"event-offer:{row.id}"


def _send(row, template, with_ics=False, cancelled=False, **context):
    """Her email, in her language, with the .ics when it changes her calendar."""
    session, person = row.session, row.user
    locale = person.locale or "en"
    url = public_url("events.session", session_id=session.id)
    # Her own zone, never the request's (the sender's browser): times.person_zone.
    zone = times.person_zone(person) or session.timezone
    with public_context(), force_locale(locale):
        attachments = []
        if with_ics:
            attachments.append(
                ics.attachment(
                    session, _host(), url=url, registration=row, cancelled=cancelled
                )
            )
        deadline = None
        if row.offer_expires_at is not None:
            deadline = times.moment(
                row.offer_expires_at, row.offer_expires_at, zone, locale
            )
        when = times.of(session, zone, locale)
    notify(
        person,
        template,
        attachments=attachments,
        person=person,
        event=session,
        registration=row,
        when=when,
        deadline=deadline,
        session_url=url,
        **context,
    )


def _host():
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


# --- Her data ----------------------------------------------------------------------


def export_of(user):
    """Her registrations for her data export (JSON-safe)."""
    rows = db.session.scalars(
        sa.select(Registration)
        .where(Registration.user_id == user.id)
        .order_by(Registration.created_at, Registration.id)
    ).all()
    return [
        {
            "session_id": row.session_id,
            "session_starts_at": row.session.starts_at.isoformat(),
            "status": row.status,
            "list_visibility": row.list_visibility,
            "answers": dict(row.answers or {}),
            "registered_at": row.created_at.isoformat() if row.created_at else None,
            "cancelled_at": row.cancelled_at.isoformat() if row.cancelled_at else None,
            "attended": row.attended,
        }
        for row in rows
    ]


def init_app(app):
    """Her registrations end with her account (core.signals.person_erased); seats
    an organiser adds go to the waitlist (events.signals.session_saved)."""
    from ..core import signals

    signals.person_erased.connect(cancel_for_erasure)
    event_signals.session_saved.connect(_seats_may_have_freed)


def _seats_may_have_freed(session, created=False, **_changes):
    """The organiser edited the session: a raised capacity or a reservation removed
    frees seats, which go to the waitlist at once (in the edit's transaction)."""
    if not created and not session.is_cancelled:
        fill_free_seats(session.id)
