"""Outcome metrics: each group is ONE aggregated SQL query; results are plain dicts.

Definitions (the dashboards print the same glossary):

- Enrolled by role: enrolments not withdrawn, mentors and mentees.
- Match rate: mentee enrolments with a mentorship in that programme / mentee
  enrolments.
- Time to match: median days from a mentee's enrolment to the start of her first
  mentorship in that programme (an exact median: `percentile_cont` on PostgreSQL,
  the middle row(s) by ORDER BY ... LIMIT/OFFSET on SQLite).
- Mentees proposed: mentee enrolments with at least one released proposal.
- Acceptance rate: accepted / (accepted + declined) among proposals offered to pairs.
- Decline reasons: declined proposals counted by reason code and side.
- First-meeting rate: mentorships with at least one meeting / mentorships.
- Meetings per pair per month: meetings / sum of the months each pair was active
  (start to close, or to today while active).
- Active-pair rate: active mentorships with a meeting in the last 45 days / active
  mentorships.
- Goals set (count) and achieved (count, and share of goals set).
- Satisfaction: mean of 1-5 answers. NPS: % promoters (9-10) - % detractors (0-6).
  Survey figures go through `core/disclosure.py`: groups of at least 5 people that no
  other figure the same reader may request can be subtracted from; means rounded.
- Completion rate: completed / (completed + closed early); early-closure share is the
  complement.
- Re-match rate: mentorships closed early with a re-match requested whose mentee
  started a new mentorship in the same programme later / those closed early with
  a re-match requested.

Filters (programme, organisation, region, language): see `filters.py`.
"""

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..core import versions
from ..core.models import TranslatedText, Translation
from ..db import UTCDateTime, db, utcnow
from ..matches.models import Proposal
from ..mentorships.models import Goal, Meeting, Mentorship
from ..organisations.models import Organisation
from ..partnerships.models import Introduction, Partnership
from ..programmes.models import Enrolment, Programme
from ..surveys.models import SurveyResponse
from .filters import Filters, pair_conditions, person_conditions, survey_conditions

ACTIVE_WINDOW_DAYS = 45
DAYS_PER_MONTH = 365.25 / 12

VERSION = "outcomes"
"""The data version (core/versions.py) of everything the figures are computed from:
the cache of figures (cache.py) is keyed by it. A table read here and not watched
would make cached figures stale: tests/web/test_outcomes_cache.py checks the list."""
for _model in (Enrolment, Proposal, Mentorship, Meeting, Goal, SurveyResponse):
    versions.watch(VERSION, _model)
# Names and labels: programmes (and their translated names), organisations.
for _model in (Programme, Organisation, TranslatedText, Translation):
    versions.watch(VERSION, _model)
versions.watch(VERSION, User, columns=("organisation_id", "locale", "erased_at"))
# Introductions between organisations and the partnerships that came of them.
for _model in (Introduction, Partnership):
    versions.watch(VERSION, _model)


# --- Dialect helpers --------------------------------------------------------------


def _dialect():
    return db.session.get_bind().dialect.name


def no_jit():
    """PostgreSQL: no JIT compilation for this transaction's aggregates.

    Correlated subqueries make the planner's cost estimates large enough to trigger
    JIT, whose compilation (100-300 ms) costs more than these queries take.
    """
    if _dialect() != "postgresql":
        return
    session = db.session()
    transaction = session.get_transaction()
    if transaction is None or session.info.get(_NO_JIT) is not transaction:
        session.execute(sa.text("SET LOCAL jit = off"))  # once per transaction
        session.info[_NO_JIT] = session.get_transaction()


_NO_JIT = "outcomes.no_jit"  # session.info: the transaction JIT is off in


def _days_between(later, earlier):
    """Days (fractional) between two datetimes, computed by the database."""
    if _dialect() == "postgresql":
        return sa.extract("epoch", later - earlier) / 86400.0
    return sa.func.julianday(later) - sa.func.julianday(earlier)


