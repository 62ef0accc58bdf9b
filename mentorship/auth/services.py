"""Account services: they add and flush; the request (or job, or command) commits."""

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, lazyload

from ..config import PRIVACY_NOTICE_VERSION
from ..core import memberships
from ..db import db, utcnow
from ..email import public_url, send_email
from ..jobs import job
from ..organisations.models import Organisation
from . import tokens
from .models import MEMBERSHIP_ROLES, RoleGrant, User


def _hasher():
    # Tests use a cheap hash (ARGON2_FAST); people get argon2's recommended cost.
    if current_app.config.get("ARGON2_FAST"):
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hash_password(password):
    return _hasher().hash(password)


def check_password(user, password):
    """True when `password` is hers; rehashes transparently when the cost changed."""
    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return True


def normalise_email(email):
    return (email or "").strip().lower()


def find_by_email(email):
    return db.session.scalar(
        sa.select(User).where(User.email == normalise_email(email))
    )


def create_user(
    *, email, name, password, locale="en", organisation=None, verified=False
):
    """Add a person who consented to the current privacy notice."""
    now = utcnow()
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
        locale=locale,
        organisation=organisation,
        consent_version=PRIVACY_NOTICE_VERSION,
        consent_at=now,
        email_verified_at=now if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def grant_role(user, role, granted_by=None):
    """Give `role` to `user` (idempotent). A coordinator's role is a membership of
    her organisation, started today and audited."""
    if role in user.roles:  # "member" is everyone's
        return
    if role in MEMBERSHIP_ROLES:
        if user.organisation is None:
            raise ValueError("only a member of an organisation can coordinate it")
        memberships.start(user, role, organisation=user.organisation, actor=granted_by)
        return
    user.role_grants.append(
        RoleGrant(role=role, granted_by_id=granted_by.id if granted_by else None)
    )
    db.session.flush()


def revoke_role(user, role, revoked_by=None):
    """Withdraw `role`; a coordinator's membership ends today (history is kept)."""
    if role in MEMBERSHIP_ROLES:
        memberships.end_positions(user, role, actor=revoked_by)
        return
    for grant in list(user.role_grants):
        if grant.role == role:
            user.role_grants.remove(grant)
    db.session.flush()


def end_sessions(user):
    """Invalidate every login cookie of this person (logout, password change)."""
    user.session_version = (user.session_version or 1) + 1
    db.session.flush()


# --- Registration, login and links sent by email ------------------------------------

GRANTABLE_ROLES = ("coordinator", "secretariat", "steering", "admin")
PEOPLE_PER_PAGE = 50


class EmailTaken(ValueError):
    """Another account already uses this address."""


def email_taken(email, exclude_user=None):
    """True when an account other than `exclude_user` uses this address."""
    query = sa.select(User.id).where(User.email == normalise_email(email))
    if exclude_user is not None:
        query = query.where(User.id != exclude_user.id)
    return db.session.scalar(query.limit(1)) is not None


def register(*, email, name, password, locale, organisation=None, verified=False):
    """Create her account; raises EmailTaken (after a rollback) for a used address."""
    if email_taken(email):
        raise EmailTaken(email)
    try:
        return create_user(
            email=email,
            name=name,
            password=password,
            locale=locale,
            organisation=organisation,
            verified=verified,
        )
    except IntegrityError as error:
        # Someone registered the same address between our check and our insert.
        db.session.rollback()
        raise EmailTaken(email) from error


def register_or_find(*, email, name, password, locale, organisation=None):
    """(her new account, None), or (None, the owner) when the address is taken.

    Both ways hash the password, so the delay does not tell them apart either.
    """
    owner = find_by_email(email)
    if owner is None:
        try:
            user = register(
                email=email,
                name=name,
                password=password,
                locale=locale,
                organisation=organisation,
            )
        except EmailTaken:  # registered between our check and our insert
            owner = find_by_email(email)
        else:
            return user, None
    hash_password(password)
    return None, owner


def joinable(organisation_id):
    """The member organisation with this id, or None (independent)."""
    from ..organisations.models import Organisation

    org = db.session.get(Organisation, organisation_id) if organisation_id else None
    return org if org is not None and org.status == "member" else None


def member_organisations():
    """Organisations people may join when registering, by name."""
    from ..organisations.models import Organisation

    query = sa.select(Organisation).where(Organisation.status == "member")
    return db.session.scalars(query.order_by(Organisation.name)).all()


def authenticate(email, password):
    """The person with this email and password, or None (same cost either way)."""
    user = find_by_email(email)
    if user is None:
        hash_password(password)  # spend the same time as a real check
        return None
    return user if check_password(user, password) else None


