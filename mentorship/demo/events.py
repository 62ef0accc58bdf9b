"""Demo events: the round tables of the coming year (eight, February to May and
August to November, one per month, the four themes twice, members' audience, in
several spoken languages with interpretations, organised from Lima to Perth), the
past year's round tables (August to November) with attendance taken, and the Global
WIM Calls among organisation leaders every two months, past and upcoming.

Dates are relative to today: in December the "coming year" is next year (today,
December 2026: "Round tables 2027" and "Round tables 2026"); earlier in a year it is
this one, so half of its round tables may already have taken place. The first
upcoming round table is full, with a regional reservation for Asia-Pacific and a
waitlist (Amina second on it); past sessions have their attendance marked, with some
no-shows. Written as rows (seeding sends no email); a series already present is left
as it is, so seeding twice is harmless. The minutes are seeded by demo/minutes.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships, translated
from ..core.models import Membership
from ..db import db, utcnow
from ..events.models import (
    EventSeries,
    EventSession,
    Registration,
    SeatReservation,
)
from ..organisations.models import Organisation, OrganisationStatus
from ..organisations.themes import active_themes, ensure_themes
from .pairs import AMINA, LUCIA
from .plan import STAFF_DOMAIN

THEMES = (
    "stem_women_in_mining",
    "inclusive_workplace_design",
    "global_data_deficit",
    "role_models_mentors",
)
ROUND_TABLE_MONTHS = (2, 3, 4, 5, 8, 9, 10, 11)
PAST_ROUND_TABLE_MONTHS = (8, 9, 10, 11)
CALL_MONTHS = (1, 3, 5, 7, 9, 11)
CALLS_EACH_WAY = 4  # past and upcoming calls around today
ROUND_TABLE_CAPACITY = 40
FULL_CAPACITY = 12
RESERVED_REGION, RESERVED_SEATS = "asia_pacific", 3
WAITLIST = 4


@dataclass(frozen=True)
class Slot:
    """Where and in what language a round table is held."""

    zone: str
    local_start: time
    language: str
    interpretations: tuple


# Organisers across the regions: each round table in its organiser's afternoon or
# morning, spoken in her language, interpreted into the others.
SLOTS = (
    Slot("America/Lima", time(9, 0), "es", ("en", "fr")),
    Slot("Africa/Johannesburg", time(14, 0), "en", ("fr", "es")),
    Slot("Australia/Perth", time(18, 0), "en", ("es",)),
    Slot("Europe/London", time(13, 0), "en", ("fr", "es")),
    Slot("Africa/Abidjan", time(13, 0), "fr", ("en",)),
    Slot("America/Santiago", time(10, 0), "es", ("en",)),
    Slot("America/Toronto", time(10, 0), "en", ("fr",)),
    Slot("Asia/Jakarta", time(19, 0), "en", ("fr", "es")),
)
CALL_ZONES = (
    "Europe/London",
    "America/Toronto",
    "Africa/Johannesburg",
    "Australia/Perth",
)

TOPICS = {
    "stem_women_in_mining": (
        {
            "en": "Girls into geoscience: outreach that works",
            "fr": "Attirer les filles vers les géosciences : ce qui marche",
            "es": "Niñas en las geociencias: lo que funciona",
        },
        {
            "en": "Women in technical roles: from graduate to site manager",
            "fr": "Femmes aux postes techniques : de la diplômée à la cheffe de site",
            "es": "Mujeres en puestos técnicos: de egresada a jefa de faena",
        },
    ),
    "inclusive_workplace_design": (
        {
            "en": "Protective equipment that fits women",
            "fr": "Des équipements de protection adaptés aux femmes",
            "es": "Equipos de protección adaptados a las mujeres",
        },
        {
            "en": "Camps and rosters: designing sites for everyone",
            "fr": "Camps et rotations : des sites pensés pour toutes et tous",
            "es": "Campamentos y turnos: faenas pensadas para todas las personas",
        },
    ),
    "global_data_deficit": (
        {
            "en": "Counting women in mining: what each country publishes",
            "fr": "Compter les femmes dans les mines : ce que publie chaque pays",
            "es": "Contar a las mujeres en la minería: lo que publica cada país",
        },
        {
            "en": "Common indicators for the Alliance's annual report",
            "fr": "Des indicateurs communs pour le rapport annuel de l'Alliance",
            "es": "Indicadores comunes para el informe anual de la Alianza",
        },
    ),
    "role_models_mentors": (
        {
            "en": "Mentoring across organisations: lessons from the pilot",
            "fr": "Le mentorat entre organisations : leçons du pilote",
            "es": "Mentoría entre organizaciones: lecciones del piloto",
        },
        {
            "en": "Role models on boards: paths to leadership",
            "fr": "Des modèles dans les conseils : les chemins vers la direction",
            "es": "Referentes en los directorios: caminos hacia el liderazgo",
        },
    ),
}
DESCRIPTION = {
    "en": (
        "A round table of the International WIM Alliance: member organisations "
        "share what they do, what works and what does not, and agree on next steps."
    ),
    "fr": (
        "Une table ronde de l'International WIM Alliance : les organisations "
        "membres partagent leurs actions, ce qui marche et ce qui ne marche pas, "
        "et conviennent des prochaines étapes."
    ),
    "es": (
        "Una mesa redonda de la International WIM Alliance: las organizaciones "
        "miembro comparten lo que hacen, lo que funciona y lo que no, y acuerdan "
        "los próximos pasos."
    ),
}
# The agenda is written in the session's spoken language only: readers of the
# other languages see it with the "not available in your language" note.
AGENDA = {
    "en": "Welcome and introductions\nTwo short talks\nDiscussion in small groups\n"
    "Next steps",
    "fr": "Accueil et présentations\nDeux courtes interventions\nDiscussion en "
    "petits groupes\nProchaines étapes",
    "es": "Bienvenida y presentaciones\nDos charlas breves\nDiscusión en grupos "
    "pequeños\nPróximos pasos",
}
SERIES_TEXT = {
    "round_tables": (
        {"en": "Round tables {year}", "fr": "Tables rondes {year}",
         "es": "Mesas redondas {year}"},
        {
            "en": "Eight round tables a year, February to May and August to "
            "November, open to the members of member organisations, on the "
            "Alliance's four themes.",
            "fr": "Huit tables rondes par an, de février à mai et d'août à "
            "novembre, ouvertes aux membres des organisations membres, sur les "
            "quatre thèmes de l'Alliance.",
            "es": "Ocho mesas redondas al año, de febrero a mayo y de agosto a "
            "noviembre, abiertas a las integrantes de las organizaciones miembro, "
            "sobre los cuatro temas de la Alianza.",
        },
    ),
    "calls": (
        {"en": "Global WIM Calls", "fr": "Appels mondiaux WIM",
         "es": "Llamadas globales WIM"},
        {
            "en": "Every two months, the leaders of the member organisations meet "
            "online to coordinate the Alliance's work.",
            "fr": "Tous les deux mois, les dirigeantes des organisations membres se "
            "réunissent en ligne pour coordonner le travail de l'Alliance.",
            "es": "Cada dos meses, las líderes de las organizaciones miembro se "
            "reúnen en línea para coordinar el trabajo de la Alianza.",
        },
    ),
    "open": (
        {"en": "Open sessions", "fr": "Séances ouvertes", "es": "Sesiones abiertas"},
        {
            "en": "Sessions open to everyone with an account, members or not: "
            "launches, reports and introductions to the Alliance.",
            "fr": "Des séances ouvertes à toute personne inscrite sur la plateforme, "
            "membre ou non : lancements, rapports et présentations de l'Alliance.",
            "es": "Sesiones abiertas a toda persona con una cuenta, sea miembro o "
            "no: lanzamientos, informes y presentaciones de la Alianza.",
        },
    ),
}  # fmt: skip
OPEN_SESSION = {
    "en": "Introducing the International WIM Alliance",
    "fr": "Découvrir l'Alliance internationale WIM",
    "es": "Conozca la Alianza Internacional WIM",
}
CALL_TITLE = {
    "en": "Global WIM Call, {month}",
    "fr": "Appel mondial WIM, {month}",
    "es": "Llamada global WIM, {month}",
}


def seed_events(random_state=7):
    """Add the demo series, sessions and registrations; flushes, the caller commits."""
    rng = random.Random(random_state)
    ensure_themes()
    themes = {theme.slug: theme for theme in active_themes()}
    organiser = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    today = utcnow().date()
    year = today.year + 1 if today.month == 12 else today.year
    members = _members()
    _round_tables(year, ROUND_TABLE_MONTHS, themes, organiser, members, rng)
    _round_tables(year - 1, PAST_ROUND_TABLE_MONTHS, themes, organiser, members, rng)
    _calls(today, organiser, _leaders(), rng)
    _open_session(year, organiser, themes)
    db.session.flush()


def _open_session(year, organiser, themes):
    """One session open to all (the calendar a visitor sees is not empty)."""
    series = _series("open-sessions", "other", "open", "public")
    if series is None:
        return
    starts = _at(_second_thursday(year, 3), time(15, 0), "Europe/London")
    db.session.add(
        EventSession(
            series=series,
            title=translated.new_text("en", **OPEN_SESSION),
            description=translated.new_text("en", **SERIES_TEXT["open"][1]),
            theme=themes.get(THEMES[0]),
            language="en",
            interpretations=["fr", "es"],
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            timezone="Europe/London",
            join_url="https://meet.example.org/wim/open-introduction",
            audience="public",
            capacity=300,
            organiser=organiser,
        )
    )


def _members():
    """The people of member organisations (not the staff), in id order."""
    return db.session.scalars(
        sa.select(User)
        .join(User.organisation)
        .where(
            Organisation.status == OrganisationStatus.MEMBER,
            User.erased_at.is_(None),
        )
        .order_by(User.id)
    ).all()


def _leaders():
    """The current leaders of member organisations (demo/roles.py names them)."""
    return db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(
            Membership.position == "leader",
            memberships.current(),
            Organisation.status == OrganisationStatus.MEMBER,
            User.organisation_id == Organisation.id,
        )
        .order_by(User.id)
    ).all()


def _series(slug, kind, text, audience, year=None):
    """The series, or None when it is already there (seeded before)."""
    if db.session.scalar(sa.select(EventSeries.id).where(EventSeries.slug == slug)):
        return None
    names, description = SERIES_TEXT[text]
    series = EventSeries(
        slug=slug,
        kind=kind,
        name=translated.new_text(
            "en", **{lang: name.format(year=year) for lang, name in names.items()}
        ),
        description=translated.new_text("en", **description),
        default_audience=audience,
        offers_certificate=kind == "round_table",
    )
    db.session.add(series)
    return series


def _second_thursday(year, month):
    first = date(year, month, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 7)


def _at(day, local, zone):
    return datetime.combine(day, local, ZoneInfo(zone)).astimezone(UTC)


def _round_tables(year, months, themes, organiser, members, rng):
    series = _series(
        f"round-tables-{year}", "round_table", "round_tables", "members", year
    )
    if series is None:
        return
    now = utcnow()
    full_done = False
    for n, month in enumerate(months):
        theme_slug = THEMES[n % len(THEMES)]
        slot = SLOTS[(n + year) % len(SLOTS)]
        starts = _at(_second_thursday(year, month), slot.local_start, slot.zone)
        title = TOPICS[theme_slug][n // len(THEMES) % 2]
        session = EventSession(
            series=series,
            title=translated.new_text(slot.language, **title),
            description=translated.new_text("en", **DESCRIPTION),
            agenda=translated.new_text(
                slot.language, **{slot.language: AGENDA[slot.language]}
            ),
            theme=themes.get(theme_slug),
            language=slot.language,
            interpretations=list(slot.interpretations),
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            timezone=slot.zone,
            join_url=f"https://meet.example.org/wim/{series.slug}-{month:02d}",
            audience="members",
            capacity=ROUND_TABLE_CAPACITY,
            registration_opens_at=_opens(year, month),
            organiser=organiser,
        )
        db.session.add(session)
        if not session.registration_opens_at <= now:
            continue
        if starts > now and not full_done:
            _make_full(session, members, rng)
            full_done = True
        else:
            _register(session, rng.sample(members, min(len(members), 18)), now, rng)


def _opens(year, month):
    """Registration for the spring round tables opens on 1 December before, for
    the autumn ones on 1 June."""
    if month <= 6:
        return datetime(year - 1, 12, 1, tzinfo=UTC)
    return datetime(year, 6, 1, tzinfo=UTC)


def _make_full(session, members, rng):
    """Twelve seats, three kept for Asia-Pacific until a week before, all taken;
    four on the waitlist, Amina second, Lucía holding a seat."""
    session.capacity = FULL_CAPACITY
    session.reserved_until = session.starts_at - timedelta(days=7)
    by_email = {person.email: person for person in members}
    asia = [p for p in members if p.organisation.region == RESERVED_REGION]
    reserved = rng.sample(asia, min(RESERVED_SEATS, len(asia)))
    if reserved:
        session.reservations.append(
            SeatReservation(region=RESERVED_REGION, seats=len(reserved))
        )
    others = [
        p
        for p in members
        if p not in reserved
        and p.email not in (AMINA, LUCIA)
        and p.organisation.region != RESERVED_REGION
    ]
    rng.shuffle(others)
    lucia = [by_email[LUCIA]] if LUCIA in by_email else []
    open_seats = FULL_CAPACITY - len(reserved) - len(lucia)
    seated = lucia + others[:open_seats]
    waiting = others[open_seats : open_seats + WAITLIST - 1]
    if AMINA in by_email:
        waiting.insert(1, by_email[AMINA])
    joined = utcnow() - timedelta(days=12)
    for n, person in enumerate(reserved + seated):
        _add(session, person, "registered", joined + timedelta(hours=n),
             reserved_seat=person in reserved)  # fmt: skip
    for n, person in enumerate(waiting):
        moment = joined + timedelta(days=2, hours=n)
        _add(session, person, "waitlisted", moment, waitlisted_at=moment)


def _register(session, people, now, rng):
    """Seats for `people`; after the session, their attendance (some no-shows)."""
    joined = max(session.registration_opens_at, now - timedelta(days=300))
    ended = session.ends_at <= now
    for n, person in enumerate(people):
        registration = _add(
            session, person, "registered", min(now, joined + timedelta(hours=3 * n))
        )
        if ended:
            registration.attended = rng.random() < 0.8
            registration.attendance_source = (
                "link" if registration.attended and rng.random() < 0.3 else "organiser"
            )
            registration.attendance_marked_at = session.ends_at + timedelta(hours=20)


def _add(session, person, status, when, **fields):
    organisation = person.organisation
    registration = Registration(
        session=session,
        user=person,
        organisation_id=organisation.id if organisation else None,
        region=organisation.region if organisation else None,
        status=status,
        list_visibility="everyone" if person.id % 3 else "organisers",
        created_at=when,
        updated_at=when,
        **fields,
    )
    db.session.add(registration)
    return registration


def _call_months(today):
    """The call months (every two months) around today: CALLS_EACH_WAY before and
    after."""
    months, year, month = [], today.year - 2, 1
    while year <= today.year + 2:
        if month in CALL_MONTHS:
            months.append((year, month))
        month = month % 12 + 1
        year += month == 1
    day = [(y, m) for y, m in months if _second_thursday(y, m) < today]
    after = [(y, m) for y, m in months if _second_thursday(y, m) >= today]
    return day[-CALLS_EACH_WAY:] + after[:CALLS_EACH_WAY]


def _calls(today, organiser, leaders, rng):
    series = _series("global-wim-calls", "call", "calls", "leaders")
    if series is None:
        return
    now = utcnow()
    for n, (year, month) in enumerate(_call_months(today)):
        zone = CALL_ZONES[n % len(CALL_ZONES)]
        starts = datetime.combine(_second_thursday(year, month), time(12, 0), UTC)
        label = {lang: _month_name(year, month, lang) for lang in ("en", "fr", "es")}
        session = EventSession(
            series=series,
            title=translated.new_text(
                "en",
                **{
                    lang: text.format(month=label[lang])
                    for lang, text in CALL_TITLE.items()
                },
            ),  # fmt: skip
            description=translated.new_text("en", **SERIES_TEXT["calls"][1]),
            agenda=translated.new_text(
                "en",
                en="Round of news from the organisations\nWorking groups' progress\n"
                "Decisions and actions",
            ),
            language="en",
            interpretations=["fr", "es"],
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            timezone=zone,
            join_url=f"https://meet.example.org/wim/call-{year}-{month:02d}",
            audience="leaders",
            registration_opens_at=starts - timedelta(days=45),
            organiser=organiser,
        )
        db.session.add(session)
        if session.registration_opens_at <= now and leaders:
            share = 1.0 if starts <= now else 0.5
            chosen = rng.sample(leaders, max(1, round(len(leaders) * share)))
            _register(session, chosen, now, rng)


def _month_name(year, month, lang):
    from babel.dates import format_date

    return format_date(date(year, month, 1), "LLLL yyyy", locale=lang)
