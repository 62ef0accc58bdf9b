"""Mentorship services."""

import sqlalchemy as sa

from ..db import db
from .models import Mentorship


def of_person(user):
    """Her mentorships, newest first."""
    return db.session.scalars(
        sa.select(Mentorship)
        .where(
            sa.or_(
                Mentorship.mentee_user_id == user.id,
                Mentorship.mentor_user_id == user.id,
            )
        )
        .order_by(Mentorship.started_at.desc())
    ).all()
