"""Nominations: a member organisation nominates, the candidate answers, the
Secretariat checks her eligibility against the election's rules.

The window, the number each organisation may nominate and the one accepted
nomination per person are kept by the database (a row lock on the election while an
organisation nominates, a partial unique index on accepted nominations); answers and
checks are conditional UPDATEs. Refusals raise ElectionError and change nothing.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..audit import record
from ..auth.models import User
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from .models import (
    Election,
    ElectionStatus,
    Eligibility,
    Nomination,
    NominationStatus,
    Seat,
)
from .services import ElectionError

LIVE = (NominationStatus.PROPOSED, NominationStatus.ACCEPTED)


def nominate(election, organisation, candidate, by):
    """`organisation` (through `by`, its leader or delegate: the caller checked)
    nominates `candidate` while the window is open, up to the election's number."""
    _lock(election)
    if not election.nominations_open():
        raise ElectionError(_l("Nominations are not open: nothing was recorded."))
    if organisation.status != "member":
        raise ElectionError(
            _l("Only member organisations nominate: nothing was recorded.")
        )
    if candidate.erased_at is not None or candidate.organisation_id is None:
        raise ElectionError(
            _l("Only a person of a member organisation can be nominated.")
        )
    if (
        nominated_by_organisation(election, organisation)
        >= election.nominations_per_org
    ):
        raise ElectionError(
            _l(
                "Your organisation has made its %(n)s nominations: withdraw one first.",
                n=election.nominations_per_org,
            )
        )
    her_organisation = candidate.organisation
    nomination = Nomination(
        election_id=election.id,
        organisation_id=organisation.id,
        nominated_by_id=by.id,
        candidate_id=candidate.id,
        candidate_organisation_id=her_organisation.id,
        region=her_organisation.region,
    )
    try:
        with db.session.begin_nested():
            db.session.add(nomination)
    except IntegrityError:
        raise ElectionError(
            _l("Your organisation has already nominated her: nothing changed.")
        ) from None
    record(nomination, "nominated", actor=by, to_state=NominationStatus.PROPOSED)
    return nomination


def _lock(election):
    """Serialise nominations to one election (the number per organisation)."""
    db.session.execute(
        sa.select(Election.id).where(Election.id == election.id).with_for_update()
    )
    db.session.refresh(election)


def nominated_by_organisation(election, organisation):
    """How many live nominations (proposed or accepted) the organisation made."""
    return db.session.scalar(
        sa.select(sa.func.count(Nomination.id)).where(
            Nomination.election_id == election.id,
            Nomination.organisation_id == organisation.id,
            Nomination.status.in_(LIVE),
        )
    )


def _before_vote(nomination):
    if nomination.election.status != ElectionStatus.NOMINATING:
        raise ElectionError(
            _l("Nominations are closed for this election: nothing changed.")
        )


def accept(nomination, by):
    """She accepts: she stands, and her other nominations in this election are
    declined. A second acceptance (another tab, another nomination) is refused."""
    _before_vote(nomination)
    # Her nominations are answered one at a time (two tabs accepting two of them
    # would otherwise wait on each other's accepted row).
    db.session.execute(
        sa.select(User.id).where(User.id == nomination.candidate_id).with_for_update()
    )
    try:
        with db.session.begin_nested():
            won = transition(
                Nomination,
                nomination,
                [NominationStatus.PROPOSED],
                NominationStatus.ACCEPTED,
                actor=by,
                answered_at=utcnow(),
            )
    except IntegrityError:
        raise ElectionError(
            _l("You already stand in this election through another nomination.")
        ) from None
    if not won:
        raise ElectionError(_l("This nomination was answered meanwhile."))
    others = db.session.scalars(
        sa.select(Nomination).where(
            Nomination.election_id == nomination.election_id,
            Nomination.candidate_id == nomination.candidate_id,
            Nomination.id != nomination.id,
            Nomination.status == NominationStatus.PROPOSED,
        )
    ).all()
    for other in others:
        transition(
            Nomination,
            other,
            [NominationStatus.PROPOSED],
            NominationStatus.DECLINED,
            actor=by,
            reason="accepted another nomination",
            answered_at=utcnow(),
        )
    return nomination


def decline(nomination, by):
    """She declines a proposed nomination."""
    won = transition(
        Nomination,
        nomination,
        [NominationStatus.PROPOSED],
        NominationStatus.DECLINED,
        actor=by,
        answered_at=utcnow(),
    )
    if not won:
        raise ElectionError(_l("This nomination was answered meanwhile."))
    return nomination


