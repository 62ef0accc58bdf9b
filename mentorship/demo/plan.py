"""The demo as plain data, built deterministically from a seed: no database here."""

import random
import unicodedata
from dataclasses import dataclass, replace

from .organisations import INDEPENDENT_CULTURES, ORGANISATIONS, OrganisationSpec
from .people import CITIES, COMMODITIES_BY_COUNTRY, CULTURES
from .texts import compose
from .topics import BY_CODE, pick_concepts

STAFF_DOMAIN = "wim-alliance.example.org"
DEMO_DOMAIN = "wim-demo.example.org"
INDEPENDENT_DOMAIN = "independent.example.org"
INDEPENDENT_SHARE = 0.04

DISCIPLINE_WEIGHTS = {
    "geology": 14,
    "mining_engineering": 14,
    "metallurgy": 8,
    "environment": 10,
    "health_safety": 8,
    "finance": 7,
    "human_resources": 6,
    "legal": 4,
    "community_relations": 8,
    "data_digital": 8,
    "leadership": 3,
}

OPERATIONS_BY_DISCIPLINE = {
    "geology": ("open_pit", "underground", "consulting", "government", "academia"),
    "mining_engineering": ("open_pit", "underground", "consulting", "corporate"),
    "metallurgy": ("processing", "processing", "consulting", "academia"),
    "environment": ("open_pit", "consulting", "government", "corporate"),
    "health_safety": ("underground", "open_pit", "processing", "corporate"),
    "finance": ("corporate", "corporate", "consulting"),
    "human_resources": ("corporate", "open_pit", "underground"),
    "legal": ("corporate", "government", "consulting"),
    "community_relations": ("open_pit", "underground", "corporate", "government"),
    "data_digital": ("corporate", "consulting", "open_pit", "academia"),
    "leadership": ("corporate", "open_pit", "underground"),
}

MENTOR_STAGES = {"mid_career": 30, "senior": 45, "executive": 25}
MENTEE_STAGES = {"student": 12, "early_career": 50, "mid_career": 38}
YEARS = {
    "student": (0, 0),
    "early_career": (2, 5),
    "mid_career": (6, 14),
    "senior": (15, 27),
    "executive": (20, 34),
}
MEETING_MODES = {"online": 6, "either": 3, "in_person": 1}


@dataclass(frozen=True)
class ProfilePlan:
    role: str
    headline: str
    bio: str
    focus: str
    tags: tuple[str, ...]
    discipline: str
    career_stage: str
    years_experience: int
    commodity: str
    operation_type: str
    country: str
    timezone: str
    languages: tuple[str, ...]
    availability_hours: int
    capacity: int | None
    cross_org_only: bool
    same_region_preferred: bool
    meeting_mode: str
    paused: bool


@dataclass(frozen=True)
class PersonPlan:
    email: str
    name: str
    locale: str
    organisation: str | None  # the organisation's slug
    roles: tuple[str, ...] = ()
    profiles: tuple[ProfilePlan, ...] = ()


@dataclass(frozen=True)
class DemoPlan:
    organisations: tuple[OrganisationSpec, ...]
    people: tuple[PersonPlan, ...]


def build_plan(n_members=300, random_state=7):
    """Organisations and people of the demo; the same arguments give the same plan."""
    rng = random.Random(random_state)
    people = (*_staff(rng), *_demo_logins(rng), *_members(rng, n_members))
    return DemoPlan(ORGANISATIONS, people)


def _staff(rng):
    people = [
        PersonPlan(
            f"secretariat@{STAFF_DOMAIN}",
            "Isabel Ferreira",
            "en",
            None,
            ("secretariat",),
        ),
        PersonPlan(f"admin@{STAFF_DOMAIN}", "Priya Raman", "en", None, ("admin",)),
        PersonPlan(
            f"steering@{STAFF_DOMAIN}",
            "Margaret Campbell",
            "en",
            "wim-canada",
            ("steering",),
        ),
    ]
    for org in ORGANISATIONS:
        if org.status == "member":
            culture, locale, _ = org.cultures[0]
            name = _name(rng, CULTURES[culture])[0]
            email = f"coordinator@{org.slug}.example.org"
            people.append(PersonPlan(email, name, locale, org.slug, ("coordinator",)))
    return people


