"""Synthetic mentoring cohorts for tests and benchmarks.

People belong to organisations of very different sizes (Zipf-like), live in the
organisation's country most of the time, speak its languages (often English too) and
hold a few latent interests. Tags and free text are two noisy views of the same
interests: the text paraphrases them in one of four languages.
"""

from dataclasses import replace

import numpy as np
from sklearn.utils import check_random_state

from .profiles import MenteeProfile, MentorProfile
from .vocabulary import (
    CAREER_STAGES,
    COMMODITIES,
    CONCEPTS,
    COUNTRIES,
    DISCIPLINES,
    MEETING_MODES,
    OPERATION_TYPES,
    SENTENCES,
    TAGS,
    TEXT_LANGUAGES,
)

_COUNTRY_CODES = tuple(COUNTRIES)
_STAGE_PROBS = {
    "mentee": (0.2, 0.45, 0.28, 0.07, 0.0),
    "mentor": (0.0, 0.05, 0.3, 0.45, 0.2),
}
_YEARS = {0: (0, 1), 1: (1, 5), 2: (6, 12), 3: (13, 22), 4: (20, 35)}
_EMOJI = "\U0001f642\u26cf\ufe0f\u2728"


def _zipf(n, exponent, rng):
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.permutation(weights / weights.sum())


_TAG_POPULARITY = _zipf(len(TAGS), 0.7, np.random.default_rng(0))
_DISCIPLINE_POPULARITY = _zipf(len(DISCIPLINES), 0.6, np.random.default_rng(1))
_COMMODITY_POPULARITY = _zipf(len(COMMODITIES), 0.8, np.random.default_rng(2))


