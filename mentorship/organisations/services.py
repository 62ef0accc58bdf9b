"""Organisation services: they add and flush; the request commits."""

import re
import unicodedata
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from .. import policy
from ..auth.models import User
from ..auth.services import grant_role, normalise_email, revoke_role
from ..core import memberships, translated
from ..db import db, utcnow
from ..email import public_url, send_email
from . import space
from .models import Invitation, Organisation, OrganisationStatus

MEMBERS_PER_PAGE = 50
SLUG_MAX = 70
FIELDS = ("name", "country", "region", "website")
REGISTRY_PER_PAGE = 50
# Organisations whose invitations can still be accepted.
OPEN_STATUSES = (OrganisationStatus.MEMBER, OrganisationStatus.APPLICANT)


class DuplicateName(ValueError):
    """Another organisation already has this name."""


class NotAMember(ValueError):
    """The person does not belong to the organisation."""


# --- Organisations ------------------------------------------------------------------


def slugify(name):
    """ASCII slug: 'Mujeres en Minería Perú' -> 'mujeres-en-mineria-peru'."""
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "organisation"


def unique_slug(name, exclude_id=None):
    """A slug for `name` no other organisation uses (-2, -3... on collision)."""
    base = slugify(name)
    query = sa.select(Organisation.slug).where(
        sa.or_(Organisation.slug == base, Organisation.slug.like(f"{base}-%"))
    )
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    taken = set(db.session.scalars(query))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def name_taken(name, exclude_id=None):
    """True when another organisation has this name (ignoring case)."""
    query = sa.select(Organisation.id).where(
        sa.func.lower(Organisation.name) == name.strip().lower()
    )
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def create_organisation(**fields):
    """Add an organisation; raises DuplicateName (and rolls back) on a taken name."""
    org = Organisation(status=fields.get("status") or OrganisationStatus.APPLICANT)
    space.initial_dates(org)
    _save(org, fields)
    return org


def update_organisation(org, **fields):
    """Change an organisation's details; a new name gets a new slug. Its status
    changes through `space.change_status` (audited, with a reason)."""
    _save(org, fields)
    return org


def _save(org, fields):
    name = fields["name"].strip()
    if name_taken(name, exclude_id=org.id):
        raise DuplicateName(name)
    if org.slug is None or name != org.name:
        org.slug = unique_slug(name, exclude_id=org.id)
    for key in FIELDS:
        value = fields.get(key, getattr(org, key))
        setattr(org, key, value.strip() if isinstance(value, str) else value)
    if "description" in fields:
        org.description = translated.set_text(org.description, fields["description"])
    db.session.add(org)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Someone else took the name (or slug) between our check and our insert.
        db.session.rollback()
        raise DuplicateName(name) from error


def directory_query(region=None):
    """Member organisations, by name, optionally in one region."""
    member = Organisation.status == OrganisationStatus.MEMBER
    query = sa.select(Organisation).where(member)
    if region:
        query = query.where(Organisation.region == region)
    return db.session.scalars(query.order_by(Organisation.name)).all()


def registry_rows(status=None):
    """(organisation, member count, coordinator names) for every organisation."""
    rows = db.session.execute(_registry_query(status)).all()
    names = coordinator_names([org.id for org, _ in rows])
    return [(org, count, names.get(org.id, [])) for org, count in rows]


def registry_page(status=None, page=1):
    """(pagination, rows as registry_rows gives them) for one page of the registry."""
    query = sa.select(Organisation).options(lazyload(Organisation.description))
    if status:
        query = query.where(Organisation.status == status)
    query = query.order_by(Organisation.name, Organisation.id)
    pagination = db.paginate(
        query, page=page, per_page=REGISTRY_PER_PAGE, error_out=False
    )
    ids = [org.id for org in pagination.items]
    counts = (
        dict(
            db.session.execute(
                sa.select(User.organisation_id, sa.func.count(User.id))
                .where(User.organisation_id.in_(ids))
                .group_by(User.organisation_id)
            ).all()
        )
        if ids
        else {}
    )
    names = coordinator_names(ids)
    rows = [
        (org, counts.get(org.id, 0), names.get(org.id, [])) for org in pagination.items
    ]
    return pagination, rows


