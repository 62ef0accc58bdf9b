"""Her own account, mentorships, goals and meetings (a personal token). A
mentorship is the pair's (`policy.can_view_mentorship`); a meeting note is shown
only to whom the pages show it (`services.notes_by_meeting`: its author)."""

import sqlalchemy as sa
from flask_smorest import Blueprint
from marshmallow import fields

from ... import policy
from ...db import db
from ...i18n import localized
from ...mentorships import services
from ...mentorships.models import Mentorship
from .. import auth
from ..common import PageArgs, Schema, ensure_reach, page_schema, paged

blp = Blueprint(
    "api_account",
    __name__,
    description="The token holder's account, mentorships, goals and meetings.",
)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    locale = fields.String(required=True)
    organisation_id = fields.Integer(allow_none=True)
    roles = fields.Function(lambda u: sorted(u.roles), required=True)
    email_verified = fields.Boolean(attribute="is_verified", required=True)


class GoalSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    achieved_at = fields.DateTime(allow_none=True)


class MeetingSchema(Schema):
    id = fields.Integer(required=True)
    held_on = fields.Date(required=True)
    duration_minutes = fields.Integer(required=True)
    mode = fields.String(required=True)
    topics = fields.String(required=True)
    my_note = fields.String(allow_none=True)


class MentorshipSchema(Schema):
    id = fields.Integer(required=True)
    programme_id = fields.Integer(required=True)
    programme_name = fields.Function(
        lambda m: localized(m.programme, "name") or "", required=True
    )
    my_role = fields.String(required=True)
    partner_name = fields.String(allow_none=True)
    status = fields.String(required=True)
    started_at = fields.DateTime(required=True)
    ends_on = fields.Date(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    next_meeting_at = fields.DateTime(allow_none=True)


class MentorshipDetailSchema(MentorshipSchema):
    goals = fields.List(fields.Nested(GoalSchema), required=True)
    meetings = fields.List(fields.Nested(MeetingSchema), required=True)


MentorshipPage = page_schema(MentorshipSchema, "MentorshipPage")


class _Seen:
    """A mentorship as she sees it: her role, her partner's name."""

    def __init__(self, mentorship, reader):
        self._m = mentorship
        self.my_role = services.role_of(mentorship, reader)
        partner = services.partner_of(mentorship, reader)
        self.partner_name = partner.name if partner is not None else None

    def __getattr__(self, name):
        return getattr(self._m, name)


class _SeenMeeting:
    def __init__(self, meeting, note):
        self._m = meeting
        self.my_note = note

    def __getattr__(self, name):
        return getattr(self._m, name)


@blp.get("/me")
@auth.requires_scope("profile:read")
@blp.etag
@blp.response(200, MeSchema)
def me():
    """Her own account."""
    return auth.person()


@blp.get("/me/mentorships")
@auth.requires_scope("mentorships:read")
@blp.etag
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, MentorshipPage)
def my_mentorships(page, per_page):
    """Her mentorships, newest first."""
    reader = auth.person()
    query = (
        sa.select(Mentorship)
        .where(policy.own_mentorships(reader, Mentorship))
        .order_by(Mentorship.started_at.desc(), Mentorship.id.desc())
    )
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    rows = [_Seen(m, reader) for m in pagination.items]
    body, headers = paged(pagination, rows)
    return body, 200, headers


@blp.get("/mentorships/<int:mentorship_id>")
@auth.requires_scope("mentorships:read")
@blp.etag
@blp.response(200, MentorshipDetailSchema)
def mentorship(mentorship_id):
    """One of her mentorships with its goals and meetings; of the meeting notes,
    only the ones the pages show her (her own)."""
    reader = auth.person()
    found = db.session.get(Mentorship, mentorship_id)
    ensure_reach(found is not None and policy.can_view_mentorship(reader, found))
    notes = services.notes_by_meeting(found, reader)
    seen = _Seen(found, reader)
    seen.goals = list(found.goals)
    seen.meetings = [_SeenMeeting(m, notes.get(m.id)) for m in found.meetings]
    return seen
