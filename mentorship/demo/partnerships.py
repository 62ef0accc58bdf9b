"""Demo needs and offers, introductions in each state, and one partnership.

Written directly (no emails go out while seeding); skipped where already present, so
seeding twice is harmless. Descriptions are in each organisation's own language.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ..auth.models import User
from ..core import schedule, translated
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..partnerships.introductions import FOLLOW_UP_JOB, follow_up_key, ordered
from ..partnerships.models import Introduction, Listing, Partnership

# slug -> (language, needs {category: text}, offers {category: text})
LISTINGS = {
    "wim-south-africa": (
        "en",
        {"advocacy": "Support for our campaign on safety equipment for women."},
        {
            "mentoring_capacity": "Thirty experienced mentors in mining engineering.",
            "legal_governance": "We can share our constitution and board policies.",
        },
    ),
    "femmes-mines-cote-divoire": (
        "fr",
        {
            "fundraising": "Nous cherchons des conseils pour nos premières demandes "
            "de subvention.",
            "legal_governance": "Aide pour rédiger nos statuts.",
        },
        {"translation": "Traductions vers le français et relectures."},
    ),
    "tanzania-wim": (
        "en",
        {"data_research": "Help to survey our members' working conditions."},
        {"events": "We host a regional conference every year in Arusha."},
    ),
    "wim-australia": (
        "en",
        {"translation": "Translations of our toolkits into French and Spanish."},
        {
            "data_research": "Our annual gender survey method and questionnaire.",
            "fundraising": "A grants officer who can review applications.",
        },
    ),
    "wim-indonesia": (
        "en",
        {"training": "Leadership training for our young members."},
        {"networking": "Contacts with mining companies across Southeast Asia."},
    ),
    "wim-uk": (
        "en",
        {"events": "A partner to co-host an online round table."},
        {"communications": "Help with newsletters and social media."},
    ),
    "femmes-mines-france": (
        "fr",
        {"networking": "Des contacts en Afrique de l'Ouest francophone."},
        {
            "fundraising": "Notre expérience des fonds européens.",
            "training": "Des formations au leadership en français.",
        },
    ),
    "mujeres-mineria-peru": (
        "es",
        {"communications": "Apoyo para nuestra estrategia en redes sociales."},
        {"advocacy": "Experiencia en incidencia ante el Congreso."},
    ),
    "mujeres-mineria-chile": (
        "es",
        {"mentoring_capacity": "Mentoras para nuestras ingenieras jóvenes."},
        {"technical_expertise": "Asesoría técnica en cierre de minas."},
    ),
    "wim-canada": (
        "en",
        {"translation": "French translations for our Quebec chapter."},
        {"events": "Speakers for webinars on inclusion."},
    ),
    "wim-saudi-arabia": (
        "en",
        {
            "legal_governance": "Guidance on setting up our board.",
            "mentoring_capacity": "Mentors for our first cohort.",
        },
        {"networking": "Introductions to companies in the Gulf region."},
    ),
}

# (first slug, second slug, state, proposer slug or None, onboarding, days ago)
INTRODUCTIONS = (
    ("wim-uk", "wim-canada", "proposed", "wim-uk", False, 3),
    (
        "femmes-mines-france",
        "femmes-mines-cote-divoire",
        "introduced",
        None,
        False,
        120,
    ),
    (
        "mujeres-mineria-peru",
        "mujeres-mineria-chile",
        "introduced",
        "mujeres-mineria-chile",
        False,
        10,
    ),
    ("wim-australia", "wim-indonesia", "declined", "wim-australia", False, 40),
    ("tanzania-wim", "wim-indonesia", "withdrawn", "tanzania-wim", False, 30),
    ("wim-south-africa", "wim-saudi-arabia", "introduced", None, True, 20),
)


def seed_partnerships(random_state=7):
    """Needs and offers for the demo organisations and introductions in each
    state; `random_state` is accepted for symmetry (the data is fixed)."""
    organisations = {
        org.slug: org for org in db.session.scalars(sa.select(Organisation)).all()
    }
    for slug, (lang, needs, offers) in LISTINGS.items():
        org = organisations.get(slug)
        if org is not None:
            _listings(org, lang, "need", needs)
            _listings(org, lang, "offer", offers)
    for first, second, state, proposer, onboarding, days in INTRODUCTIONS:
        if first in organisations and second in organisations:
            _introduction(
                organisations, first, second, state, proposer, onboarding, days
            )
    db.session.flush()


def _listings(org, lang, kind, items):
    for category, text in items.items():
        found = db.session.scalar(
            sa.select(Listing.id).where(
                Listing.organisation_id == org.id,
                Listing.kind == kind,
                Listing.category == category,
            )
        )
        if found is None:
            db.session.add(
                Listing(
                    organisation_id=org.id,
                    kind=kind,
                    category=category,
                    description=translated.new_text(lang, **{lang: text}),
                )
            )


def _coordinator(slug):
    email = f"coordinator@{slug}.example.org"
    return db.session.scalar(sa.select(User).where(User.email == email))


def _introduction(organisations, first, second, state, proposer, onboarding, days):
    a, b = organisations[first], organisations[second]
    low, high = ordered(a.id, b.id)
    if db.session.scalar(
        sa.select(Introduction.id).where(
            Introduction.org_low_id == low, Introduction.org_high_id == high
        )
    ):
        return
    now = utcnow()
    created = now - timedelta(days=days)
    by_org = organisations[proposer] if proposer else None
    by_user = _coordinator(proposer) if proposer else None
    intro = Introduction(
        org_low_id=low,
        org_high_id=high,
        status=state,
        onboarding=onboarding,
        message="",
        decline_reason="",
        proposed_by_org_id=by_org.id if by_org else None,
        proposed_by_id=by_user.id if by_user else None,
        created_at=created,
    )
    low_org, high_org = (a, b) if a.id == low else (b, a)
    for side, org in (("low", low_org), ("high", high_org)):
        accepted = state == "introduced" or (by_org is not None and org.id == by_org.id)
        if accepted:
            _decided(intro, side, "accepted", _coordinator(org.slug), created)
    if state == "declined":
        side = "high" if intro.low_decision else "low"
        who = high_org if side == "high" else low_org
        _decided(intro, side, "declined", _coordinator(who.slug), created)
        intro.decline_reason = "Not this year: our board is being renewed."
        intro.closed_at = created + timedelta(days=2)
    if state == "withdrawn":
        intro.closed_at = created + timedelta(days=5)
    db.session.add(intro)
    db.session.flush()
    if state == "introduced":
        intro.introduced_at = created + timedelta(days=2)
        _follow_up(intro, now)


def _decided(intro, side, decision, user, when):
    setattr(intro, f"{side}_decision", decision)
    setattr(intro, f"{side}_decided_by_id", user.id if user else None)
    setattr(intro, f"{side}_decided_at", when)


def _follow_up(intro, now):
    """Schedule its follow-up; the oldest one was answered with a partnership."""
    days = current_app.config["INTRODUCTION_FOLLOW_UP_DAYS"]
    due = intro.introduced_at + timedelta(days=days)
    reminder = schedule.schedule(
        follow_up_key(intro.id), due, FOLLOW_UP_JOB, {"introduction_id": intro.id}
    )
    if due <= now:
        reminder.sent_at = due
        intro.follow_up_answer = "partnership"
        intro.follow_up_answered_at = due + timedelta(days=4)
        db.session.add(
            Partnership(
                introduction_id=intro.id,
                kind="mentoring_exchange",
                status="active",
                outcome="Six mentors from France now work with members in "
                "Côte d'Ivoire; a joint webinar on grants is planned.",
            )
        )
