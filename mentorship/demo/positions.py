"""Two common positions from the Alliance's documents, with their ratifications.

From the 2021 Declaration ("WIM organisations ratify common priorities and
positions") and the four priority themes: a common position on the Global Data
Deficit (publishing gender-disaggregated data), in two versions, the second still
open with organisations to answer; and a priority on inclusive workplace design,
its window closed. Organisations answer through their current voting delegate (named
by demo/roles.py); those without one have not answered.
Written as rows, not through `services.publish`: seeding sends no email.
"""

import random
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships, translated
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..positions import notify
from ..positions.models import Position, PositionVersion, Ratification
from .plan import STAFF_DOMAIN

DATA_V1 = {
    "title": {
        "en": "Closing the Global Data Deficit on women in mining",
        "fr": "Combler le déficit mondial de données sur les femmes dans les mines",
        "es": "Cerrar el déficit mundial de datos sobre las mujeres en la minería",
    },
    "text": {
        "en": (
            "Without figures, the place of women in mining stays invisible. The "
            "member organisations of the International WIM Alliance call on mining "
            "companies, industry associations and governments to publish "
            "gender-disaggregated data on their workforce every year.\n"
            "The Alliance will facilitate global coordination on key metrics, so "
            "that figures from different countries can be compared."
        ),
        "fr": (
            "Sans chiffres, la place des femmes dans les mines reste invisible. Les "
            "organisations membres de l'International WIM Alliance demandent aux "
            "entreprises minières, aux associations professionnelles et aux "
            "gouvernements de publier chaque année des données ventilées par genre "
            "sur leurs effectifs.\n"
            "L'Alliance facilitera la coordination mondiale sur les indicateurs clés, "
            "afin que les chiffres de différents pays puissent être comparés."
        ),
        "es": (
            "Sin cifras, el lugar de las mujeres en la minería sigue siendo "
            "invisible. Las organizaciones miembro de la International WIM Alliance "
            "piden a las empresas mineras, a las asociaciones del sector y a los "
            "gobiernos que publiquen cada año datos desagregados por género sobre su "
            "plantilla.\n"
            "La Alianza facilitará la coordinación mundial sobre los indicadores "
            "clave, para que las cifras de distintos países puedan compararse."
        ),
    },
}
PRIORITY_ANSWERS = ("ratified", "ratified", "ratified", "abstained")
DATA_V2_ADDITION = {
    "en": (
        "\nThe data cover every level: the workforce, management, the board, and "
        "core technical functions, so that progress in leadership is measured too."
    ),
    "fr": (
        "\nLes données couvrent tous les niveaux : effectifs, encadrement, conseil "
        "d'administration et fonctions techniques clés, afin de mesurer aussi les "
        "progrès dans les postes de direction."
    ),
    "es": (
        "\nLos datos abarcan todos los niveles: la plantilla, la dirección, el "
        "consejo y las funciones técnicas clave, para medir también los avances en "
        "el liderazgo."
    ),
}
WORKPLACE = {
    "title": {
        "en": "Inclusive workplace design as a common priority",
        "fr": "La conception inclusive des lieux de travail, priorité commune",
        "es": "El diseño inclusivo de los lugares de trabajo como prioridad común",
    },
    "text": {
        "en": (
            "Women's needs on mine sites are still too often an afterthought: "
            "protective equipment that fits, sanitary facilities, safe transport and "
            "accommodation. The member organisations make inclusive workplace design "
            "a common priority and will share their best practices through the "
            "Alliance."
        ),
        "fr": (
            "Les besoins des femmes sur les sites miniers passent encore trop souvent "
            "au second plan : équipements de protection adaptés, installations "
            "sanitaires, transport et hébergement sûrs. Les organisations membres "
            "font de la conception inclusive des lieux de travail une priorité "
            "commune et partageront leurs bonnes pratiques au sein de l'Alliance."
        ),
        "es": (
            "Las necesidades de las mujeres en las minas siguen quedando demasiado a "
            "menudo en segundo plano: equipos de protección adecuados, instalaciones "
            "sanitarias, transporte y alojamiento seguros. Las organizaciones miembro "
            "hacen del diseño inclusivo de los lugares de trabajo una prioridad común "
            "y compartirán sus buenas prácticas a través de la Alianza."
        ),
    },
}


