"""Seats and terms: the elected join the Steering Committee for their term, offices
are given, terms end on time (and the next election is drafted), and a vacancy is
filled by recounting the original ballots with the departed member withdrawn and the
others fixed.
"""

from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..audit import record
from ..core import memberships, schedule, translated
from ..core.transitions import update_if
from ..db import db, utcnow
from . import stv
from .models import (
    CountKind,
    Election,
    ElectionStatus,
    Nomination,
    OfficersBy,
    Seat,
    SeatEnd,
)
from .services import ElectionError, committee

TERM_END_JOB = "elections.term_end"
SEAT_PEOPLE = (selectinload(Seat.user), selectinload(Seat.organisation))
"""Lists of seats name each member and her organisation: one statement each."""


def add_years(day, years):
    """The same day `years` later (29 February: 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def take_seats(election, count_row, actor=None):
    """Each elected candidate of a count takes her seat for the election's term."""
    starts = election.term_starts_on or utcnow().date()
    ends = add_years(starts, election.term_years)
    for nomination_id in count_row.elected:
        nomination = db.session.get(Nomination, nomination_id)
        seat_for(election, nomination, count_row, starts, ends, actor)


def seat_for(election, nomination, count_row, starts, ends, actor, replaces=None):
    """Seat `nomination`'s candidate from `starts` to `ends` (a committee
    membership ending with the term) and plan the term's end."""
    membership = memberships.start(
        nomination.candidate,
        "member",
        body=committee(),
        starts_on=starts,
        actor=actor,
    )
    membership.ends_on = ends
    seat = Seat(
        election_id=election.id,
        nomination_id=nomination.id,
        count_id=count_row.id,
        user_id=nomination.candidate_id,
        membership_id=membership.id,
        organisation_id=nomination.candidate_organisation_id,
        region=nomination.region,
        starts_on=starts,
        ends_on=ends,
        replaces_id=getattr(replaces, "id", None),
    )
    db.session.add(seat)
    db.session.flush()
    record(seat, "seated", actor=actor, data={"election_id": election.id})
    schedule.schedule(
        f"seat:{seat.id}:term_end",
        datetime.combine(ends, time(0, 0), tzinfo=UTC),
        TERM_END_JOB,
        {"id": seat.id},
    )
    return seat


def current_seats(on=None):
    """The seats held today (or on `on`), by region then start."""
    on = on or utcnow().date()
    return db.session.scalars(
        sa.select(Seat)
        .where(Seat.ended_on.is_(None), Seat.starts_on <= on, Seat.ends_on > on)
        .options(*SEAT_PEOPLE)
        .order_by(Seat.region, Seat.starts_on, Seat.id)
    ).all()


def end_seat(seat, reason, actor=None, on=None):
    """End a seat (its term over, a resignation, a removal): the committee
    membership ends with it and its office is freed. False if already ended."""
    on = on or utcnow().date()
    if reason not in set(SeatEnd):
        raise ElectionError(_l("Choose why the seat ends."))
    won = update_if(
        Seat,
        seat,
        Seat.ended_on.is_(None),
        ended_on=max(on, seat.starts_on),
        end_reason=reason,
        office=None,
    )
    if not won:
        return False
    if seat.membership is not None:
        memberships.shorten(seat.membership, seat.ended_on, actor=actor, reason=reason)
    record(seat, "seat_ended", actor=actor, to_state=reason)
    schedule.cancel(f"seat:{seat.id}:term_end")
    return True


def end_for_erasure(user, **_extra):
    """Her account is erased (core.signals.person_erased): her seats end as
    removed, her office is freed and each seat becomes a vacancy the Secretariat
    fills by recount (where she is withdrawn, no longer available)."""
    seats = db.session.scalars(
        sa.select(Seat).where(Seat.user_id == user.id, Seat.ended_on.is_(None))
    ).all()
    for seat in seats:
        end_seat(seat, SeatEnd.REMOVED, actor=None)


def vacancies():
    """Seats ended early whose term still runs and that no recount has filled."""
    today = utcnow().date()
    filled = sa.select(Seat.replaces_id).where(Seat.replaces_id.is_not(None))
    return db.session.scalars(
        sa.select(Seat)
        .where(
            Seat.end_reason.in_([SeatEnd.RESIGNED, SeatEnd.REMOVED]),
            Seat.ends_on > today,
            Seat.id.not_in(filled),
        )
        .options(*SEAT_PEOPLE)
        .order_by(Seat.ended_on)
    ).all()


