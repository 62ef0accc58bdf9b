"""Shared builders and sign-in helpers for the web tests: one copy of each.

Plain functions, not fixtures, so a test (or a fixture in a test module) calls them
with what it needs; `tests/conftest.py` wraps `create_org` and `create_user` into the
`make_org` and `make_user` fixtures. Every builder commits: under the savepoint
isolation of `tests/conftest.py` a commit releases a savepoint and the test's outer
transaction is rolled back at its end, so nothing leaks into the next test.
"""

import contextlib
import itertools
from datetime import date, timedelta

import sqlalchemy as sa

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.matches.models import Proposal, ProposalStatus
from mentorship.matches.transitions import take_pair_slots
from mentorship.mentorships.models import MentorshipStatus
from mentorship.profiles.models import Profile, Side
from mentorship.programmes.models import (
    Enrolment,
    Programme,
    ProgrammeSettings,
    ProgrammeStatus,
)

PASSWORD = "a long enough passphrase"

# Unique across a run, and apart from the fixtures' per-test numbers (1, 2, ...).
_serial = itertools.count(100_000)


# --- Signing in ----------------------------------------------------------------------


def sign_in(client, user, locale=None):
    """Sign `user` in on `client` without the login form (Flask-Login's cookie)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        if locale:
            session["locale"] = locale


def login(client, email, password=PASSWORD, **extra):
    """Sign in through the login form, as a person does."""
    return client.post("/login", data={"email": email, "password": password, **extra})


def signed_in(client):
    return client.get("/account").status_code == 200


# --- People and organisations --------------------------------------------------------


def create_org(
    name=None, region="africa", country="ZA", status="member", n=None, **fields
):
    """An organisation, committed; `n` numbers its default name (else a run serial).
    `description` is {language: text}, the first language its source."""
    from mentorship.core import translated
    from mentorship.organisations.models import Organisation

    n = n or next(_serial)
    if "description" in fields:
        texts = fields.pop("description")
        fields["description"] = translated.new_text(next(iter(texts)), **texts)
    org = Organisation(
        name=name or f"WIM Test {n}",
        slug=f"wim-test-{n}",
        country=country,
        region=region,
        status=status,
        **fields,
    )
    db.session.add(org)
    db.session.commit()
    return org


def create_user(
    email=None, org=None, roles=(), verified=True, locale="en", name=None, n=None
):
    """A person, committed, with the roles given; `n` numbers her default name."""
    from mentorship.auth import services

    n = n or next(_serial)
    user = services.create_user(
        email=email or f"person{n}@example.org",
        name=name or f"Person {n}",
        password=PASSWORD,
        locale=locale,
        organisation=org,
        verified=verified,
    )
    for role in roles:
        services.grant_role(user, role)
    db.session.commit()
    return user


# --- The matching flow: a programme with people enrolled -----------------------------

PROFILE = dict(
    headline="Geologist",
    bio="",
    tags=["geology", "mine_closure"],
    discipline="geology",
    career_stage="mid_career",
    years_experience=8,
    commodity="gold",
    operation_type="open_pit",
    country="ZA",
    timezone="Africa/Johannesburg",
    availability_hours=4,
    meeting_mode="online",
)


def make_programme(status=ProgrammeStatus.PUBLISHED, cross_org=True, weights=None):
    today = date.today()
    programme = Programme(
        name=translated.new_text(
            "en", en="Pilot cohort", fr="Cohorte pilote", es="Cohorte piloto"
        ),
        enrol_opens_on=today - timedelta(days=10),
        enrol_closes_on=today + timedelta(days=10),
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=200),
        status=status,
    )
    programme.settings_versions.append(
        ProgrammeSettings(
            version=1, weights=weights or {}, cross_organisation_required=cross_org
        )
    )
    db.session.add(programme)
    db.session.commit()
    return programme


def enrol(programme, user, role, languages=("en",), capacity=1, **profile_fields):
    fields = {**PROFILE, **profile_fields}
    stage = fields.pop("career_stage")
    if role == Side.MENTOR and "career_stage" not in profile_fields:
        stage = "senior"
    profile = Profile(
        user_id=user.id,
        role=role,
        focus="Mine closure planning and tailings management for gold operations",
        languages=list(languages),
        capacity=capacity if role == Side.MENTOR else None,
        career_stage=stage,
        **fields,
    )
    enrolment = Enrolment(
        programme_id=programme.id,
        user_id=user.id,
        role=role,
        goals="I want to plan mine closure for a gold operation",
        capacity=capacity if role == Side.MENTOR else 1,
    )
    if user.profile(role) is None:  # one profile per role, reused across programmes
        db.session.add(profile)
    db.session.add(enrolment)
    db.session.commit()
    return enrolment


def released_proposal(programme, mentee_enrolment, mentor_enrolment):
    """A proposal as a run's release leaves it: awaiting approval, slots taken."""
    proposal = Proposal(
        programme_id=programme.id,
        mentee_enrolment_id=mentee_enrolment.id,
        mentor_enrolment_id=mentor_enrolment.id,
        mentee_organisation_id=mentee_enrolment.user.organisation_id,
        mentor_organisation_id=mentor_enrolment.user.organisation_id,
        score=0.8,
        reasons=[{"code": "shared_language", "value": "fr", "contribution": 0.1}],
        status=ProposalStatus.AWAITING_APPROVAL,
        released_at=utcnow(),
        expires_at=utcnow() + timedelta(days=14),
    )
    db.session.add(proposal)
    db.session.flush()
    assert take_pair_slots(proposal)
    db.session.commit()
    return proposal


def make_mentorship(
    make_org, make_user, programme=None, status=MentorshipStatus.ACTIVE, **people
):
    """An active mentorship between a mentee of one organisation and a mentor of
    another, started through the real flow's tables. Returns (mentorship, mentee,
    mentor); pass mentee=/mentor= users to reuse people."""
    from mentorship.mentorships.models import Mentorship

    programme = programme or make_programme()
    mentee = people.get("mentee") or make_user(org=make_org(), name="Amina Diallo")
    mentor = people.get("mentor") or make_user(
        org=make_org(region="latin_america_caribbean"), name="Lucía Quispe"
    )
    mentee_enrolment = enrol(programme, mentee, Side.MENTEE)
    mentor_enrolment = enrol(programme, mentor, Side.MENTOR, capacity=2)
    proposal = released_proposal(programme, mentee_enrolment, mentor_enrolment)
    proposal.status = ProposalStatus.ACCEPTED
    mentorship = Mentorship(
        proposal_id=proposal.id,
        programme_id=programme.id,
        mentee_user_id=mentee.id,
        mentor_user_id=mentor.id,
        mentee_organisation_id=mentee.organisation_id,
        mentor_organisation_id=mentor.organisation_id,
        status=status,
        ends_on=programme.ends_on,
    )
    db.session.add(mentorship)
    db.session.commit()
    return mentorship, mentee, mentor


# --- Counting queries ----------------------------------------------------------------


@contextlib.contextmanager
def statements_run():
    """The SQL statements run inside the block, without the savepoint bookkeeping
    (SAVEPOINT, RELEASE, ROLLBACK TO) that the tests' isolation adds."""
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(_BOOKKEEPING):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


_BOOKKEEPING = ("SAVEPOINT", "RELEASE", "ROLLBACK TO", "BEGIN")
