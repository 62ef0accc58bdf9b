"""An organisation's own members and their programme status: for its coordinators
(an organisation token, or a coordinator's personal token) and the Secretariat,
the same question as the members page (`policy.can_view_members`)."""

import sqlalchemy as sa
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ... import policy
from ...db import db
from ...organisations import services
from ...organisations.models import Organisation
from ...programmes.models import Enrolment
from .. import auth
from ..common import PageArgs, Schema, ensure_reach, page_schema, paged

blp = Blueprint(
    "api_members",
    __name__,
    description="An organisation's members and their programme status.",
)


class EnrolmentStatusSchema(Schema):
    programme_id = fields.Integer(required=True)
    role = fields.String(required=True)
    status = fields.String(required=True)
    enrolled_at = fields.DateTime(required=True)
    withdrawn_at = fields.DateTime(allow_none=True)


class MemberSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    email_verified = fields.Boolean(required=True, attribute="is_verified")
    joined_at = fields.DateTime(required=True, attribute="created_at")
    coordinator = fields.Method("_coordinator", required=True)
    profiles = fields.Method("_profiles", required=True)
    enrolments = fields.List(fields.Nested(EnrolmentStatusSchema), required=True)

    def _coordinator(self, person):
        return policy.is_coordinator(person.user)

    def _profiles(self, person):
        return sorted(p.role for p in person.user.profiles)


class MemberArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=100), load_default="")


MemberPage = page_schema(MemberSchema, "MemberPage")


class _Row:
    """A member as listed: her account, and her enrolments if the reader may see
    them (`policy.can_view_enrolments`, the programme pages' question)."""

    def __init__(self, user, enrolments):
        self.user = user
        self.enrolments = enrolments

    def __getattr__(self, name):
        return getattr(self.user, name)


def reachable_organisation(organisation_id, question):
    ensure_reach(question(auth.actor(), organisation_id))
    org = db.session.get(Organisation, organisation_id)
    ensure_reach(org is not None)
    return org


@blp.get("/organisations/<int:organisation_id>/members")
@auth.requires_scope("members:read")
@blp.etag
@blp.arguments(MemberArgs, location="query", as_kwargs=True)
@blp.response(200, MemberPage)
def members(organisation_id, page, per_page, q):
    """Its members by name (search `q` in name or email), each with her
    enrolments in programmes."""
    org = reachable_organisation(organisation_id, policy.can_view_members)
    pagination = services.member_rows(org, q, page, per_page)
    people = list(pagination.items)
    by_person = {person.id: [] for person in people}
    if people and policy.can_view_enrolments(auth.actor(), org.id):
        for enrolment in db.session.scalars(
            sa.select(Enrolment)
            .where(Enrolment.user_id.in_(by_person))
            .order_by(Enrolment.programme_id, Enrolment.role)
        ):
            by_person[enrolment.user_id].append(enrolment)
    rows = [_Row(person, by_person[person.id]) for person in people]
    body, headers = paged(pagination, rows)
    return body, 200, headers
