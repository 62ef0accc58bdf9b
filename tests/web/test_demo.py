"""The demo: `flask demo seed` loads deterministic, valid and usable data."""

import random
import re
from collections import Counter
from datetime import date

import pytest
import sqlalchemy as sa
from babel.core import get_global

from mentorship import demo, vocab
from mentorship.auth import services
from mentorship.auth.models import User
from mentorship.core import translated
from mentorship.core.disclosure import MIN_GROUP
from mentorship.db import db
from mentorship.demo.plan import build_plan
from mentorship.matches.models import Proposal
from mentorship.mentorships.models import CheckIn, Goal, Meeting, Mentorship
from mentorship.organisations.models import Organisation
from mentorship.profiles.models import Profile
from mentorship.programmes.models import Enrolment, Programme
from mentorship.surveys.keys import keys_for
from mentorship.surveys.models import SurveyResponse

AMINA = "amina.mentee@wim-demo.example.org"
LUCIA = "lucia.mentor@wim-demo.example.org"
STAFF = (
    "secretariat@wim-alliance.example.org",
    "admin@wim-alliance.example.org",
    "steering@wim-alliance.example.org",
)
SEED_60 = ["demo", "seed", "--if-empty", "--members", "60"]
# 60 members + secretariat, admin, steering + 11 coordinators + Amina and Lucía.
PEOPLE_60 = 60 + 3 + 11 + 2


@pytest.fixture
def seeded(app_ctx):
    demo.seed(n_members=60)
    db.session.commit()


def _all(model):
    return db.session.scalars(sa.select(model)).all()


def _counts():
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Organisation, User, Profile)
    )


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


# --- the command ---------------------------------------------------------------------


# The organisation (and its leader) an approved demo application created.
JOINED = 1


def test_seed_command_twice_leaves_one_copy(app, runner):
    first = runner.invoke(args=SEED_60)
    assert first.exit_code == 0, first.output
    assert "Demo data loaded." in first.output
    with app.app_context():
        counts = _counts()
    assert counts[:2] == (12 + JOINED, PEOPLE_60 + JOINED)

    second = runner.invoke(args=SEED_60)
    assert second.exit_code == 0, second.output
    assert "already present" in second.output
    with app.app_context():
        assert _counts() == counts


def test_seed_command_prints_the_logins(runner):
    output = runner.invoke(args=SEED_60).output
    for text in ("http://127.0.0.1:5000", demo.DEMO_PASSWORD, AMINA, LUCIA, *STAFF):
        assert text in output
    assert "coordinator@wim-south-africa.example.org" in output


def test_seed_on_a_non_empty_database_adds_only_what_is_missing(make_org, make_user):
    taken = make_org(name="WIM South Africa (existing)", country="ZA")
    taken.slug = "wim-south-africa"
    renamed = make_org(name="Women in Mining Canada", region="north_america")
    make_user(email=AMINA, name="Existing Amina")
    make_user(email="someone@example.org")
    demo.seed(n_members=60)
    db.session.commit()
    counts = _counts()
    assert counts[:2] == (12 + JOINED, PEOPLE_60 + 1 + JOINED)
    assert _user(AMINA).name == "Existing Amina"
    coordinator = _user("coordinator@wim-south-africa.example.org")
    assert coordinator.organisation_id == taken.id
    assert _user("coordinator@wim-canada.example.org").organisation_id == renamed.id

    demo.seed(n_members=60)
    db.session.commit()
    assert _counts() == counts


# --- the plan is deterministic -------------------------------------------------------


def test_plan_is_deterministic_and_ignores_the_global_random_state():
    random.seed(1)
    first = build_plan(n_members=120, random_state=7)
    random.seed(2)
    second = build_plan(n_members=120, random_state=7)
    assert first == second
    other = build_plan(n_members=120, random_state=8)
    assert [p.email for p in other.people] != [p.email for p in first.people]


def test_plan_has_the_requested_number_of_members():
    for n_members in (0, 5, 60, 300, 1000):
        plan = build_plan(n_members=n_members)
        members = [p for p in plan.people if p.profiles and "wim-demo" not in p.email]
        assert len(members) == n_members
        assert len({p.email for p in plan.people}) == len(plan.people)


