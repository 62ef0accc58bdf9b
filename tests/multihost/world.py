"""The people and programmes the multi-host tests act on, written straight to the
shared database by the test process (the hosts only ever see it through SQL)."""

from datetime import timedelta

from argon2 import PasswordHasher

from mentorship.auth import services as accounts
from mentorship.auth.models import User
from mentorship.core import schedule
from mentorship.db import db, utcnow
from mentorship.mentorships.services import NEXT_MEETING_REMINDER
from mentorship.organisations.models import Organisation

from ..web.flow import enrol, make_mentorship, make_programme

PASSWORD = "multi host passphrase 2026"
SECRETARIAT = "secretariat@multihost.example.org"
MEMBER = "member@multihost.example.org"
PAIRS = 6  # mentorships whose reminders are due
RACERS = 8  # mentees racing for the same mentor
MENTOR_PLACES = 2


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return self.n


def build():
    """Everything the tests need; returns the ids they look for."""
    n = Counter()
    # One argon2 hash at production cost, shared: logins cost what they cost live.
    password_hash = PasswordHasher().hash(PASSWORD)

    def make_org(region="africa", **_fields):
        i = n()
        org = Organisation(
            name=f"WIM Host Test {i}",
            slug=f"wim-host-test-{i}",
            country="ZA",
            region=region,
            status="member",
        )
        db.session.add(org)
        db.session.commit()
        return org

    def make_user(email=None, org=None, roles=(), name=None):
        i = n()
        user = accounts.create_user(
            email=email or f"person{i}@multihost.example.org",
            name=name or f"Person {i}",
            password="placeholder passphrase",
            locale="en",
            organisation=org,
            verified=True,
        )
        for role in roles:
            accounts.grant_role(user, role)
        user.password_hash = password_hash
        db.session.commit()
        return user

    home, away = make_org(), make_org(region="latin_america_caribbean")
    make_user(SECRETARIAT, roles=["secretariat"], name="Secretariat")
    make_user(MEMBER, org=home, name="Member")

    # A programme for the match run.
    to_match = make_programme()
    for _ in range(4):
        enrol(to_match, make_user(org=home), "mentee")
        enrol(to_match, make_user(org=away), "mentor", capacity=1)

    # A second programme to match while the queue is down.
    later = make_programme()
    for _ in range(2):
        enrol(later, make_user(org=home), "mentee")
        enrol(later, make_user(org=away), "mentor", capacity=1)

    # Four mentors with four places each, and sixteen mentees: pairs made while
    # the workers of a host are killed.
    killed = make_programme()
    mentors = [
        enrol(killed, make_user(org=away), "mentor", capacity=4) for _ in range(4)
    ]
    mentees = [enrol(killed, make_user(org=home), "mentee") for _ in range(16)]

    # A mentor with MENTOR_PLACES places and RACERS mentees wanting her.
    race = make_programme()
    mentor = enrol(race, make_user(org=away), "mentor", capacity=MENTOR_PLACES)
    racers = [enrol(race, make_user(org=home), "mentee") for _ in range(RACERS)]

    # Mentorships 40 days old, never met, next meeting tomorrow: three reminders
    # due to both members (baseline survey, no meeting for 30 days, next meeting).
    shared = make_programme()
    now = utcnow()
    for _ in range(PAIRS):
        mentorship, _mentee, _mentor = make_mentorship(
            make_org,
            make_user,
            programme=shared,
            mentee=make_user(org=home),
            mentor=make_user(org=away),
        )
        mentorship.started_at = now - timedelta(days=40)
        mentorship.next_meeting_at = now + timedelta(hours=12)
        schedule.schedule(
            f"mentorship:{mentorship.id}:next_meeting:24h",
            now - timedelta(hours=12),
            NEXT_MEETING_REMINDER,
            {"mentorship_id": mentorship.id},
        )
        db.session.commit()
    return {
        "to_match": to_match.id,
        "race": race.id,
        "race_mentor": mentor.id,
        "racers": [r.id for r in racers],
        "later": later.id,
        "killed": killed.id,
        "killed_pairs": [
            (mentee.id, mentors[i % 4].id) for i, mentee in enumerate(mentees)
        ],
    }


def user_id(email):
    return db.session.scalar(db.select(User.id).where(User.email == email))