def _plain(row):
    """A result row as a dict of plain numbers (PostgreSQL sums are Decimals)."""
    return {
        key: (int(value) if value == int(value) else float(value))
        if isinstance(value, Decimal)
        else value
        for key, value in row._asdict().items()
    }


def _count_if(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


# Parts of the metric queries that no filter changes: built once, not per view.
_PROPOSED = (
    sa.select(Proposal.mentee_enrolment_id)
    .where(Proposal.released_at.is_not(None))
    .distinct()
    .subquery("proposed")
)
_MATCHED = (
    sa.select(Mentorship.programme_id, Mentorship.mentee_user_id)
    .distinct()
    .subquery("matched")
)
_MEETING_COUNTS = (
    sa.select(
        Meeting.mentorship_id,
        sa.func.count().label("n"),
        sa.func.max(Meeting.held_on).label("last"),
    )
    .group_by(Meeting.mentorship_id)
    .subquery("meeting_counts")
)
_LATER = aliased(Mentorship)
_REMATCHED = (
    sa.select(_LATER.id)
    .where(
        _LATER.programme_id == Mentorship.programme_id,
        _LATER.mentee_user_id == Mentorship.mentee_user_id,
        _LATER.started_at > Mentorship.started_at,
    )
    .exists()
)


def _first_mentorships():
    """(programme, mentee) -> start of her first mentorship there."""
    return (
        sa.select(
            Mentorship.programme_id,
            Mentorship.mentee_user_id.label("user_id"),
            sa.func.min(Mentorship.started_at).label("started_at"),
        )
        .where(Mentorship.mentee_user_id.is_not(None))
        .group_by(Mentorship.programme_id, Mentorship.mentee_user_id)
        .subquery("first_mentorship")
    )


_FIRST_MENTORSHIPS = _first_mentorships()
_GOAL_COUNTS = (
    sa.select(
        Goal.mentorship_id,
        sa.func.count().label("n"),
        _count_if(Goal.status == "achieved").label("achieved"),
    )
    .group_by(Goal.mentorship_id)
    .subquery("goal_counts")
)


def _people(query, filters, by=None):
    """Join each enrolment's person and her organisation, when filters need them."""
    if not (
        filters.organisation
        or filters.region
        or filters.language
        or by in ("region", "language", "organisation")
    ):
        return query
    return query.join(User, User.id == Enrolment.user_id).outerjoin(
        Organisation, Organisation.id == User.organisation_id
    )


# --- Metric groups ----------------------------------------------------------------


def _dimension(by):
    """The column a breakdown groups by, and the columns that label it."""
    if by == "language":
        return User.locale, ()
    if by == "programme":
        return Enrolment.programme_id, (Programme.name_id,)
    if by == "organisation":
        return Organisation.id, (Organisation.name,)
    return Organisation.region, ()


def enrolment(filters, by="region"):
    """Enrolled by role, mentees proposed and matched, per `by` (region...)."""
    no_jit()
    proposed, matched = _PROPOSED, _MATCHED
    is_mentee = Enrolment.role == "mentee"
    key, label_columns = _dimension(by)
    query = sa.select(
        key.label("key"),
        *label_columns,
        _count_if(Enrolment.role == "mentor").label("mentors"),
        _count_if(is_mentee).label("mentees"),
        sa.func.count(proposed.c.mentee_enrolment_id).label("proposed"),
        sa.func.count(matched.c.mentee_user_id).label("matched"),
    ).select_from(Enrolment)
    query = _people(query, filters, by)
    if by == "programme":
        query = query.join(Programme, Programme.id == Enrolment.programme_id)
    query = (
        query.outerjoin(
            proposed,
            sa.and_(is_mentee, proposed.c.mentee_enrolment_id == Enrolment.id),
        )
        .outerjoin(
            matched,
            sa.and_(
                is_mentee,
                matched.c.programme_id == Enrolment.programme_id,
                matched.c.mentee_user_id == Enrolment.user_id,
            ),
        )
        .where(*person_conditions(filters))
        .group_by(key, *label_columns)
    )
    rows = [_plain(row) for row in db.session.execute(query)]
    totals = {
        name: sum(row[name] for row in rows)
        for name in ("mentors", "mentees", "proposed", "matched")
    }
    return {"by": by, "rows": rows, **totals}


def time_to_match(filters):
    """Median days from a mentee's enrolment to her first mentorship, and n."""
    no_jit()
    first = _FIRST_MENTORSHIPS
    days = _days_between(first.c.started_at, Enrolment.enrolled_at).label("days")
    matched = (
        sa.select(days)
        .select_from(first)
        .join(
            Enrolment,
            sa.and_(
                Enrolment.programme_id == first.c.programme_id,
                Enrolment.user_id == first.c.user_id,
                Enrolment.role == "mentee",
            ),
        )
    )
    matched = _people(matched, filters).where(*person_conditions(filters))
    if _dialect() == "postgresql":
        found = matched.subquery("matched_days")
        median = sa.func.percentile_cont(0.5).within_group(found.c.days)
        query = sa.select(median, sa.func.count()).select_from(found)
    else:
        # SQLite: the middle one or two values, by ORDER BY ... LIMIT/OFFSET.
        found = matched.cte("matched_days")
        n = sa.select(sa.func.count()).select_from(found).scalar_subquery()
        middle = (
            sa.select(found.c.days)
            .order_by(found.c.days)
            .limit(2 - n % 2)
            .offset((n - 1) // 2)
            .subquery("middle")
        )
        query = sa.select(sa.func.avg(middle.c.days), n)
    median, n = db.session.execute(query).one()
    return {"median_days": None if median is None else float(median), "n": n or 0}


def proposals(filters):
    """Offers accepted and declined, and the decline reasons by side."""
    no_jit()
    query = sa.select(
        Proposal.status, Proposal.close_reason, sa.func.count().label("n")
    ).where(Proposal.status.in_(("accepted", "declined")))
    users = None
    if filters.language:
        mentee, mentor = aliased(Enrolment), aliased(Enrolment)
        query = query.join(mentee, mentee.id == Proposal.mentee_enrolment_id).join(
            mentor, mentor.id == Proposal.mentor_enrolment_id
        )
        users = (mentee.user_id, mentor.user_id)
    query = query.where(*pair_conditions(filters, Proposal, users)).group_by(
        Proposal.status, Proposal.close_reason
    )
    rows = db.session.execute(query).all()
    declines = {}
    for row in rows:
        if row.status == "declined":
            declines[row.close_reason] = declines.get(row.close_reason, 0) + row.n
    return {
        "accepted": sum(row.n for row in rows if row.status == "accepted"),
        "declined": sum(declines.values()),
        "decline_reasons": dict(sorted(declines.items(), key=lambda kv: -kv[1])),
    }


def mentorships(filters):
    """Status counts, meetings, activity, goals and re-matches of the pairs."""
    no_jit()
    today = utcnow().date()
    meetings, rematched = _MEETING_COUNTS, _REMATCHED
    goals = _GOAL_COUNTS
    now = sa.bindparam("now", utcnow(), type_=UTCDateTime)
    status = Mentorship.status
    asked = sa.and_(status == "closed_early", Mentorship.rematch_requested)
    query = (
        sa.select(
            sa.func.count().label("total"),
            _count_if(status == "active").label("active"),
            _count_if(status == "completed").label("completed"),
            _count_if(status == "closed_early").label("closed_early"),
            sa.func.count(meetings.c.mentorship_id).label("met"),
            sa.func.coalesce(sa.func.sum(meetings.c.n), 0).label("meetings"),
            sa.func.sum(
                _days_between(
                    sa.func.coalesce(Mentorship.closed_at, now), Mentorship.started_at
                )
            ).label("days_active"),
            _count_if(
                sa.and_(
                    status == "active",
                    meetings.c.last >= today - timedelta(days=ACTIVE_WINDOW_DAYS),
                )
            ).label("active_recent"),
            sa.func.coalesce(sa.func.sum(goals.c.n), 0).label("goals"),
            sa.func.coalesce(sa.func.sum(goals.c.achieved), 0).label("achieved"),
            _count_if(asked).label("rematch_requested"),
            _count_if(sa.and_(asked, rematched)).label("rematched"),
        )
        .select_from(Mentorship)
        .outerjoin(meetings, meetings.c.mentorship_id == Mentorship.id)
        .outerjoin(goals, goals.c.mentorship_id == Mentorship.id)
        .where(*pair_conditions(filters, Mentorship))
    )
    result = _plain(db.session.execute(query).one())
    result["months_active"] = float(result.pop("days_active") or 0) / DAYS_PER_MONTH
    return result


SURVEY_DIMENSIONS = ("stage", "programme", "region", "organisation", "language")
"""What survey cells are counted by, coarsest first (see disclosure.Partition)."""


def survey_cells(scope=None):
    """The answers a reader may ask figures about, counted per stage, programme,
    region, organisation and language: the sums behind the means and NPS.

    `scope` is the reader's reach (policy.outcome_scope): None for the Alliance, else
    an organisation id. Filters are applied later, on these cells, so that disclosure
    control sees every group the same reader could request.
    """
    no_jit()
    answers = SurveyResponse
    dimensions = (
        answers.stage,
        answers.programme_id.label("programme"),
        answers.region,
        answers.organisation_id.label("organisation"),
        answers.language,
    )
    labels = (
        Organisation.name.label("organisation_name"),
        Programme.name_id,
    )
    query = (
        sa.select(
            *dimensions,
            *labels,
            sa.func.count().label("answers"),
            sa.func.count(answers.satisfaction).label("satisfaction_n"),
            sa.func.coalesce(sa.func.sum(answers.satisfaction), 0).label(
                "satisfaction_sum"
            ),
            sa.func.count(answers.nps).label("nps_n"),
            _count_if(answers.nps >= 9).label("promoters"),
            _count_if(answers.nps <= 6).label("detractors"),
            sa.func.count(answers.confidence).label("confidence_n"),
            sa.func.coalesce(sa.func.sum(answers.confidence), 0).label(
                "confidence_sum"
            ),
        )
        .join(Programme, Programme.id == answers.programme_id)
        .outerjoin(Organisation, Organisation.id == answers.organisation_id)
        .where(*survey_conditions(Filters(organisation=scope)))
        .group_by(*dimensions, *labels)
    )
    return [_plain(row) for row in db.session.execute(query)]


def partnerships(filters):
    """Introductions made and partnerships by status, for the organisations the
    filters name (either side of a pair). They count organisations' agreements, not
    people: no disclosure threshold applies. A programme or language filter does
    not describe organisations: None then (the table is left out)."""
    if filters.programme or filters.language:
        return None
    conditions = []
    if filters.organisation:
        conditions.append(
            sa.or_(
                Introduction.org_low_id == filters.organisation,
                Introduction.org_high_id == filters.organisation,
            )
        )
    if filters.region:
        in_region = sa.select(Organisation.id).where(
            Organisation.region == filters.region
        )
        conditions.append(
            sa.or_(
                Introduction.org_low_id.in_(in_region),
                Introduction.org_high_id.in_(in_region),
            )
        )
    made = db.session.scalar(
        sa.select(sa.func.count(Introduction.id)).where(
            Introduction.status == "introduced", *conditions
        )
    )
    by_status = dict(
        db.session.execute(
            sa.select(Partnership.status, sa.func.count(Partnership.id))
            .join(Introduction, Introduction.id == Partnership.introduction_id)
            .where(*conditions)
            .group_by(Partnership.status)
        ).all()
    )
    return {"introduced": made or 0, "partnerships": by_status}


def dashboard(filters, by="region", scope=None):
    """Every metric group for one set of filters (five queries); survey cells for
    the reader's whole `scope` (policy.outcome_scope)."""
    return {
        "filters": filters,
        "enrolment": enrolment(filters, by),
        "time_to_match": time_to_match(filters),
        "proposals": proposals(filters),
        "mentorships": mentorships(filters),
        "surveys": survey_cells(scope),
        "partnerships": partnerships(filters),
    }
