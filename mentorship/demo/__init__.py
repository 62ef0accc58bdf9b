"""Deterministic demonstration data: `flask demo seed` loads it, the CLI commits.

`plan.build_plan` decides everything (pure and seeded); `seed` only writes it, skipping
organisations and people that already exist, so running it twice is harmless.
"""

from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import MEMBERSHIP_ROLES, RoleGrant, User
from ..auth.services import hash_password
from ..config import PRIVACY_NOTICE_VERSION
from ..core import memberships, translated
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..profiles.models import Profile
from .agm import seed_agm
from .consultations import seed_consultations
from .decisions import seed_decisions
from .discussions import seed_discussions
from .elections_committee import seed_elections_committee
from .elections_nominating import seed_elections_nominating
from .elections_past import seed_elections_past
from .elections_space import seed_elections_space
from .events import seed_events
from .group_meetings import seed_group_meetings
from .group_members import seed_group_members
from .groups import seed_groups
from .history import seed_history
from .joining import seed_joining
from .library import seed_library
from .metrics import seed_metrics
from .metrics_publish import seed_metrics_publish
from .minutes import seed_minutes
from .orgspace import seed_orgspace
from .partnerships import seed_partnerships
from .plan import DEMO_DOMAIN, STAFF_DOMAIN, build_plan
from .positions import seed_positions
from .programmes import seed_programme
from .recommendations import seed_recommendations
from .registration import seed_registration
from .results import seed_results
from .roles import seed_roles
from .theme_proposals import seed_theme_proposals
from .timecal import seed_timecal

__all__ = ["DEMO_PASSWORD", "LOGINS_HELP", "build_plan", "seed"]

DEMO_PASSWORD = "wim-demo-2026"
COORDINATOR_SINCE_DAYS = 730

LOGINS_HELP = f"""\
Demo: open http://127.0.0.1:5000 and sign in with any of these accounts.
Every demo account has the password: {DEMO_PASSWORD}

  Mentee (Women in Mining South Africa)   amina.mentee@{DEMO_DOMAIN}
  Mentor (Mujeres en Minería Perú)        lucia.mentor@{DEMO_DOMAIN}
  Coordinator of an organisation          coordinator@wim-south-africa.example.org
                                          (every member organisation has one:
                                          coordinator@<organisation-slug>.example.org)
  Secretariat                             secretariat@{STAFF_DOMAIN}
  Steering Committee                      steering@{STAFF_DOMAIN}
  Administrator                           admin@{STAFF_DOMAIN}
"""


def seed(n_members=300, random_state=7):
    """Add the demo organisations, people and profiles; flushes, the caller commits."""
    plan = build_plan(n_members=n_members, random_state=random_state)
    organisations = _add_organisations(plan.organisations)
    _add_people(plan.people, organisations)
    seed_programme(random_state=random_state)
    seed_history(random_state=random_state)
    seed_orgspace(random_state=random_state)
    seed_joining(random_state=random_state)
    seed_roles(random_state=random_state)
    seed_positions(random_state=random_state)
    seed_decisions(random_state=random_state)
    seed_partnerships(random_state=random_state)
    seed_events(random_state=random_state)
    seed_registration(random_state=random_state)
    seed_minutes(random_state=random_state)
    seed_timecal(random_state=random_state)
    seed_library(random_state=random_state)
    seed_groups(random_state=random_state)
    seed_group_members(random_state=random_state)
    seed_group_meetings(random_state=random_state)
    seed_recommendations(random_state=random_state)
    seed_results(random_state=random_state)
    seed_discussions(random_state=random_state)
    seed_theme_proposals(random_state=random_state)
    seed_agm(random_state=random_state)
    seed_consultations(random_state=random_state)
    seed_metrics(random_state=random_state)
    seed_metrics_publish(random_state=random_state)
    seed_elections_past(random_state=random_state)
    seed_elections_nominating(random_state=random_state)
    seed_elections_committee(random_state=random_state)
    seed_elections_space(random_state=random_state)
    from .annual_report import seed_annual_report

    seed_annual_report(random_state=random_state)


def _add_organisations(specs):
    """Slug -> Organisation for every demo organisation, adding those missing."""
    existing = db.session.scalars(sa.select(Organisation)).all()
    by_slug = {org.slug: org for org in existing}
    by_name = {org.name: org for org in existing}
    organisations = {}
    for spec in specs:
        org = by_slug.get(spec.slug) or by_name.get(spec.name)
        organisations[spec.slug] = org or _organisation(spec)
    db.session.add_all(organisations.values())
    db.session.flush()
    return organisations


def _organisation(spec):
    descriptions = {
        lang: getattr(spec, f"description_{lang}") for lang in ("en", "fr", "es")
    }
    source = next(lang for lang, text in descriptions.items() if text)
    return Organisation(
        name=spec.name,
        slug=spec.slug,
        country=spec.country,
        region=spec.region,
        website=spec.website,
        description=translated.new_text(source, **descriptions),
        status=spec.status,
    )


def _add_people(people, organisations):
    """Add each planned person whose email is not taken, with her roles and profiles."""
    taken = set(db.session.scalars(sa.select(User.email)))
    # One hash for every demo account: hashing hundreds of passwords would take minutes.
    password_hash = hash_password(DEMO_PASSWORD)
    now = utcnow()
    users = [
        User(
            email=person.email,
            name=person.name,
            password_hash=password_hash,
            locale=person.locale,
            organisation=organisations.get(person.organisation),
            email_verified_at=now,
            consent_version=PRIVACY_NOTICE_VERSION,
            consent_at=now,
            role_grants=[
                RoleGrant(role=role)
                for role in person.roles
                if role not in MEMBERSHIP_ROLES
            ],
            profiles=[_profile(plan) for plan in person.profiles],
        )
        for person in people
        if person.email not in taken
    ]
    db.session.add_all(users)
    db.session.flush()
    # Coordinators hold a term in their organisation, begun before the pilot.
    since = utcnow().date() - timedelta(days=COORDINATOR_SINCE_DAYS)
    roles = {person.email: person.roles for person in people}
    for user in users:
        for role in set(roles[user.email]) & set(MEMBERSHIP_ROLES):
            memberships.start(
                user, role, organisation=user.organisation, starts_on=since
            )
    return users


def _profile(plan):
    fields = {name: getattr(plan, name) for name in plan.__dataclass_fields__}
    fields["tags"] = list(plan.tags)
    fields["languages"] = list(plan.languages)
    return Profile(**fields)
