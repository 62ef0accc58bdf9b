"""What a demo pair did: meetings, goals, monthly check-ins and survey answers.

Texts the pair typed (goal titles, meeting topics, comments) are in the pair's own
language; everything a report reads is a code or a number. Answers lean the way real
cohorts do: satisfied pairs who finish, lower scores from those who stop early.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from ..db import utcnow
from ..mentorships.models import CheckIn, Goal, Meeting, MeetingNote, Mentorship
from ..surveys.keys import answer_key
from ..surveys.models import SurveyResponse
from .pairs import Person, at, pair_language
from .topics import CONCEPTS

GOAL_TITLES = {
    "en": (
        "Learn more about {topic}",
        "Build confidence in {topic}",
        "Agree a concrete next step in {topic}",
        "Give a talk on {topic}",
    ),
    "fr": (
        "Approfondir {topic}",
        "Gagner en assurance sur {topic}",
        "Définir une prochaine étape concrète pour {topic}",
        "Faire une présentation sur {topic}",
    ),
    "es": (
        "Profundizar en {topic}",
        "Ganar confianza en {topic}",
        "Definir un próximo paso concreto en {topic}",
        "Dar una charla sobre {topic}",
    ),
}
COMMENTS = {
    "en": (
        "The monthly conversations gave me a clear plan.",
        "Very helpful, I would recommend it to colleagues.",
        "Hard to find the time, but worth it.",
    ),
    "fr": (
        "Les échanges mensuels m'ont donné un plan clair.",
        "Très utile, je le recommanderais à mes collègues.",
        "Difficile de trouver le temps, mais cela en valait la peine.",
    ),
    "es": (
        "Las conversaciones mensuales me dieron un plan claro.",
        "Muy útil, se lo recomendaría a mis colegas.",
        "Cuesta encontrar el tiempo, pero valió la pena.",
    ),
}
NOTES = {
    "en": "Next time: bring two examples to discuss and agree on one action.",
    "fr": "La prochaine fois : apporter deux exemples et convenir d'une action.",
    "es": "Para la próxima: traer dos ejemplos y acordar una acción.",
}
# {value: weight} by (what is drawn, how the mentorship went).
GOAL_STATES = {
    "completed": {"achieved": 55, "in_progress": 25, "dropped": 12, "not_started": 8},
    "closed_early": {
        "achieved": 8,
        "in_progress": 40,
        "not_started": 37,
        "dropped": 15,
    },
    "active": {"achieved": 10, "in_progress": 55, "not_started": 35},
}
FIT = {
    "completed": {5: 40, 4: 40, 3: 15, 2: 5},
    "closed_early": {4: 15, 3: 35, 2: 35, 1: 15},
    "active": {5: 30, 4: 45, 3: 20, 2: 5},
}
SATISFACTION = {
    "completed": {5: 45, 4: 35, 3: 14, 2: 5, 1: 1},
    "closed_early": {5: 5, 4: 20, 3: 35, 2: 25, 1: 15},
    "active": {5: 35, 4: 40, 3: 18, 2: 6, 1: 1},
}
NPS = {
    "completed": {10: 25, 9: 25, 8: 20, 7: 15, 6: 7, 5: 4, 3: 4},
    "closed_early": {9: 5, 8: 10, 7: 20, 6: 20, 5: 20, 3: 15, 1: 10},
    "active": {10: 20, 9: 25, 8: 25, 7: 15, 6: 8, 5: 5, 3: 2},
}
CONFIDENCE = {
    ("mentee", "baseline"): {1: 10, 2: 40, 3: 40, 4: 10},
    ("mentee", "midpoint"): {2: 15, 3: 50, 4: 30, 5: 5},
    ("mentee", "final"): {3: 20, 4: 55, 5: 25},
    ("mentor", "baseline"): {3: 40, 4: 45, 5: 15},
    ("mentor", "midpoint"): {3: 30, 4: 50, 5: 20},
    ("mentor", "final"): {3: 15, 4: 50, 5: 35},
}
MODES = {"online": "online", "in_person": "in_person", "either": "online"}


@dataclass
class Pairing:
    """A mentorship being written, with its two people and how its story goes."""

    mentorship: Mentorship
    mentee: Person
    mentor: Person
    meetings: int = 0
    # No meeting logged for the last month or more (reminders have work to do).
    quiet: bool = False
    # The newcomer's own pair: leave her surveys and this month's check-in to try.
    showcase: bool = False
    # The mentee's and the mentor's seats, whose places an early closure frees.
    seats: tuple = ()

    @property
    def language(self):
        return pair_language(self.mentee, self.mentor)

    @property
    def last_day(self):
        closed = self.mentorship.closed_at
        return closed.date() if closed else date.today()


def _weighted(rng, weights):
    return rng.choices(list(weights), list(weights.values()))[0]


# --- before the flush: rows hanging off the mentorship -------------------------------


def add_meetings_and_goals(rng, pairing):
    """Attach the pair's meetings and goals to its mentorship (saved with it)."""
    mentorship = pairing.mentorship
    mentorship.meetings = _meetings(rng, pairing)
    mentorship.goals = _goals(rng, pairing)
    if pairing.showcase and mentorship.meetings:
        # Each keeps a private note on their first meeting, in her own language.
        first = min(mentorship.meetings, key=lambda meeting: meeting.held_on)
        first.notes = [
            MeetingNote(
                author_id=person.user.id,
                body=NOTES[person.locale],
                created_at=first.created_at,
                updated_at=first.created_at,
            )
            for person in (pairing.mentee, pairing.mentor)
        ]