def mark_verified(user):
    """Record that she proved she reads this address."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()


def set_password(user, password):
    """Store a new password and end every session of hers."""
    user.password_hash = hash_password(password)
    end_sessions(user)


def update_account(user, *, name, locale, timezone=None):
    """Change her name, preferred language and time zone for events."""
    user.name = name.strip()
    user.locale = locale
    user.timezone = timezone or None
    db.session.flush()


def verification_token(user):
    """A link token bound to her id and current address."""
    return tokens.make_token(tokens.VERIFY_EMAIL, {"id": user.id, "email": user.email})


def verify_email(token):
    """Mark the address named by `token` verified.

    Returns (user, True) when this link did it, (user, False) when the address was
    already confirmed, (None, False) when the link is invalid.
    """
    payload = tokens.read_token(tokens.VERIFY_EMAIL, token)
    user = db.session.get(User, payload["id"]) if payload else None
    if user is None or user.email != payload.get("email"):
        return None, False
    first_time = not user.is_verified
    mark_verified(user)
    return user, first_time


def reset_token(user):
    """A link token that dies once her password changes."""
    fingerprint = tokens.password_fingerprint(user)
    return tokens.make_token(tokens.RESET_PASSWORD, {"id": user.id, "pw": fingerprint})


def user_for_reset(token):
    """The person a reset link was sent to, while the link is unused and fresh."""
    payload = tokens.read_token(tokens.RESET_PASSWORD, token)
    user = db.session.get(User, payload["id"]) if payload else None
    if user is None or payload.get("pw") != tokens.password_fingerprint(user):
        return None
    return user


def email_change_token(user, new_email):
    """A link token, sent to the new address, that moves her from old to new."""
    payload = {"id": user.id, "old": user.email, "new": normalise_email(new_email)}
    return tokens.make_token(tokens.CHANGE_EMAIL, payload)


def confirm_email_change(token):
    """Apply a confirmed email change; the user, None if the link is invalid.

    Raises EmailTaken (after a rollback) when the address was taken meanwhile.
    """
    payload = tokens.read_token(tokens.CHANGE_EMAIL, token)
    user = db.session.get(User, payload["id"]) if payload else None
    if user is None or user.email != payload.get("old") or not payload.get("new"):
        return None
    if email_taken(payload["new"], exclude_user=user):
        raise EmailTaken(payload["new"])
    user.email = payload["new"]
    user.email_verified_at = utcnow()
    end_sessions(user)  # a session opened with the old address ends with it
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTaken(payload["new"]) from error
    return user


# --- People and roles (admin) --------------------------------------------------------


# The list shows names, emails, organisations' names and roles: not profiles, not
# the organisations' descriptions. Built once (the statement cache keys on them).
_LISTED = (
    joinedload(User.organisation).lazyload(Organisation.description),
    lazyload(User.profiles),
)


def people_page(q="", page=1):
    """One page of everyone, searched by name or email, with their organisation."""
    query = sa.select(User).options(*_LISTED).where(User.erased_at.is_(None))
    q = (q or "").strip()
    if q:
        query = query.where(
            sa.or_(
                User.name.icontains(q, autoescape=True),
                User.email.icontains(q, autoescape=True),
            )
        )
    query = query.order_by(User.name, User.id)
    return db.paginate(query, page=page, per_page=PEOPLE_PER_PAGE, error_out=False)


def role_changes(user, wanted):
    """(roles to grant, roles to revoke) to give `user` exactly `wanted`."""
    current = {role for role in GRANTABLE_ROLES if role in user.roles}
    wanted = set(wanted) & set(GRANTABLE_ROLES)
    return sorted(wanted - current), sorted(current - wanted)


def apply_role_changes(user, granted, revoked, by):
    """Grant and revoke roles as computed by role_changes()."""
    for role in granted:
        grant_role(user, role, granted_by=by)
    for role in revoked:
        revoke_role(user, role, revoked_by=by)


# --- Emails --------------------------------------------------------------------------


def _link_hours():
    return max(1, current_app.config["TOKEN_MAX_AGE"] // 3600)


def send_verification(user):
    """Email her a link that confirms her current address."""
    url = public_url("auth.verify_email", token=verification_token(user))
    send_email(user, "verify_email", name=user.name, url=url, hours=_link_hours())


def request_reset(email):
    """Queue the reset link: the request does the same work for any address."""
    send_reset_link_to(normalise_email(email))


@job(retries=3, retry_delay=60)
def send_reset_link_to(email):
    """Email a reset link when an account uses `email`; nothing otherwise."""
    user = find_by_email(email)
    if user is not None and user.erased_at is None:
        send_reset_link(user)


def send_registration_attempt(user):
    """Tell her that someone tried to register with her address."""
    send_email(
        user,
        "registration_attempt",
        name=user.name,
        login_url=public_url("auth.login"),
        reset_url=public_url("auth.request_password_reset"),
    )


def send_reset_link(user):
    """Email her a single-use link to choose a new password."""
    url = public_url("auth.reset_password", token=reset_token(user))
    send_email(user, "reset_password", name=user.name, url=url, hours=_link_hours())


def send_password_changed(user):
    """Tell her that her password changed, with a way back if it was not her."""
    url = public_url("auth.request_password_reset")
    send_email(user, "password_changed", name=user.name, reset_url=url)


def send_email_change_links(user, new_email):
    """A confirmation link to the new address, a notice to the current one."""
    token = email_change_token(user, new_email)
    url = public_url("auth.confirm_email_change", token=token)
    send_email(
        (normalise_email(new_email), user.locale),
        "confirm_email_change",
        name=user.name,
        url=url,
        hours=_link_hours(),
    )
    send_email(user, "email_changed", name=user.name, new_email=new_email)