def _organisations(n_people, rng):
    n_orgs = int(np.clip(n_people // 100, 8, 1500))
    home = rng.choice(
        len(_COUNTRY_CODES), size=n_orgs, p=_zipf(len(COUNTRIES), 0.8, rng)
    )
    return _zipf(n_orgs, 1.1, rng), home


def _phrases(tag, lang):
    return CONCEPTS[tag][TEXT_LANGUAGES.index(lang)].split("; ")


def _languages(country, role, rng):
    _, _, first, second = COUNTRIES[country]
    langs = [first]
    if second and rng.random() < 0.5:
        langs.append(second)
    p_english = 0.75 if role == "mentor" else 0.55
    if "en" not in langs and rng.random() < p_english:
        langs.append("en")
    if rng.random() < 0.08:
        langs.append(("fr", "es", "pt", "de")[rng.integers(4)])
    return tuple(dict.fromkeys(langs))


def _text(role, interests, languages, rng):
    roll = rng.random()
    if roll < 0.04:
        return ""
    if roll < 0.05:
        return _EMOJI
    spoken = [lang for lang in languages if lang in TEXT_LANGUAGES] or ["en"]
    lang = spoken[0] if rng.random() < 0.8 else spoken[-1]
    mentioned = [t for t in interests if rng.random() < 0.85] or list(interests)
    options = [_phrases(t, lang) for t in mentioned]
    phrases = [p[rng.integers(len(p))] for p in options]
    while len(phrases) < 3:
        phrases.append(options[-1][rng.integers(len(options[-1]))])
    first, second = SENTENCES[role][lang]
    text = f"{first} {second}".format(*phrases)
    return text if len(phrases) < 4 else f"{text} {', '.join(phrases[3:])}."


def _draws(role, n, rng):
    """Vectorised draws of the categorical attributes of ``n`` people."""
    return {
        "stage": rng.choice(len(CAREER_STAGES), size=n, p=_STAGE_PROBS[role]),
        "discipline": rng.choice(len(DISCIPLINES), size=n, p=_DISCIPLINE_POPULARITY),
        "themes": rng.choice(len(TAGS), size=(n, 3), p=_TAG_POPULARITY),
        "n_themes": rng.integers(1, 4, size=n),
        "commodity": rng.choice(len(COMMODITIES), size=n, p=_COMMODITY_POPULARITY),
        "operation": rng.integers(len(OPERATION_TYPES), size=n),
        "meeting": rng.integers(len(MEETING_MODES), size=n),
        "abroad": rng.random(n) < 0.15,
        "country": rng.integers(len(_COUNTRY_CODES), size=n),
        "hours": rng.choice((2, 4, 6, 8, 10, 12)[: 4 if role == "mentee" else 6], n),
        "capacity": rng.choice((1, 2, 3, 4), size=n, p=(0.3, 0.4, 0.2, 0.1)),
        "preference": rng.choice(4, size=n, p=(0.25, 0.05, 0.1, 0.6)),
    }


def _person(role, index, org, home_country, draw, rng):
    country = _COUNTRY_CODES[draw["country"] if draw["abroad"] else home_country]
    region, offsets, _, _ = COUNTRIES[country]
    stage = draw["stage"]
    themes = [TAGS[t] for t in draw["themes"][: draw["n_themes"]]]
    interests = tuple(dict.fromkeys([DISCIPLINES[draw["discipline"]], *themes]))
    languages = _languages(country, role, rng)
    common = dict(
        id=index,
        organisation_id=int(org),
        tags=tuple(t for t in interests if rng.random() < 0.8),
        discipline=interests[0],
        career_stage=CAREER_STAGES[stage],
        years_experience=int(rng.integers(*_YEARS[stage], endpoint=True)),
        commodity=COMMODITIES[draw["commodity"]],
        operation_type=OPERATION_TYPES[draw["operation"]],
        country=country,
        region=region,
        utc_offset=float(offsets[rng.integers(len(offsets))]),
        languages=languages,
        meeting_mode=MEETING_MODES[draw["meeting"]],
        availability_hours=int(draw["hours"]),
    )
    text = _text(role, interests, languages, rng)
    if role == "mentee":
        preference = ("same", "different", "none", None)[draw["preference"]]
        return MenteeProfile(**common, goals=text, region_preference=preference)
    return MentorProfile(**common, expertise=text, capacity=int(draw["capacity"]))


def _people(role, ids, orgs, home, rng):
    draws = _draws(role, len(ids), rng)
    return [
        _person(
            role, i, orgs[k], home[orgs[k]], {n: d[k] for n, d in draws.items()}, rng
        )
        for k, i in enumerate(ids)
    ]


def make_profiles(n_mentees, n_mentors, random_state=None):
    """Generate a realistic synthetic cohort.

    Parameters
    ----------
    n_mentees : int
        Number of mentee profiles.
    n_mentors : int
        Number of mentor profiles (mean capacity about 2.1).
    random_state : int, RandomState instance or None, default=None
        Seed of the generator; a fixed value gives identical cohorts.

    Returns
    -------
    mentees : list of MenteeProfile, length n_mentees
        Ids ``0 .. n_mentees - 1``.
    mentors : list of MentorProfile, length n_mentors
        Ids ``0 .. n_mentors - 1``.
    """
    seed = check_random_state(random_state).randint(2**31 - 1)
    rng = np.random.default_rng(seed)
    weights, home = _organisations(n_mentees + n_mentors, rng)
    orgs = rng.choice(len(weights), size=n_mentees + n_mentors, p=weights)
    mentees = _people("mentee", range(n_mentees), orgs[:n_mentees], home, rng)
    mentors = _people("mentor", range(n_mentors), orgs[n_mentees:], home, rng)
    return mentees, mentors


COHORTS = (
    "standard",
    "blank_mentors_30",
    "blank_mentors_50",
    "tags_only_mentors_30",
    "dominant_organisation",
    "spanish_only_mentees",
)
"""Cohort kinds of :func:`make_cohort`: what a real sign-up looks like."""


def _required_only(mentor, keep_tags):
    """A mentor who filled only the required fields (and maybe her tags)."""
    return MentorProfile(
        id=mentor.id,
        organisation_id=mentor.organisation_id,
        languages=mentor.languages,
        utc_offset=mentor.utc_offset,
        capacity=mentor.capacity,
        country=mentor.country,
        region=mentor.region,  # comes with the organisation
        tags=mentor.tags if keep_tags else (),
    )


def make_cohort(kind, n_mentees, n_mentors, random_state=None):
    """A cohort of :func:`make_profiles` reshaped as ``kind`` (see :data:`COHORTS`).

    - ``blank_mentors_30`` / ``_50``: that share of mentors filled only the
      required fields (organisation, languages, time zone, capacity);
    - ``tags_only_mentors_30``: 30% of mentors gave their tags and nothing else;
    - ``dominant_organisation``: 40% of everybody belongs to one organisation;
    - ``spanish_only_mentees``: 30% of mentees speak Spanish only.

    Returns
    -------
    mentees, mentors : lists of profiles
    """
    if kind not in COHORTS:
        raise ValueError(f"kind must be one of {COHORTS}, got {kind!r}")
    mentees, mentors = make_profiles(n_mentees, n_mentors, random_state)
    rng = np.random.default_rng(check_random_state(random_state).randint(2**31 - 1))
    if kind.startswith(("blank", "tags_only")):
        share = int(kind.rsplit("_", 1)[1]) / 100
        chosen = rng.random(n_mentors) < share
        keep_tags = kind.startswith("tags_only")
        mentors = [
            _required_only(m, keep_tags) if pick else m
            for m, pick in zip(mentors, chosen, strict=True)
        ]
    elif kind == "dominant_organisation":
        big = mentees[0].organisation_id
        mentees = [_moved(p, big, rng) for p in mentees]
        mentors = [_moved(p, big, rng) for p in mentors]
    elif kind == "spanish_only_mentees":
        mentees = [
            replace(p, languages=("es",)) if rng.random() < 0.3 else p for p in mentees
        ]
    return mentees, mentors


def _moved(person, organisation, rng):
    if rng.random() < 0.4:
        return replace(person, organisation_id=organisation)
    return person
