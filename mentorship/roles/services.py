"""An organisation's roles: grant and end terms, list them. Services flush; the
request commits (a refusal or a lost race is rolled back by the view).

The kernel (`core.memberships`) keeps the terms and audits each start and end. The
one-delegate rule is the database's: a partial unique index on memberships
(`uq_memberships_one_voting_delegate`, and the alternate's); the check here only
gives the clear message before the database would refuse.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from .. import policy, vocab
from ..auth.models import User
from ..core import memberships
from ..core.models import Membership, OrganisationPosition
from ..core.notifications import notify, public_url
from ..core.pagination import paginate
from ..db import db
from ..organisations import services as organisations
from ..organisations.models import Organisation, OrganisationStatus

# The order positions are listed in.
POSITIONS = (
    OrganisationPosition.LEADER,
    OrganisationPosition.VOTING_DELEGATE,
    OrganisationPosition.ALTERNATE_DELEGATE,
    OrganisationPosition.COORDINATOR,
    OrganisationPosition.DATA_SUBMITTER,
    OrganisationPosition.EVENT_CONTACT,
)
# Held by one person at a time, open-ended (the partial unique indexes).
SINGLE_HOLDER = (
    OrganisationPosition.VOTING_DELEGATE,
    OrganisationPosition.ALTERNATE_DELEGATE,
)
HISTORY_PER_PAGE = 20
DELEGATES_PER_PAGE = 50
REASON_MAX = 300


class Refused(ValueError):
    """A grant or an end that cannot be done; `message` says why (translated)."""

    def __init__(self, message, holder=None):
        super().__init__(message)
        self.message = message
        self.holder = holder  # the single holder in office, when replacing helps


def position_label(position):
    return vocab.label(vocab.POSITIONS, position)


# --- Reading -------------------------------------------------------------------------


def _terms(org):
    return (
        sa.select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organisation_id == org.id)
    )


def current_terms(org):
    """(term, person) of the terms not yet ended (current or starting later), in
    the order of POSITIONS, then by name."""
    today = memberships.today()
    rows = db.session.execute(
        _terms(org).where(
            sa.or_(Membership.ends_on.is_(None), Membership.ends_on > today)
        )
    ).all()
    rank = {position: n for n, position in enumerate(POSITIONS)}
    return sorted(rows, key=lambda r: (rank.get(r[0].position, 99), r[1].name, r[0].id))


def history(org, page):
    """One page of the ended terms, the latest ended first; `.rows` holds
    (term, person) for the page's terms."""
    query = sa.select(Membership).where(
        Membership.organisation_id == org.id,
        Membership.ends_on <= memberships.today(),
    )
    query = query.order_by(Membership.ends_on.desc(), Membership.id.desc())
    pagination = paginate(query, page, HISTORY_PER_PAGE)
    ids = {term.user_id for term in pagination.items}
    people = {
        person.id: person
        for person in db.session.scalars(sa.select(User).where(User.id.in_(ids)))
    }
    pagination.rows = [(term, people[term.user_id]) for term in pagination.items]
    return pagination


def members(org):
    """The people who may hold its roles: its members, by name."""
    query = sa.select(User).where(
        User.organisation_id == org.id, User.erased_at.is_(None)
    )
    return db.session.scalars(query.order_by(User.name, User.id)).all()


def filled_positions(org):
    """The positions someone holds today in the organisation (a set of codes)."""
    query = sa.select(Membership.position).where(
        Membership.organisation_id == org.id, memberships.current()
    )
    return set(db.session.scalars(query))


def in_office(org_id, position):
    """The open term of a single-holder position (current or to come), or None."""
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.organisation_id == org_id,
            Membership.position == position,
            Membership.ends_on.is_(None),
        )
    )


def roles_named(org):
    """The onboarding check: a leader and a voting delegate hold office today."""
    filled = filled_positions(org)
    return {"leader", "voting_delegate"} <= filled