# --- what it looks like --------------------------------------------------------------


def test_organisations_span_every_region_with_varied_sizes(seeded):
    orgs = _all(Organisation)
    assert {org.region for org in orgs} == set(vocab.REGIONS)
    assert Counter(org.status for org in orgs) == {
        "member": 9 + JOINED,
        "applicant": 1,
        "paused": 1,  # demo/orgspace.py: one paused, one that left (audited)
        "left": 1,
    }
    for org in orgs:
        assert org.country in vocab.COUNTRIES
        assert org.status in vocab.ORGANISATION_STATUSES
        assert re.fullmatch(r"https://[a-z0-9-]+\.example\.org", org.website)
        assert org.description.body("en")
    by_slug = {org.slug: org for org in orgs}
    assert by_slug["femmes-mines-cote-divoire"].description.body("fr")
    assert by_slug["mujeres-mineria-peru"].description.body("es")


def test_plan_of_300_members_has_the_expected_mix():
    plan = build_plan(n_members=300)
    members = [p for p in plan.people if p.profiles]
    independent = [p for p in members if p.organisation is None]
    assert 0.02 <= len(independent) / len(members) <= 0.08
    sizes = Counter(p.organisation for p in members if p.organisation)
    assert len(sizes) == 11
    assert max(sizes.values()) >= 5 * min(sizes.values())

    roles = Counter(tuple(profile.role for profile in p.profiles) for p in members)
    both = roles["mentor", "mentee"] / len(members)
    mentors = (roles["mentor",] + roles["mentor", "mentee"]) / len(members)
    assert 0.06 <= both <= 0.14
    assert 0.35 <= mentors <= 0.5

    stages = Counter(
        (profile.role, profile.career_stage) for p in members for profile in p.profiles
    )
    senior_mentors = sum(stages["mentor", s] for s in ("senior", "executive"))
    senior_mentees = sum(stages["mentee", s] for s in ("senior", "executive"))
    assert senior_mentors > 5 * max(senior_mentees, 1)
    assert stages["mentee", "early_career"] > stages["mentor", "early_career"]
    assert sum(profile.paused for p in members for profile in p.profiles) >= 3


def test_every_stored_code_is_valid(seeded):
    zones = get_global("zone_territories")
    profiles = _all(Profile)
    assert len(profiles) > 60
    for profile in profiles:
        assert profile.role in vocab.PROFILE_ROLES
        assert 2 <= len(profile.tags) <= 6
        assert set(profile.tags) <= set(vocab.TAGS)
        assert profile.discipline in vocab.DISCIPLINES
        assert profile.career_stage in vocab.CAREER_STAGES
        assert profile.commodity in vocab.COMMODITIES
        assert profile.operation_type in vocab.OPERATION_TYPES
        assert profile.country in vocab.COUNTRIES
        assert profile.timezone in vocab.TIMEZONES
        assert zones[profile.timezone] == profile.country
        assert profile.languages
        assert set(profile.languages) <= set(vocab.SPOKEN_LANGUAGES)
        assert profile.meeting_mode in vocab.MEETING_MODES
        assert 2 <= profile.availability_hours <= 8
        assert 0 < len(profile.headline) <= 140
        assert profile.bio and profile.focus
    used = {tag for profile in profiles for tag in profile.tags}
    assert used & set(vocab.THEMES)


def test_people_are_verified_with_plausible_addresses(seeded):
    users = _all(User)
    assert all(user.is_verified for user in users)
    assert {user.locale for user in users} == {"en", "fr", "es"}
    pattern = re.compile(r"[a-z-]+\.[a-z-]+\d+@[a-z-]+\.example\.org")
    members = [user for user in users if user.profiles and "wim-demo" not in user.email]
    for user in members:
        assert pattern.fullmatch(user.email), user.email
        if user.organisation:
            assert user.email.endswith(f"@{user.organisation.slug}.example.org")
        for profile in user.profiles:
            assert user.locale in profile.languages
    assert any(user.organisation is None for user in members)