def _meetings(rng, pairing):
    start = pairing.mentorship.started_at.date() + timedelta(days=rng.randint(4, 14))
    last = pairing.last_day
    if pairing.quiet:
        last = min(last, date.today() - timedelta(days=rng.randint(32, 50)))
    span = (last - start).days
    if span < 0 or pairing.meetings == 0:
        return []
    offsets = rng.sample(range(span + 1), min(pairing.meetings, span + 1))
    days = sorted(start + timedelta(days=offset) for offset in offsets)
    if pairing.mentorship.status == "active" and not pairing.quiet:
        # A pair that has not gone quiet met in the last few weeks.
        recent = date.today() - timedelta(days=rng.randint(1, 25))
        days = sorted({*days[:-1], max(days[-1], recent, start)})
    return [_meeting(rng, pairing, day) for day in days]


def _meeting(rng, pairing, day):
    logger = rng.choice((pairing.mentee, pairing.mentor))
    mode = MODES.get(pairing.mentee.profile.meeting_mode, "online")
    if pairing.mentee.profile.country != pairing.mentor.profile.country:
        mode = "phone" if rng.random() < 0.15 else "online"
    topics = [_phrase(rng, pairing) for _ in range(rng.randint(1, 2))]
    created = at(day, rng.randint(8, 20)) + timedelta(hours=rng.randint(0, 48))
    return Meeting(
        held_on=day,
        duration_minutes=rng.choice((30, 45, 60, 60, 60, 90)),
        mode=mode,
        topics="; ".join(dict.fromkeys(topics)),
        logged_by_id=logger.user.id,
        created_at=min(created, utcnow()),
    )


def _concepts(person):
    tags = set(person.profile.tags)
    return [c for c in CONCEPTS if tags & set(c.tags)] or list(CONCEPTS)


def _phrase(rng, pairing, capitalise=True):
    concept = rng.choice(_concepts(pairing.mentee))
    phrase = rng.choice(concept.phrases(pairing.language))
    return phrase[:1].upper() + phrase[1:] if capitalise else phrase


def _goals(rng, pairing):
    mentorship = pairing.mentorship
    start = mentorship.started_at.date()
    span = max((pairing.last_day - start).days, 1)
    titles = rng.sample(GOAL_TITLES[pairing.language], rng.randint(1, 4))
    goals = []
    for template in titles:
        created = at(start + timedelta(days=rng.randint(1, min(span, 20))), 10)
        status = _weighted(rng, GOAL_STATES[mentorship.status])
        achieved = None
        if status == "achieved":
            achieved = at(start + timedelta(days=rng.randint(min(span, 30), span)), 16)
            achieved = max(achieved, created)
        author = pairing.mentee if rng.random() < 0.8 else pairing.mentor
        goals.append(
            Goal(
                title=template.format(topic=_phrase(rng, pairing, capitalise=False)),
                status=status,
                proposed_by_id=author.user.id,
                created_at=created,
                updated_at=achieved or created,
                achieved_at=achieved,
            )
        )
    return goals


