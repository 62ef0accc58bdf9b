"""Rows to the `matching` library and back (its types come through `adapter.py`).

Rows become plain dataclasses, the library returns pairs with reason codes, and the
codes are stored as they are (translated only at display). A run only touches people
who are free: mentees without a live proposal or mentorship, mentors with slots left.
"""

import time
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..auth.models import User
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..profiles.models import Profile
from ..programmes.models import Enrolment
from .adapter import MatchSettings, MenteeProfile, MentorProfile, propose
from .models import Exclusion, Proposal
from .transitions import FlowError

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


def free_enrolments(programme_id, role, enrolment_ids=None):
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
    mentee_rows = free_enrolments(programme.id, "mentee")
    mentor_rows = free_enrolments(programme.id, "mentor")
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


# --- library results -> rows ------------------------------------------------------


def _progress(run, value):
    run.progress = value
    db.session.commit()


def compute_run(run):
    """Run the engine on the run's free people and store its draft proposals."""
    started = time.perf_counter()
    mentees, mentors, settings, mentee_rows, mentor_rows = build_cohort(
        run.programme, run.settings
    )
    run.n_mentees, run.n_mentors = len(mentees), len(mentors)
    _progress(run, 20)
    result = propose(mentees, mentors, settings)
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


def check_pair(programme, mentee_row, mentor_row):
    """Score the pair with the library; its hard rules say no with a reason code."""
    settings = match_settings(programme.current_settings, set())
    result = propose([to_mentee(*mentee_row)], [to_mentor(*mentor_row)], settings)
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
