"""An organisation's members' mentorships, as a coordinator follows them: status,
dates and how many meetings; never notes, goals or survey answers. Why one closed
early (reason and note) is shown to the Secretariat only: policy.can_read_close_note."""

import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from .. import policy
from ..auth.models import User
from ..db import db
from ..mentorships.models import Meeting, Mentorship
from ..organisations.models import Organisation

PER_PAGE = 25


def close_reason_label(code):
    """A close reason's words, in the reader's language (codes stay in the data)."""
    from ..mydata.export import MENTORSHIP_CLOSE_REASONS

    return MENTORSHIP_CLOSE_REASONS.get(code, code)


@dataclass
class Page:
    items: list
    page: int
    total: int

    @property
    def pages(self):
        return max(1, math.ceil(self.total / PER_PAGE))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1


@dataclass(frozen=True)
class MemberRow:
    """One of her members in one mentorship (a pair of two members gives two)."""

    name: str
    role: str
    partner_organisation: str
    status: str
    started_at: object
    meetings: int
    last_meeting: object
    close_reason: str | None = None  # a code; the Secretariat's readers only
    close_note: str | None = None


# The parts of the query no viewer changes: built once, not per view.
_MENTEE, _MENTOR = aliased(User), aliased(User)
_MENTEE_ORG, _MENTOR_ORG = aliased(Organisation), aliased(Organisation)
_MEETINGS = sa.select(sa.func.count()).where(Meeting.mentorship_id == Mentorship.id)
_LAST = sa.select(sa.func.max(Meeting.held_on)).where(
    Meeting.mentorship_id == Mentorship.id
)
_ROWS = (
    sa.select(
        Mentorship.status,
        Mentorship.started_at,
        Mentorship.mentee_user_id,
        Mentorship.mentor_user_id,
        Mentorship.closed_by_id,
        Mentorship.close_reason,
        Mentorship.close_note,
        Mentorship.mentee_organisation_id,
        Mentorship.mentor_organisation_id,
        _MENTEE.name.label("mentee_name"),
        _MENTEE.erased_at.label("mentee_erased"),
        _MENTOR.name.label("mentor_name"),
        _MENTOR.erased_at.label("mentor_erased"),
        _MENTEE_ORG.name.label("mentee_org"),
        _MENTOR_ORG.name.label("mentor_org"),
        _MEETINGS.scalar_subquery().label("meetings"),
        _LAST.scalar_subquery().label("last_meeting"),
    )
    .outerjoin(_MENTEE, _MENTEE.id == Mentorship.mentee_user_id)
    .outerjoin(_MENTOR, _MENTOR.id == Mentorship.mentor_user_id)
    .outerjoin(_MENTEE_ORG, _MENTEE_ORG.id == Mentorship.mentee_organisation_id)
    .outerjoin(_MENTOR_ORG, _MENTOR_ORG.id == Mentorship.mentor_organisation_id)
)


def _query(viewer, organisation_id, programme_id):
    query = _ROWS.where(
        policy.visible_mentorships(viewer, Mentorship),
        sa.or_(
            Mentorship.mentee_organisation_id == organisation_id,
            Mentorship.mentor_organisation_id == organisation_id,
        ),
    )
    if programme_id:
        query = query.where(Mentorship.programme_id == programme_id)
    return query


def member_mentorships(viewer, organisation_id, programme_id=None, page=1):
    """One page of the organisation's members' mentorships, newest first."""
    query = _query(viewer, organisation_id, programme_id)
    total = db.session.scalar(
        query.with_only_columns(sa.func.count(Mentorship.id)).order_by(None)
    )
    page = min(page, max(1, math.ceil(total / PER_PAGE)))
    found = db.session.execute(
        query.order_by(Mentorship.started_at.desc(), Mentorship.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    items = [
        row for found_row in found for row in _sides(found_row, organisation_id, viewer)
    ]
    return Page(items=items, page=page, total=total)


def _sides(row, organisation_id, viewer):
    """Her members in this pair: the mentee, the mentor, or both."""
    why = (
        {"close_reason": row.close_reason, "close_note": row.close_note}
        if row.status == "closed_early" and policy.can_read_close_note(viewer, row)
        else {}
    )
    sides = []
    if row.mentee_organisation_id == organisation_id:
        sides.append(("mentee", row.mentee_name, row.mentee_erased, row.mentor_org))
    if row.mentor_organisation_id == organisation_id:
        sides.append(("mentor", row.mentor_name, row.mentor_erased, row.mentee_org))
    return [
        MemberRow(
            name=None if erased else name,
            role=role,
            partner_organisation=partner_org,
            status=row.status,
            started_at=row.started_at,
            meetings=row.meetings,
            last_meeting=row.last_meeting,
            **why,
        )
        for role, name, erased, partner_org in sides
    ]
