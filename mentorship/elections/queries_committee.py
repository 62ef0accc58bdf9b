"""What the committee's pages read: the sitting members by region, the terms ending
soon and the election that follows, the regional composition against the last seat
model, past members, the recounts that filled vacancies; and her seats for her data
export. The words of the codes (offices, why a seat ended) are here too."""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..db import db, utcnow
from ..vocab import REGIONS
from . import terms
from .models import (
    CountKind,
    Election,
    ElectionCount,
    ElectionStatus,
    Office,
    OfficersBy,
    Seat,
)

OFFICES = {
    Office.CHAIR: _l("Chair"),
    Office.VICE_CHAIR: _l("Vice-chair"),
    Office.TREASURER: _l("Treasurer"),
    Office.SECRETARY: _l("Secretary"),
}
END_REASONS = {
    "term": _l("term ended"),
    "resigned": _l("resigned"),
    "removed": _l("removed"),
}
SOON = timedelta(days=183)  # "in the next 6 months"


def office_label(code):
    return OFFICES.get(code, code or "")


def end_label(code):
    return END_REASONS.get(code, code or "")


def region_label(code):
    return REGIONS.get(code, code or "")


def by_region(seats):
    """[(region code, [seats])] in the vocabulary's order, regions with seats only."""
    grouped = {}
    for seat in seats:
        grouped.setdefault(seat.region, []).append(seat)
    order = list(REGIONS) + sorted(set(grouped) - set(REGIONS))
    return [(code, grouped[code]) for code in order if code in grouped]


def ending_soon():
    """Current seats whose term ends within the next 6 months."""
    return terms.seats_ending(utcnow().date() + SOON)


def next_election():
    """The election being prepared (drafted or in nominations), if any."""
    return db.session.scalar(
        sa.select(Election)
        .where(Election.status.in_([ElectionStatus.DRAFT, ElectionStatus.NOMINATING]))
        .order_by(Election.id.desc())
        .limit(1)
    )


def last_counted():
    return db.session.scalar(
        sa.select(Election)
        .where(Election.status == ElectionStatus.COUNTED)
        .order_by(Election.id.desc())
        .limit(1)
    )


def composition(seats):
    """[(region code, sitting, minimum, maximum)] against the last counted
    election's seat model: every region with a seat or a limit."""
    election = last_counted()
    minimum, maximum = election.limits() if election else ({}, {})
    sitting = {}
    for seat in seats:
        sitting[seat.region] = sitting.get(seat.region, 0) + 1
    codes = {*sitting, *minimum, *maximum}
    return [
        (code, sitting.get(code, 0), minimum.get(code, 0), maximum.get(code))
        for code in [c for c in REGIONS if c in codes] + sorted(codes - set(REGIONS))
    ]


def past_seats():
    """Seats that ended, the latest first."""
    return db.session.scalars(
        sa.select(Seat)
        .where(Seat.ended_on.is_not(None))
        .options(*terms.SEAT_PEOPLE)
        .order_by(Seat.ended_on.desc(), Seat.id.desc())
    ).all()


def seat_or_none(seat_id):
    return db.session.get(Seat, seat_id)


def recounts():
    """Seats that filled a vacancy, with the recount's id, the latest first."""
    return db.session.execute(
        sa.select(Seat, ElectionCount.id)
        .join(ElectionCount, ElectionCount.id == Seat.count_id)
        .where(Seat.replaces_id.is_not(None), ElectionCount.kind == CountKind.RECOUNT)
        .order_by(Seat.id.desc())
    ).all()


def next_term_end():
    """The first day a sitting member's term ends (None: no one sits)."""
    ends = [seat.ends_on for seat in terms.current_seats()]
    return min(ends) if ends else None


def chairs(user):
    """Her current seat holding the chair of a committee whose officers are
    allocated by the committee, if any."""
    today = utcnow().date()
    return db.session.scalar(
        sa.select(Seat.id)
        .join(Election, Election.id == Seat.election_id)
        .where(
            Seat.user_id == user.id,
            Seat.office == Office.CHAIR,
            Seat.ended_on.is_(None),
            Seat.starts_on <= today,
            Seat.ends_on > today,
            Election.officers_by == OfficersBy.ALLOCATED,
        )
        .limit(1)
    )


def export_of(user):
    """Her seats on the Steering Committee, for her data export."""
    seats = db.session.scalars(
        sa.select(Seat).where(Seat.user_id == user.id).order_by(Seat.starts_on)
    ).all()
    return [
        {
            "region": str(region_label(seat.region)),
            "office": str(office_label(seat.office)) if seat.office else None,
            "starts_on": seat.starts_on.isoformat(),
            "ends_on": seat.ends_on.isoformat(),
            "ended_on": seat.ended_on.isoformat() if seat.ended_on else None,
            "end_reason": str(end_label(seat.end_reason)) if seat.end_reason else None,
            "filled_a_vacancy": seat.replaces_id is not None,
        }
        for seat in seats
    ]
