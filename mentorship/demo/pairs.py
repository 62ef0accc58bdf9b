"""Demo pairs: who may mentor whom, why (as the engine's reason codes), and the
proposals that record it, moved through the flow's states by hand.

Slots are counted on the enrolments as the flow counts them: a live proposal or an
active or completed mentorship holds one place of each side; anything else frees it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app

from .. import vocab
from ..auth.models import RoleGrant, User
from ..core import memberships
from ..core.models import Membership
from ..db import db
from ..matches.models import Proposal
from ..organisations.models import Organisation
from ..profiles.models import Profile
from ..programmes.models import Enrolment
from .plan import DEMO_DOMAIN

CAREER_STAGES = tuple(vocab.CAREER_STAGES)
AMINA, LUCIA = f"amina.mentee@{DEMO_DOMAIN}", f"lucia.mentor@{DEMO_DOMAIN}"
APP_LANGUAGES = ("en", "fr", "es")


def at(day, hour=9, minute=0):
    """An aware UTC datetime on `day`."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@dataclass(eq=False)
class Person:
    """One profile of a demo member, with what pairing and surveys need."""

    user: User
    profile: Profile
    region: str | None

    @property
    def org_key(self):
        # An independent member is her own organisation for the cross-organisation rule.
        return self.user.organisation_id or f"independent-{self.user.id}"

    @property
    def locale(self):
        return self.user.locale if self.user.locale in APP_LANGUAGES else "en"


@dataclass(eq=False)
class Seat:
    """A person's enrolment in one programme; its `slots_taken` is kept current."""

    person: Person
    enrolment: Enrolment

    @property
    def free(self):
        return self.enrolment.slots_taken < self.enrolment.capacity

    def take(self):
        self.enrolment.slots_taken += 1

    def give_back(self):
        self.enrolment.slots_taken -= 1


