"""Joining services: they add and flush; the request commits (or rolls back when
one of them raises)."""

import re
import secrets
import unicodedata
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..auth import services as accounts
from ..auth import tokens
from ..core import memberships, translated
from ..core.notifications import notify, public_url
from ..core.pagination import paginate
from ..core.transitions import transition
from ..db import db, utcnow
from ..organisations.models import Organisation, OrganisationStatus
from ..organisations.services import unique_slug
from .models import (
    DECLARATION_VERSION,
    OPEN_STATUSES,
    ApplicationStatus,
    OrganisationApplication,
)

PER_PAGE = 25
PANEL_ROWS = 5
TOKEN_PURPOSE = "organisation-application"
# Her link follows the application to its end, which may take weeks.
TOKEN_MAX_AGE = timedelta(days=365)
FIELDS = (
    "name",
    "country",
    "region",
    "website",
    "description",
    "description_lang",
    "working_languages",
    "founding_year",
    "size_band",
    "contact_name",
    "contact_email",
    "contact_title",
    "contact_locale",
)


class JoiningError(ValueError):
    """An application cannot take this step; nothing was changed."""


class DuplicateName(JoiningError):
    """An organisation or an open application already has this name."""


class AlreadyDecided(JoiningError):
    """Someone else acted on the application first (or it is past this step)."""


class ContactElsewhere(JoiningError):
    """The contact's account belongs to another organisation."""


# --- Names ---------------------------------------------------------------------------


def name_key(name):
    """The name folded for comparison: 'Mujeres  en Minería' -> 'mujeres en mineria'."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare.casefold()).strip()[:160]


def organisation_named(name):
    """True when an organisation has this name (case and accents aside)."""
    key = name_key(name)
    names = db.session.scalars(sa.select(Organisation.name))
    return any(name_key(existing) == key for existing in names)


def application_named(name):
    """True when an open application has this name (case and accents aside)."""
    query = sa.select(OrganisationApplication.id).where(
        OrganisationApplication.name_key == name_key(name),
        OrganisationApplication.status.in_(OPEN_STATUSES),
    )
    return db.session.scalar(query.limit(1)) is not None


# --- Applying ------------------------------------------------------------------------


def submit(fields, actor=None):
    """Record an application and email its contact her private link; raises
    DuplicateName (after a rollback) for a name already taken."""
    name = fields["name"].strip()
    if organisation_named(name) or application_named(name):
        raise DuplicateName(name)
    now = utcnow()
    application = OrganisationApplication(
        **{key: fields.get(key) for key in FIELDS},
        name_key=name_key(name),
        status=ApplicationStatus.SUBMITTED,
        declaration_version=DECLARATION_VERSION,
        declaration_agreed_at=now,
        submitted_at=now,
    )
    application.name = name
    application.contact_email = accounts.normalise_email(fields["contact_email"])
    application.website = fields.get("website") or ""
    db.session.add(application)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Another application took the name between our check and our insert.
        db.session.rollback()
        raise DuplicateName(name) from error
    record(application, "submitted", actor=actor, to_state=application.status)
    _tell(application, "joining_received")
    return application


def answer(application, text):
    """Her answer to the Secretariat's question: back to the Secretariat."""
    won = transition(
        OrganisationApplication,
        application,
        [ApplicationStatus.INFO_REQUESTED],
        ApplicationStatus.SUBMITTED,
        reason=text,
        answer=text,
    )
    if not won:
        raise AlreadyDecided(application.id)


# --- Reviewing -----------------------------------------------------------------------


def request_info(application, question, actor):
    """Ask the applicant for more information; she answers through her link."""
    won = transition(
        OrganisationApplication,
        application,
        [ApplicationStatus.SUBMITTED],
        ApplicationStatus.INFO_REQUESTED,
        actor=actor,
        reason=question,
        info_request=question,
        answer="",
    )
    if not won:
        raise AlreadyDecided(application.id)
    _tell(application, "joining_info_requested", question=question)


def decline(application, reason, actor):
    """Refuse the application, with the reason sent to the applicant."""
    won = transition(
        OrganisationApplication,
        application,
        OPEN_STATUSES,
        ApplicationStatus.DECLINED,
        actor=actor,
        reason=reason,
        decline_reason=reason,
        decided_at=utcnow(),
        decided_by_id=actor.id,
    )
    if not won:
        raise AlreadyDecided(application.id)
    _tell(application, "joining_declined", reason=reason)


