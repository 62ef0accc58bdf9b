# ruff: noqa: E501  (the texts read as whole sentences in three languages)
"""Recommendations of the demo groups, moved through the pipeline's own services
(so `recommendation_published` fires for the results):

- "Role Models & Mentors" (Lucía chairs): one published in all three languages
  (three versions), one in the members' comment round with comments (two versions);
- "STEM Women in Mining": one published before its Spanish translation (two
  versions): Spanish readers see the English with a note;
- "Inclusive Workplace Design": a draft (two versions);
- "Global Data Deficit": one awaiting the Steering Committee (steering@…).
"""

from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships
from ..core.models import Body, Membership
from ..core.translated import Edit
from ..db import db, utcnow
from ..groups.models import WorkingGroup
from ..recommendations import services
from ..recommendations.models import Recommendation
from .plan import STAFF_DOMAIN

INTRO = {
    "en": "Why this matters\n\nWomen in mining meet few role models who look like them.",
    "fr": "Pourquoi c'est important\n\nLes femmes des mines rencontrent peu de modèles qui leur ressemblent.",
    "es": "Por qué importa\n\nLas mujeres en la minería conocen pocos referentes parecidos a ellas.",
}
ASKS = {
    "en": "Each member organisation names two mentors a year.",
    "fr": "Chaque organisation membre désigne deux mentores par an.",
    "es": "Cada organización miembro nombra dos mentoras al año.",
}
ASKS_MORE = {
    "en": "Each member organisation names two mentors a year and reports on their pairs.",
    "fr": "Chaque organisation membre désigne deux mentores par an et rend compte de leurs binômes.",
    "es": "Cada organización miembro nombra dos mentoras al año e informa sobre sus parejas.",
}
FOLLOW = {
    "en": "The Secretariat publishes the count of pairs each year.",
    "fr": "Le Secrétariat publie chaque année le nombre de binômes.",
    "es": "La Secretaría publica cada año el número de parejas.",
}


def _join(*parts, langs=("en", "fr", "es")):
    return {lang: "\n\n".join(part[lang] for part in parts) for lang in langs}


def _edit(bodies, reviewed=("fr", "es")):
    return Edit("en", dict(bodies), set(reviewed) & set(bodies))


def _title(en, fr, es):
    return _edit({"en": en, "fr": fr, "es": es})


EMPTY = Edit("en", {})


def seed_recommendations(random_state=7):
    """Add the demo recommendations once; flushes, the caller commits."""
    if db.session.scalar(sa.select(Recommendation.id).limit(1)) is not None:
        return
    groups = {
        g.slug: g
        for g in db.session.scalars(sa.select(WorkingGroup).join(Body)).unique()
    }
    staff = _user(f"secretariat@{STAFF_DOMAIN}")
    steering = _user(f"steering@{STAFF_DOMAIN}")
    if not groups or staff is None or steering is None:
        return
    if "role-models-mentors" in groups:
        _published_everywhere(groups["role-models-mentors"], staff, steering)
        _in_members_round(groups["role-models-mentors"])
    if "stem-women-in-mining" in groups:
        _published_before_spanish(groups["stem-women-in-mining"], staff, steering)
    if "inclusive-workplace-design" in groups:
        _draft(groups["inclusive-workplace-design"])
    if "global-data-deficit" in groups:
        _awaiting_committee(groups["global-data-deficit"])
    db.session.flush()


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def _seated(group, position):
    return db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.body_id == group.body_id,
            Membership.position == position,
            memberships.current(),
        )
        .order_by(User.id)
    ).all()


def _start(group, title, bodies, note, by, reviewed=("fr", "es")):
    return services.create(
        group, "recommendation", title, EMPTY, _edit(bodies, reviewed), note, by
    )


def _save(found, bodies, note, by, reviewed=("fr", "es")):
    found = db.session.get(Recommendation, found.id)
    services.save(
        found,
        _edit({}),
        EMPTY,
        _edit(bodies, reviewed),
        note,
        by,
        found.latest.number,
        True,
    )


def _round(found, by, comments):
    services.open_round(found, "members", utcnow().date() + timedelta(days=14), by)
    for author, section, text in comments:
        services.comment(found, section, text, author)


