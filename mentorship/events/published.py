"""What the events' pages publish about a session's seats: its availability in
words for a reader (regional reservations counted), and its counts through
disclosure control (`core.disclosure`)."""

from dataclasses import dataclass

import sqlalchemy as sa

from ..core import disclosure
from ..db import db, utcnow
from .models import SEATED, Registration, SeatReservation

# --- Availability, in words ---------------------------------------------------------


def _seats(session_ids):
    """{session id: {(region, reserved seat): seats held}} in one query."""
    held = {}
    if not session_ids:
        return held
    for session_id, region, reserved, n in db.session.execute(
        sa.select(
            Registration.session_id,
            Registration.region,
            Registration.reserved_seat,
            sa.func.count(),
        )
        .where(
            Registration.session_id.in_(session_ids),
            Registration.status.in_(SEATED),
        )
        .group_by(
            Registration.session_id, Registration.region, Registration.reserved_seat
        )
    ):
        held.setdefault(session_id, {})[(region, bool(reserved))] = n
    return held


def _reservations(session_ids):
    """{session id: [SeatReservation]} in one query."""
    found = {}
    if session_ids:
        for reservation in db.session.scalars(
            sa.select(SeatReservation).where(
                SeatReservation.session_id.in_(session_ids)
            )
        ):
            found.setdefault(reservation.session_id, []).append(reservation)
    return found


def seats_open_to(session, held, reservations, region, now):
    """Seats she (from `region`, None when unknown) may still take: the capacity,
    less the seats held, less the seats still reserved for other regions."""
    seated = sum(held.values())
    free = session.capacity - seated
    in_force = session.reserved_until is None or now < session.reserved_until
    if in_force:
        for reservation in reservations:
            if reservation.region == region:
                continue
            taken = held.get((reservation.region, True), 0)
            free -= max(0, reservation.seats - taken)
    return free


def availability(sessions, reader, now=None):
    """{session id: code of words.AVAILABILITY} for the reader, in two queries."""
    now = now or utcnow()
    ids = [s.id for s in sessions if s.capacity is not None]
    held, reservations = _seats(ids), _reservations(ids)
    organisation = getattr(reader, "organisation", None)
    region = organisation.region if organisation is not None else None
    codes = {}
    for session in sessions:
        if session.is_cancelled:
            codes[session.id] = "cancelled"
        elif session.has_ended(now):
            codes[session.id] = "past"
        elif session.registration_is_open(now):
            full = session.capacity is not None and (
                seats_open_to(
                    session,
                    held.get(session.id, {}),
                    reservations.get(session.id, []),
                    region,
                    now,
                )
                <= 0
            )
            codes[session.id] = "full" if full else "available"
        elif (
            session.registration_opens_at is not None
            and now < session.registration_opens_at
        ):
            codes[session.id] = "not_open"
        else:
            codes[session.id] = "closed"
    return codes


# --- Counts shown to anyone who sees the page, through disclosure control ------------


@dataclass(frozen=True)
class Counts:
    """A session's published counts: None where disclosure control withholds one
    (the page says "fewer than 5" or nothing)."""

    ended: bool
    registered: int | None = None
    registered_shown: bool = False  # False: not shown at all (differencing)
    attended: int | None = None
    organisations: int | None = None


def counts(session, now=None):
    """Before the session: how many hold a seat (5 or more, else "fewer than 5").
    After it: how many attended and from how many organisations; the number
    registered too only when registered - attended (the no-shows and those not
    marked) is itself a block of 5 or more (`disclosure.Partition`), so that no
    difference of two published figures describes fewer than 5 people.
    Availability is told in words: no "seats left", which with the capacity
    would give the registered count by difference."""
    now = now or utcnow()
    if session.is_cancelled:
        return None
    seated = db.session.execute(
        sa.select(Registration.attended, Registration.organisation_id).where(
            Registration.session_id == session.id,
            Registration.status.in_(SEATED),
        )
    ).all()
    if not session.has_ended(now):
        return Counts(
            ended=False,
            registered=disclosure.suppress(len(seated), len(seated)),
            registered_shown=True,
        )
    cells = {("attended",): 0, ("absent",): 0, ("unmarked",): 0}
    organisations = set()
    for attended, organisation_id in seated:
        key = {True: "attended", False: "absent", None: "unmarked"}[attended]
        cells[(key,)] += 1
        if attended and organisation_id is not None:
            organisations.add(organisation_id)
    partition = disclosure.Partition(cells)
    n_attended = cells[("attended",)]
    attended_shown = partition.allows([("attended",)])
    return Counts(
        ended=True,
        registered=len(seated) if partition.allows(list(cells)) else None,
        registered_shown=partition.allows(list(cells)),
        attended=n_attended if attended_shown else None,
        organisations=(
            disclosure.suppress(len(organisations), len(organisations))
            if attended_shown
            else None
        ),
    )
