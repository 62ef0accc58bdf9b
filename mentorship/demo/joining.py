"""The demo's applications to join the Alliance, one in each state (fictional).

Written directly, without emails: a submitted one, one waiting for its contact's
answer, one declined, and one approved that created its organisation and its
leader's account (coordinator@<slug>.example.org, with the demo password; she is
also its coordinator, like every demo organisation's).
"""

from datetime import timedelta

import sqlalchemy as sa

from .. import policy
from ..audit import record
from ..auth.models import User
from ..auth.services import hash_password
from ..config import PRIVACY_NOTICE_VERSION
from ..core import memberships, translated
from ..db import db, utcnow
from ..joining.models import (
    DECLARATION_VERSION,
    ApplicationStatus,
    OrganisationApplication,
)
from ..joining.services import name_key
from ..organisations.models import Organisation, OrganisationStatus
from ..organisations.services import unique_slug

APPLICATIONS = (
    dict(
        status=ApplicationStatus.SUBMITTED,
        name="Mujeres Mineras de Atacama",
        country="CL",
        region="latin_america_caribbean",
        description="Reunimos a geólogas, operadoras y líderes comunitarias de las "
        "faenas del desierto de Atacama.",
        description_lang="es",
        working_languages=["es"],
        founding_year=2019,
        size_band="25_99",
        contact_name="Valentina Rojas",
        contact_title="Presidenta",
        contact_locale="es",
        days_ago=4,
    ),
    dict(
        status=ApplicationStatus.INFO_REQUESTED,
        name="Femmes et Mines du Sahel",
        country="BF",
        region="africa",
        description="Un réseau naissant de femmes ingénieures et techniciennes des "
        "mines d'or du Burkina Faso et du Niger.",
        description_lang="fr",
        working_languages=["fr", "en"],
        founding_year=2023,
        size_band="under_25",
        contact_name="Awa Ouédraogo",
        contact_title="Coordinatrice",
        contact_locale="fr",
        info_request="Pourriez-vous nous envoyer vos statuts et le nombre de vos "
        "membres actives ?",
        days_ago=12,
    ),
    dict(
        status=ApplicationStatus.APPROVED,
        name="Women in Mining Pacific Islands",
        country="FJ",
        region="asia_pacific",
        description="Women working in mining and exploration across Fiji, Papua New "
        "Guinea and the Solomon Islands, sharing skills across the islands.",
        description_lang="en",
        working_languages=["en"],
        founding_year=2018,
        size_band="25_99",
        contact_name="Salote Naivalu",
        contact_title="Chair",
        contact_locale="en",
        days_ago=30,
    ),
    dict(
        status=ApplicationStatus.DECLINED,
        name="Mining Careers Club",
        country="GB",
        region="europe",
        description="We place engineers in mining jobs worldwide.",
        description_lang="en",
        working_languages=["en"],
        founding_year=None,
        size_band=None,
        contact_name="Jo Bennett",
        contact_title="Director",
        contact_locale="en",
        decline_reason="The Alliance brings together Women in Mining organisations; "
        "a recruitment agency is not one.",
        days_ago=45,
    ),
)


def seed_joining(random_state=7):
    """Add the demo applications that do not exist yet; flushes, the caller commits.

    Deterministic: `random_state` is accepted like the other seeders' but unused.
    """
    secretariat = db.session.scalar(
        sa.select(User).where(policy.secretariat_condition()).limit(1)
    )
    for spec in APPLICATIONS:
        if _exists(spec["name"]):
            continue
        _add(dict(spec), secretariat)
    db.session.flush()


def _exists(name):
    query = sa.select(OrganisationApplication.id).where(
        OrganisationApplication.name_key == name_key(name)
    )
    return db.session.scalar(query.limit(1)) is not None


def _add(spec, secretariat):
    submitted_at = utcnow() - timedelta(days=spec.pop("days_ago"))
    slug = unique_slug(spec["name"])
    application = OrganisationApplication(
        **spec,
        name_key=name_key(spec["name"]),
        contact_email=f"coordinator@{slug}.example.org",
        website=f"https://{slug}.example.org",
        declaration_version=DECLARATION_VERSION,
        declaration_agreed_at=submitted_at,
        submitted_at=submitted_at,
    )
    if spec["status"] in (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED):
        application.decided_at = submitted_at + timedelta(days=5)
        application.decided_by_id = getattr(secretariat, "id", None)
    db.session.add(application)
    db.session.flush()
    record(application, "submitted", to_state=ApplicationStatus.SUBMITTED)
    if spec["status"] != ApplicationStatus.SUBMITTED:
        record(
            application,
            spec["status"],
            actor=secretariat,
            from_state=ApplicationStatus.SUBMITTED,
            to_state=spec["status"],
            reason=spec.get("info_request") or spec.get("decline_reason") or "",
        )
    if spec["status"] == ApplicationStatus.APPROVED:
        _admit(application, slug, secretariat)


def _admit(application, slug, secretariat):
    """The organisation an approval created, led by the application's contact."""
    lang = application.description_lang
    org = Organisation(
        name=application.name,
        slug=slug,
        country=application.country,
        region=application.region,
        website=application.website,
        description=translated.new_text(lang, **{lang: application.description}),
        status=OrganisationStatus.MEMBER,
        working_languages=application.working_languages,
        founding_year=application.founding_year,
        size_band=application.size_band,
    )
    db.session.add(org)
    db.session.flush()
    application.organisation_id = org.id
    from . import DEMO_PASSWORD

    now = utcnow()
    leader = User(
        email=application.contact_email,
        name=application.contact_name,
        password_hash=_demo_password_hash(secretariat, DEMO_PASSWORD),
        locale=application.contact_locale,
        organisation=org,
        email_verified_at=now,
        consent_version=PRIVACY_NOTICE_VERSION,
        consent_at=now,
    )
    db.session.add(leader)
    db.session.flush()
    memberships.start(leader, "leader", organisation=org, actor=secretariat)
    # Like every demo organisation, it has a coordinator: here its leader.
    memberships.start(leader, "coordinator", organisation=org, actor=secretariat)


def _demo_password_hash(staff, password):
    """The demo accounts' one shared hash (seeding stays fast), else a new one."""
    return staff.password_hash if staff is not None else hash_password(password)
