"""Match runs and proposals over their life: queue, compute (through the adapter in
services.py), preview, release, discard, remove, exclude, and pairs made by hand."""

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..db import db, utcnow
from ..jobs import PARKED, job
from ..programmes import services as programmes
from ..programmes.models import ProgrammeStatus
from . import notify, services
from .adapter import LIBRARY_VERSION
from .models import (
    LIVE_STATES,
    Exclusion,
    MatchRun,
    Proposal,
    ProposalStatus,
    RunStatus,
)
from .transitions import FlowError, free_pair_slots, move, take_pair_slots

log = logging.getLogger(__name__)


def start_run(programme, by):
    """Queue a run with the current settings; one run at a time per programme."""
    if programme.status != ProgrammeStatus.PUBLISHED:
        raise FlowError(_l("Publish the programme before matching."))
    if programme.ends_on < programmes.today():
        raise FlowError(_l("This programme has ended: it can no longer be matched."))
    run = MatchRun(
        programme_id=programme.id,
        settings_id=programme.current_settings.id,
        library_version=LIBRARY_VERSION,
        started_by_id=by.id,
        status=RunStatus.QUEUED,
    )
    try:
        with db.session.begin_nested():
            db.session.add(run)
    except IntegrityError:
        raise FlowError(
            _l("A run of this programme is already in progress or waiting for review.")
        ) from None
    record(run, "queued", actor=by, to_state=RunStatus.QUEUED)
    return run


def queue_run(run_id):
    """Hand the run to the job queue (after the request committed it).

    False when the queue is down: the job waits in the database and starts when
    the queue is back (`jobs.requeue_parked`)."""
    return execute_run_job(run_id) is not PARKED


@job(retries=0)
def execute_run_job(run_id):
    """Background job: compute a run's proposals."""
    execute_run(run_id)


def execute_run(run_id):
    """Run the matching engine for one queued run and store its draft proposals."""
    claimed = db.session.execute(
        sa.update(MatchRun)
        .where(MatchRun.id == run_id, MatchRun.status == RunStatus.QUEUED)
        .values(status=RunStatus.RUNNING, started_at=utcnow(), progress=5)
    ).rowcount
    db.session.commit()
    if not claimed:
        return
    run = db.session.get(MatchRun, run_id)
    try:
        services.compute_run(run)
        db.session.commit()
    except Exception as error:  # a failed run is reported, never half-saved
        db.session.rollback()
        log.exception("match run %s failed", run_id)
        run = db.session.get(MatchRun, run_id)
        run.status, run.error, run.finished_at = (
            RunStatus.FAILED,
            type(error).__name__,
            utcnow(),
        )
        db.session.commit()


def release_run(run, by):
    """Send a previewed run's proposals to the coordinators; returns how many went."""
    if run.status != RunStatus.PREVIEW:
        raise FlowError(_l("Only a run waiting for review can be released."))
    now = utcnow()
    deadline = now + timedelta(days=current_app.config["APPROVAL_EXPIRY_DAYS"])
    released = []
    for proposal in _drafts(run):
        if take_pair_slots(proposal):
            move(
                proposal,
                [ProposalStatus.DRAFT],
                ProposalStatus.AWAITING_APPROVAL,
                actor=by,
                released_at=now,
                expires_at=deadline,
            )
            released.append(proposal)
        else:
            move(
                proposal,
                [ProposalStatus.DRAFT],
                ProposalStatus.REMOVED,
                actor=by,
                reason="capacity_taken",
                close_reason="capacity_taken",
                closed_at=now,
            )
    run.status, run.released_at = RunStatus.RELEASED, now
    record(
        run,
        "released",
        actor=by,
        from_state=RunStatus.PREVIEW,
        to_state=RunStatus.RELEASED,
        data={"released": len(released)},
    )
    notify.proposals_released(released)
    return len(released)


def discard_run(run, by):
    """Throw a preview away: its drafts are removed, nobody is told."""
    if run.status not in (RunStatus.PREVIEW, RunStatus.FAILED):
        raise FlowError(_l("Only a run waiting for review can be discarded."))
    for proposal in _drafts(run):
        move(
            proposal,
            [ProposalStatus.DRAFT],
            ProposalStatus.REMOVED,
            actor=by,
            reason="run_discarded",
            close_reason="run_discarded",
            closed_at=utcnow(),
        )
    before, run.status = run.status, RunStatus.DISCARDED
    record(run, "discarded", actor=by, from_state=before, to_state=RunStatus.DISCARDED)


