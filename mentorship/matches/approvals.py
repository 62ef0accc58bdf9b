"""Coordinator approval, offers to the pair, reminders and expiry.

awaiting_approval --both organisations approve--> offered --both accept--> accepted
        |                                            |
        +-- a coordinator rejects: rejected          +-- one declines: declined
        +-- nobody decides in time: expired          +-- nobody answers in time: expired
Leaving the live states frees both people's slots: they return to the pool.
"""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import policy
from ..audit import record
from ..db import db, utcnow
from ..mentorships.models import Mentorship
from . import notify
from .models import Proposal
from .transitions import FlowError, free_pair_slots, move, update_proposal

REJECTION_REASONS = {
    "not_suitable": _l("The pair does not look suitable"),
    "conflict_of_interest": _l("Conflict of interest"),
    "person_unavailable": _l("Our member is not available now"),
    "other": _l("Other reason"),
}
DECLINE_REASONS = {
    "no_time": _l("I do not have the time now"),
    "not_a_fit": _l("The profile does not fit what I am looking for"),
    "language": _l("Language or time-zone difficulties"),
    "other": _l("Other reason"),
}
SIDES = ("mentee", "mentor")


def _org_of(proposal, side):
    return getattr(proposal, f"{side}_organisation_id")


def decidable_sides(user, proposal, override=False):
    """The sides of `proposal` that `user` may still decide."""
    sides = []
    for side in SIDES:
        organisation_id = _org_of(proposal, side)
        if getattr(proposal, f"{side}_org_decision") is not None:
            continue
        if (
            policy.coordinates(user, organisation_id)
            or policy.is_staff(user)
            and (override or not has_coordinator(organisation_id))
        ):
            sides.append(side)
    return sides


def has_coordinator(organisation_id):
    """True when the organisation has someone to decide for it."""
    if organisation_id is None:
        return False
    from ..core import memberships

    query = memberships.holders("coordinator", organisation_id=organisation_id).limit(1)
    return db.session.scalar(query) is not None


def approve(proposal, user, override=False):
    """Record her organisation's approval; offer the pair once both sides approved."""
    sides = _sides_or_error(proposal, user, override)
    now = utcnow()
    for side in sides:
        won = update_proposal(
            proposal,
            Proposal.status == "awaiting_approval",
            getattr(Proposal, f"{side}_org_decision").is_(None),
            **{
                f"{side}_org_decision": "approved",
                f"{side}_org_decided_by_id": user.id,
                f"{side}_org_decided_at": now,
            },
        )
        if not won:
            raise FlowError(_l("This proposal was decided by someone else meanwhile."))
    _offer_if_approved(proposal, user)


def _sides_or_error(proposal, user, override):
    if proposal.status != "awaiting_approval":
        raise FlowError(_l("This proposal is no longer waiting for approval."))
    sides = decidable_sides(user, proposal, override)
    if not sides:
        raise FlowError(_l("There is nothing left for you to decide on this proposal."))
    return sides


def _offer_if_approved(proposal, user):
    """Whoever completes the approvals (exactly one caller) sends the offer."""
    now = utcnow()
    days = current_app.config["OFFER_EXPIRY_DAYS"]
    won = update_proposal(
        proposal,
        Proposal.status == "awaiting_approval",
        Proposal.mentee_org_decision == "approved",
        Proposal.mentor_org_decision == "approved",
        status="offered",
        offered_at=now,
        expires_at=now + timedelta(days=days),
        reminded_at=None,
    )
    if won:
        record(
            proposal,
            "offered",
            actor=user,
            from_state="awaiting_approval",
            to_state="offered",
        )
        notify.offer(proposal)


def reject(proposal, user, reason, note="", override=False):
    """A coordinator turns the pair down: both people return to the pool."""
    if reason not in REJECTION_REASONS:
        raise FlowError(_l("Please choose a reason."))
    sides = _sides_or_error(proposal, user, override)
    side = sides[0]
    won = move(
        proposal,
        ["awaiting_approval"],
        "rejected",
        # Only if her side is still undecided: never overwrite a colleague's approval.
        getattr(Proposal, f"{side}_org_decision").is_(None),
        actor=user,
        reason=reason,
        note=note,
        close_reason=reason,
        close_note=note[:2000],
        closed_at=utcnow(),
        **{
            f"{side}_org_decision": "rejected",
            f"{side}_org_decided_by_id": user.id,
            f"{side}_org_decided_at": utcnow(),
        },
    )
    if not won:
        raise FlowError(_l("This proposal was decided by someone else meanwhile."))
    free_pair_slots(proposal)


def approve_many(proposals, user):
    """Bulk approval: returns (approved, skipped) counts; one failure skips one."""
    approved = skipped = 0
    for proposal in proposals:
        try:
            with db.session.begin_nested():
                approve(proposal, user)
            approved += 1
        except FlowError:
            skipped += 1
    return approved, skipped


