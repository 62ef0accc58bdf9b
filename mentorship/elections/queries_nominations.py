"""What the elections' pages read (part nominations): the elections a reader sees,
an election's candidates by region, the nominations of the Secretariat's desk and of
a nominator's organisations, the person an address names."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..auth.services import normalise_email
from ..db import db
from ..forms import MAX_ID
from ..organisations.models import Organisation
from ..vocab import REGIONS
from .models import Election, ElectionStatus, Nomination


def _get(model, record_id):
    if not isinstance(record_id, int) or not 1 <= record_id <= MAX_ID:
        return None
    return db.session.get(model, record_id)


def election_or_none(election_id):
    return _get(Election, election_id)


def nomination_or_none(nomination_id):
    return _get(Nomination, nomination_id)


def elections(with_drafts):
    """Newest first; drafts only for the Secretariat."""
    query = sa.select(Election).order_by(Election.created_at.desc(), Election.id.desc())
    if not with_drafts:
        query = query.where(Election.status != ElectionStatus.DRAFT)
    return db.session.scalars(query).unique().all()


def by_region(rows):
    """[(region code, label, [nomination...])] in REGIONS' order, regions with none
    left out."""
    grouped = {}
    for row in rows:
        grouped.setdefault(row.region, []).append(row)
    return [
        (code, label, sorted(grouped[code], key=lambda n: n.candidate.name.lower()))
        for code, label in REGIONS.items()
        if code in grouped
    ]


def of_election(election):
    """Every nomination of the election, for the Secretariat's desk."""
    return db.session.scalars(
        sa.select(Nomination)
        .where(Nomination.election_id == election.id)
        .options(
            selectinload(Nomination.candidate),
            selectinload(Nomination.organisation),
            selectinload(Nomination.candidate_organisation),
        )
        .order_by(Nomination.region, Nomination.id)
    ).all()


def of_organisations(election, organisation_ids):
    """The nominations these organisations made in the election."""
    if not organisation_ids:
        return []
    return db.session.scalars(
        sa.select(Nomination)
        .where(
            Nomination.election_id == election.id,
            Nomination.organisation_id.in_(organisation_ids),
        )
        .order_by(Nomination.id)
    ).all()


def member_organisations(ids):
    """The member organisations among `ids`, by name."""
    if not ids:
        return []
    return db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.id.in_(ids), Organisation.status == "member")
        .order_by(Organisation.name)
    ).all()


def member_person(email):
    """The active person of a member organisation with this address, else None
    (whether the address has an account elsewhere is never told)."""
    person = db.session.scalar(
        sa.select(User).where(User.email == normalise_email(email))
    )
    if (
        person is None
        or person.erased_at is not None
        or person.organisation is None
        or person.organisation.status != "member"
    ):
        return None
    return person
