# ruff: noqa: E501  (the charters read as whole sentences in three languages)
"""The four working groups of 2021, one per theme: a charter in three languages, a
chair, two thematic champions, the Secretariat's liaison, and members from several
organisations who joined about a year ago (a few have left: their terms are history).

Lucía (lucia.mentor@…, Mujeres en Minería Perú) chairs "Role Models & Mentors", so
the demo can accept a nomination; Amina (amina.mentee@…) belongs to no group yet.
"""

import random
from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships, translated
from ..core.models import Body
from ..db import db, utcnow
from ..groups.models import GroupPreference, WorkingGroup
from ..organisations.models import Organisation, OrganisationStatus, Theme
from ..organisations.themes import ensure_themes
from .plan import DEMO_DOMAIN, STAFF_DOMAIN

LUCIA = f"lucia.mentor@{DEMO_DOMAIN}"
AMINA = f"amina.mentee@{DEMO_DOMAIN}"
MEMBERS_PER_GROUP = 10
JOINED_DAYS_AGO = 400
LEFT_DAYS_AGO = 60

GROUPS = {
    "role-models-mentors": {
        "theme": "role_models_mentors",
        "name": {
            "en": "Role Models & Mentors working group",
            "fr": "Groupe de travail Modèles et mentores",
            "es": "Grupo de trabajo Referentes y mentoras",
        },
        "purpose": {
            "en": "Make women in mining visible as role models, and help every member organisation run mentoring that lasts.",
            "fr": "Rendre visibles les femmes du secteur minier comme modèles, et aider chaque organisation membre à faire vivre un mentorat durable.",
            "es": "Dar visibilidad a las mujeres de la minería como referentes y ayudar a cada organización miembro a sostener programas de mentoría.",
        },
        "scope": {
            "en": "Mentoring programmes across organisations, role-model campaigns, recognition of mentors.",
            "fr": "Programmes de mentorat entre organisations, campagnes de modèles, reconnaissance des mentores.",
            "es": "Programas de mentoría entre organizaciones, campañas de referentes y reconocimiento de las mentoras.",
        },
        "deliverables": {
            "en": "A yearly review of the Alliance's mentoring, a role-model toolkit, recommendations to the Steering Committee.",
            "fr": "Un bilan annuel du mentorat de l'Alliance, une boîte à outils sur les modèles, des recommandations au comité de pilotage.",
            "es": "Un balance anual de la mentoría en la Alianza, una guía sobre referentes y recomendaciones al Comité Directivo.",
        },
    },
    "stem-women-in-mining": {
        "theme": "stem_women_in_mining",
        "name": {
            "en": "STEM Women in Mining working group",
            "fr": "Groupe de travail Femmes STIM dans les mines",
            "es": "Grupo de trabajo Mujeres STEM en la minería",
        },
        "purpose": {
            "en": "Bring more girls and women into the science and engineering careers of mining, and keep them there.",
            "fr": "Attirer davantage de filles et de femmes vers les métiers scientifiques et techniques des mines, et les y garder.",
            "es": "Atraer a más niñas y mujeres a las carreras científicas y técnicas de la minería, y que se queden.",
        },
        "scope": {
            "en": "Outreach to schools and universities, scholarships, early-career support.",
            "fr": "Actions auprès des écoles et des universités, bourses, soutien en début de carrière.",
            "es": "Acercamiento a escuelas y universidades, becas y apoyo al inicio de la carrera.",
        },
        "deliverables": {
            "en": "A map of scholarships open to women, a school-visit kit, recommendations.",
            "fr": "Une carte des bourses ouvertes aux femmes, un kit de visite scolaire, des recommandations.",
            "es": "Un mapa de becas abiertas a mujeres, un kit para visitas escolares y recomendaciones.",
        },
    },
    "inclusive-workplace-design": {
        "theme": "inclusive_workplace_design",
        "name": {
            "en": "Inclusive Workplace Design working group",
            "fr": "Groupe de travail Lieux de travail inclusifs",
            "es": "Grupo de trabajo Lugares de trabajo inclusivos",
        },
        "purpose": {
            "en": "Sites, equipment and policies designed for the women who work in them.",
            "fr": "Des sites, des équipements et des politiques pensés pour les femmes qui y travaillent.",
            "es": "Sitios, equipos y políticas pensados para las mujeres que trabajan en ellos.",
        },
        "scope": {
            "en": "Personal protective equipment, facilities on site, harassment prevention, parental leave.",
            "fr": "Équipements de protection individuelle, installations sur site, prévention du harcèlement, congé parental.",
            "es": "Equipos de protección personal, instalaciones en faena, prevención del acoso y licencias parentales.",
        },
        "deliverables": {
            "en": "A review of PPE fit, a site facilities checklist, recommendations to companies.",
            "fr": "Un bilan de l'adaptation des EPI, une liste de contrôle des installations, des recommandations aux entreprises.",
            "es": "Un balance sobre el ajuste de los EPP, una lista de verificación de instalaciones y recomendaciones a las empresas.",
        },
    },
    "global-data-deficit": {
        "theme": "global_data_deficit",
        "name": {
            "en": "Global Data Deficit working group",
            "fr": "Groupe de travail Déficit mondial de données",
            "es": "Grupo de trabajo Déficit mundial de datos",
        },
        "purpose": {
            "en": "Count women in mining, country by country, with numbers the Alliance can publish safely.",
            "fr": "Compter les femmes dans les mines, pays par pays, avec des chiffres que l'Alliance peut publier sans risque.",
            "es": "Contar a las mujeres en la minería, país por país, con cifras que la Alianza pueda publicar con seguridad.",
        },
        "scope": {
            "en": "Shared indicators, annual reporting by member organisations, open data.",
            "fr": "Indicateurs communs, collecte annuelle auprès des organisations membres, données ouvertes.",
            "es": "Indicadores comunes, reporte anual de las organizaciones miembros y datos abiertos.",
        },
        "deliverables": {
            "en": "An indicator registry, the yearly data release, recommendations on data collection.",
            "fr": "Un registre d'indicateurs, la publication annuelle des données, des recommandations sur la collecte.",
            "es": "Un registro de indicadores, la publicación anual de datos y recomendaciones sobre la recolección.",
        },
    },
}  # fmt: skip