@dataclass(frozen=True)
class BulkPreview:
    """What a bulk approval will do, told before it is done."""

    approvable: list  # the proposals she may still approve
    skipped: int  # selected but no longer hers to decide
    offers: int  # approvals that complete a pair: its offer goes out
    emailed: int  # people who then receive their offer by email


def bulk_preview(proposals, user):
    """Count what approving `proposals` would change, without changing anything."""
    approvable, completing = [], []
    for proposal in proposals:
        sides = (
            decidable_sides(user, proposal)
            if proposal.status == "awaiting_approval"
            else []
        )
        if not sides:
            continue
        approvable.append(proposal)
        undecided = [s for s in SIDES if getattr(proposal, f"{s}_org_decision") is None]
        if set(undecided) <= set(sides):
            completing.append(proposal)
    people = {
        getattr(p, f"{side}_enrolment").user_id for p in completing for side in SIDES
    }
    return BulkPreview(
        approvable=approvable,
        skipped=len(proposals) - len(approvable),
        offers=len(completing),
        emailed=len(people),
    )


def answer(proposal, user, role, accept, reason="", note=""):
    """The mentee or the mentor accepts or declines her offer."""
    if role not in SIDES or not policy.can_answer_offer(user, proposal, role):
        raise FlowError(_l("This offer is not addressed to you."))
    now = utcnow()
    if proposal.status != "offered" or (
        proposal.expires_at and proposal.expires_at < now
    ):
        raise FlowError(_l("This offer is no longer open."))
    if getattr(proposal, f"{role}_answer") is not None:
        raise FlowError(_l("You have already answered this offer."))
    if accept:
        _accept(proposal, user, role, now)
    else:
        _decline(proposal, user, role, reason, note, now)


def _accept(proposal, user, role, now):
    won = update_proposal(
        proposal,
        Proposal.status == "offered",
        getattr(Proposal, f"{role}_answer").is_(None),
        **{f"{role}_answer": "accepted", f"{role}_answered_at": now},
    )
    if not won:
        raise FlowError(_l("This offer is no longer open."))
    won = update_proposal(
        proposal,
        Proposal.status == "offered",
        Proposal.mentee_answer == "accepted",
        Proposal.mentor_answer == "accepted",
        status="accepted",
        closed_at=now,
    )
    if won:
        _start_mentorship(proposal, user)


def _start_mentorship(proposal, user):
    record(proposal, "accepted", actor=user, from_state="offered", to_state="accepted")
    mentorship = Mentorship(
        proposal_id=proposal.id,
        programme_id=proposal.programme_id,
        mentee_user_id=proposal.mentee_enrolment.user_id,
        mentor_user_id=proposal.mentor_enrolment.user_id,
        mentee_organisation_id=proposal.mentee_organisation_id,
        mentor_organisation_id=proposal.mentor_organisation_id,
        ends_on=proposal.programme.ends_on,
    )
    db.session.add(mentorship)
    db.session.flush()
    record(mentorship, "started", actor=user, to_state="active")
    notify.mentorship_started(mentorship)
    return mentorship


def _decline(proposal, user, role, reason, note, now):
    if reason not in DECLINE_REASONS:
        raise FlowError(_l("Please choose a reason."))
    won = move(
        proposal,
        ["offered"],
        "declined",
        actor=user,
        reason=reason,
        note=note,
        close_reason=f"{role}:{reason}",
        close_note=note[:2000],
        closed_at=now,
        **{f"{role}_answer": "declined", f"{role}_answered_at": now},
    )
    if not won:
        raise FlowError(_l("This offer is no longer open."))
    free_pair_slots(proposal)
    notify.declined(proposal, declined_by=role)


def expire_overdue(now=None):
    """Expire approvals and offers past their deadline; returns how many."""
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(Proposal).where(
            Proposal.status.in_(["awaiting_approval", "offered"]),
            Proposal.expires_at < now,
        )
    ).all()
    expired = 0
    for proposal in due:
        if move(
            proposal,
            ["awaiting_approval", "offered"],
            "expired",
            reason="deadline",
            close_reason="expired",
            closed_at=now,
        ):
            free_pair_slots(proposal)
            notify.expired(proposal)
            expired += 1
    return expired


def send_reminders(now=None):
    """Remind whoever has not acted after REMINDER_AFTER_DAYS; once per stage."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["REMINDER_AFTER_DAYS"])
    stage_start = sa.func.coalesce(Proposal.offered_at, Proposal.released_at)
    due = db.session.scalars(
        sa.select(Proposal).where(
            Proposal.status.in_(["awaiting_approval", "offered"]),
            Proposal.reminded_at.is_(None),
            stage_start < cutoff,
        )
    ).all()
    for proposal in due:
        if update_proposal(proposal, Proposal.reminded_at.is_(None), reminded_at=now):
            notify.reminder(proposal)
    return len(due)