def withdraw(nomination, by, reason=""):
    """She (or her nominating organisation) withdraws the nomination. While the
    vote is open the candidate is withdrawn from the ballot; after, nothing."""
    election = nomination.election
    if election.status not in (ElectionStatus.NOMINATING, ElectionStatus.VOTING):
        raise ElectionError(_l("This election is over: nothing changed."))
    won = transition(
        Nomination,
        nomination,
        LIVE,
        NominationStatus.WITHDRAWN,
        actor=by,
        reason=(reason or "")[:500],
    )
    if not won:
        raise ElectionError(_l("This nomination is no longer live: nothing changed."))
    if election.status == ElectionStatus.VOTING:
        from .vote import withdraw_from_ballot

        withdraw_from_ballot(nomination, by, reason)
    return nomination


def problems(nomination):
    """The election's rules she does not meet (translated reasons): her
    organisation, her region's seats, the limit on consecutive terms."""
    election = nomination.election
    found = []
    if nomination.candidate_organisation is None or (
        nomination.candidate_organisation.status != "member"
    ):
        found.append(_l("Her organisation is not a member of the Alliance."))
    _minimum, maximum = election.limits()
    if maximum.get(nomination.region) == 0:
        found.append(_l("Her region has no seat in this election."))
    starts = election.term_starts_on or utcnow().date()
    seats = db.session.scalars(
        sa.select(Seat)
        .where(Seat.user_id == nomination.candidate_id)
        .order_by(Seat.starts_on.desc())
    ).all()
    if any(s.ended_on is None and s.ends_on > starts for s in seats):
        found.append(_l("She already sits on the committee after these terms start."))
    if election.consecutive_terms and (
        consecutive_terms(seats, starts) >= election.consecutive_terms
    ):
        found.append(
            _l(
                "She has served %(n)s consecutive terms, the limit.",
                n=election.consecutive_terms,
            )
        )
    return found


GAP = timedelta(days=92)
"""Terms separated by less than this (a quarter) count as consecutive."""


def consecutive_terms(seats, starts):
    """How many terms in a row she will have served when new terms start on
    `starts`: her seats (newest first) chained back without a gap."""
    chain, edge = 0, starts
    for seat in seats:
        end = seat.ended_on or seat.ends_on
        if end > edge or edge - end >= GAP:
            break
        chain += 1
        edge = seat.starts_on
    return chain


def check(nomination, by, eligible, reason=""):
    """The Secretariat's check of an accepted nomination: eligible (only when she
    meets every rule) or ineligible with a reason. A later check replaces an
    earlier one until the vote opens."""
    _before_vote(nomination)
    reason = (reason or "").strip()[:500]
    if nomination.status != NominationStatus.ACCEPTED:
        raise ElectionError(_l("Only an accepted nomination is checked."))
    if eligible and problems(nomination):
        raise ElectionError(
            _l("She does not meet the election's rules: she cannot be eligible.")
        )
    if not eligible and not reason:
        raise ElectionError(_l("Give the reason she is not eligible."))
    to = Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE
    won = update_if(
        Nomination,
        nomination,
        Nomination.status == NominationStatus.ACCEPTED,
        eligibility=to,
        eligibility_reason="" if eligible else reason,
        checked_by_id=by.id,
        checked_at=utcnow(),
    )
    if not won:
        raise ElectionError(_l("This nomination was withdrawn meanwhile."))
    record(nomination, "checked", actor=by, to_state=to, reason=reason)
    return nomination


def standing(election):
    """The accepted, eligible nominations (the candidates), by id, with each
    candidate and her organisation loaded in one statement each (not one per
    candidate: pages list them all)."""
    return db.session.scalars(
        sa.select(Nomination)
        .where(
            Nomination.election_id == election.id,
            Nomination.status == NominationStatus.ACCEPTED,
            Nomination.eligibility == Eligibility.ELIGIBLE,
        )
        .options(
            selectinload(Nomination.candidate),
            selectinload(Nomination.candidate_organisation),
            selectinload(Nomination.organisation),
        )
        .order_by(Nomination.id)
    ).all()


def unchecked(election):
    """Accepted nominations not yet checked."""
    return db.session.scalar(
        sa.select(sa.func.count(Nomination.id)).where(
            Nomination.election_id == election.id,
            Nomination.status == NominationStatus.ACCEPTED,
            Nomination.eligibility == Eligibility.PENDING,
        )
    )
