"""Running mentorships' parts of other pages (`core.panels`): her mentorships on her
home page, and the link to the mentorship an accepted offer started."""

from dataclasses import dataclass

import sqlalchemy as sa

from ..core import panels
from ..db import db
from . import services
from .models import Mentorship


def init_app(app):
    panels.register(
        app,
        "home.sections",
        "mentorships",
        "mentorships/_home_mentorships.html",
        home,
        order=10,
    )
    panels.register(
        app,
        "offer.accepted",
        "mentorship",
        "mentorships/_offer_started.html",
        started_from,
    )


@dataclass(frozen=True)
class ActiveMentorship:
    """One of her running mentorships, seen from her side."""

    mentorship: Mentorship
    role: str
    partner_name: str | None
    next_meeting: object  # naive local date-time, or None
    time_zone: str


@dataclass(frozen=True)
class HomeMentorships:
    mentorships: list  # of ActiveMentorship
    has_profile: bool  # the empty state invites her to fill one first


def home(user, today):
    """Her active mentorships (shown even when none: the empty state guides her)."""
    return HomeMentorships(active_mentorships(user), bool(user.profiles))


def started_from(proposal, user):
    """The mentorship that this accepted proposal started, if any."""
    return db.session.scalar(
        sa.select(Mentorship).where(Mentorship.proposal_id == proposal.id)
    )


def active_mentorships(user):
    """Her active mentorships, soonest next meeting first, partner loaded."""
    rows = (
        db.session.scalars(
            sa.select(Mentorship)
            # Her partner's name and the programme's are all the page needs.
            .options(*services.pairs_listed())
            .where(
                Mentorship.status == "active",
                sa.or_(
                    Mentorship.mentee_user_id == user.id,
                    Mentorship.mentor_user_id == user.id,
                ),
            )
            .order_by(Mentorship.next_meeting_at.is_(None), Mentorship.next_meeting_at)
        )
        .unique()
        .all()
    )
    found = []
    for mentorship in rows:
        partner = services.partner_of(mentorship, user)
        zone = services.time_zone_of(user, mentorship)
        local = services.next_meeting_local(mentorship, user)
        found.append(
            ActiveMentorship(
                mentorship=mentorship,
                role=services.role_of(mentorship, user),
                partner_name=partner.name if partner else None,
                next_meeting=local[0] if local else None,
                time_zone=services.time_zone_name(zone),
            )
        )
    return found