def load_people():
    """(mentees, mentors): a Person per profile of every member still here."""
    rows = db.session.execute(
        sa.select(Profile, User, Organisation.region)
        .join(User, User.id == Profile.user_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(User.erased_at.is_(None))
        .order_by(Profile.id)
    ).all()
    people = [Person(user, profile, region) for profile, user, region in rows]
    return (
        [p for p in people if p.profile.role == "mentee"],
        [p for p in people if p.profile.role == "mentor"],
    )


def enrolment(programme, person, enrolled_at):
    """A new enrolment of `person` in her profile's role, as the enrol form makes it."""
    profile = person.profile
    mentor = profile.role == "mentor"
    return Enrolment(
        programme_id=programme.id,
        user_id=person.user.id,
        role=profile.role,
        goals="" if mentor else profile.focus,
        capacity=(profile.capacity or 1) if mentor else 1,
        enrolled_at=enrolled_at,
    )


class Deciders:
    """Who decides for an organisation: its coordinator, else the Secretariat."""

    def __init__(self):
        secretariat = sa.select(
            User.organisation_id, User.id, RoleGrant.role.label("role")
        ).join(RoleGrant, RoleGrant.user_id == User.id)
        coordinators = sa.select(
            Membership.organisation_id,
            Membership.user_id.label("id"),
            Membership.position.label("role"),
        ).where(memberships.holding("coordinator"))
        rows = db.session.execute(
            sa.union_all(
                secretariat.where(RoleGrant.role == "secretariat"), coordinators
            ).order_by("id")
        ).all()
        self.coordinators = {}
        self.secretariat = None
        for organisation_id, user_id, role in rows:
            if role == "secretariat":
                self.secretariat = self.secretariat or user_id
            elif organisation_id is not None:
                self.coordinators.setdefault(organisation_id, user_id)

    def __call__(self, organisation_id):
        return self.coordinators.get(organisation_id, self.secretariat)


# --- who fits whom -------------------------------------------------------------------


def shared_language(mentee, mentor):
    return next(
        (x for x in mentee.profile.languages if x in mentor.profile.languages), None
    )


def pair_language(mentee, mentor):
    """The language the pair writes in: hers, else the mentor's, else a shared one."""
    for language in (mentee.locale, mentor.locale, "en", "fr", "es"):
        if (
            language in mentee.profile.languages
            and language in mentor.profile.languages
        ):
            return language
    return mentee.locale


def can_pair(mentee, mentor):
    return (
        mentee.user.id != mentor.user.id
        and mentee.org_key != mentor.org_key
        and shared_language(mentee, mentor) is not None
    )


def pick_mentor(rng, mentee_seat, mentor_seats, avoid=()):
    """The free mentor seat that fits this mentee best, or None."""
    mentee = mentee_seat.person
    best, best_key = None, None
    for seat in mentor_seats:
        mentor = seat.person
        if not seat.free or mentor.user.id in avoid or not can_pair(mentee, mentor):
            continue
        key = (
            len(set(mentee.profile.tags) & set(mentor.profile.tags)),
            _stage_gap(mentee, mentor) >= 0,
            rng.random(),
        )
        if best_key is None or key > best_key:
            best, best_key = seat, key
    return best


def _stage_gap(mentee, mentor):
    stages = (mentee.profile.career_stage, mentor.profile.career_stage)
    if not set(stages) <= set(CAREER_STAGES):
        return 0
    return CAREER_STAGES.index(stages[1]) - CAREER_STAGES.index(stages[0])


def reasons_and_score(rng, mentee, mentor):
    """Reason codes and values as the engine stores them (largest first); a score."""
    a, b = mentee.profile, mentor.profile
    found = [
        ("shared_language", shared_language(mentee, mentor), rng.uniform(0.03, 0.06))
    ]
    tags = [tag for tag in a.tags if tag in b.tags]
    if tags:
        found.append(("tag_overlap", ",".join(tags), 0.1 + 0.05 * len(tags)))
    if rng.random() < 0.7:
        similarity = round(rng.uniform(0.25, 0.6), 2)
        found.append(("text_similarity", similarity, rng.uniform(0.05, 0.15)))
    for code, field in (
        ("discipline_match", "discipline"),
        ("commodity_match", "commodity"),
    ):
        if getattr(a, field) == getattr(b, field):
            found.append((code, getattr(a, field), rng.uniform(0.04, 0.09)))
    if (gap := _stage_gap(mentee, mentor)) > 0:
        found.append(("career_stage_gap", gap, 0.02 + 0.015 * gap))
    if mentee.region and mentee.region == mentor.region:
        found.append(("same_region", mentor.region, rng.uniform(0.02, 0.05)))
    found.sort(key=lambda reason: -reason[2])
    reasons = [
        {"code": code, "value": value, "contribution": round(contribution, 4)}
        for code, value, contribution in found[:4]
    ]
    score = sum(part for *_, part in found) + rng.uniform(0.15, 0.3)
    return reasons, round(min(score, 0.98), 4)


# --- proposals through the flow ------------------------------------------------------


def propose(rng, mentee_seat, mentor_seat, released_at, run=None, manual=False):
    """A proposal as a release leaves it: awaiting approval, both places taken."""
    mentee, mentor = mentee_seat.person, mentor_seat.person
    reasons, score = reasons_and_score(rng, mentee, mentor)
    days = current_app.config.get("APPROVAL_EXPIRY_DAYS", 14)
    created = released_at - timedelta(hours=0 if manual else rng.randint(20, 50))
    mentee_seat.take()
    mentor_seat.take()
    return Proposal(
        programme_id=mentee_seat.enrolment.programme_id,
        run=run,
        mentee_enrolment_id=mentee_seat.enrolment.id,
        mentor_enrolment_id=mentor_seat.enrolment.id,
        mentee_organisation_id=mentee.user.organisation_id,
        mentor_organisation_id=mentor.user.organisation_id,
        score=score,
        reasons=reasons,
        manual=manual,
        status="awaiting_approval",
        created_at=created,
        released_at=released_at,
        expires_at=released_at + timedelta(days=days),
    )


def approve(proposal, deciders, side, decided_at):
    """One organisation's approval."""
    organisation_id = getattr(proposal, f"{side}_organisation_id")
    setattr(proposal, f"{side}_org_decision", "approved")
    setattr(proposal, f"{side}_org_decided_by_id", deciders(organisation_id))
    setattr(proposal, f"{side}_org_decided_at", decided_at)


def offer(rng, proposal, deciders, within_hours=100):
    """Both organisations approve within days; the pair receives the offer."""
    first = proposal.released_at + timedelta(hours=rng.randint(1, within_hours // 2))
    second = first + timedelta(hours=rng.randint(1, within_hours // 2))
    approve(proposal, deciders, "mentee", first)
    approve(proposal, deciders, "mentor", second)
    days = current_app.config.get("OFFER_EXPIRY_DAYS", 10)
    proposal.status, proposal.offered_at = "offered", second
    proposal.expires_at = second + timedelta(days=days)
    return second


def answer(proposal, side, answered_at, accepted=True):
    setattr(proposal, f"{side}_answer", "accepted" if accepted else "declined")
    setattr(proposal, f"{side}_answered_at", answered_at)


def accept(rng, proposal, deciders):
    """Offered, then accepted by both; returns when (the mentorship starts then)."""
    offered = offer(rng, proposal, deciders)
    mentee_at = offered + timedelta(hours=rng.randint(2, 72))
    mentor_at = offered + timedelta(hours=rng.randint(2, 96))
    answer(proposal, "mentee", mentee_at)
    answer(proposal, "mentor", mentor_at)
    proposal.status, proposal.closed_at = "accepted", max(mentee_at, mentor_at)
    return proposal.closed_at


DECLINE_REASONS = ("no_time", "not_a_fit", "language", "no_time", "other")
REJECTION_REASONS = ("person_unavailable", "not_suitable", "conflict_of_interest")


def fail(rng, proposal, deciders, seats, outcome):
    """End the proposal as declined, rejected or expired; both places are freed."""
    if outcome == "declined":
        offered = offer(rng, proposal, deciders)
        side = rng.choice(("mentee", "mentor"))
        proposal.closed_at = offered + timedelta(hours=rng.randint(5, 100))
        answer(proposal, side, proposal.closed_at, accepted=False)
        proposal.close_reason = f"{side}:{rng.choice(DECLINE_REASONS)}"
    elif outcome == "rejected":
        side = rng.choice(("mentee", "mentor"))
        proposal.closed_at = proposal.released_at + timedelta(hours=rng.randint(5, 80))
        organisation_id = getattr(proposal, f"{side}_organisation_id")
        setattr(proposal, f"{side}_org_decision", "rejected")
        setattr(proposal, f"{side}_org_decided_by_id", deciders(organisation_id))
        setattr(proposal, f"{side}_org_decided_at", proposal.closed_at)
        proposal.close_reason = rng.choice(REJECTION_REASONS)
    else:
        offer(rng, proposal, deciders)
        proposal.closed_at = proposal.expires_at
        proposal.close_reason = "expired"
    proposal.status = outcome
    for seat in seats:
        seat.give_back()
