"""Introductions between two organisations: proposed, accepted by both, made.

proposed --both sides accept--> introduced (emails to both; follow-up scheduled)
    |-- either side declines: declined
    +-- the proposer takes it back: withdrawn
The pair is stored ordered (org_low_id < org_high_id); a partial unique index keeps
one open or made introduction per pair. Each side's decision is one conditional
UPDATE; whoever completes the second acceptance (exactly one caller) makes it.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..audit import record
from ..core import schedule
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from . import notify
from .models import Decision, Introduction, IntroductionStatus

FOLLOW_UP_JOB = "partnerships.follow_up"
SIDES = ("low", "high")


class IntroductionError(Exception):
    """A refused step, with its message for the person."""


def follow_up_key(introduction_id):
    return f"introduction:{introduction_id}:follow_up"


def ordered(org_a_id, org_b_id):
    return (org_a_id, org_b_id) if org_a_id < org_b_id else (org_b_id, org_a_id)


def existing(org_a_id, org_b_id):
    """The open or made introduction of this pair, in either order, or None."""
    low, high = ordered(org_a_id, org_b_id)
    return db.session.scalar(
        sa.select(Introduction).where(
            Introduction.org_low_id == low,
            Introduction.org_high_id == high,
            Introduction.status.in_(("proposed", "introduced")),
        )
    )


def propose(org_a, org_b, user, *, by_organisation=None, message="", onboarding=False):
    """Propose introducing `org_a` and `org_b`; the proposing side (if one of them)
    accepts at once. Refused for the same organisation twice or a pair that already
    has an open or made introduction."""
    if org_a.id == org_b.id:
        raise IntroductionError(_l("An organisation cannot be introduced to itself."))
    if existing(org_a.id, org_b.id) is not None:
        raise IntroductionError(
            _l("These two organisations already have an introduction.")
        )
    low, high = ordered(org_a.id, org_b.id)
    introduction = Introduction(
        org_low_id=low,
        org_high_id=high,
        status=IntroductionStatus.PROPOSED,
        message=(message or "").strip()[:2000],
        onboarding=bool(onboarding),
        proposed_by_id=user.id,
        proposed_by_org_id=by_organisation.id if by_organisation else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(introduction)
            db.session.flush()
    except IntegrityError:  # another request proposed the same pair meanwhile
        raise IntroductionError(
            _l("These two organisations already have an introduction.")
        ) from None
    record(introduction, "proposed", actor=user, to_state="proposed")
    if by_organisation is not None:
        side = introduction.side_of(by_organisation.id)
        _decide(introduction, side, user, Decision.ACCEPTED)
    notify.proposed(introduction, by_organisation)
    return introduction


def _decide(introduction, side, user, decision):
    won = update_if(
        Introduction,
        introduction,
        Introduction.status == IntroductionStatus.PROPOSED,
        getattr(Introduction, f"{side}_decision").is_(None),
        **{
            f"{side}_decision": decision,
            f"{side}_decided_by_id": user.id,
            f"{side}_decided_at": utcnow(),
        },
    )
    if not won:
        raise IntroductionError(_l("This introduction was answered meanwhile."))


def _sides_or_error(introduction, user):
    if introduction.status != IntroductionStatus.PROPOSED:
        raise IntroductionError(
            _l("This introduction is no longer waiting for an answer.")
        )
    sides = policy.introduction_sides(user, introduction)
    if not sides:
        raise IntroductionError(_l("There is nothing left for you to answer here."))
    return sides


def accept(introduction, user):
    """Her organisation accepts; the introduction is made once both sides have."""
    for side in _sides_or_error(introduction, user):
        _decide(introduction, side, user, Decision.ACCEPTED)
    _introduce_if_accepted(introduction, user)


def _introduce_if_accepted(introduction, user):
    """Whoever completes the acceptances (exactly one caller) makes it."""
    now = utcnow()
    won = transition(
        Introduction,
        introduction,
        [IntroductionStatus.PROPOSED],
        IntroductionStatus.INTRODUCED,
        Introduction.low_decision == Decision.ACCEPTED,
        Introduction.high_decision == Decision.ACCEPTED,
        actor=user,
        introduced_at=now,
    )
    if won:
        days = current_app.config["INTRODUCTION_FOLLOW_UP_DAYS"]
        schedule.schedule(
            follow_up_key(introduction.id),
            now + timedelta(days=days),
            FOLLOW_UP_JOB,
            {"introduction_id": introduction.id},
        )
        notify.introduced(introduction)
    return won


def decline(introduction, user, reason=""):
    """Her organisation declines: the introduction is closed, the other side told."""
    side = _sides_or_error(introduction, user)[0]
    won = transition(
        Introduction,
        introduction,
        [IntroductionStatus.PROPOSED],
        IntroductionStatus.DECLINED,
        getattr(Introduction, f"{side}_decision").is_(None),
        actor=user,
        reason=reason,
        decline_reason=(reason or "").strip()[:2000],
        closed_at=utcnow(),
        **{
            f"{side}_decision": Decision.DECLINED,
            f"{side}_decided_by_id": user.id,
            f"{side}_decided_at": utcnow(),
        },
    )
    if not won:
        raise IntroductionError(_l("This introduction was answered meanwhile."))
    notify.declined(introduction, side)


def withdraw(introduction, user):
    """The proposer takes back a proposal still waiting for an answer."""
    if not policy.can_withdraw_introduction(user, introduction):
        raise IntroductionError(_l("Only whoever proposed it can withdraw it."))
    won = transition(
        Introduction,
        introduction,
        [IntroductionStatus.PROPOSED],
        IntroductionStatus.WITHDRAWN,
        actor=user,
        closed_at=utcnow(),
    )
    if not won:
        raise IntroductionError(
            _l("This introduction is no longer waiting for an answer.")
        )
