"""Read-side queries of the matching flow (pages, queues), scoped by policy."""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload

from .. import policy
from ..auth.models import User
from ..core.pagination import paginate
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..programmes.models import Enrolment, Programme
from .models import Proposal

PER_PAGE = 100


def _side(relationship, profiles=True):
    """One side's enrolment, person and organisation, joined to the proposal; her
    profiles in one SELECT when shown. Her roles and memberships are not shown: not
    loaded."""
    person = joinedload(relationship, innerjoin=True).joinedload(
        Enrolment.user, innerjoin=True
    )
    return (
        person.joinedload(User.organisation).lazyload(Organisation.description),
        person.selectinload(User.profiles)
        if profiles
        else person.lazyload(User.profiles),
        person.lazyload(User.role_grants),
        person.lazyload(User.current_memberships),
    )


# Built once: loader options are immutable, and the statement cache keys on them.
_PEOPLE = (
    joinedload(Proposal.programme).lazyload(Programme.description),
    *_side(Proposal.mentee_enrolment),
    *_side(Proposal.mentor_enrolment),
)
# The Secretariat's proposal tables show names and organisations, not profiles.
_NAMES = (
    joinedload(Proposal.programme).lazyload(Programme.description),
    *_side(Proposal.mentee_enrolment, profiles=False),
    *_side(Proposal.mentor_enrolment, profiles=False),
)


def _with_names(query):
    return query.options(*_NAMES)


def _with_people(query):
    """Both people, their organisations and the programme, in a fixed number of
    queries however many proposals the page shows."""
    return query.options(*_PEOPLE)


