"""Casting an organisation's one answer: reading the ballot from the form, checking it
against the decision's kind, and recording it once per organisation.

The unique (decision, organisation) participation decides every race: a second answer
is refused and changes nothing; the one exception is the organisation's own delegate
voting after its proxy did, which replaces the proxy's answer (a conditional UPDATE,
so that only one of two delegates doing it at once wins).
"""

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..core.transitions import update_if
from ..db import db, utcnow
from . import notify
from .models import (
    POLL_ANSWERS,
    PROPOSAL_CHOICES,
    Ballot,
    Decision,
    DecisionKind,
    DecisionStatus,
    Participation,
    Via,
)
from .services import DecisionError


def read_choices(decision, form):
    """The ballot's choices from a submitted form (a MultiDict), checked against
    the decision; DecisionError with the reason when they are not valid."""
    return READERS[decision.kind](decision, form)


def _proposal(_decision, form):
    choice = form.get("choice", "")
    if choice not in PROPOSAL_CHOICES:
        raise DecisionError(_l("Choose agree, abstain, disagree or block."))
    return {"choice": choice}


def _option_ids(decision):
    return {str(o.id) for o in decision.options}


def _approval(decision, form):
    chosen = form.getlist("approved")
    if not set(chosen) <= _option_ids(decision) or len(set(chosen)) != len(chosen):
        raise DecisionError(_l("Approve only the options listed."))
    return {"approved": sorted(int(o) for o in chosen)}


def _small_number(raw):
    """A whole number of at most two ASCII digits, else None: "²" and a 5,000-digit
    string pass `isdigit` yet make `int` fail."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 2:
        return int(raw)
    return None


def _score(decision, form):
    scores = {}
    for option in _option_ids(decision):
        raw = form.get(f"score-{option}", "").strip()
        if raw == "":
            continue
        score = _small_number(raw)
        if score is None or not 0 <= score <= decision.max_score:
            raise DecisionError(
                _l("Give each score from 0 to %(most)s.", most=decision.max_score)
            )
        scores[option] = score
    return {"scores": scores}


def _ranked(decision, form):
    ranks = {}
    withdrawn = {str(o.id) for o in decision.options if o.withdrawn_at is not None}
    for option in _option_ids(decision):
        raw = form.get(f"rank-{option}", "").strip()
        if raw == "":
            continue
        rank = _small_number(raw)
        if rank is None or not 1 <= rank <= len(decision.options):
            raise DecisionError(_l("Rank the options with the numbers offered."))
        ranks[option] = rank
    if withdrawn & set(ranks):
        raise DecisionError(
            _l("A candidate you ranked has withdrawn: rank only those still standing.")
        )
    if len(set(ranks.values())) != len(ranks):
        raise DecisionError(
            _l("Give each rank to one option only: two options share a rank.")
        )
    if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
        raise DecisionError(_l("Number your preferences 1, 2, 3… without a gap."))
    return {"ranking": [int(o) for o in sorted(ranks, key=ranks.get)]}


def _time_poll(decision, form):
    answers = {}
    for option in _option_ids(decision):
        answer = form.get(f"time-{option}", "no")
        if answer not in POLL_ANSWERS:
            raise DecisionError(_l("Answer yes, if need be, or no for each time."))
        answers[option] = answer
    return {"answers": answers}


READERS = {
    DecisionKind.PROPOSAL: _proposal,
    DecisionKind.APPROVAL: _approval,
    DecisionKind.SCORE: _score,
    DecisionKind.RANKED: _ranked,
    DecisionKind.TIME_POLL: _time_poll,
}


def slot(decision, organisation_id):
    """A secret ballot's link to its organisation while open: a keyed hash no one
    can recompute once the key is erased at close."""
    key = decision.ballot_key.encode()
    return hmac.new(key, str(organisation_id).encode(), hashlib.sha256).hexdigest()


def cast(decision, organisation, by, choices, via, proxy=None):
    """Record `organisation`'s answer, cast by `by` as its delegate (via
    "delegate") or holding its `proxy` (the caller checked which); returns the
    ballot, whose receipt the voter keeps."""
    _lock_open(decision)
    if organisation.status != "member":
        raise DecisionError(_l("Only member organisations vote: nothing was recorded."))
    now = utcnow()
    participation = Participation(
        decision_id=decision.id,
        organisation_id=organisation.id,
        via=via,
        proxy_id=proxy.id if proxy is not None else None,
        cast_by_id=by.id,
        cast_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(participation)
        action = "voted"
    except IntegrityError:
        _override_proxy(decision, organisation, by, via, now)
        action = "proxy_overridden"
    ballot = _store(decision, organisation, choices)
    done = _participation(decision, organisation)
    record(
        done,
        action,
        actor=by,
        to_state=via,
        data={"decision_id": decision.id, "organisation_id": organisation.id},
    )
    notify.receipt(decision, organisation, by, ballot)
    return ballot


def _lock_open(decision):
    """Hold the decision against closing while the answer is recorded."""
    status, closes_at = db.session.execute(
        sa.select(Decision.status, Decision.closes_at)
        .where(Decision.id == decision.id)
        .with_for_update(read=True)
    ).one()
    if status != DecisionStatus.OPEN or closes_at <= utcnow():
        raise DecisionError(_l("This vote is closed: nothing was recorded."))


def _already():
    return _l("Your organisation has already voted on this decision.")


def _override_proxy(decision, organisation, by, via, now):
    """Its own delegate replaces the proxy's answer; anything else is a second
    answer and is refused."""
    existing = _participation(decision, organisation)
    if via != Via.DELEGATE or existing is None:
        raise DecisionError(_already())
    won = update_if(
        Participation,
        existing,
        Participation.via == Via.PROXY,
        via=Via.DELEGATE,
        proxy_id=None,
        cast_by_id=by.id,
        cast_at=now,
    )
    if not won:
        raise DecisionError(_already())
    db.session.execute(
        sa.delete(Ballot).where(
            Ballot.decision_id == decision.id, _ballot_of(decision, organisation)
        )
    )


def _participation(decision, organisation):
    return db.session.scalar(
        sa.select(Participation).where(
            Participation.decision_id == decision.id,
            Participation.organisation_id == organisation.id,
        )
    )


def _ballot_of(decision, organisation):
    if decision.secret:
        return Ballot.slot == slot(decision, organisation.id)
    return Ballot.organisation_id == organisation.id


def _store(decision, organisation, choices):
    ballot = Ballot(
        decision_id=decision.id,
        organisation_id=None if decision.secret else organisation.id,
        slot=slot(decision, organisation.id) if decision.secret else None,
        choices=choices,
        receipt=secrets.token_hex(5).upper(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(ballot)
    except IntegrityError:
        raise DecisionError(_already()) from None
    return ballot


def participants(decision):
    """How many organisations have answered (public while open: participation)."""
    return db.session.scalar(
        sa.select(sa.func.count(Participation.id)).where(
            Participation.decision_id == decision.id
        )
    )