def test_texts_are_written_in_the_person_language(seeded):
    openings = {"en": "I am ", "fr": "Je suis ", "es": "Soy "}
    for user in _all(User):
        for profile in user.profiles:
            assert profile.bio.startswith(openings[user.locale]), profile.bio


def test_mentors_have_capacity_and_mentees_none(seeded):
    for profile in _all(Profile):
        if profile.is_mentor:
            assert 1 <= profile.capacity <= 5
        else:
            assert profile.capacity is None


# --- staff and demo logins -----------------------------------------------------------


def test_one_coordinator_per_member_organisation(seeded):
    coordinators = [u for u in _all(User) if u.has_role("coordinator")]
    per_org = Counter(user.organisation.slug for user in coordinators)
    for org in _all(Organisation):
        # Paused and left organisations were members: they keep their coordinator.
        expected = 0 if org.status == "applicant" else 1
        assert per_org[org.slug] == expected, org.slug
        if expected:
            assert _user(f"coordinator@{org.slug}.example.org") in coordinators


def test_staff_accounts(seeded):
    secretariat, admin, steering = (_user(email) for email in STAFF)
    assert secretariat.has_role("secretariat")
    assert admin.has_role("admin")
    assert steering.has_role("steering")
    assert steering.organisation is not None
    assert secretariat.organisation is None


def test_friendly_demo_logins(seeded):
    amina, lucia = _user(AMINA), _user(LUCIA)
    assert amina.organisation.slug == "wim-south-africa"
    assert [p.role for p in amina.profiles] == ["mentee"]
    assert lucia.organisation.region == "latin_america_caribbean"
    assert [p.role for p in lucia.profiles] == ["mentor"]
    assert lucia.locale == "es"


def test_every_demo_account_has_the_demo_password(seeded):
    assert services.check_password(_user(AMINA), demo.DEMO_PASSWORD)
    assert services.check_password(_user(LUCIA), demo.DEMO_PASSWORD)
    assert not services.check_password(_user(AMINA), "wrong password")
    # Hashed once and shared: seeding hundreds of accounts stays fast.
    assert len({user.password_hash for user in _all(User)}) == 1


def test_demo_login_signs_in(seeded, auth):
    response = auth.login(AMINA, demo.DEMO_PASSWORD)
    assert response.status_code == 302


# --- history: past, running and open programmes -------------------------------------

OPEN = "Global Mentoring Cohort"
LIVE = ("draft", "awaiting_approval", "offered")


@pytest.fixture
def history(app_ctx):
    demo.seed(n_members=120)
    db.session.commit()


def _programme(name):
    return db.session.scalar(
        sa.select(Programme).where(translated.body_in(Programme.name_id, "en") == name)
    )


def test_history_has_every_state_of_the_flow(history):
    from mentorship.demo.history import AUTUMN, PILOT

    pilot, autumn = _programme(PILOT["en"]), _programme(AUTUMN["en"])
    assert pilot.ends_on < date.today() < autumn.ends_on
    assert autumn.starts_on < date.today() < _programme(OPEN).starts_on
    mentorships = _all(Mentorship)
    states = Counter((m.programme_id, m.status) for m in mentorships)
    assert states[pilot.id, "completed"] > states[pilot.id, "closed_early"] > 0
    assert states[pilot.id, "active"] == 0
    assert states[autumn.id, "active"] > states[autumn.id, "closed_early"] > 0
    assert {p.status for p in _all(Proposal)} >= {
        "awaiting_approval",
        "offered",
        "accepted",
        "declined",
        "rejected",
        "expired",
    }
    for m in mentorships:
        assert m.mentee_organisation_id != m.mentor_organisation_id
        assert m.proposal.status == "accepted"
        assert (m.closed_at is None) == (m.status == "active")
        last = m.closed_at.date() if m.closed_at else date.today()
        for meeting in m.meetings:
            assert m.started_at.date() <= meeting.held_on <= last
        if m.status == "closed_early":
            assert m.close_reason and m.closed_by_id
    assert _all(Meeting) and _all(Goal) and _all(CheckIn)
    assert {g.status for g in _all(Goal)} >= {"achieved", "in_progress"}
    assert {r.stage for r in _all(SurveyResponse)} == {"baseline", "midpoint", "final"}


