"""The demo's mentoring programme: published, enrolment open, most profiles enrolled.

Enrolment is decided by a seeded generator, so the demo is the same on every machine;
dates are relative to the day it is loaded, so the window is always open.
"""

import random
from datetime import date, timedelta

import sqlalchemy as sa

from ..core import translated
from ..db import db
from ..matches.adapter import DEFAULT_WEIGHTS
from ..profiles.models import Profile
from ..programmes.models import Enrolment, Programme, ProgrammeSettings

NAMES = {
    "en": "Global Mentoring Cohort",
    "fr": "Cohorte mondiale de mentorat",
    "es": "Cohorte mundial de mentoría",
}
DESCRIPTIONS = {
    "en": "Six months of cross-organisation mentoring, an hour or two a month.",
    "fr": "Six mois de mentorat entre organisations, une à deux heures par mois.",
    "es": "Seis meses de mentoría entre organizaciones, una o dos horas al mes.",
}


def seed_programme(random_state=7, share=0.85):
    """Add the demo programme (once) and enrol `share` of the active profiles."""
    if db.session.scalar(
        sa.select(Programme.id).where(
            translated.body_in(Programme.name_id, "en") == NAMES["en"]
        )
    ):
        return None
    programme = _programme()
    rng = random.Random(random_state)
    profiles = db.session.scalars(
        sa.select(Profile).where(Profile.paused.is_(False)).order_by(Profile.id)
    ).all()
    db.session.add_all(
        _enrolment(programme, profile)
        for profile in profiles
        if rng.random() < share or profile.user.email.startswith(("amina.", "lucia."))
    )
    db.session.flush()
    return programme


def _programme():
    today = date.today()
    programme = Programme(
        name=translated.new_text("en", **NAMES),
        description=translated.new_text("en", **DESCRIPTIONS),
        enrol_opens_on=today - timedelta(days=14),
        enrol_closes_on=today + timedelta(days=30),
        starts_on=today + timedelta(days=45),
        ends_on=today + timedelta(days=45 + 183),
        duration_months=6,
        status="published",
    )
    weights = {name: round(value * 10, 2) for name, value in DEFAULT_WEIGHTS.items()}
    programme.settings_versions.append(ProgrammeSettings(version=1, weights=weights))
    db.session.add(programme)
    db.session.flush()
    return programme


def _enrolment(programme, profile):
    return Enrolment(
        programme_id=programme.id,
        user_id=profile.user_id,
        role=profile.role,
        goals=profile.focus if profile.role == "mentee" else "",
        capacity=profile.capacity if profile.role == "mentor" else 1,
    )