def roles_named_among(organisations):
    """`roles_named` for many organisations in one query: the ids that pass."""
    ids = [org.id for org in organisations]
    query = (
        sa.select(Membership.organisation_id)
        .where(
            Membership.organisation_id.in_(ids),
            Membership.position.in_(("leader", "voting_delegate")),
            memberships.current(),
        )
        .group_by(Membership.organisation_id)
        .having(sa.func.count(sa.distinct(Membership.position)) == 2)
    )
    return set(db.session.scalars(query))


# --- Granting and ending -------------------------------------------------------------


def grant(org, person, position, *, starts_on, ends_on=None, actor, replace=False):
    """Give `person` a position in `org`; with `replace`, the single holder in
    office (voting delegate, alternate) ends where the new term starts."""
    _check_grant(org, person, position, starts_on, ends_on, actor)
    holder = in_office(org.id, position) if position in SINGLE_HOLDER else None
    if holder is not None:
        if not replace:
            raise Refused(in_office_message(holder), holder=holder)
        _replace(holder, starts_on, actor)
    term = _start(org, person, position, starts_on, actor)
    if ends_on is not None:
        term.ends_on = ends_on
        db.session.flush()
    _tell(person, "role_granted", org, term, actor)
    return term


def _check_grant(org, person, position, starts_on, ends_on, actor):
    if position not in POSITIONS:
        raise Refused(_("Choose a position."))
    if person is None or person.organisation_id != org.id or person.erased_at:
        raise Refused(_("Only a member of this organisation can hold its roles."))
    today = memberships.today()
    if starts_on < today and not policy.can_backdate_roles(actor):
        raise Refused(_("A term starts today or later."))
    if ends_on is not None and ends_on <= starts_on:
        raise Refused(_("The end date must be after the start date."))
    if position in SINGLE_HOLDER and ends_on is not None:
        raise Refused(
            _(
                "%(position)s: the term lasts until it is ended; leave the end date "
                "empty.",
                position=position_label(position),
            )
        )
    if position == OrganisationPosition.COORDINATOR and (
        starts_on != today or ends_on is not None
    ):
        raise Refused(_("A coordinator is appointed from today, without an end date."))
    if _overlapping(org, person, position, starts_on, ends_on):
        raise Refused(
            _(
                "%(name)s already holds this position for these dates.",
                name=person.name,
            )
        )


def _overlapping(org, person, position, starts_on, ends_on):
    query = sa.select(Membership.id).where(
        Membership.organisation_id == org.id,
        Membership.user_id == person.id,
        Membership.position == position,
        sa.or_(Membership.ends_on.is_(None), Membership.ends_on > starts_on),
    )
    if ends_on is not None:
        query = query.where(Membership.starts_on < ends_on)
    return db.session.scalar(query.limit(1)) is not None


def in_office_message(holder):
    name = db.session.get(User, holder.user_id).name
    return _(
        "%(name)s is the %(position)s; end her term first or replace her.",
        name=name,
        position=position_label(holder.position).lower(),
    )


def _replace(holder, starts_on, actor):
    """End the holder's term where the new one starts (never before her own)."""
    if starts_on < holder.starts_on:
        raise Refused(
            _(
                "The new term cannot start before the current one (%(date)s).",
                date=holder.starts_on.isoformat(),
            )
        )
    memberships.end(holder, ends_on=starts_on, actor=actor, reason="replaced")
    _tell(
        db.session.get(User, holder.user_id),
        "role_ended",
        holder.organisation_id,
        holder,
        actor,
    )


def _start(org, person, position, starts_on, actor):
    if position == OrganisationPosition.COORDINATOR:
        # The coordinator service keeps its own rules (her User.roles, invitations).
        organisations.appoint_coordinator(org, person, by=actor)
        return in_office_of(person, org, position)
    return memberships.start(
        person, position, organisation=org, starts_on=starts_on, actor=actor
    )