def test_survey_answers_carry_the_respondent_organisation_region_and_language(
    history,
):
    responses = _all(SurveyResponse)
    sides = keys_for(
        (m.id, role, stage)
        for m in _all(Mentorship)
        for role in ("mentee", "mentor")
        for stage in ("baseline", "midpoint", "final")
    )
    for response in responses:
        mentorship_id, role, stage = sides[response.answer_key]
        assert (role, stage) == (response.role, response.stage)
        person = getattr(db.session.get(Mentorship, mentorship_id), role)
        assert response.organisation_id == person.organisation_id
        region = person.organisation.region if person.organisation else None
        assert response.region == region
        assert response.language == person.locale
    groups = Counter((r.organisation_id, r.stage) for r in responses)
    assert max(groups.values()) >= MIN_GROUP
    assert min(groups.values()) < MIN_GROUP


def test_places_taken_match_live_proposals_and_mentorships(history):
    held = Counter()
    for proposal in _all(Proposal):
        if proposal.status in LIVE:
            held.update([proposal.mentee_enrolment_id, proposal.mentor_enrolment_id])
    for mentorship in _all(Mentorship):
        if mentorship.status in ("active", "completed"):
            proposal = mentorship.proposal
            held.update([proposal.mentee_enrolment_id, proposal.mentor_enrolment_id])
    for enrolment in _all(Enrolment):
        assert enrolment.slots_taken == held[enrolment.id], enrolment.id
        assert enrolment.slots_taken <= enrolment.capacity
    live = [p.mentee_enrolment_id for p in _all(Proposal) if p.status in LIVE]
    assert len(live) == len(set(live))


def test_history_is_seeded_once(history):
    models = (Programme, Enrolment, Proposal, Mentorship, Meeting, SurveyResponse)
    before = [len(_all(model)) for model in models]
    demo.seed(n_members=120)
    db.session.commit()
    assert [len(_all(model)) for model in models] == before


def test_amina_runs_a_mentorship_and_both_logins_are_free_in_the_open_call(history):
    amina, lucia = _user(AMINA), _user(LUCIA)
    mentorship = db.session.scalar(
        sa.select(Mentorship).where(Mentorship.mentee_user_id == amina.id)
    )
    assert mentorship.status == "active"
    assert mentorship.mentor.organisation_id != amina.organisation_id
    assert mentorship.meetings and mentorship.goals
    open_call = _programme(OPEN)
    for user in (amina, lucia):
        enrolment = db.session.scalar(
            sa.select(Enrolment).where(
                Enrolment.programme_id == open_call.id, Enrolment.user_id == user.id
            )
        )
        assert enrolment.slots_taken == 0
        assert not db.session.scalar(
            sa.select(Proposal.id).where(
                Proposal.status.in_(LIVE),
                sa.or_(
                    Proposal.mentee_enrolment_id == enrolment.id,
                    Proposal.mentor_enrolment_id == enrolment.id,
                ),
            )
        )


def test_organisation_profiles_logos_and_onboarding(seeded):
    from mentorship.demo.organisations import ORGANISATIONS
    from mentorship.onboarding.models import OnboardingItem, OnboardingTick
    from mentorship.organisations.models import OrganisationLogo, Theme

    orgs = [
        org for org in _all(Organisation) if org.slug in {o.slug for o in ORGANISATIONS}
    ]
    assert len(orgs) == len(ORGANISATIONS)  # the one that joined through /join aside
    assert all(org.working_languages and org.size_band for org in orgs)
    assert all(org.themes for org in orgs) and len(_all(Theme)) == 4
    assert len(_all(OrganisationLogo)) == 3
    assert len(_all(OnboardingItem)) == 5 and len(_all(OnboardingTick)) > 3
    assert any(org.affiliations for org in orgs)
