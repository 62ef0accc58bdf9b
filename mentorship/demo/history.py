"""Demo history: a finished pilot, a running cohort, and an open call barely begun.

Every screen is worth opening on the demo: the "2026 Pilot Cohort" ended two months
ago (mentorships completed or closed early, surveys answered, so the dashboards have
numbers); the "2026 Autumn Cohort" is under way, Amina and Lucía's mentorship among
its pairs; the open "Global Mentoring Cohort" has a few proposals waiting for the
coordinators and the pairs, and the rest waits for the Secretariat's first match run.
Rows are written directly, the flow's rules kept by hand (places counted, one live
proposal per mentee); dates follow the day it is loaded, so it always looks current.
"""

import random
from datetime import date, timedelta

import sqlalchemy as sa

from ..core import translated
from ..db import db
from ..matches.adapter import DEFAULT_WEIGHTS, LIBRARY_VERSION
from ..matches.models import MatchRun
from ..mentorships.models import Mentorship
from ..programmes.models import Programme, ProgrammeSettings
from . import activity
from .activity import Pairing
from .open_call import seed_open_proposals
from .pairs import (
    AMINA,
    LUCIA,
    Deciders,
    Seat,
    accept,
    at,
    can_pair,
    enrolment,
    fail,
    load_people,
    pick_mentor,
    propose,
)

PILOT = {
    "en": "2026 Pilot Cohort",
    "fr": "Cohorte pilote 2026",
    "es": "Cohorte piloto 2026",
}
PILOT_DESCRIPTIONS = {
    "en": "The Alliance's first cross-organisation cohort: six months, now finished.",
    "fr": "La première cohorte entre organisations de l'Alliance : six mois, terminée.",
    "es": "La primera cohorte entre organizaciones de la Alianza: seis meses, cerrada.",
}
AUTUMN = {
    "en": "2026 Autumn Cohort",
    "fr": "Cohorte d'automne 2026",
    "es": "Cohorte de otoño 2026",
}
AUTUMN_DESCRIPTIONS = {
    "en": "Six months of mentoring across organisations, under way since the autumn.",
    "fr": "Six mois de mentorat entre organisations, en cours depuis l'automne.",
    "es": "Seis meses de mentoría entre organizaciones, en curso desde el otoño.",
}
CLOSE_REASONS = {"no_time": 40, "not_a_fit": 35, "personal_reasons": 25}
# {meetings logged: weight} by how the mentorship went.
MEETINGS = {
    "completed": {0: 2, 1: 3, 2: 6, 3: 10, 4: 14, 5: 16, 6: 16, 7: 13, 8: 10},
    "closed_early": {0: 25, 1: 30, 2: 25, 3: 15, 4: 5},
    "active": {0: 5, 1: 15, 2: 35, 3: 30, 4: 15},
}


def seed_history(random_state=7):
    """Add the pilot, the running cohort and a few open proposals, once; flushes."""
    if db.session.scalar(
        sa.select(Programme.id).where(
            translated.body_in(Programme.name_id, "en") == PILOT["en"]
        )
    ):
        return None
    rng = random.Random(random_state)
    deciders = Deciders()
    pilot_people, autumn_people = _cast(rng, *load_people())
    pairings = _pilot(rng, deciders, *pilot_people)
    running = _autumn(rng, deciders, *autumn_people)
    _add_activity(rng, pairings + running)
    seed_open_proposals(rng, deciders, busy=_busy(running))
    db.session.flush()
    return None


def _add_activity(rng, pairings):
    """Meetings and goals, then (with their ids) check-ins and survey answers."""
    for pairing in pairings:
        activity.add_meetings_and_goals(rng, pairing)
    db.session.flush()
    answers = []
    for pairing in pairings:
        answers += activity.check_ins(rng, pairing)
        answers += activity.survey_responses(rng, pairing)
    db.session.add_all(answers)


def _busy(pairings):
    """People still in a running mentorship: no new proposal for them yet."""
    active = [p.mentorship for p in pairings if p.mentorship.status == "active"]
    return {m.mentee_user_id for m in active} | {m.mentor_user_id for m in active}


def _cast(rng, mentees, mentors):
    """((pilot mentees, mentors), (autumn mentees, mentors)); the logins in autumn."""
    newcomers = (AMINA, LUCIA)
    regular = [p for p in mentees if p.user.email not in newcomers]
    guides = [p for p in mentors if p.user.email not in newcomers]
    autumn_mentees = _sample(rng, _available(regular), len(mentees), 0.2, 41)
    taken = set(autumn_mentees)
    pilot_mentees = [p for p in regular if p not in taken]
    pilot_mentees = _sample(rng, pilot_mentees, len(mentees), 0.4, 80)
    pilot_mentors = _sample(rng, guides, len(mentors), 0.38, 50)
    autumn_mentors = _sample(rng, _available(guides), len(mentors), 0.24, 31)
    amina = [p for p in mentees if p.user.email == AMINA]
    lucia = [p for p in mentors if p.user.email == LUCIA]
    autumn = (amina + autumn_mentees, lucia + autumn_mentors)
    return (pilot_mentees, pilot_mentors), autumn