def run_proposals(run, page):
    """A run's proposals, best first."""
    query = _with_names(
        sa.select(Proposal)
        .where(Proposal.run_id == run.id)
        .order_by(Proposal.score.desc(), Proposal.id)
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def programme_proposals(programme, status, page):
    query = sa.select(Proposal).where(Proposal.programme_id == programme.id)
    if status:
        query = query.where(Proposal.status == status)
    query = _with_names(query.order_by(Proposal.created_at.desc(), Proposal.id.desc()))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


QUEUE_PER_PAGE = 20
BULK_MAX = 500
QUEUE_STATUSES = ("mine", "other", "decided")
QUEUE_SORTS = ("deadline", "score", "newest")
QUEUE_DUE_DAYS = (3, 7)


@dataclass(frozen=True)
class QueueFilters:
    """What the approval queue shows: read from the query string, junk ignored."""

    programme: int | None = None
    organisation: int | None = None
    status: str = "mine"
    due: int | None = None
    sort: str = "deadline"

    @classmethod
    def from_args(cls, args):
        def one_of(name, allowed, default):
            value = args.get(name, default)
            return value if value in allowed else default

        due = args.get("due", type=int)
        return cls(
            programme=_record_id(args.get("programme")),
            organisation=_record_id(args.get("organisation")),
            status=one_of("status", QUEUE_STATUSES, "mine"),
            due=due if due in QUEUE_DUE_DAYS else None,
            sort=one_of("sort", QUEUE_SORTS, "deadline"),
        )

    def args(self):
        """The filters as query-string arguments (defaults left out)."""
        values = {
            "programme": self.programme,
            "organisation": self.organisation,
            "status": None if self.status == "mine" else self.status,
            "due": self.due,
            "sort": None if self.sort == "deadline" else self.sort,
        }
        return {key: value for key, value in values.items() if value is not None}


def _record_id(value):
    """A database id from the query string, or None (junk, zero, out of range)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number < 2**31 else None


def _queue_condition(user, filters, now):
    reach = policy.reachable_proposals(user)
    waiting_for_me = policy.decidable_proposals(user)
    status = {
        "mine": waiting_for_me,
        "other": sa.and_(
            reach, Proposal.status == "awaiting_approval", ~waiting_for_me
        ),
        "decided": sa.and_(reach, Proposal.status != "awaiting_approval"),
    }[filters.status]
    conditions = [status]
    if filters.programme:
        conditions.append(Proposal.programme_id == filters.programme)
    if filters.organisation:
        conditions.append(
            sa.or_(
                Proposal.mentee_organisation_id == filters.organisation,
                Proposal.mentor_organisation_id == filters.organisation,
            )
        )
    if filters.due:
        conditions.append(Proposal.expires_at <= now + timedelta(days=filters.due))
    return sa.and_(*conditions)


_QUEUE_ORDER = {
    "deadline": (Proposal.expires_at, Proposal.id),
    "score": (Proposal.score.desc(), Proposal.id),
    "newest": (Proposal.released_at.desc(), Proposal.id.desc()),
}


def approval_queue(user, filters=None, page=1, now=None):
    """One page of the reader's queue, filtered and sorted."""
    filters = filters or QueueFilters()
    query = _with_people(
        sa.select(Proposal)
        .where(_queue_condition(user, filters, now or utcnow()))
        .order_by(*_QUEUE_ORDER[filters.sort])
    )
    return paginate(query, page, QUEUE_PER_PAGE)


def queue_ids(user, filters, now=None):
    """Ids of every proposal the filters select (at most BULK_MAX + 1)."""
    query = (
        sa.select(Proposal.id)
        .where(_queue_condition(user, filters, now or utcnow()))
        .order_by(*_QUEUE_ORDER[filters.sort])
        .limit(BULK_MAX + 1)
    )
    return list(db.session.scalars(query))


def queue_choices(user):
    """(programmes, organisations) found in the reader's reach, for the filters."""
    reach = sa.select(Proposal).where(policy.reachable_proposals(user)).subquery()
    programmes = db.session.scalars(
        sa.select(Programme)
        .options(lazyload(Programme.description))
        .where(Programme.id.in_(sa.select(reach.c.programme_id)))
        .order_by(Programme.starts_on.desc(), Programme.id)
    ).all()
    org_ids = sa.union(
        sa.select(reach.c.mentee_organisation_id),
        sa.select(reach.c.mentor_organisation_id),
    )
    organisations = db.session.scalars(
        sa.select(Organisation)
        .options(lazyload(Organisation.description))
        .where(Organisation.id.in_(org_ids))
        .order_by(Organisation.name)
    ).all()
    return programmes, organisations


def proposals_by_id(ids):
    if not ids:
        return []
    return db.session.scalars(
        _with_people(
            sa.select(Proposal)
            .where(Proposal.id.in_(ids[:BULK_MAX]))
            .order_by(Proposal.expires_at, Proposal.id)
        )
    ).all()


def role_in(proposal, user):
    """'mentee', 'mentor' or None: the reader's part in this proposal."""
    if proposal.mentee_enrolment.user_id == user.id:
        return "mentee"
    if proposal.mentor_enrolment.user_id == user.id:
        return "mentor"
    return None


def member_proposals(programme_id, user):
    """Her proposals in a programme that are out of the Secretariat's preview."""
    mentee = sa.orm.aliased(Enrolment)
    mentor = sa.orm.aliased(Enrolment)
    query = _with_people(
        sa.select(Proposal)
        .join(mentee, mentee.id == Proposal.mentee_enrolment_id)
        .join(mentor, mentor.id == Proposal.mentor_enrolment_id)
        .where(
            Proposal.programme_id == programme_id,
            Proposal.status.notin_(["draft", "removed"]),
            sa.or_(mentee.user_id == user.id, mentor.user_id == user.id),
        )
        .order_by(Proposal.id.desc())
    )
    return db.session.scalars(query).all()


def pairing_choices(programme):
    """(id, label) choices of free mentees and mentors with slots, for a manual pair."""

    def choices(role):
        rows = db.session.execute(
            sa.select(
                Enrolment.id, User.name, Enrolment.capacity, Enrolment.slots_taken
            )
            .join(User, User.id == Enrolment.user_id)
            .where(
                Enrolment.programme_id == programme.id,
                Enrolment.role == role,
                Enrolment.status == "enrolled",
                Enrolment.slots_taken < Enrolment.capacity,
            )
            .order_by(User.name)
        ).all()
        return [
            (row.id, f"{row.name} ({row.capacity - row.slots_taken})") for row in rows
        ]

    return choices("mentee"), choices("mentor")


def alternative_names(proposals):
    """Enrolment id -> name for every alternative mentor listed on these proposals."""
    ids = {
        alt["mentor_enrolment_id"] for p in proposals for alt in p.alternatives or []
    }
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Enrolment.id, User.name)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.id.in_(ids))
    )
    return dict(rows.all())


