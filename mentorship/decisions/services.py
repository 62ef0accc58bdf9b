"""A decision's life: drafted with its rules, opened, closed and counted (or cancelled).

Services add and flush, the request commits. Each state change is one conditional
UPDATE with its audit row (`core.transitions`); a refused change raises DecisionError
with a translated message and changes nothing. The rules never change once open.
"""

import random
import secrets
from datetime import datetime
from functools import partial

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import schedule, translated
from ..core.errors import ServiceError
from ..core.signals import signals
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from ..roles.voices import member_count
from . import counting, notify
from .models import (
    Abstentions,
    Ballot,
    Decision,
    DecisionKind,
    DecisionOption,
    DecisionStatus,
    Majority,
    Rule,
)

CLOSE_JOB = "decisions.close"
KINDS_WITH_OPTIONS = {
    DecisionKind.APPROVAL,
    DecisionKind.SCORE,
    DecisionKind.RANKED,
    DecisionKind.TIME_POLL,
}
KINDS_WITH_MAJORITY = {DecisionKind.PROPOSAL, DecisionKind.APPROVAL}
MAX_OPTIONS = 30

RULE_COUNTERS = {}
"""Counters of the rules other packages register: rule -> fn(decision, rules,
option_ids, ballots) returning the count's record like `counting.COUNTERS`."""

decision_closed = signals.signal("decision-closed")
"""Sent with the decision once it is closed and counted (themes, the AGM react)."""


class DecisionError(ServiceError):
    """A decision, ballot or proxy that cannot be changed as asked."""


def create(kind, title, text, by, *, options=(), session_id=None, **rules):
    """A draft decision with its rules and options (translated.Edit texts;
    an option is an Edit or (ref, Edit, starts_at))."""
    if kind not in set(DecisionKind):
        raise DecisionError(_l("Choose what kind of decision this is."))
    decision = Decision(kind=kind, session_id=session_id, created_by_id=by.id)
    _apply_rules(decision, rules)
    decision.title = translated.set_text(None, title)
    decision.text = translated.set_text(None, text)
    db.session.add(decision)
    _set_options(decision, options)
    db.session.flush()
    record(decision, "drafted", actor=by, to_state=DecisionStatus.DRAFT)
    return decision


def update_draft(decision, title, text, by, *, options=None, **rules):
    """Change a draft's texts, rules and options; an open decision never changes."""
    _ensure_draft(decision)
    _apply_rules(decision, rules)
    decision.title = translated.set_text(decision.title, title)
    decision.text = translated.set_text(decision.text, text)
    if options is not None:
        _set_options(decision, options)
    db.session.flush()
    record(decision, "draft_updated", actor=by, from_state=DecisionStatus.DRAFT)
    return decision


def _apply_rules(decision, rules):
    """Check and set the rules given (those not given keep their values)."""
    checks = {
        "quorum_percent": lambda v: isinstance(v, int) and 0 <= v <= 100,
        "majority": lambda v: v in set(Majority),
        "abstentions": lambda v: v in set(Abstentions),
        "secret": lambda v: isinstance(v, bool),
        "winners": lambda v: isinstance(v, int) and 1 <= v <= MAX_OPTIONS,
        "max_score": lambda v: isinstance(v, int) and 1 <= v <= 10,
        "closes_at": lambda v: v is None or isinstance(v, datetime),
        "rule": lambda v: v in set(Rule),
    }
    for name, value in rules.items():
        if name not in checks or not checks[name](value):
            raise DecisionError(_l("These rules are not valid: nothing was saved."))
        setattr(decision, name, value)
    if decision.kind != DecisionKind.RANKED:
        decision.rule = None
    elif decision.rule != Rule.SINGLE_TRANSFERABLE_VOTE:
        decision.rule = Rule.INSTANT_RUNOFF
        decision.winners = 1


def _set_options(decision, options):
    """Replace the options; a proposal has none (its answers are fixed)."""
    options = list(options) if decision.kind in KINDS_WITH_OPTIONS else []
    if len(options) > MAX_OPTIONS:
        raise DecisionError(_l("A decision has at most 30 options."))
    for old in list(decision.options):
        decision.options.remove(old)
    db.session.flush()
    for place, option in enumerate(options, start=1):
        ref, label, starts_at = (
            option if isinstance(option, tuple) else ("", option, None)
        )
        decision.options.append(
            DecisionOption(
                position=place,
                ref=ref,
                starts_at=starts_at,
                label=translated.set_text(None, label),
            )
        )


def _ensure_draft(decision):
    if decision.status != DecisionStatus.DRAFT:
        raise DecisionError(
            _l("Its rules and texts are fixed once a decision opens: nothing changed.")
        )