def seed_positions(random_state=7):
    """Add the two demo positions once, with answers from member organisations."""
    title = DATA_V1["title"]["en"]
    taken = db.session.scalar(
        sa.select(PositionVersion.id).where(
            translated.body_in(PositionVersion.title_id, "en") == title
        )
    )
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    if taken or staff is None:
        return None
    rng = random.Random(random_state)
    voices = _voices(rng)
    today = utcnow().date()
    data = Position(kind="position", created_by_id=staff.id)
    first = _version(data, 1, DATA_V1, today, -80, -20, staff, superseded=-10)
    v2_text = {
        lang: body + DATA_V2_ADDITION[lang] for lang, body in DATA_V1["text"].items()
    }
    second = _version(
        data, 2, {"title": DATA_V1["title"], "text": v2_text}, today, -10, 25, staff
    )
    workplace = Position(kind="priority", created_by_id=staff.id)
    priority = _version(workplace, 1, WORKPLACE, today, -120, -60, staff)
    db.session.add_all([data, workplace])
    db.session.flush()
    answers = ("ratified", "ratified", "ratified", "abstained", "declined")
    on_first = []
    for n, (organisation, person) in enumerate(voices):
        on_first.append(
            _answer(first, organisation, person, answers[n % len(answers)], rng)
        )
        _answer(priority, organisation, person, PRIORITY_ANSWERS[n % 4], rng)
        if n % 2 == 0:  # half have answered the open version: the rest still may
            answer = answers[(n // 2 * 3) % len(answers)]
            _answer(second, organisation, person, answer, rng)
    if on_first:
        withdrawn = on_first[0]  # one organisation withdrew its answer to version 1
        withdrawn.status = "withdrawn"
        withdrawn.withdrawn_at = datetime.combine(
            today - timedelta(days=12), time(10), UTC
        )
        withdrawn.withdrawn_by_id = withdrawn.answered_by_id
        withdrawn.withdraw_reason = "Our board wants the wider scope of version 2."
    db.session.flush()
    notify.schedule_reminder(second)
    return data


def _voices(rng, count=8):
    """(organisation, its voting delegate) for up to `count` member organisations
    that have one (demo/roles.py names them; those it leaves without a delegate
    stay without, for their leader to name one)."""
    organisations = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.status == "member")
        .order_by(Organisation.name)
    ).all()
    voices = []
    for organisation in organisations:
        person = _delegate(organisation)
        if person is not None:
            voices.append((organisation, person))
        if len(voices) == count:
            break
    return voices


def _delegate(organisation):
    ids = memberships.holders("voting_delegate", organisation_id=organisation.id)
    return db.session.scalar(sa.select(User).where(User.id.in_(ids)).limit(1))


def _version(position, number, texts, today, opens, closes, staff, superseded=None):
    opens_on = today + timedelta(days=opens)
    version = PositionVersion(
        number=number,
        status="superseded" if superseded is not None else "published",
        title=translated.new_text("en", **texts["title"]),
        text=translated.new_text("en", **texts["text"]),
        opens_on=opens_on,
        closes_on=today + timedelta(days=closes),
        published_at=datetime.combine(opens_on, time(9), UTC),
        published_by_id=staff.id,
    )
    if superseded is not None:
        version.superseded_at = datetime.combine(
            today + timedelta(days=superseded), time(9), UTC
        )
    position.versions.append(version)
    return version


def _answer(version, organisation, person, answer, rng):
    opened = version.opens_on
    last = min(version.closes_on, utcnow().date()) - opened
    day = opened + timedelta(days=rng.randrange(max(last.days, 1)))
    ratification = Ratification(
        organisation_id=organisation.id,
        answer=answer,
        comment="",
        answered_by_id=person.id,
        answered_at=datetime.combine(day, time(11), UTC),
    )
    ratification.version = version
    db.session.add(ratification)
    return ratification