def fill_vacancy(seat, actor):
    """Recount the seat's election: the original ballots, the departed member and
    every candidate no longer available withdrawn, the sitting members of that
    election fixed. The one newly elected takes the seat for the rest of its term."""
    from .vote import _count, ballots_of, record_count

    if seat.end_reason not in (SeatEnd.RESIGNED, SeatEnd.REMOVED):
        raise ElectionError(_l("Only a seat left early is filled by a recount."))
    if seat.ends_on <= utcnow().date():
        raise ElectionError(_l("This seat's term is over: the next election fills it."))
    db.session.execute(sa.select(Seat.id).where(Seat.id == seat.id).with_for_update())
    if db.session.scalar(sa.select(Seat.id).where(Seat.replaces_id == seat.id)):
        raise ElectionError(_l("This vacancy is already filled."))
    election = seat.election
    candidates = _candidates(election)
    sitting = {s.nomination_id for s in current_seats() if s.election_id == election.id}
    seated_ever = set(
        db.session.scalars(
            sa.select(Seat.nomination_id).where(Seat.election_id == election.id)
        )
    )
    withdrawn = {
        n.id
        for n in candidates
        if (n.id in seated_ever and n.id not in sitting) or not _available(n)
    }
    try:
        result = _count(
            election,
            candidates,
            ballots_of(election),
            election.seed,
            withdrawn=withdrawn,
            fixed=sorted(sitting),
        )
    except stv.CountError:
        raise ElectionError(
            _l(
                "No remaining candidate can fill this seat under the seat model: it "
                "stays vacant until the next election."
            )
        ) from None
    new = [n for n in result.elected if n not in sitting]
    count_row = record_count(
        election,
        result.to_json(),
        CountKind.RECOUNT,
        actor,
        vacated=seat,
        withdrawn=withdrawn,
        fixed=sitting,
    )
    count_row.elected = new
    nomination = db.session.get(Nomination, new[0])
    return seat_for(
        election,
        nomination,
        count_row,
        max(utcnow().date(), seat.starts_on),
        seat.ends_on,
        actor,
        replaces=seat,
    )


def _candidates(election):
    """Everyone who stood in the election (the options of its ballot)."""
    from .vote import nomination_of

    ids = [nomination_of(o) for o in election.decision.options]
    return db.session.scalars(sa.select(Nomination).where(Nomination.id.in_(ids))).all()


def _available(nomination):
    """She can still serve: her account is live and her organisation a member."""
    person = nomination.candidate
    return (
        person.erased_at is None
        and nomination.candidate_organisation is not None
        and nomination.candidate_organisation.status == "member"
    )


def give_office(seat, office, actor):
    """Give a sitting member an office of the committee (one holder per office;
    `office` None takes hers away)."""
    if seat.ended_on is not None:
        raise ElectionError(_l("Only a sitting member holds an office."))
    if office is not None and office not in seat.election.offices:
        raise ElectionError(_l("This office is not one of the committee's."))
    try:
        with db.session.begin_nested():
            seat.office = office
            db.session.flush()
    except IntegrityError:
        db.session.refresh(seat)
        raise ElectionError(
            _l("Another member holds this office: take it from her first.")
        ) from None
    record(seat, "office_given", actor=actor, to_state=office or "")
    return seat


def prepare_next(ending_on, actor=None):
    """Draft the next election when terms end and none is planned: the same seat
    model as the last counted one, for the seats ending. None if one is planned."""
    planned = db.session.scalar(
        sa.select(Election.id).where(
            Election.status.in_([ElectionStatus.DRAFT, ElectionStatus.NOMINATING])
        )
    )
    last = db.session.scalar(
        sa.select(Election)
        .where(Election.status == ElectionStatus.COUNTED)
        .order_by(Election.id.desc())
        .limit(1)
    )
    if planned is not None or last is None:
        return None
    from .services import create

    minimum, maximum = last.limits()
    ending = db.session.scalar(
        sa.select(sa.func.count(Seat.id)).where(Seat.ends_on == ending_on)
    )
    election = create(
        translated.Edit(
            "en",
            {
                "en": f"Steering Committee election {ending_on.year}",
                "fr": f"Élection du comité de pilotage {ending_on.year}",
                "es": f"Elección del Comité Directivo {ending_on.year}",
            },
        ),
        actor,
        seats=max(1, min(ending or last.seats, last.seats)),
        nominations_per_org=last.nominations_per_org,
        term_years=last.term_years,
        term_starts_on=ending_on,
        consecutive_terms=last.consecutive_terms,
        officers_by=last.officers_by or OfficersBy.ALLOCATED,
        offices=list(last.offices),
        regions={r: (minimum.get(r, 0), maximum.get(r)) for r in {*minimum, *maximum}},
    )
    return election


@schedule.handler(TERM_END_JOB)
def term_end(payload, _reminder):
    """On a term's last day: the seat ends, and the next election is drafted if
    none is planned."""
    seat = db.session.get(Seat, payload["id"])
    if seat is None or seat.ended_on is not None:
        return
    end_seat(seat, SeatEnd.TERM, on=seat.ends_on)
    prepare_next(seat.ends_on)


def seats_ending(before: date):
    """Current seats whose term ends before `before` (the committee page)."""
    return [s for s in current_seats() if s.ends_on <= before]