def approve(application, actor):
    """Create the organisation, make the contact its leader, email her; one
    transaction. Raises (after a rollback, nothing changed) AlreadyDecided,
    DuplicateName or ContactElsewhere."""
    if not application.is_open:
        raise AlreadyDecided(application.id)
    if organisation_named(application.name):
        raise DuplicateName(application.name)
    contact = accounts.find_by_email(application.contact_email)
    if contact is not None and contact.organisation_id is not None:
        raise ContactElsewhere(application.contact_email)
    won = transition(
        OrganisationApplication,
        application,
        OPEN_STATUSES,
        ApplicationStatus.APPROVED,
        actor=actor,
        decided_at=utcnow(),
        decided_by_id=actor.id,
    )
    if not won:
        raise AlreadyDecided(application.id)
    org = _create_organisation(application)
    application.organisation_id = org.id
    leader, set_password_url = _leader_account(application, contact, org)
    memberships.start(leader, "leader", organisation=org, actor=actor)
    db.session.flush()
    _tell(
        application,
        "joining_approved",
        organisation_url=public_url("organisations.detail", slug=org.slug),
        set_password_url=set_password_url,
        login_url=public_url("auth.login"),
        hours=max(1, current_app.config["TOKEN_MAX_AGE"] // 3600),
    )
    return org


def _create_organisation(application):
    """The member organisation an approved application describes."""
    description = None
    if application.description:
        lang = application.description_lang
        description = translated.new_text(lang, **{lang: application.description})
    org = Organisation(
        name=application.name,
        slug=unique_slug(application.name),
        country=application.country,
        region=application.region,
        website=application.website,
        description=description,
        status=OrganisationStatus.MEMBER,
        working_languages=list(application.working_languages or []),
        founding_year=application.founding_year,
        size_band=application.size_band,
    )
    db.session.add(org)
    try:
        db.session.flush()
    except IntegrityError as error:
        # The same name was registered between our check and our insert.
        db.session.rollback()
        raise DuplicateName(application.name) from error
    return org


def _leader_account(application, contact, org):
    """(her account, a link to set her password or None): her existing account
    joins the organisation; else a new one, unverified, without a usable password."""
    if contact is not None:
        contact.organisation = org
        db.session.flush()
        return contact, None
    try:
        contact = accounts.create_user(
            email=application.contact_email,
            name=application.contact_name,
            # Nobody knows it: she chooses hers through the single-use link.
            password=secrets.token_urlsafe(32),
            locale=application.contact_locale,
            organisation=org,
        )
    except IntegrityError as error:  # she registered meanwhile: decide again
        db.session.rollback()
        raise AlreadyDecided(application.id) from error
    url = public_url("auth.reset_password", token=accounts.reset_token(contact))
    return contact, url


# --- Her private link ----------------------------------------------------------------


def application_token(application):
    """A signed link token bound to the application and its contact's address."""
    return tokens.make_token(
        TOKEN_PURPOSE, {"id": application.id, "email": application.contact_email}
    )


def application_for(token):
    """The application a valid link names, else None."""
    max_age = int(TOKEN_MAX_AGE.total_seconds())
    payload = tokens.read_token(TOKEN_PURPOSE, token, max_age=max_age)
    if payload is None:
        return None
    application = db.session.get(OrganisationApplication, payload["id"])
    if application is None or application.contact_email != payload.get("email"):
        return None
    return application


def _tell(application, template, **context):
    """Email the contact, in her language, with her private link."""
    notify(
        (application.contact_email, application.contact_locale),
        template,
        application=application,
        name=application.contact_name,
        organisation_name=application.name,
        status_url=public_url(
            "joining.status", application_token=application_token(application)
        ),
        **context,
    )


# --- The Secretariat's lists ---------------------------------------------------------


def review_page(status=None, region=None, page=1):
    """One page of applications, oldest first, filtered by status and region."""
    query = sa.select(OrganisationApplication)
    if status:
        query = query.where(OrganisationApplication.status == status)
    if region:
        query = query.where(OrganisationApplication.region == region)
    query = query.order_by(
        OrganisationApplication.submitted_at, OrganisationApplication.id
    )
    return paginate(query, page, PER_PAGE)


def waiting():
    """{status: (count, oldest rows)} for the open applications."""
    found = {}
    for status in OPEN_STATUSES:
        condition = OrganisationApplication.status == status
        count = db.session.scalar(
            sa.select(sa.func.count(OrganisationApplication.id)).where(condition)
        )
        rows = db.session.scalars(
            sa.select(OrganisationApplication)
            .where(condition)
            .order_by(OrganisationApplication.submitted_at, OrganisationApplication.id)
            .limit(PANEL_ROWS)
        ).all()
        found[status] = (count, rows)
    return found
