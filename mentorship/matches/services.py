"""The one adapter between the database and the `matching` library, and match runs.

Rows become plain dataclasses, the library returns pairs with reason codes, and the
codes are stored as they are (translated only at display). A run only touches people
who are free: mentees without a live proposal or mentorship, mentors with slots left.
"""

import logging
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

import matching
from matching.profiles import MatchSettings, MenteeProfile, MentorProfile

from ..audit import record
from ..auth.models import User
from ..db import db, utcnow
from ..jobs import job
from ..organisations.models import Organisation
from ..profiles.models import Profile
from ..programmes.models import Enrolment
from . import notify
from .models import Exclusion, MatchRun, Proposal
from .transitions import FlowError, free_pair_slots, move, take_pair_slots

log = logging.getLogger(__name__)
CLOSED_PAIR_STATES = ("rejected", "declined", "expired", "removed")


# --- rows -> library -------------------------------------------------------------


def utc_offset_hours(timezone):
    """The zone's UTC offset in hours today (DST included), 0 for unknown zones."""
    return _offset_on(timezone, utcnow().date())


@lru_cache(maxsize=4096)
def _offset_on(timezone, day):
    # Cached per day, so a long-running worker follows daylight-saving changes.
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        return 0.0
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return noon.astimezone(zone).utcoffset().total_seconds() / 3600


def _common(enrolment, user, profile, region):
    return dict(
        id=enrolment.id,
        # An independent member is her own organisation for the cross-organisation rule.
        organisation_id=user.organisation_id or f"independent-{user.id}",
        tags=tuple(profile.tags or ()),
        discipline=profile.discipline,
        career_stage=profile.career_stage,
        years_experience=profile.years_experience,
        commodity=profile.commodity,
        operation_type=profile.operation_type,
        country=profile.country,
        region=region,
        utc_offset=utc_offset_hours(profile.timezone),
        languages=tuple(profile.languages or ()),
        availability_hours=profile.availability_hours,
        meeting_mode=profile.meeting_mode,
    )


def to_mentee(enrolment, user, profile, region):
    """A mentee enrolment as the library's dataclass; her programme goals lead."""
    goals = " ".join(filter(None, [enrolment.goals, profile.focus]))
    preference = "same" if profile.same_region_preferred else None
    return MenteeProfile(
        **_common(enrolment, user, profile, region),
        goals=goals,
        region_preference=preference,
    )


def to_mentor(enrolment, user, profile, region):
    """A mentor enrolment with her remaining slots as capacity."""
    expertise = " ".join(filter(None, [profile.focus, enrolment.goals]))
    return MentorProfile(
        **_common(enrolment, user, profile, region),
        expertise=expertise,
        capacity=max(enrolment.capacity - enrolment.slots_taken, 0),
    )


def _free_enrolments(programme_id, role, enrolment_ids=None):
    """(enrolment, user, profile, region) rows of the people a run may pair."""
    query = (
        sa.select(Enrolment, User, Profile, Organisation.region)
        .join(User, User.id == Enrolment.user_id)
        .join(
            Profile,
            sa.and_(
                Profile.user_id == Enrolment.user_id, Profile.role == Enrolment.role
            ),
        )
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(
            Enrolment.programme_id == programme_id,
            Enrolment.role == role,
            Enrolment.status == "enrolled",
            Enrolment.slots_taken < Enrolment.capacity,
        )
        .order_by(Enrolment.id)
    )
    if enrolment_ids is not None:
        query = query.where(Enrolment.id.in_(enrolment_ids))
    return db.session.execute(query).all()


def excluded_pairs(programme_id):
    """Pairs never to propose again: exclusions, and pairs that already failed."""
    closed = db.session.execute(
        sa.select(Proposal.mentee_enrolment_id, Proposal.mentor_enrolment_id).where(
            Proposal.programme_id == programme_id,
            Proposal.status.in_(CLOSED_PAIR_STATES),
        )
    ).all()
    mentee = sa.orm.aliased(Enrolment)
    mentor = sa.orm.aliased(Enrolment)
    excluded = db.session.execute(
        sa.select(mentee.id, mentor.id)
        .join(Exclusion, Exclusion.mentee_user_id == mentee.user_id)
        .join(mentor, mentor.user_id == Exclusion.mentor_user_id)
        .where(
            mentee.programme_id == programme_id,
            mentee.role == "mentee",
            mentor.programme_id == programme_id,
            mentor.role == "mentor",
            sa.or_(
                Exclusion.programme_id.is_(None),
                Exclusion.programme_id == programme_id,
            ),
        )
    ).all()
    return {tuple(pair) for pair in closed} | {tuple(pair) for pair in excluded}