def _published_everywhere(group, staff, steering):
    chair = _seated(group, "chair")[0]
    members = _seated(group, "member")
    found = _start(
        group,
        _title("Two mentors a year", "Deux mentores par an", "Dos mentoras al año"),
        _join(INTRO, ASKS),
        "First draft",
        chair,
    )
    _save(found, _join(INTRO, ASKS, FOLLOW), "Adds the yearly count", chair)
    _round(
        found,
        chair,
        [
            (members[0], 2, "Two is a lot for the smallest organisations."),
            (
                members[1],
                3,
                "Who counts the pairs: the Secretariat or the organisations?",
            ),
        ],
    )
    services.close_round(found, chair)
    _save(found, _join(INTRO, ASKS_MORE, FOLLOW), "After the members' round", chair)
    services.send_for_endorsement(found, chair)
    services.endorse(found, steering)
    services.publish(found, "all_languages", staff)


def _published_before_spanish(group, staff, steering):
    chair = _seated(group, "chair")[0]
    members = _seated(group, "member")
    bodies = {
        "en": "Scholarships\n\nEach member organisation lists the scholarships open to women in its country.",
        "fr": "Bourses\n\nChaque organisation membre recense les bourses ouvertes aux femmes dans son pays.",
    }
    found = _start(
        group,
        _title("A map of scholarships", "Une carte des bourses", "Un mapa de becas"),
        bodies,
        "First draft",
        chair,
        reviewed=("fr",),
    )
    _round(found, chair, [(members[0], 2, "Include technical colleges too.")])
    services.close_round(found, chair)
    bodies = {
        lang: text
        + {
            "en": " Technical colleges count too.",
            "fr": " Les écoles techniques comptent aussi.",
        }[lang]
        for lang, text in bodies.items()
    }
    _save(found, bodies, "Technical colleges, after the round", chair, reviewed=("fr",))
    services.send_for_endorsement(found, chair)
    services.endorse(found, steering)
    services.publish(found, "now", staff)


def _in_members_round(group):
    chair = _seated(group, "chair")[0]
    members = _seated(group, "member")
    found = _start(
        group,
        _title(
            "Role models at school visits",
            "Des modèles lors des visites d'écoles",
            "Referentes en las visitas a escuelas",
        ),
        {
            "en": "School visits\n\nEvery school visit includes a woman engineer.\n\nVisits are reported once a year."
        },
        "First draft",
        chair,
        reviewed=(),
    )
    _save(
        found,
        {
            "en": "School visits\n\nEvery school visit includes a woman engineer or geologist.\n\nVisits are reported once a year."
        },
        "Geologists too",
        chair,
        reviewed=(),
    )
    _round(
        found,
        chair,
        [
            (members[0], 2, "Add technicians: girls see them on site."),
            (members[1], 3, "Once a year is too rare; twice?"),
            (members[2], 2, "Agreed with adding geologists."),
        ],
    )


def _draft(group):
    champion = _seated(group, "champion")[0]
    found = _start(
        group,
        _title(
            "Facilities on every site",
            "Des installations sur chaque site",
            "Instalaciones en cada sitio",
        ),
        {"en": "Facilities\n\nEvery site has toilets and changing rooms for women."},
        "First draft",
        champion,
        reviewed=(),
    )
    _save(
        found,
        {
            "en": "Facilities\n\nEvery site has toilets, showers and changing rooms for women.\n\nPPE comes in women's sizes."
        },
        "Showers and PPE",
        champion,
        reviewed=(),
    )


def _awaiting_committee(group):
    chair = _seated(group, "chair")[0]
    members = _seated(group, "member")
    found = _start(
        group,
        _title(
            "Counting women in mining",
            "Compter les femmes des mines",
            "Contar a las mujeres en la minería",
        ),
        {
            "en": "Data\n\nEvery member organisation reports its members by sex each year."
        },
        "First draft",
        chair,
        reviewed=(),
    )
    _round(found, chair, [(members[0], 2, "By sex and by role, please.")])
    services.close_round(found, chair)
    _save(
        found,
        {
            "en": "Data\n\nEvery member organisation reports its members by sex and by role each year."
        },
        "By role too",
        chair,
        reviewed=(),
    )
    services.send_for_endorsement(found, chair)