def _registry_query(status=None):
    query = (
        sa.select(Organisation, sa.func.count(User.id))
        .options(lazyload(Organisation.description))  # not shown in the registry
        .outerjoin(User, User.organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(Organisation.name)
    )
    if status:
        query = query.where(Organisation.status == status)
    return query


def coordinator_names(organisation_ids):
    """Coordinators' names per organisation id, in one query."""
    if not organisation_ids:
        return {}
    query = (
        sa.select(User.organisation_id, User.name)
        .where(policy.coordinators_of(), User.organisation_id.in_(organisation_ids))
        .order_by(User.name)
    )
    names = {}
    for organisation_id, name in db.session.execute(query):
        names.setdefault(organisation_id, []).append(name)
    return names


# --- Members and coordinators --------------------------------------------------------


def member_rows(org, q="", page=1, per_page=MEMBERS_PER_PAGE):
    """One page of the organisation's members, searched by name or email."""
    # Erased accounts stay as anonymous rows for the aggregates: nobody to list.
    query = sa.select(User).where(
        User.organisation_id == org.id, User.erased_at.is_(None)
    )
    q = (q or "").strip()
    if q:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", q.lower()) + "%"
        query = query.where(
            sa.or_(
                sa.func.lower(User.name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
            )
        )
    query = query.order_by(User.name, User.id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def coordinators(org):
    """The organisation's coordinators, by name."""
    query = sa.select(User).where(policy.coordinators_of(org.id)).order_by(User.name)
    return db.session.scalars(query).all()


def appointable_members(org):
    """Members of the organisation who are not yet its coordinators."""
    coordinator_ids = sa.select(User.id).where(policy.coordinators_of(org.id))
    query = (
        sa.select(User)
        .where(
            User.organisation_id == org.id,
            User.id.not_in(coordinator_ids),
            User.erased_at.is_(None),
        )
        .order_by(User.name)
    )
    return db.session.scalars(query).all()


def appoint_coordinator(org, user, by):
    """Make one of the organisation's members its coordinator; False if she was."""
    if user is None or user.organisation_id != org.id:
        raise NotAMember
    if policy.is_coordinator(user):
        return False
    grant_role(user, "coordinator", granted_by=by)
    return True


def remove_coordinator(org, user, by=None):
    """Withdraw the coordinator role from one of the organisation's coordinators."""
    if user is None or user.organisation_id != org.id:
        raise NotAMember
    revoke_role(user, "coordinator", revoked_by=by)


def send_appointment(org, user):
    """Tell the new coordinator, in her language, where her member list is."""
    send_email(
        user,
        "coordinator_appointed",
        name=user.name,
        organisation_name=org.name,
        members_url=public_url("organisations.members", organisation_id=org.id),
    )


# --- Invitations ---------------------------------------------------------------------


def _max_age():
    return current_app.config["INVITATION_MAX_AGE"]


def _pending(org):
    since = utcnow() - timedelta(seconds=_max_age())
    return sa.select(Invitation).where(
        Invitation.organisation_id == org.id,
        Invitation.accepted_at.is_(None),
        Invitation.created_at >= since,
    )


def pending_invitations(org):
    """Invitations of the organisation not yet accepted nor expired, newest first."""
    query = _pending(org).order_by(Invitation.created_at.desc(), Invitation.id.desc())
    return db.session.scalars(query).all()


def invite(org, emails, locale, by):
    """Invite each address unless she is already a member or already invited.

    Returns (created invitations, skipped addresses).
    """
    emails = list(dict.fromkeys(normalise_email(e) for e in emails if e.strip()))
    members = set(
        db.session.scalars(
            sa.select(User.email).where(
                User.organisation_id == org.id, User.email.in_(emails)
            )
        )
    )
    invited = {
        inv.email
        for inv in db.session.scalars(_pending(org).where(Invitation.email.in_(emails)))
    }
    created, skipped = [], []
    for email in emails:
        if email in members or email in invited:
            skipped.append(email)
            continue
        invitation = Invitation(
            organisation=org, email=email, locale=locale, invited_by_id=by.id
        )
        db.session.add(invitation)
        created.append(invitation)
    db.session.flush()
    return created, skipped


def send_invitation(invitation, inviter_name):
    """Email one invitation with its link, in the invitation's language."""
    org = invitation.organisation
    send_email(
        (invitation.email, invitation.locale),
        "invitation",
        organisation_name=org.name,
        inviter_name=inviter_name,
        accept_url=public_url(
            "organisations.accept_invitation", token=invitation_token(invitation)
        ),
        days=max(1, _max_age() // 86400),
    )


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="invitation")


def invitation_token(invitation):
    """A signed, timestamped link token naming the invitation and its address."""
    return _serializer().dumps({"id": invitation.id, "email": invitation.email})


def check_invitation(token):
    """(invitation, None) when the token can be accepted, else (None, problem).

    problem is one of "invalid", "expired", "used", "closed".
    """
    try:
        data = _serializer().loads(token, max_age=_max_age())
    except SignatureExpired:
        return None, "expired"
    except BadSignature:
        return None, "invalid"
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None, "invalid"
    invitation = db.session.get(Invitation, data["id"])
    if invitation is None or invitation.email != data.get("email"):
        return None, "invalid"
    if invitation.accepted_at is not None:
        return None, "used"
    if invitation.organisation.status not in OPEN_STATUSES:
        return None, "closed"
    return invitation, None


def load_invitation(token):
    """The invitation named by a valid, unexpired, unused token, or None."""
    return check_invitation(token)[0]


def accept_invitation(invitation, user):
    """Move `user` into the invitation's organisation and mark it accepted."""
    if policy.invitation_ends_coordination(user, invitation):
        # The coordinator role follows the organisation: it must not travel with her.
        revoke_role(user, "coordinator", revoked_by=user)
    if user.organisation_id not in (None, invitation.organisation_id):  # her roles end
        memberships.end_positions(user, organisation_id=user.organisation_id)
    user.organisation_id = invitation.organisation_id
    invitation.accepted_at = utcnow()
    db.session.flush()
