"""Read-side queries of the matching flow (pages, queues), scoped by policy."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import policy
from ..auth.models import User
from ..db import db
from ..programmes.models import Enrolment
from .models import Proposal

PER_PAGE = 100


def _with_people(query):
    """Both people, their organisations and the programme, in a fixed number of
    queries however many proposals the page shows."""
    return query.options(
        selectinload(Proposal.programme),
        *(
            selectinload(side)
            .selectinload(Enrolment.user)
            .selectinload(User.organisation)
            for side in (Proposal.mentee_enrolment, Proposal.mentor_enrolment)
        ),
    )


def run_proposals(run, page):
    """A run's proposals, best first."""
    query = _with_people(
        sa.select(Proposal)
        .where(Proposal.run_id == run.id)
        .order_by(Proposal.score.desc(), Proposal.id)
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def programme_proposals(programme, status, page):
    query = sa.select(Proposal).where(Proposal.programme_id == programme.id)
    if status:
        query = query.where(Proposal.status == status)
    query = _with_people(query.order_by(Proposal.created_at.desc(), Proposal.id.desc()))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def approval_queue(user):
    """What waits for this reader's decision, oldest first."""
    query = _with_people(
        sa.select(Proposal)
        .where(policy.decidable_proposals(user))
        .order_by(Proposal.released_at, Proposal.id)
    )
    return db.session.scalars(query).all()


def proposals_by_id(ids):
    if not ids:
        return []
    return db.session.scalars(
        _with_people(sa.select(Proposal).where(Proposal.id.in_(ids[:500])))
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


def open_offers(user):
    """Offers waiting for this person's answer."""
    mentee = sa.orm.aliased(Enrolment)
    mentor = sa.orm.aliased(Enrolment)
    waiting_for_her = sa.or_(
        sa.and_(mentee.user_id == user.id, Proposal.mentee_answer.is_(None)),
        sa.and_(mentor.user_id == user.id, Proposal.mentor_answer.is_(None)),
    )
    return db.session.scalars(
        _with_people(
            sa.select(Proposal)
            .join(mentee, mentee.id == Proposal.mentee_enrolment_id)
            .join(mentor, mentor.id == Proposal.mentor_enrolment_id)
            .where(Proposal.status == "offered", waiting_for_her)
            .order_by(Proposal.expires_at)
        )
    ).all()