def _own_organisation_pairs(mentee_rows, mentor_rows):
    """Mentees who asked for a mentor from another organisation only."""
    by_org = {}
    for enrolment, user, _profile, _region in mentor_rows:
        by_org.setdefault(user.organisation_id, []).append(enrolment.id)
    pairs = set()
    for enrolment, user, profile, _region in mentee_rows:
        if profile.cross_org_only and user.organisation_id is not None:
            pairs.update(
                (enrolment.id, m) for m in by_org.get(user.organisation_id, ())
            )
    return pairs


def match_settings(settings, excluded):
    """The programme's settings version as the library's MatchSettings."""
    return MatchSettings(
        weights=settings.weights or None,
        cross_organisation=settings.cross_organisation_required,
        max_timezone_difference=settings.max_timezone_gap_hours,
        proposals_per_mentee=settings.proposals_per_mentee or 1,
        excluded_pairs=frozenset(excluded),
    )


def build_cohort(programme, settings):
    """Everything the library needs for one run of this programme."""
    mentee_rows = _free_enrolments(programme.id, "mentee")
    mentor_rows = _free_enrolments(programme.id, "mentor")
    excluded = excluded_pairs(programme.id)
    if not settings.cross_organisation_required:
        excluded |= _own_organisation_pairs(mentee_rows, mentor_rows)
    mentees = [to_mentee(*row) for row in mentee_rows]
    mentors = [to_mentor(*row) for row in mentor_rows]
    return (
        mentees,
        mentors,
        match_settings(settings, excluded),
        mentee_rows,
        mentor_rows,
    )


# --- runs ---------------------------------------------------------------------------


def start_run(programme, by):
    """Queue a run with the current settings; one run at a time per programme."""
    if programme.status != "published":
        raise FlowError(_l("Publish the programme before matching."))
    run = MatchRun(
        programme_id=programme.id,
        settings_id=programme.current_settings.id,
        library_version=matching.__version__,
        started_by_id=by.id,
        status="queued",
    )
    try:
        with db.session.begin_nested():
            db.session.add(run)
    except IntegrityError:
        raise FlowError(
            _l("A run of this programme is already in progress or waiting for review.")
        ) from None
    record(run, "queued", actor=by, to_state="queued")
    return run


def queue_run(run_id):
    """Hand the run to the job queue (after the request committed it)."""
    execute_run_job(run_id)


@job(retries=0)
def execute_run_job(run_id):
    """Background job: compute a run's proposals."""
    execute_run(run_id)


def execute_run(run_id):
    """Run the matching engine for one queued run and store its draft proposals."""
    claimed = db.session.execute(
        sa.update(MatchRun)
        .where(MatchRun.id == run_id, MatchRun.status == "queued")
        .values(status="running", started_at=utcnow(), progress=5)
    ).rowcount
    db.session.commit()
    if not claimed:
        return
    run = db.session.get(MatchRun, run_id)
    try:
        _compute(run)
        db.session.commit()
    except Exception as error:  # a failed run is reported, never half-saved
        db.session.rollback()
        log.exception("match run %s failed", run_id)
        run = db.session.get(MatchRun, run_id)
        run.status, run.error, run.finished_at = (
            "failed",
            type(error).__name__,
            utcnow(),
        )
        db.session.commit()


def _progress(run, value):
    run.progress = value
    db.session.commit()


def _compute(run):
    started = time.perf_counter()
    mentees, mentors, settings, mentee_rows, mentor_rows = build_cohort(
        run.programme, run.settings
    )
    run.n_mentees, run.n_mentors = len(mentees), len(mentors)
    _progress(run, 20)
    result = matching.propose(mentees, mentors, settings)
    _progress(run, 80)
    organisations = {
        row[0].id: row[1].organisation_id for row in mentee_rows + mentor_rows
    }
    # One live proposal per mentee: the optimal assignment (rank 1) is proposed,
    # later rounds are kept as ranked alternatives for the Secretariat's review.
    pairs = [pair for pair in result.pairs if pair.rank == 1]
    alternatives = _alternatives(result.pairs)
    db.session.add_all(
        _draft(run, pair, organisations, alternatives.get(pair.mentee_id, []))
        for pair in pairs
    )
    run.n_proposed = len(pairs)
    run.unmatched = _count_reasons(result.unmatched)
    seconds = result.stats.get("seconds", {})
    run.timings = {
        **{stage: round(float(value), 4) for stage, value in seconds.items()},
        "total_with_database": round(time.perf_counter() - started, 4),
    }
    run.status, run.progress, run.finished_at = "preview", 100, utcnow()
    record(run, "computed", to_state="preview", data={"proposed": run.n_proposed})


def _alternatives(pairs):
    found = {}
    for pair in sorted(pairs, key=lambda p: p.rank):
        if pair.rank > 1:
            found.setdefault(pair.mentee_id, []).append(
                {"mentor_enrolment_id": pair.mentor_id, "score": float(pair.score)}
            )
    return found


