"""Builders for the matching-flow tests: a programme with people enrolled."""

from datetime import date, timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.matches.models import Proposal
from mentorship.matches.transitions import take_pair_slots
from mentorship.profiles.models import Profile
from mentorship.programmes.models import Enrolment, Programme, ProgrammeSettings

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


def make_programme(status="published", cross_org=True, weights=None):
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
    if role == "mentor" and "career_stage" not in profile_fields:
        stage = "senior"
    profile = Profile(
        user_id=user.id,
        role=role,
        focus="Mine closure planning and tailings management for gold operations",
        languages=list(languages),
        capacity=capacity if role == "mentor" else None,
        career_stage=stage,
        **fields,
    )
    enrolment = Enrolment(
        programme_id=programme.id,
        user_id=user.id,
        role=role,
        goals="I want to plan mine closure for a gold operation",
        capacity=capacity if role == "mentor" else 1,
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
        status="awaiting_approval",
        released_at=utcnow(),
        expires_at=utcnow() + timedelta(days=14),
    )
    db.session.add(proposal)
    db.session.flush()
    assert take_pair_slots(proposal)
    db.session.commit()
    return proposal


def make_mentorship(make_org, make_user, programme=None, status="active", **people):
    """An active mentorship between a mentee of one organisation and a mentor of
    another, started through the real flow's tables. Returns (mentorship, mentee,
    mentor); pass mentee=/mentor= users to reuse people."""
    from mentorship.mentorships.models import Mentorship

    programme = programme or make_programme()
    mentee = people.get("mentee") or make_user(org=make_org(), name="Amina Diallo")
    mentor = people.get("mentor") or make_user(
        org=make_org(region="latin_america_caribbean"), name="Lucía Quispe"
    )
    mentee_enrolment = enrol(programme, mentee, "mentee")
    mentor_enrolment = enrol(programme, mentor, "mentor", capacity=2)
    proposal = released_proposal(programme, mentee_enrolment, mentor_enrolment)
    proposal.status = "accepted"
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
