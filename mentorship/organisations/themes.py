"""The Alliance's focus themes: the four of 2021 seeded here, later ones added by
the features that vote them (theme proposals, working groups)."""

import sqlalchemy as sa

from ..core import translated
from ..db import db
from .models import Theme

# slug -> {language: name}. Stored as translated content, like any later theme.
DEFAULT_THEMES = {
    "stem_women_in_mining": {
        "en": "STEM Women in Mining",
        "fr": "Femmes STIM dans les mines",
        "es": "Mujeres STEM en la minería",
    },
    "inclusive_workplace_design": {
        "en": "Inclusive Workplace Design",
        "fr": "Conception de lieux de travail inclusifs",
        "es": "Diseño de lugares de trabajo inclusivos",
    },
    "global_data_deficit": {
        "en": "Global Data Deficit",
        "fr": "Déficit mondial de données",
        "es": "Déficit mundial de datos",
    },
    "role_models_mentors": {
        "en": "Role Models & Mentors",
        "fr": "Modèles et mentores",
        "es": "Referentes y mentoras",
    },
}


def ensure_themes():
    """Add the default themes that are missing (idempotent); returns how many."""
    have = set(db.session.scalars(sa.select(Theme.slug)))
    added = 0
    for slug, names in DEFAULT_THEMES.items():
        if slug not in have:
            db.session.add(Theme(slug=slug, name=translated.new_text("en", **names)))
            added += 1
    db.session.flush()
    return added


def active_themes():
    """The themes an organisation may choose, in the order they were added."""
    query = sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.id)
    return db.session.scalars(query).all()


def themes_by_id(ids):
    """The active themes among `ids` (unknown or retired ids are left out)."""
    if not ids:
        return []
    query = sa.select(Theme).where(Theme.id.in_(ids), Theme.active.is_(True))
    return db.session.scalars(query.order_by(Theme.id)).all()
