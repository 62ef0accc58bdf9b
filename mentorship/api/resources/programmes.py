"""Programmes, and enrolment status: her own (personal token), or an
organisation's people in a programme (its coordinators, the Secretariat)."""

import sqlalchemy as sa
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ... import policy
from ...db import db
from ...i18n import localized
from ...programmes import services
from ...programmes.models import Programme
from .. import auth
from ..common import PageArgs, Schema, ensure_reach, page_schema, paged
from .members import EnrolmentStatusSchema, reachable_organisation

blp = Blueprint(
    "api_programmes", __name__, description="Programmes and enrolment status."
)


class ProgrammeSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.Method("_name", required=True)
    status = fields.String(required=True)
    enrol_opens_on = fields.Date(required=True)
    enrol_closes_on = fields.Date(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    all_organisations = fields.Boolean(required=True)

    def _name(self, programme):
        return localized(programme, "name") or ""


class ProgrammeArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(["published", "archived", "draft"]))


class PersonEnrolmentSchema(EnrolmentStatusSchema):
    person_id = fields.Integer(required=True, attribute="user_id")
    person_name = fields.Function(lambda e: e.user.name, required=True)


ProgrammePage = page_schema(ProgrammeSchema, "ProgrammePage")
EnrolmentPage = page_schema(PersonEnrolmentSchema, "EnrolmentPage")
MyEnrolmentPage = page_schema(EnrolmentStatusSchema, "MyEnrolmentPage")


def _visible_programmes():
    """The programmes the list page shows her: published, and for the
    Secretariat drafts and archived ones too (`policy.can_view_programme`)."""
    query = sa.select(Programme).order_by(Programme.starts_on, Programme.id)
    if not policy.can_manage_programmes(auth.actor()):
        query = query.where(Programme.status != "draft")
    return query


def _programme(programme_id):
    programme = db.session.get(Programme, programme_id)
    ensure_reach(
        programme is not None and policy.can_view_programme(auth.actor(), programme)
    )
    return programme


@blp.get("/programmes")
@auth.requires_scope("programmes:read")
@blp.etag
@blp.arguments(ProgrammeArgs, location="query", as_kwargs=True)
@blp.response(200, ProgrammePage)
def programmes(page, per_page, status=None):
    """The programmes the token's holder may see (filter: `status`)."""
    query = _visible_programmes()
    if status:
        query = query.where(Programme.status == status)
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    body, headers = paged(pagination)
    return body, 200, headers


@blp.get("/programmes/<int:programme_id>")
@auth.requires_scope("programmes:read")
@blp.etag
@blp.response(200, ProgrammeSchema)
def programme(programme_id):
    return _programme(programme_id)


@blp.get(
    "/programmes/<int:programme_id>/organisations/<int:organisation_id>/enrolments"
)
@auth.requires_scope("programmes:read")
@blp.etag
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, EnrolmentPage)
def organisation_enrolments(programme_id, organisation_id, page, per_page):
    """Who from an organisation enrolled (its coordinators and the Secretariat)."""
    org = reachable_organisation(organisation_id, policy.can_view_enrolments)
    found = _programme(programme_id)
    pagination = services.organisation_enrolments(found, org.id, page, per_page)
    body, headers = paged(pagination)
    return body, 200, headers


@blp.get("/me/enrolments")
@auth.requires_scope("programmes:read")
@blp.etag
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, MyEnrolmentPage)
def my_enrolments(page, per_page):
    """Her own enrolments (a personal token)."""
    from ...programmes.models import Enrolment

    actor = auth.person()
    query = (
        sa.select(Enrolment)
        .where(Enrolment.user_id == actor.id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
    )
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    body, headers = paged(pagination)
    return body, 200, headers