def in_office_of(person, org, position):
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.organisation_id == org.id,
            Membership.user_id == person.id,
            Membership.position == position,
            Membership.ends_on.is_(None),
        )
    )


def check_end(term, ends_on):
    """Refuse an end date after today or before the term's start."""
    today = memberships.today()
    if term.ends_on is not None and term.ends_on <= today:
        raise Refused(_("This term has already ended."))
    if ends_on > today:
        raise Refused(_("A term ends today or on an earlier date."))
    if ends_on < term.starts_on <= today:
        raise Refused(
            _(
                "The end date cannot be before the start of the term (%(date)s).",
                date=term.starts_on.isoformat(),
            )
        )


def end_term(term, *, ends_on, reason, actor):
    """End a term on `ends_on` (today or earlier): audited, the person told."""
    check_end(term, ends_on)
    if term.ends_on is not None:
        # Ended earlier than planned: the kernel ends open terms only.
        term.ends_on = None
    memberships.end(term, ends_on=ends_on, actor=actor, reason=reason)
    person = db.session.get(User, term.user_id)
    _tell(person, "role_ended", term.organisation_id, term, actor, reason=reason)


def _tell(person, template, org, term, actor, reason=""):
    """The person, in her language; her organisation's leaders too when someone
    else (the Secretariat) changed its roles."""
    if not isinstance(org, Organisation):
        org = db.session.get(Organisation, org)
    context = dict(
        organisation_name=org.name,
        position=term.position,
        starts_on=term.starts_on,
        ends_on=term.ends_on,
        reason=reason,
        roles_url=public_url("roles.index", slug=org.slug),
    )
    notify(person, template, person=person, **context)
    if policy.leads(actor, org.id):
        return
    for leader in leaders(org):
        if leader.id not in (person.id, actor.id):
            notify(
                leader,
                "roles_changed",
                person=leader,
                person_name=person.name,
                granted=template == "role_granted",
                **context,
            )


def leaders(org):
    query = sa.select(User).where(
        User.id.in_(memberships.holders("leader", organisation_id=org.id)),
        User.erased_at.is_(None),
    )
    return db.session.scalars(query).all()


# --- The Secretariat's view ----------------------------------------------------------


def _has_delegate():
    return sa.exists(
        sa.select(Membership.id).where(
            memberships.holding("voting_delegate", organisation_id=Organisation.id)
        )
    )


def _member_organisations():
    return sa.select(Organisation).where(
        Organisation.status == OrganisationStatus.MEMBER
    )


def without_delegate(limit):
    """(how many member organisations have no voting delegate today, the first
    `limit` of them by name)."""
    query = _member_organisations().where(~_has_delegate())
    count = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    first = db.session.scalars(query.order_by(Organisation.name).limit(limit)).all()
    return count, first


def delegates_page(region, without, page):
    """One page of member organisations with, for each, who holds the leader,
    voting delegate and alternate positions today: (pagination, {org id: {position:
    [names]}})."""
    query = _member_organisations()
    if region:
        query = query.where(Organisation.region == region)
    if without:
        query = query.where(~_has_delegate())
    pagination = paginate(query.order_by(Organisation.name), page, DELEGATES_PER_PAGE)
    return pagination, holders_by_organisation([org.id for org in pagination.items])


def holders_by_organisation(organisation_ids):
    shown = ("leader", "voting_delegate", "alternate_delegate")
    if not organisation_ids:
        return {}
    rows = db.session.execute(
        sa.select(Membership.organisation_id, Membership.position, User.name)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.organisation_id.in_(organisation_ids),
            Membership.position.in_(shown),
            memberships.current(),
        )
        .order_by(User.name)
    )
    holders = {}
    for organisation_id, position, name in rows:
        holders.setdefault(organisation_id, {}).setdefault(position, []).append(name)
    return holders