def offers_waiting(user):
    """Her open offers, light: (proposal id, deadline, her role, partner's name)."""
    return db.session.execute(_offers_waiting(), {"user_id": user.id}).all()


@cache
def _offers_waiting():
    """The statement of `offers_waiting`, built once (on every home page view
    its aliases and CASEs cost more than running it); her id is a parameter."""
    me = sa.bindparam("user_id")
    mentee = sa.orm.aliased(Enrolment)
    mentor = sa.orm.aliased(Enrolment)
    mentee_user = sa.orm.aliased(User)
    mentor_user = sa.orm.aliased(User)
    her_role = sa.case((mentee.user_id == me, "mentee"), else_="mentor")
    partner = sa.case((mentee.user_id == me, mentor_user.name), else_=mentee_user.name)
    return (
        sa.select(
            Proposal.id,
            Proposal.expires_at,
            her_role.label("role"),
            partner.label("partner"),
        )
        .join(mentee, mentee.id == Proposal.mentee_enrolment_id)
        .join(mentor, mentor.id == Proposal.mentor_enrolment_id)
        .join(mentee_user, mentee_user.id == mentee.user_id)
        .join(mentor_user, mentor_user.id == mentor.user_id)
        .where(
            Proposal.status == "offered",
            sa.or_(
                sa.and_(mentee.user_id == me, Proposal.mentee_answer.is_(None)),
                sa.and_(mentor.user_id == me, Proposal.mentor_answer.is_(None)),
            ),
        )
        .order_by(Proposal.expires_at, Proposal.id)
    )


def waiting_count(user):
    """How many proposals wait for this reader's decision."""
    query = sa.select(sa.func.count(Proposal.id)).where(
        policy.decidable_proposals(user)
    )
    return db.session.scalar(query)


def deciders_of(organisation_ids):
    """Ids of the people told of proposals for these organisations (policy.deciders):
    their coordinators, or the Secretariat standing in."""
    return set(
        db.session.scalars(sa.select(User.id).where(policy.deciders(organisation_ids)))
    )


@dataclass(frozen=True)
class RunImpact:
    """What releasing or discarding a previewed run touches."""

    proposals: int
    organisations: int
    deciders: int


def run_impact(run):
    """Counts for the release and discard confirmations of a run."""
    rows = db.session.execute(
        sa.select(
            Proposal.mentee_organisation_id, Proposal.mentor_organisation_id
        ).where(Proposal.run_id == run.id, Proposal.status == "draft")
    ).all()
    organisations = {org for row in rows for org in row}
    return RunImpact(
        proposals=len(rows),
        organisations=len(organisations - {None}),
        deciders=len(deciders_of(organisations)) if rows else 0,
    )


@dataclass(frozen=True)
class ProgrammeImpact:
    """What an archived programme leaves behind (archiving changes none of it)."""

    enrolled: int
    live_proposals: int
    active_mentorships: int


def programme_impact(programme):
    """Counts for the archive confirmation of a programme."""
    from ..mentorships.models import Mentorship

    def count(query):
        return db.session.scalar(query) or 0

    return ProgrammeImpact(
        enrolled=count(
            sa.select(sa.func.count(sa.distinct(Enrolment.user_id))).where(
                Enrolment.programme_id == programme.id, Enrolment.status == "enrolled"
            )
        ),
        live_proposals=count(
            sa.select(sa.func.count(Proposal.id)).where(
                Proposal.programme_id == programme.id,
                Proposal.status.in_(["awaiting_approval", "offered"]),
            )
        ),
        active_mentorships=count(
            sa.select(sa.func.count(Mentorship.id)).where(
                Mentorship.programme_id == programme.id, Mentorship.status == "active"
            )
        ),
    )