def _available(people):
    return [p for p in people if not p.profile.paused]


def _sample(rng, people, pool_size, share, cap):
    return rng.sample(people, min(len(people), cap, round(pool_size * share)))


def _programme(names, descriptions, opens, starts, ends):
    """A published programme with the default matching settings (version 1)."""
    programme = Programme(
        name=translated.new_text("en", **names),
        description=translated.new_text("en", **descriptions),
        enrol_opens_on=opens,
        enrol_closes_on=starts - timedelta(days=14),
        starts_on=starts,
        ends_on=ends,
        duration_months=6,
        status="published",
        created_at=at(opens - timedelta(days=21)),
    )
    weights = {name: round(value * 10, 2) for name, value in DEFAULT_WEIGHTS.items()}
    programme.settings_versions.append(
        ProgrammeSettings(version=1, weights=weights, created_at=programme.created_at)
    )
    db.session.add(programme)
    db.session.flush()
    return programme


class Cohort:
    """One programme's history in the making: its seats, runs and pairings."""

    def __init__(self, rng, deciders, programme, mentees, mentors):
        self.rng, self.deciders, self.programme = rng, deciders, programme
        enrolled_at = at(programme.enrol_opens_on + timedelta(days=3))
        rows = [enrolment(programme, p, enrolled_at) for p in mentees + mentors]
        db.session.add_all(rows)
        db.session.flush()
        cut = len(mentees)
        self.mentee_seats = [
            Seat(p, e) for p, e in zip(mentees, rows[:cut], strict=True)
        ]
        self.mentor_seats = [
            Seat(p, e) for p, e in zip(mentors, rows[cut:], strict=True)
        ]
        self.pairings = []
        self.tried = {}  # mentee user id -> mentors she was already proposed

    def match_run(self, released_at, mentee_seats, outcomes, fixed=None):
        """A released run over these mentees; returns those it left unpaired."""
        fixed = fixed or {}  # {mentee seat: mentor seat or None}: always accepted
        run = self._run(released_at, len(mentee_seats))
        left, unmatched = [], 0
        for seat in mentee_seats:
            mentor = fixed.get(seat) or pick_mentor(
                self.rng,
                seat,
                self.mentor_seats,
                self.tried.get(seat.person.user.id, ()),
            )
            if mentor is None:
                unmatched += 1
                continue
            proposal = self._propose(seat, mentor, released_at, run)
            run.n_proposed += 1
            outcome = "accepted" if seat in fixed else _weighted(self.rng, outcomes)
            if outcome == "accepted":
                self.start(proposal, seat, mentor)
            else:
                fail(self.rng, proposal, self.deciders, (seat, mentor), outcome)
                left.append(seat)
        run.unmatched = {"outscored": unmatched} if unmatched else {}
        return left

    def _run(self, released_at, n_mentees):
        run = MatchRun(
            programme_id=self.programme.id,
            settings_id=self.programme.current_settings.id,
            library_version=LIBRARY_VERSION,
            status="released",
            progress=100,
            started_by_id=self.deciders.secretariat,
            created_at=released_at - timedelta(days=1),
            started_at=released_at - timedelta(days=1),
            finished_at=released_at - timedelta(days=1, seconds=-40),
            released_at=released_at,
            n_mentees=n_mentees,
            n_mentors=sum(seat.free for seat in self.mentor_seats),
            n_proposed=0,
        )
        db.session.add(run)
        return run

    def _propose(self, seat, mentor, released_at, run=None):
        self.tried.setdefault(seat.person.user.id, set()).add(mentor.person.user.id)
        proposal = propose(
            self.rng, seat, mentor, released_at, run=run, manual=run is None
        )
        db.session.add(proposal)
        return proposal

    def start(self, proposal, mentee_seat, mentor_seat):
        """Both accept: the mentorship begins and keeps both places."""
        started = accept(self.rng, proposal, self.deciders)
        mentorship = Mentorship(
            proposal=proposal,
            programme_id=self.programme.id,
            mentee_user_id=mentee_seat.person.user.id,
            mentor_user_id=mentor_seat.person.user.id,
            mentee_organisation_id=proposal.mentee_organisation_id,
            mentor_organisation_id=proposal.mentor_organisation_id,
            status="active",
            started_at=started,
            ends_on=self.programme.ends_on,
        )
        db.session.add(mentorship)
        pairing = Pairing(
            mentorship,
            mentee_seat.person,
            mentor_seat.person,
            seats=(mentee_seat, mentor_seat),
        )
        self.pairings.append(pairing)
        return pairing

    def rematch(self, pairing, released_at):
        """The Secretariat pairs her again by hand; None when no mentor is free."""
        seat = pairing.seats[0]
        mentor = pick_mentor(
            self.rng, seat, self.mentor_seats, self.tried[seat.person.user.id]
        )
        if mentor is None:
            return None
        return self.start(self._propose(seat, mentor, released_at), seat, mentor)

    def complete(self, pairing):
        """It ran to the programme's end."""
        pairing.mentorship.status = "completed"
        pairing.mentorship.closed_at = at(self.programme.ends_on, 6)

    def close_early(self, pairing, closed_on, rematch=False):
        """One of them ends it with a reason; both places are freed."""
        mentorship = pairing.mentorship
        by = pairing.mentee if self.rng.random() < 0.65 else pairing.mentor
        mentorship.status = "closed_early"
        mentorship.closed_at = at(closed_on, self.rng.randint(8, 20))
        mentorship.closed_by_id = by.user.id
        mentorship.close_reason = _weighted(self.rng, CLOSE_REASONS)
        mentorship.rematch_requested = rematch
        for seat in pairing.seats:
            seat.give_back()


