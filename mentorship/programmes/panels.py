"""The programmes' part of the member's home page (`core.panels`)."""

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa

from .. import policy
from ..core import panels, translated
from ..db import db
from .models import Enrolment, Programme


def init_app(app):
    panels.register(
        app,
        "home.sections",
        "programmes",
        "programmes/_home_open.html",
        open_programmes,
        order=20,
    )


@dataclass(frozen=True)
class OpenProgramme:
    programme: Programme
    roles: tuple  # the roles she is already enrolled in


@cache
def _name_only():
    """The panel shows each programme's name, not its description."""
    return translated.name_only(None, Programme.name, Programme.description)


def open_programmes(user, today):
    """Published programmes open for enrolment today that her organisation joins."""
    programmes = (
        db.session.scalars(
            sa.select(Programme)
            .options(*_name_only())
            .where(policy.enrolable_programmes(user, today))
            .order_by(Programme.enrol_closes_on, Programme.id)
        )
        .unique()
        .all()
    )
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