def open_decision(decision, by, closes_at=None):
    """Open a draft for votes until `closes_at`: the electorate is counted now, a
    secret ballot gets its key, its delegates are told, it closes itself on time."""
    closes_at = closes_at or decision.closes_at
    _check_ready(decision, closes_at)
    won = transition(
        Decision,
        decision,
        [DecisionStatus.DRAFT],
        DecisionStatus.OPEN,
        actor=by,
        opened_at=utcnow(),
        closes_at=closes_at,
        electorate_size=member_count(),
        ballot_key=secrets.token_hex(32) if decision.secret else None,
    )
    if not won:
        raise DecisionError(_l("This decision was opened meanwhile."))
    schedule.schedule(_close_key(decision), closes_at, CLOSE_JOB, {"id": decision.id})
    notify.decision_opened(decision)
    return decision


def _check_ready(decision, closes_at):
    if not isinstance(closes_at, datetime) or closes_at <= utcnow():
        raise DecisionError(_l("Give a closing time in the future: nothing changed."))
    if decision.title is None or not decision.title.body(decision.title.source_lang):
        raise DecisionError(_l("Write the question before opening the decision."))
    if decision.kind in KINDS_WITH_OPTIONS and len(decision.options) < 2:
        raise DecisionError(_l("Give at least two options before opening."))


def _close_key(decision):
    return f"decision:{decision.id}:close"


def close(decision, by=None):
    """Close an open decision and count it: the outcome and counts are stored, a
    secret ballot's key and slots are erased. False when it was closed already."""
    db.session.execute(
        sa.select(Decision.id).where(Decision.id == decision.id).with_for_update()
    )
    won = transition(
        Decision,
        decision,
        [DecisionStatus.OPEN],
        DecisionStatus.CLOSED,
        actor=by,
        closed_at=utcnow(),
        ballot_key=None,
    )
    if not won:
        return False
    if decision.secret:
        shuffle_secret(decision)
    result = count(decision)
    decision.counts = result
    decision.outcome = result["outcome"]
    db.session.flush()
    record(decision, "counted", actor=by, to_state=result["outcome"])
    schedule.cancel(_close_key(decision))
    notify.decision_closed(decision)
    decision_closed.send(decision, actor=by)
    return True


def count(decision):
    """Count the decision's ballots by its rules (`counting.count`)."""
    rules = counting.Rules(
        kind=decision.kind,
        electorate_size=decision.electorate_size or 0,
        quorum_percent=decision.quorum_percent,
        majority=decision.majority,
        abstentions=decision.abstentions,
        winners=decision.winners,
        max_score=decision.max_score,
    )
    choices = db.session.scalars(
        sa.select(Ballot.choices).where(Ballot.decision_id == decision.id)
    ).all()
    counter = RULE_COUNTERS.get(decision.rule)
    options = [o.id for o in decision.options if o.withdrawn_at is None]
    return counting.count(
        rules,
        options,
        choices,
        counter=None if counter is None else partial(counter, decision),
    )


def withdraw_option(option, by, reason):
    """Withdraw an option of an open decision (a candidate standing down): ballots
    can no longer choose it, ballots cast keep it and the count skips it. False
    when it was withdrawn already."""
    if option.decision.status != DecisionStatus.OPEN:
        raise DecisionError(_l("Only an open vote's options can be withdrawn."))
    won = update_if(
        DecisionOption,
        option,
        DecisionOption.withdrawn_at.is_(None),
        withdrawn_at=utcnow(),
    )
    if won:
        record(
            option.decision,
            "option_withdrawn",
            actor=by,
            reason=reason,
            data={"option_id": option.id},
        )
    return won


def shuffle_secret(decision):
    """At close, write a secret decision's ballots again in a random order with new
    ids, so that not even the order rows were stored in follows the voters'."""
    rows = db.session.execute(
        sa.select(Ballot.choices, Ballot.receipt).where(
            Ballot.decision_id == decision.id
        )
    ).all()
    db.session.execute(sa.delete(Ballot).where(Ballot.decision_id == decision.id))
    rows = list(rows)
    random.SystemRandom().shuffle(rows)
    db.session.add_all(
        Ballot(decision_id=decision.id, choices=choices, receipt=receipt)
        for choices, receipt in rows
    )
    db.session.flush()


def cancel(decision, by, reason):
    """Cancel a draft or open decision (with a reason); its ballots are deleted
    unread. A closed decision stays as counted."""
    reason = (reason or "").strip()[:1000]
    if not reason:
        raise DecisionError(_l("Say why the decision is cancelled."))
    won = transition(
        Decision,
        decision,
        [DecisionStatus.DRAFT, DecisionStatus.OPEN],
        DecisionStatus.CANCELLED,
        actor=by,
        reason=reason,
        ballot_key=None,
    )
    if not won:
        raise DecisionError(_l("Only a draft or open decision can be cancelled."))
    db.session.execute(sa.delete(Ballot).where(Ballot.decision_id == decision.id))
    schedule.cancel(_close_key(decision))
    return decision


@schedule.handler(CLOSE_JOB)
def close_on_time(payload, _reminder):
    """At its closing time: close and count it (once, whichever worker runs it)."""
    decision = db.session.get(Decision, payload["id"])
    if decision is not None and decision.status == DecisionStatus.OPEN:
        close(decision)
