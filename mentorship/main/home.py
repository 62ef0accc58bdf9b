"""The member's home page: what waits for her and what comes next, in a few queries.

Everything the page shows is gathered here (the template runs no query of its own):
offers to answer, surveys due, her active mentorships with the next meeting in her
time zone, programmes open for enrolment, and for deciders the size of their queue.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload

from .. import policy
from ..auth.models import User
from ..db import db
from ..matches import queries as match_queries
from ..mentorships import services as mentorship_services
from ..mentorships.models import Mentorship
from ..programmes.models import Enrolment, Programme, programme_organisations
from ..surveys import services as survey_services


@dataclass(frozen=True)
class ActiveMentorship:
    """One of her running mentorships, seen from her side."""

    mentorship: Mentorship
    role: str
    partner_name: str | None
    next_meeting: object  # naive local date-time, or None
    time_zone: str


@dataclass(frozen=True)
class OpenProgramme:
    programme: Programme
    roles: tuple  # the roles she is already enrolled in


@dataclass(frozen=True)
class Home:
    offers: list
    surveys: list
    mentorships: list
    programmes: list
    has_profile: bool
    to_decide: int | None  # proposals waiting for her decision; None: not a decider


def member_home(user, today):
    """Everything her home page shows, for the signed-in `user`."""
    # Her mentorships first: the surveys' mentorships are then already loaded.
    mentorships = active_mentorships(user)
    return Home(
        offers=match_queries.offers_waiting(user),
        surveys=survey_services.due_surveys(user, today),
        mentorships=mentorships,
        programmes=open_programmes(user, today),
        has_profile=bool(user.profiles),
        to_decide=(
            match_queries.waiting_count(user)
            if policy.has_approval_queue(user)
            else None
        ),
    )


def active_mentorships(user):
    """Her active mentorships, soonest next meeting first, partner loaded."""
    rows = db.session.scalars(
        sa.select(Mentorship)
        .options(
            # Her partner's name is all the page needs: not her profiles or roles.
            *(
                joinedload(person).options(
                    lazyload(User.profiles),
                    lazyload(User.role_grants),
                    lazyload(User.current_memberships),
                )
                for person in (Mentorship.mentee, Mentorship.mentor)
            ),
            joinedload(Mentorship.programme),
        )
        .where(
            Mentorship.status == "active",
            sa.or_(
                Mentorship.mentee_user_id == user.id,
                Mentorship.mentor_user_id == user.id,
            ),
        )
        .order_by(Mentorship.next_meeting_at.is_(None), Mentorship.next_meeting_at)
    ).all()
    found = []
    for mentorship in rows:
        partner = mentorship_services.partner_of(mentorship, user)
        zone = mentorship_services.time_zone_of(user, mentorship)
        local = mentorship_services.next_meeting_local(mentorship, user)
        found.append(
            ActiveMentorship(
                mentorship=mentorship,
                role=mentorship_services.role_of(mentorship, user),
                partner_name=partner.name if partner else None,
                next_meeting=local[0] if local else None,
                time_zone=mentorship_services.time_zone_name(zone),
            )
        )
    return found


def open_programmes(user, today):
    """Published programmes open for enrolment today that her organisation joins."""
    takes_part = sa.or_(
        Programme.all_organisations.is_(True),
        Programme.id.in_(
            sa.select(programme_organisations.c.programme_id).where(
                programme_organisations.c.organisation_id == user.organisation_id
            )
        ),
    )
    programmes = db.session.scalars(
        sa.select(Programme)
        .where(
            Programme.status == "published",
            Programme.enrol_opens_on <= today,
            Programme.enrol_closes_on >= today,
            takes_part,
        )
        .order_by(Programme.enrol_closes_on, Programme.id)
    ).all()
    if not programmes:
        return []
    enrolled = {}
    for programme_id, role in db.session.execute(
        sa.select(Enrolment.programme_id, Enrolment.role).where(
            Enrolment.user_id == user.id,
            Enrolment.status == "enrolled",
            Enrolment.programme_id.in_([p.id for p in programmes]),
        )
    ):
        enrolled.setdefault(programme_id, []).append(role)
    return [OpenProgramme(p, tuple(sorted(enrolled.get(p.id, [])))) for p in programmes]
