"""What the register, the Secretariat's pages and the panels read."""

from collections import Counter, defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..core.pagination import paginate
from ..db import db
from ..organisations.models import Organisation
from .models import (
    Position,
    PositionVersion,
    Ratification,
    RatificationStatus,
    VersionStatus,
)

PER_PAGE = 20
KINDS = ("position", "priority")
WINDOW_FILTERS = ("open", "closed")


def _current_number():
    """SQL: the number of a position's latest version that is not a draft."""
    return (
        sa.select(sa.func.max(PositionVersion.number))
        .where(
            PositionVersion.position_id == Position.id,
            PositionVersion.status != VersionStatus.DRAFT,
        )
        .correlate(Position)
        .scalar_subquery()
    )


def is_open(today):
    """SQL condition on PositionVersion: answers are taken today."""
    return sa.and_(
        PositionVersion.status == VersionStatus.PUBLISHED,
        PositionVersion.opens_on <= today,
        PositionVersion.closes_on >= today,
    )


def register(kind, window, today, page):
    """The current version of every published position, newest first, one page."""
    query = (
        sa.select(PositionVersion)
        .join(Position, Position.id == PositionVersion.position_id)
        .where(PositionVersion.number == _current_number())
        .options(joinedload(PositionVersion.position))
        .order_by(PositionVersion.published_at.desc(), PositionVersion.id.desc())
    )
    if kind in KINDS:
        query = query.where(Position.kind == kind)
    if window == "open":
        query = query.where(is_open(today))
    elif window == "closed":
        query = query.where(
            sa.or_(
                PositionVersion.status != VersionStatus.PUBLISHED,
                PositionVersion.closes_on < today,
            )
        )
    return paginate(query, page, PER_PAGE)


def admin_list(kind, window, today, page):
    """Every position (drafts too) for the Secretariat, newest first; filtered by
    kind, and by its current version's window ('draft': nothing published yet)."""
    query = (
        sa.select(Position)
        .options(selectinload(Position.versions))
        .order_by(Position.created_at.desc(), Position.id.desc())
    )
    if kind in KINDS:
        query = query.where(Position.kind == kind)
    if window == "draft":
        query = query.where(_current_number().is_(None))
    elif window in WINDOW_FILTERS:
        current = sa.and_(
            PositionVersion.position_id == Position.id,
            PositionVersion.number == _current_number(),
        )
        state = is_open(today) if window == "open" else ~is_open(today)
        query = query.where(sa.exists().where(current, state))
    return paginate(query, page, PER_PAGE)


def counts(version_ids):
    """{version id: Counter of 'ratified', 'abstained', 'declined', 'withdrawn'}."""
    result = defaultdict(Counter)
    if not version_ids:
        return result
    rows = db.session.execute(
        sa.select(
            Ratification.version_id,
            Ratification.status,
            Ratification.answer,
            sa.func.count(),
        )
        .where(Ratification.version_id.in_(list(version_ids)))
        .group_by(Ratification.version_id, Ratification.status, Ratification.answer)
    )
    for version_id, status, answer, n in rows:
        key = status if status == RatificationStatus.WITHDRAWN else answer
        result[version_id][key] += n
    return result


def published_versions(position):
    """Its versions that are not drafts, newest first."""
    return [v for v in reversed(position.versions) if v.status != VersionStatus.DRAFT]


def answers_by_version(version_ids):
    """{version id: [(ratification, organisation)]}, by organisation name."""
    result = defaultdict(list)
    if not version_ids:
        return result
    rows = db.session.execute(
        sa.select(Ratification, Organisation)
        .join(Organisation, Organisation.id == Ratification.organisation_id)
        .where(Ratification.version_id.in_(list(version_ids)))
        .order_by(Organisation.name)
    )
    for ratification, organisation in rows:
        result[ratification.version_id].append((ratification, organisation))
    return result


def ratification_of(version, organisation_id):
    return db.session.scalar(
        sa.select(Ratification).where(
            Ratification.version_id == version.id,
            Ratification.organisation_id == organisation_id,
        )
    )


def unanswered_members(version):
    """Member organisations without an answer to `version`, by name."""
    answered = sa.select(Ratification.organisation_id).where(
        Ratification.version_id == version.id
    )
    return db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.status == "member", Organisation.id.not_in(answered))
        .order_by(Organisation.name)
    ).all()


def awaiting(organisation_ids, today):
    """[(organisation, version)]: open versions each of these member organisations
    has not answered yet."""
    if not organisation_ids:
        return []
    answered = sa.select(Ratification.id).where(
        Ratification.version_id == PositionVersion.id,
        Ratification.organisation_id == Organisation.id,
    )
    return db.session.execute(
        sa.select(Organisation, PositionVersion)
        .join(PositionVersion, is_open(today))
        .where(
            Organisation.id.in_(list(organisation_ids)),
            Organisation.status == "member",
            ~answered.exists(),
        )
        .order_by(Organisation.name, PositionVersion.closes_on, PositionVersion.id)
    ).all()


def open_overview(today):
    """The Secretariat's glance: each open version with its counts and how many
    member organisations have not answered; (rows, member count)."""
    versions = db.session.scalars(
        sa.select(PositionVersion)
        .where(is_open(today))
        .order_by(PositionVersion.closes_on, PositionVersion.id)
    ).all()
    members = db.session.scalar(
        sa.select(sa.func.count()).where(Organisation.status == "member")
    )
    tallies = counts([v.id for v in versions])
    rows = []
    for version in versions:
        tally = tallies[version.id]
        answered_members = _answered_members(version)
        rows.append((version, tally, max(members - answered_members, 0)))
    return rows, members


def _answered_members(version):
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Ratification)
        .join(Organisation, Organisation.id == Ratification.organisation_id)
        .where(Ratification.version_id == version.id, Organisation.status == "member")
    )