def _demo_logins(rng):
    """Two friendly members, so a newcomer can try both sides of a mentorship."""
    amina = {
        "discipline": "mining_engineering",
        "career_stage": "early_career",
        "years_experience": 3,
        "commodity": "platinum_group_metals",
        "operation_type": "underground",
        "country": "ZA",
        "city": "Rustenburg",
        "timezone": "Africa/Johannesburg",
        "languages": ("en", "zu"),
    }
    lucia = {
        "discipline": "geology",
        "career_stage": "senior",
        "years_experience": 19,
        "commodity": "copper",
        "operation_type": "open_pit",
        "country": "PE",
        "city": "Arequipa",
        "timezone": "America/Lima",
        "languages": ("es", "en", "qu"),
    }
    amina_topics = _concepts(
        "safety_leadership", "multicultural_teams", "public_speaking"
    )
    lucia_topics = _concepts("geostatistics", "mine_closure", "community_engagement")
    fixed = {"paused": False, "cross_org_only": True, "availability_hours": 6}
    return (
        PersonPlan(
            f"amina.mentee@{DEMO_DOMAIN}",
            "Amina Mokoena",
            "en",
            "wim-south-africa",
            profiles=(_profile(rng, "mentee", "en", amina, amina_topics, **fixed),),
        ),
        PersonPlan(
            f"lucia.mentor@{DEMO_DOMAIN}",
            "Lucía Quispe Rojas",
            "es",
            "mujeres-mineria-peru",
            profiles=(
                _profile(rng, "mentor", "es", lucia, lucia_topics, capacity=3, **fixed),
            ),
        ),
    )


def _concepts(*codes):
    return tuple(BY_CODE[code] for code in codes)


def _members(rng, n_members):
    people = []
    for org, count in _allocation(n_members):
        cultures = org.cultures if org else INDEPENDENT_CULTURES
        weights = [weight for *_, weight in cultures]
        for _ in range(count):
            culture, locale, _ = rng.choices(cultures, weights)[0]
            people.append(_member(rng, len(people) + 1, org, culture, locale))
    return people


def _allocation(n_members):
    """(organisation or None, how many members) pairs summing to `n_members`."""
    independents = round(n_members * INDEPENDENT_SHARE)
    orgs = [org for org in ORGANISATIONS if org.status == "member" and org.size]
    counts = _apportion(n_members - independents, [org.size for org in orgs])
    return [*zip(orgs, counts, strict=True), (None, independents)]


