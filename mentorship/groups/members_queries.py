"""Reading a group's members: the roster at each member's chosen visibility, the
history, the waiting queue, the people an organisation may nominate (the `members`
part)."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _

from .. import policy
from ..audit.models import AuditEvent
from ..auth.models import User
from ..core import memberships
from ..core.models import Membership
from ..db import db
from ..organisations.models import Organisation, OrganisationStatus
from . import members_words, words
from .members_models import GroupRequest, RequestStatus
from .models import GroupPreference, RosterVisibility

POSITION_ORDER = {"chair": 0, "liaison": 1, "champion": 2, "member": 3}


@dataclass(frozen=True)
class RosterLine:
    """One term on the roster, as the reader may see it."""

    membership: Membership
    person: User
    organisation: Organisation | None
    visibility: str
    reason: str = ""  # why a past term ended (history only)

    @property
    def position(self):
        return self.membership.position


def _lines(group, *conditions):
    order = sa.case(POSITION_ORDER, value=Membership.position, else_=9)
    query = (
        sa.select(Membership, User, Organisation, GroupPreference.roster_visibility)
        .join(User, User.id == Membership.user_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .outerjoin(
            GroupPreference,
            sa.and_(
                GroupPreference.group_id == group.id,
                GroupPreference.user_id == User.id,
            ),
        )
        .where(
            Membership.body_id == group.body_id, User.erased_at.is_(None), *conditions
        )
        .order_by(order, User.name, Membership.id)
    )
    return [
        (membership, person, organisation, visibility or RosterVisibility.ORGANISERS)
        for membership, person, organisation, visibility in db.session.execute(query)
    ]


def roster(group, reader):
    """The current terms the reader may see, chairs first, then by name."""
    runner = policy.runs_group(reader, group)
    return [
        RosterLine(membership, person, organisation, visibility)
        for membership, person, organisation, visibility in _lines(
            group, memberships.current()
        )
        if policy.sees_on_roster(
            reader, group, person.id, membership.position, visibility, runner
        )
    ]


def member_count(group):
    """How many people currently hold a position in the group."""
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Membership.user_id))).where(
            Membership.body_id == group.body_id, memberships.current()
        )
    )


def history(group):
    """Ended terms, newest end first, each with the reason it ended."""
    today = memberships.today()
    ended = _lines(group, Membership.ends_on.is_not(None), Membership.ends_on <= today)
    ended.sort(key=lambda line: line[0].ends_on, reverse=True)
    reasons = _end_reasons([membership.id for membership, *_rest in ended])
    return [
        RosterLine(m, person, organisation, visibility, reasons.get(m.id, ""))
        for m, person, organisation, visibility in ended
    ]


def _end_reasons(membership_ids):
    if not membership_ids:
        return {}
    rows = db.session.execute(
        sa.select(AuditEvent.entity_id, AuditEvent.reason)
        .where(
            AuditEvent.entity_type == Membership.__tablename__,
            AuditEvent.action == "membership_ended",
            AuditEvent.entity_id.in_(membership_ids),
        )
        .order_by(AuditEvent.id)
    )
    return {entity_id: _reason_words(reason) for entity_id, reason in rows}


def _reason_words(reason):
    """A change of position is recorded by its code; the history says it in words."""
    prefix = members_words.MOVED_PREFIX
    if reason and reason.startswith(prefix):
        position = words.position(reason.removeprefix(prefix))
        return _("New position: %(position)s", position=position)
    return reason or ""


def queue(group):
    """The nominations and requests waiting for the runners, oldest first."""
    return db.session.scalars(
        sa.select(GroupRequest)
        .where(
            GroupRequest.group_id == group.id,
            GroupRequest.status == RequestStatus.PENDING,
        )
        .order_by(GroupRequest.created_at, GroupRequest.id)
    ).all()


def decided(group, limit=50):
    """The latest decided nominations and requests (the runners' record)."""
    return db.session.scalars(
        sa.select(GroupRequest)
        .where(
            GroupRequest.group_id == group.id,
            GroupRequest.status != RequestStatus.PENDING,
        )
        .order_by(GroupRequest.decided_at.desc(), GroupRequest.id.desc())
        .limit(limit)
    ).all()


def waiting_for(group, user):
    """Her own waiting nomination or request in the group, or None."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(GroupRequest).where(
            GroupRequest.group_id == group.id,
            GroupRequest.user_id == user.id,
            GroupRequest.status == RequestStatus.PENDING,
        )
    )


def request_of(group, request_id):
    """A nomination or request of this group, or 404."""
    found = db.session.get(GroupRequest, request_id)
    if found is None or found.group_id != group.id:
        abort(404)
    return found


def term_of(group, membership_id):
    """A term held in this group, or 404."""
    found = db.session.get(Membership, membership_id)
    if found is None or found.body_id != group.body_id:
        abort(404)
    return found


def is_current(membership, on=None):
    return membership.is_current(on or memberships.today())


def current_terms(group, user):
    """Her current terms in the group (read from the database, not her cache)."""
    return db.session.scalars(
        sa.select(Membership).where(
            Membership.body_id == group.body_id,
            Membership.user_id == user.id,
            memberships.current(),
        )
    ).all()


def nominees(user):
    """(person, organisation) she may nominate: the people of the member
    organisations she leads or speaks for, by organisation then name."""
    ids = policy.nominating_organisation_ids(user)
    if not ids:
        return []
    query = (
        sa.select(User, Organisation)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(
            Organisation.id.in_(ids),
            Organisation.status == OrganisationStatus.MEMBER,
            User.erased_at.is_(None),
        )
        .order_by(Organisation.name, User.name, User.id)
    )
    return db.session.execute(query).all()


def alliance_people():
    """(person, organisation) of every member organisation, by name."""
    query = (
        sa.select(User, Organisation)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(
            Organisation.status == OrganisationStatus.MEMBER,
            User.erased_at.is_(None),
        )
        .order_by(User.name, User.id)
    )
    return db.session.execute(query).all()


def staff_people():
    """The Secretariat's staff: who may be a liaison."""
    people = db.session.scalars(
        sa.select(User).where(User.erased_at.is_(None)).order_by(User.name, User.id)
    )
    return [person for person in people if policy.may_be_liaison(person)]


def preference_of(group, user):
    """Her roster visibility in the group (the default when she chose none)."""
    chosen = db.session.scalar(
        sa.select(GroupPreference.roster_visibility).where(
            GroupPreference.group_id == group.id, GroupPreference.user_id == user.id
        )
    )
    return chosen or RosterVisibility.ORGANISERS


def export_of(user):
    """Her nominations and requests to join groups, for her data export."""
    rows = db.session.scalars(
        sa.select(GroupRequest)
        .where(
            sa.or_(
                GroupRequest.user_id == user.id, GroupRequest.created_by_id == user.id
            )
        )
        .order_by(GroupRequest.created_at, GroupRequest.id)
    ).all()
    return [_exported(row, user) for row in rows]


def _exported(row, user):
    def iso(value):
        return value.isoformat() if value is not None else None

    return {
        "group": row.group.slug,
        "kind": row.kind,
        "about_me": row.user_id == user.id,
        "made_by_me": row.created_by_id == user.id,
        "position": row.position,
        "status": row.status,
        "note": row.note,
        "reason": row.decision_reason,
        "created_at": iso(row.created_at),
        "decided_at": iso(row.decided_at),
    }