def _weighted(rng, weights):
    return rng.choices(list(weights), list(weights.values()))[0]


# --- the three programmes ------------------------------------------------------------


def _pilot(rng, deciders, mentees, mentors):
    """Ended two months ago: completed, closed early, some re-matched."""
    today = date.today()
    starts, ends = today - timedelta(days=240), today - timedelta(days=60)
    programme = _programme(
        PILOT, PILOT_DESCRIPTIONS, today - timedelta(days=275), starts, ends
    )
    cohort = Cohort(rng, deciders, programme, mentees, mentors)
    release = at(starts - timedelta(days=12), 10)
    outcomes = {"accepted": 86, "declined": 6, "rejected": 3, "expired": 5}
    left = cohort.match_run(release, cohort.mentee_seats, outcomes)
    cohort.match_run(release + timedelta(days=15), left, {"accepted": 9, "expired": 1})
    first_pairings = list(cohort.pairings)
    closing = []
    for pairing in first_pairings:
        if rng.random() < 0.75:
            cohort.complete(pairing)
            continue
        start = pairing.mentorship.started_at.date()
        closing.append((start + timedelta(days=rng.randint(25, 150)), pairing))
    for closed_on, pairing in sorted(closing, key=lambda item: item[0]):
        wants_another = rng.random() < 0.45
        cohort.close_early(pairing, closed_on, rematch=wants_another)
        if wants_another and closed_on < ends - timedelta(days=70):
            released = at(closed_on + timedelta(days=rng.randint(5, 12)), 11)
            if again := cohort.rematch(pairing, released):
                cohort.complete(again)
    for pairing in cohort.pairings:
        pairing.meetings = _weighted(rng, MEETINGS[pairing.mentorship.status])
    return cohort.pairings


def _autumn(rng, deciders, mentees, mentors):
    """Two months in: Amina's mentorship with Lucía and some forty more."""
    today = date.today()
    starts = today - timedelta(days=60)
    programme = _programme(
        AUTUMN,
        AUTUMN_DESCRIPTIONS,
        today - timedelta(days=130),
        starts,
        starts + timedelta(days=180),
    )
    cohort = Cohort(rng, deciders, programme, mentees, mentors)
    fixed = _newcomers_pair(cohort)
    release = at(starts - timedelta(days=12), 10)
    outcomes = {"accepted": 92, "declined": 5, "expired": 3}
    left = cohort.match_run(release, cohort.mentee_seats, outcomes, fixed)
    cohort.match_run(release + timedelta(days=9), left, {"accepted": 1})
    others = [p for p in cohort.pairings if p.mentee.user.email != AMINA]
    for number, pairing in enumerate(rng.sample(others, min(2, len(others)))):
        closed_on = today - timedelta(days=rng.randint(8, 25))
        cohort.close_early(pairing, closed_on, rematch=number == 0)
    for pairing in cohort.pairings:
        _running_story(rng, pairing, today)
    return cohort.pairings


def _newcomers_pair(cohort):
    """{Amina's seat: Lucía's seat, or None to find her another mentor}: her offer
    is accepted either way, so the newcomer always has a mentorship to open."""
    amina = next((s for s in cohort.mentee_seats if s.person.user.email == AMINA), None)
    lucia = next((s for s in cohort.mentor_seats if s.person.user.email == LUCIA), None)
    if amina is None:
        return {}
    if lucia and can_pair(amina.person, lucia.person):
        return {amina: lucia}
    return {amina: None}


def _running_story(rng, pairing, today):
    """How an ongoing pair is doing: some meet monthly, some have gone quiet."""
    mentorship = pairing.mentorship
    if pairing.mentee.user.email == AMINA:
        pairing.meetings, pairing.showcase = 3, True
        mentorship.next_meeting_at = at(today + timedelta(days=6), 14)
        return
    pairing.meetings = _weighted(rng, MEETINGS[mentorship.status])
    pairing.quiet = mentorship.status == "active" and rng.random() < 0.15
    if mentorship.status == "active" and not pairing.quiet and rng.random() < 0.5:
        day = today + timedelta(days=rng.randint(2, 21))
        mentorship.next_meeting_at = at(day, rng.choice((8, 12, 14, 16)))