# --- after the flush: rows that name the mentorship and its goals by id --------------


def check_ins(rng, pairing):
    """'How is it going?' after the first meeting, then in some months."""
    meetings = sorted(pairing.mentorship.meetings, key=lambda m: m.held_on)
    if not meetings:
        return []
    status = pairing.mentorship.status
    first = meetings[0].held_on
    rows = [
        _check_in(
            rng, pairing, role, "first", first + timedelta(days=rng.randint(1, 6))
        )
        for role in ("mentee", "mentor")
        if rng.random() < 0.85
    ]
    month = date(first.year, first.month, 1)
    this_month = date.today().replace(day=1)
    while True:
        month = (month + timedelta(days=32)).replace(day=1)
        last_open = pairing.last_day if status != "active" else this_month
        if month > last_open or (pairing.showcase and month == this_month):
            break
        for role in ("mentee", "mentor"):
            if rng.random() < 0.55:
                day = month + timedelta(days=rng.randint(0, 9))
                rows.append(_check_in(rng, pairing, role, month.strftime("%Y-%m"), day))
    return rows


def _check_in(rng, pairing, role, period, day):
    day = min(day, pairing.last_day)
    return CheckIn(
        mentorship_id=pairing.mentorship.id,
        role=role,
        period=period,
        fit=_weighted(rng, FIT[pairing.mentorship.status]),
        created_at=min(at(day, rng.randint(7, 21)), utcnow()),
    )


def survey_responses(rng, pairing):
    """Baseline, midpoint and final answers of each side, as far as it got."""
    if pairing.showcase:
        return []
    mentorship = pairing.mentorship
    start = mentorship.started_at.date()
    midpoint = start + (mentorship.ends_on - start) / 2
    due = {"baseline": (start + timedelta(days=rng.randint(2, 14)), 0.9)}
    if pairing.last_day > midpoint:
        due["midpoint"] = (midpoint + timedelta(days=rng.randint(0, 14)), 0.7)
    if mentorship.status != "active":
        chance = 0.85 if mentorship.status == "completed" else 0.35
        due["final"] = (pairing.last_day + timedelta(days=rng.randint(0, 10)), chance)
    rows = []
    for stage, (day, chance) in due.items():
        for person in (pairing.mentee, pairing.mentor):
            if rng.random() < chance:
                rows.append(_response(rng, pairing, person, stage, day))
    return rows


def _response(rng, pairing, person, stage, day):
    mentorship = pairing.mentorship
    role = person.profile.role
    how = mentorship.status
    rated = stage != "baseline"
    satisfaction = _weighted(rng, SATISFACTION[how]) if rated else None
    comment = ""
    if stage == "final" and rng.random() < 0.3:
        happy = satisfaction >= 4
        comment = COMMENTS[person.locale][rng.randint(0, 1) if happy else 2]
    nps = _weighted(rng, NPS[how]) if rated else None
    confidence = _weighted(rng, CONFIDENCE[role, stage])
    progress = sorted(_progress(rng, mentorship, stage).values())
    rng.randint(7, 21)  # the hour it once had: still drawn, so the demo is unchanged
    return SurveyResponse(
        answer_key=answer_key(mentorship.id, role, stage),
        programme_id=mentorship.programme_id,
        organisation_id=person.user.organisation_id,
        region=person.region,
        language=person.locale,
        role=role,
        stage=stage,
        satisfaction=satisfaction,
        nps=nps,
        confidence=confidence,
        goal_progress=progress,
        comment=comment,
        submitted_at=at(min(day, utcnow().date()), 0),  # the day only
    )


def _progress(rng, mentorship, stage):
    if stage == "baseline":
        return {str(goal.id): 0 for goal in mentorship.goals}
    if stage == "midpoint":
        return {
            str(goal.id): rng.choice((10, 25, 40, 50, 60)) for goal in mentorship.goals
        }
    done = {"achieved": (100,), "in_progress": (50, 60, 75, 90), "dropped": (0, 10, 25)}
    return {
        str(goal.id): rng.choice(done.get(goal.status, (0,)))
        for goal in mentorship.goals
    }
