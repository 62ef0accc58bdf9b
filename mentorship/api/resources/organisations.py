"""The public directory of member organisations (no token needed)."""

import sqlalchemy as sa
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ... import policy, vocab
from ...db import db
from ...i18n import localized
from ...organisations import space
from ...organisations.models import Organisation
from .. import auth
from ..common import PageArgs, Schema, ensure_reach, page_schema, paged

blp = Blueprint(
    "api_organisations",
    __name__,
    description="The public directory of member organisations.",
)


class OrganisationSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)
    region = fields.String(required=True)
    website = fields.String(required=True)
    status = fields.String(required=True)
    working_languages = fields.List(fields.String(), required=True)
    member_since = fields.Date(allow_none=True)
    description = fields.Method("_description", required=True)

    def _description(self, org):
        return localized(org, "description") or ""


class DirectoryArgs(PageArgs):
    region = fields.String(validate=validate.OneOf(list(vocab.REGIONS)))
    language = fields.String(validate=validate.OneOf(list(vocab.SPOKEN_LANGUAGES)))


OrganisationPage = page_schema(OrganisationSchema, "OrganisationPage")


@blp.get("/organisations")
@auth.requires_scope()
@blp.etag
@blp.arguments(DirectoryArgs, location="query", as_kwargs=True)
@blp.response(200, OrganisationPage)
def directory(page, per_page, region=None, language=None):
    """Member organisations by name (the directory's filters: region, language)."""
    pagination = space.directory_page(region, language, None, page, per_page)
    body, headers = paged(pagination)
    return body, 200, headers


@blp.get("/organisations/<int:organisation_id>")
@auth.requires_scope()
@blp.etag
@blp.response(200, OrganisationSchema)
def organisation(organisation_id):
    """A member organisation (others only for the Secretariat's tokens)."""
    org = db.session.scalar(
        sa.select(Organisation).where(Organisation.id == organisation_id)
    )
    ensure_reach(org is not None and policy.can_view_organisation(auth.actor(), org))
    return org