def _drafts(run):
    return db.session.scalars(
        sa.select(Proposal)
        .where(Proposal.run_id == run.id, Proposal.status == ProposalStatus.DRAFT)
        .order_by(Proposal.id)
    ).all()


def remove_proposal(proposal, by, exclude=False, reason=""):
    """The Secretariat takes a proposal out; live ones free both people's slots."""
    was_released = proposal.status in (
        ProposalStatus.AWAITING_APPROVAL,
        ProposalStatus.OFFERED,
    )
    if not move(
        proposal,
        LIVE_STATES,
        ProposalStatus.REMOVED,
        actor=by,
        reason="secretariat",
        note=reason,
        close_reason="secretariat",
        close_note=reason[:2000],
        closed_at=utcnow(),
    ):
        raise FlowError(_l("This proposal is no longer open."))
    if was_released:
        free_pair_slots(proposal)
    if exclude:
        exclude_pair(
            proposal.programme_id,
            proposal.mentee_enrolment.user_id,
            proposal.mentor_enrolment.user_id,
            by,
            reason,
        )


def exclude_pair(programme_id, mentee_user_id, mentor_user_id, by, reason=""):
    """Keep this pair out of future runs of the programme (idempotent)."""
    exists = db.session.scalar(
        sa.select(Exclusion.id).where(
            Exclusion.programme_id == programme_id,
            Exclusion.mentee_user_id == mentee_user_id,
            Exclusion.mentor_user_id == mentor_user_id,
        )
    )
    if exists:
        return
    exclusion = Exclusion(
        programme_id=programme_id,
        mentee_user_id=mentee_user_id,
        mentor_user_id=mentor_user_id,
        reason=reason[:1000],
        created_by_id=by.id,
    )
    db.session.add(exclusion)
    db.session.flush()
    record(exclusion, "excluded", actor=by, reason=reason)


def add_manual_pair(programme, mentee_enrolment_id, mentor_enrolment_id, by):
    """Propose a pair chosen by the Secretariat, under the same hard rules as a run."""
    free = services.free_enrolments
    mentee_rows = free(programme.id, "mentee", [mentee_enrolment_id])
    mentor_rows = free(programme.id, "mentor", [mentor_enrolment_id])
    if not mentee_rows:
        raise FlowError(_l("This mentee is not free: withdrawn, or already paired."))
    if not mentor_rows:
        raise FlowError(_l("This mentor has no free place in this programme."))
    if mentee_rows[0][1].id == mentor_rows[0][1].id:
        raise FlowError(_l("A person cannot mentor herself."))
    pair_ids = (mentee_enrolment_id, mentor_enrolment_id)
    if pair_ids in services.excluded_pairs(programme.id):
        raise FlowError(_l("This pair is excluded from this programme."))
    pair = services.check_pair(programme, mentee_rows[0], mentor_rows[0])
    return _propose_now(programme, pair, mentee_rows[0], mentor_rows[0], by)


def _propose_now(programme, pair, mentee_row, mentor_row, by):
    now = utcnow()
    proposal = Proposal(
        programme_id=programme.id,
        mentee_enrolment_id=mentee_row[0].id,
        mentor_enrolment_id=mentor_row[0].id,
        mentee_organisation_id=mentee_row[1].organisation_id,
        mentor_organisation_id=mentor_row[1].organisation_id,
        score=float(pair.score),
        reasons=[services.reason_dict(r) for r in pair.reasons],
        manual=True,
        status=ProposalStatus.AWAITING_APPROVAL,
        released_at=now,
        expires_at=now + timedelta(days=current_app.config["APPROVAL_EXPIRY_DAYS"]),
    )
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
    except IntegrityError:
        raise FlowError(_l("One of them is already in a proposal.")) from None
    if not take_pair_slots(proposal):
        raise FlowError(
            _l("Someone took the last place meanwhile. Nothing was changed.")
        )
    awaiting = ProposalStatus.AWAITING_APPROVAL
    record(proposal, "proposed_by_hand", actor=by, to_state=awaiting)
    notify.proposals_released([proposal])
    return proposal