def _apportion(total, weights):
    """Largest-remainder shares of `total`, at least one each when there are enough."""
    floor = 1 if total >= len(weights) else 0
    rest = total - floor * len(weights)
    shares = [rest * weight / sum(weights) for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(
        range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True
    )
    for i in by_remainder[: rest - sum(counts)]:
        counts[i] += 1
    return [count + floor for count in counts]


def _member(rng, number, org, culture_key, locale):
    culture = CULTURES[culture_key]
    name, first, surname = _name(rng, culture)
    domain = f"{org.slug}.example.org" if org else INDEPENDENT_DOMAIN
    email = f"{_ascii(first)}.{_ascii(surname)}{number}@{domain}"
    stage, roles = _stage_and_roles(rng)
    person = _situation(rng, org, culture, locale, stage)
    profiles = tuple(_profile(rng, role, locale, person) for role in roles)
    return PersonPlan(email, name, locale, org.slug if org else None, (), profiles)


def _name(rng, culture):
    first = rng.choice(culture.first_names)
    surnames = culture.surnames
    if culture.double_surname:
        surname, second = rng.sample(surnames, 2)
        return f"{first} {surname} {second}", first, surname
    surname = rng.choice(surnames)
    return f"{first} {surname}", first, surname


def _ascii(text):
    """Lower-case ASCII for an email address: accents, apostrophes and spaces go."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    plain = plain.lower().replace(" ", "-")
    return "".join(ch for ch in plain if ch.isalnum() or ch == "-")


def _situation(rng, org, culture, locale, stage):
    """What her two profiles share: discipline, experience, place, languages."""
    country = _country(rng, org, culture)
    city, timezone = rng.choice(_cities(country, culture))
    discipline = _discipline(rng, stage)
    return {
        "discipline": discipline,
        "career_stage": stage,
        "years_experience": rng.randint(*YEARS[stage]),
        "commodity": rng.choice(COMMODITIES_BY_COUNTRY[country]),
        "operation_type": _operation(rng, discipline, stage),
        "country": country,
        "city": city,
        "timezone": timezone,
        "languages": _languages(rng, locale, culture),
    }


def _country(rng, org, culture):
    if org is None:
        return culture.country
    if org.neighbours and rng.random() < 0.1:
        return rng.choice(org.neighbours)
    return org.country


def _cities(country, culture):
    if country == culture.country and culture.cities:
        return culture.cities
    return CITIES[country]


def _stage_and_roles(rng):
    """About 40% offer to mentor and skew senior; one in ten holds both profiles."""
    if rng.random() < 0.4:
        primary, stage = "mentor", _weighted(rng, MENTOR_STAGES)
        both = {"mid_career": 0.25, "senior": 0.05}.get(stage, 0.0)
    else:
        primary, stage = "mentee", _weighted(rng, MENTEE_STAGES)
        both = 0.18 if stage == "mid_career" else 0.0
    roles = ("mentor", "mentee") if rng.random() < both else (primary,)
    return stage, roles


def _discipline(rng, stage):
    weights = dict(DISCIPLINE_WEIGHTS)
    if stage == "executive":
        weights["leadership"] = 30
    return _weighted(rng, weights)


def _operation(rng, discipline, stage):
    if stage == "student" and rng.random() < 0.5:
        return "academia"
    return rng.choice(OPERATIONS_BY_DISCIPLINE[discipline])


def _languages(rng, locale, culture):
    """Her interface language, often English, sometimes a local or another language."""
    languages = [locale]
    if locale != "en" and rng.random() < 0.7:
        languages.append("en")
    if culture.local_languages and rng.random() < culture.local_share:
        languages.append(rng.choice(culture.local_languages))
    if rng.random() < 0.1:
        languages.append(rng.choice(("en", "fr", "es", "pt")))
    return tuple(dict.fromkeys(languages))


def _profile(rng, role, language, person, concepts=None, **fixed):
    """One mentor or mentee profile; `fixed` overrides drawn values."""
    stage, discipline = person["career_stage"], person["discipline"]
    concepts = concepts or pick_concepts(rng, role, discipline, stage)
    headline, bio, focus = compose(
        rng, role=role, language=language, person=person, concepts=concepts
    )
    shared = {key: value for key, value in person.items() if key != "city"}
    profile = ProfilePlan(
        role=role,
        headline=headline,
        bio=bio,
        focus=focus,
        tags=_tags(rng, role, discipline, concepts),
        availability_hours=rng.randint(2, 8),
        capacity=rng.choice((1, 1, 2, 2, 2, 3, 3)) if role == "mentor" else None,
        cross_org_only=rng.random() < 0.9,
        same_region_preferred=rng.random() < 0.25,
        meeting_mode=_weighted(rng, MEETING_MODES),
        paused=rng.random() < 0.04,
        **shared,
    )
    return replace(profile, **fixed)


def _tags(rng, role, discipline, concepts):
    """2 to 6 tags: her discipline, then those of the concepts she writes about."""
    tags = [discipline]
    for concept in concepts:
        tags.extend(tag for tag in concept.tags if tag not in tags)
    if role == "mentor" and rng.random() < 0.3:
        tags.append("role_models_mentors")
    tags = list(dict.fromkeys(tags))
    if len(tags) < 2:
        tags.append("role_models_mentors")
    return tuple(tags[: rng.randint(2, 6)])


def _weighted(rng, weights):
    return rng.choices(list(weights), list(weights.values()))[0]