def _draft(run, pair, organisations, alternatives=()):
    return Proposal(
        alternatives=list(alternatives),
        programme_id=run.programme_id,
        run_id=run.id,
        mentee_enrolment_id=pair.mentee_id,
        mentor_enrolment_id=pair.mentor_id,
        mentee_organisation_id=organisations.get(pair.mentee_id),
        mentor_organisation_id=organisations.get(pair.mentor_id),
        score=float(pair.score),
        reasons=[reason_dict(r) for r in pair.reasons],
        status="draft",
    )


def reason_dict(reason):
    value = reason.value
    if hasattr(value, "item"):  # numpy scalars are not JSON
        value = value.item()
    return {
        "code": reason.code,
        "value": value,
        "contribution": float(reason.contribution),
    }


def _count_reasons(unmatched):
    counts = {}
    for code in unmatched.values():
        counts[code] = counts.get(code, 0) + 1
    return counts


def release_run(run, by):
    """Send a previewed run's proposals to the coordinators; returns how many went."""
    if run.status != "preview":
        raise FlowError(_l("Only a run waiting for review can be released."))
    now = utcnow()
    deadline = now + timedelta(days=current_app.config["APPROVAL_EXPIRY_DAYS"])
    released = []
    for proposal in _drafts(run):
        if take_pair_slots(proposal):
            move(
                proposal,
                ["draft"],
                "awaiting_approval",
                actor=by,
                released_at=now,
                expires_at=deadline,
            )
            released.append(proposal)
        else:
            move(
                proposal,
                ["draft"],
                "removed",
                actor=by,
                reason="capacity_taken",
                close_reason="capacity_taken",
                closed_at=now,
            )
    run.status, run.released_at = "released", now
    record(
        run,
        "released",
        actor=by,
        from_state="preview",
        to_state="released",
        data={"released": len(released)},
    )
    notify.proposals_released(released)
    return len(released)


def discard_run(run, by):
    """Throw a preview away: its drafts are removed, nobody is told."""
    if run.status not in ("preview", "failed"):
        raise FlowError(_l("Only a run waiting for review can be discarded."))
    for proposal in _drafts(run):
        move(
            proposal,
            ["draft"],
            "removed",
            actor=by,
            reason="run_discarded",
            close_reason="run_discarded",
            closed_at=utcnow(),
        )
    before, run.status = run.status, "discarded"
    record(run, "discarded", actor=by, from_state=before, to_state="discarded")


def _drafts(run):
    return db.session.scalars(
        sa.select(Proposal)
        .where(Proposal.run_id == run.id, Proposal.status == "draft")
        .order_by(Proposal.id)
    ).all()


def remove_proposal(proposal, by, exclude=False, reason=""):
    """The Secretariat takes a proposal out; live ones free both people's slots."""
    was_released = proposal.status in ("awaiting_approval", "offered")
    if not move(
        proposal,
        ["draft", "awaiting_approval", "offered"],
        "removed",
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
    mentee_rows = _free_enrolments(programme.id, "mentee", [mentee_enrolment_id])
    mentor_rows = _free_enrolments(programme.id, "mentor", [mentor_enrolment_id])
    if not mentee_rows:
        raise FlowError(_l("This mentee is not free: withdrawn, or already paired."))
    if not mentor_rows:
        raise FlowError(_l("This mentor has no free place in this programme."))
    if mentee_rows[0][1].id == mentor_rows[0][1].id:
        raise FlowError(_l("A person cannot mentor herself."))
    if (mentee_enrolment_id, mentor_enrolment_id) in excluded_pairs(programme.id):
        raise FlowError(_l("This pair is excluded from this programme."))
    pair = _checked_pair(programme, mentee_rows[0], mentor_rows[0])
    return _propose_now(programme, pair, mentee_rows[0], mentor_rows[0], by)


def _checked_pair(programme, mentee_row, mentor_row):
    """Score the pair with the library; its hard rules say no with a reason code."""
    settings = match_settings(programme.current_settings, set())
    result = matching.propose(
        [to_mentee(*mentee_row)], [to_mentor(*mentor_row)], settings
    )
    if not result.pairs:
        from .reasons import describe_unmatched

        code = next(iter(result.unmatched.values()), "no_candidates")
        raise FlowError(
            _l(
                "This pair breaks a rule of the programme: %(rule)s",
                rule=describe_unmatched(code),
            )
        )
    return result.pairs[0]


def _propose_now(programme, pair, mentee_row, mentor_row, by):
    now = utcnow()
    proposal = Proposal(
        programme_id=programme.id,
        mentee_enrolment_id=mentee_row[0].id,
        mentor_enrolment_id=mentor_row[0].id,
        mentee_organisation_id=mentee_row[1].organisation_id,
        mentor_organisation_id=mentor_row[1].organisation_id,
        score=float(pair.score),
        reasons=[reason_dict(r) for r in pair.reasons],
        manual=True,
        status="awaiting_approval",
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
    record(proposal, "proposed_by_hand", actor=by, to_state="awaiting_approval")
    notify.proposals_released([proposal])
    return proposal
