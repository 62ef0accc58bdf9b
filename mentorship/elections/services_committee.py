"""The committee desk's actions: the core's seat mechanics (`terms`) with the
checks a request needs first and the emails they send. Services flush, the request
commits; a refusal raises ElectionError with a translated message."""

from flask_babel import lazy_gettext as _l

from ..db import utcnow
from . import notify_committee, queries_committee, terms
from .services import ElectionError


def give_office(seat, office, actor):
    """Give her an office (or take hers: `office` None) and tell her."""
    if seat.office == office:
        raise ElectionError(_l("She already holds this office: nothing changed."))
    terms.give_office(seat, office, actor)
    notify_committee.office_changed(seat)
    return seat


def end_early(seat, reason, actor):
    """End a sitting member's seat before her term ends (resigned or removed)."""
    if reason not in ("resigned", "removed"):
        raise ElectionError(_l("Choose why the seat ends."))
    if not terms.end_seat(seat, reason, actor):
        raise ElectionError(_l("This seat has already ended: nothing changed."))
    notify_committee.seat_ended(seat)
    return seat


def fill(seat, actor):
    """Fill a vacancy by recounting the seat's election; welcome the one elected."""
    if seat.election.decision_id is None:
        raise ElectionError(
            _l("This seat was not filled by a vote: the next election fills it.")
        )
    new = terms.fill_vacancy(seat, actor)
    notify_committee.welcome(new)
    return new


def prepare_next(actor):
    """Draft the next election for the next term end, as the last one's model."""
    if queries_committee.next_election() is not None:
        raise ElectionError(_l("The next election is already being prepared."))
    if queries_committee.last_counted() is None:
        raise ElectionError(
            _l(
                "No election was counted yet, so there is no seat model to copy: "
                "draft the first election on the elections' desk."
            )
        )
    ending = queries_committee.next_term_end() or utcnow().date()
    election = terms.prepare_next(ending, actor)
    if election is None:
        raise ElectionError(_l("The next election is already being prepared."))
    return election