def seed_groups(random_state=7):
    """Add the four groups and their members; flushes, the caller commits."""
    rng = random.Random(random_state)
    ensure_themes()
    themes = {t.slug: t for t in db.session.scalars(sa.select(Theme))}
    liaison = _by_email(f"secretariat@{STAFF_DOMAIN}")
    people = _members()
    if not people:
        return
    today = utcnow().date()
    joined = today - timedelta(days=JOINED_DAYS_AGO)
    taken = {AMINA}  # Amina joins through the demo's nomination, not here
    for index, (slug, spec) in enumerate(GROUPS.items()):
        if db.session.scalar(sa.select(Body.id).where(Body.slug == slug)):
            continue
        group = _group(slug, spec, themes.get(spec["theme"]))
        chair = _by_email(LUCIA) if slug == "role-models-mentors" else None
        pool = [p for p in people if p.email not in taken and p is not chair]
        rng.shuffle(pool)
        chair = chair or pool.pop()
        champions = [pool.pop(), pool.pop()]
        members = _spread(pool, MEMBERS_PER_GROUP)
        taken |= {chair.email, *(p.email for p in champions)}
        seated = [(chair, "chair"), *((p, "champion") for p in champions)]
        seated += [(p, "member") for p in members]
        for person, position in seated:
            memberships.start(person, position, body=group.body, starts_on=joined)
            _preference(group, person, position, rng)
        if liaison is not None:
            memberships.start(liaison, "liaison", body=group.body, starts_on=joined)
        _past_member(group, pool, joined, today, index)
    db.session.flush()


def _group(slug, spec, theme):
    body = Body(
        kind="working_group",
        slug=slug,
        name=translated.new_text("en", **spec["name"]),
    )
    group = WorkingGroup(
        body=body,
        theme=theme,
        status="active",
        purpose=translated.new_text("en", **spec["purpose"]),
        scope=translated.new_text("en", **spec["scope"]),
        deliverables=translated.new_text("en", **spec["deliverables"]),
    )
    db.session.add(group)
    db.session.flush()
    return group


def _preference(group, person, position, rng):
    """Chairs and champions are public; members choose (most say the Alliance)."""
    if position in ("chair", "champion"):
        visibility = "public"
    else:
        visibility = rng.choice(("alliance", "alliance", "public", "organisers"))
    messages = rng.choice(("every", "every", "digest", "none"))
    db.session.add(
        GroupPreference(
            group=group, user=person, roster_visibility=visibility, messages=messages
        )
    )


def _past_member(group, pool, joined, today, index):
    """One member who left two months ago: her term stays as history."""
    if not pool:
        return
    person = pool.pop()
    membership = memberships.start(person, "member", body=group.body, starts_on=joined)
    memberships.end(
        membership,
        ends_on=today - timedelta(days=LEFT_DAYS_AGO + index),
        reason="Moved to another role",
    )


def _spread(pool, count):
    """`count` people from as many organisations as possible (one each first)."""
    chosen, seen = [], set()
    for person in list(pool):
        if len(chosen) == count:
            break
        if person.organisation_id not in seen:
            seen.add(person.organisation_id)
            chosen.append(person)
    for person in chosen:
        pool.remove(person)
    return chosen


def _by_email(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def _members():
    """People of member organisations, in id order (deterministic)."""
    return db.session.scalars(
        sa.select(User)
        .join(User.organisation)
        .where(
            Organisation.status == OrganisationStatus.MEMBER,
            User.erased_at.is_(None),
        )
        .order_by(User.id)
    ).all()
