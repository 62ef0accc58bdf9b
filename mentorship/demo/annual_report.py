"""The demo's annual report: last year's, narratives in English, French and
Spanish, published (its figures are compiled from the demo's live data)."""

import sqlalchemy as sa

from ..auth.models import User
from ..core import translated
from ..db import db, utcnow
from ..reports import services
from .plan import STAFF_DOMAIN

NARRATIVES = {
    "organisations": {
        "en": "The Alliance grew in every region this year.\n"
        "New organisations joined from Africa and Latin America.",
        "fr": "L'Alliance a grandi dans chaque région cette année.\n"
        "De nouvelles organisations ont rejoint l'Alliance depuis l'Afrique et "
        "l'Amérique latine.",
        "es": "La Alianza creció en todas las regiones este año.\n"
        "Se sumaron nuevas organizaciones de África y América Latina.",
    },
    "groups": {
        "en": "The working groups published their first recommendations.",
        "fr": "Les groupes de travail ont publié leurs premières recommandations.",
        "es": "Los grupos de trabajo publicaron sus primeras recomendaciones.",
    },
    "events": {
        "en": "Global calls and round tables brought leaders together "
        "across time zones.",
        "fr": "Les appels mondiaux et les tables rondes ont réuni les dirigeantes "
        "par-delà les fuseaux horaires.",
        "es": "Las llamadas globales y las mesas redondas reunieron a las líderes "
        "de todos los husos horarios.",
    },
    "consultations": {
        "en": "Member organisations were consulted and decided together.",
        "fr": "Les organisations membres ont été consultées et ont décidé ensemble.",
        "es": "Las organizaciones miembro fueron consultadas y decidieron juntas.",
    },
    "committee": {
        "en": "The Steering Committee was elected with regional seats.",
        "fr": "Le comité de pilotage a été élu avec des sièges régionaux.",
        "es": "El Comité Directivo fue elegido con escaños regionales.",
    },
    "mentoring": {
        "en": "Mentoring pairs met across organisations and regions.",
        "fr": "Les binômes de mentorat se sont rencontrés entre organisations "
        "et régions.",
        "es": "Las parejas de mentoría se reunieron entre organizaciones y regiones.",
    },
    "metrics": {
        "en": "Organisations reported shared metrics on women in mining.",
        "fr": "Les organisations ont transmis des indicateurs communs sur les "
        "femmes dans les mines.",
        # Spanish still to come: readers see the fallback note.
    },
}


def seed_annual_report(random_state=7):
    """Last year's report, narratives written and reviewed, published, and this
    year's begun as a draft; flushes."""
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    if staff is None:
        return
    year = utcnow().year - 1
    report = services.draft(year, staff)
    if report.is_published:
        return
    for section, bodies in NARRATIVES.items():
        edit = translated.Edit("en", dict(bodies), reviewed=set(bodies))
        services.edit_narrative(report, section, edit, staff)
    services.publish(report, staff)
    # This year's report, begun: one narrative in English, its translations missing.
    current = services.draft(year + 1, staff)
    services.edit_narrative(
        current,
        "organisations",
        translated.Edit("en", {"en": "A first draft: the year so far."}),
        staff,
    )
    db.session.flush()
