"""The library's published resources the token's holder may read (the list
page's condition, `policy.library_visible_condition`)."""

import sqlalchemy as sa
from flask import url_for
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ... import policy
from ...db import db
from ...i18n import localized
from ...library import labels
from ...library.models import Resource
from .. import auth
from ..common import PageArgs, Schema, ensure_reach, page_schema, paged

blp = Blueprint("api_library", __name__, description="The library's resources.")


class ResourceSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.Function(lambda r: localized(r, "title") or "", required=True)
    summary = fields.Function(lambda r: localized(r, "summary") or "", required=True)
    visibility = fields.String(required=True)
    licence = fields.String(required=True)
    source_lang = fields.String(required=True)
    link_url = fields.String(required=True)
    page_url = fields.Function(
        lambda r: url_for("library.detail", resource_id=r.id, _external=True),
        required=True,
    )


class LibraryArgs(PageArgs):
    kind = fields.String(validate=validate.OneOf(list(labels.KINDS)))


ResourcePage = page_schema(ResourceSchema, "ResourcePage")


@blp.get("/library")
@auth.requires_scope("library:read")
@blp.etag
@blp.arguments(LibraryArgs, location="query", as_kwargs=True)
@blp.response(200, ResourcePage)
def resources(page, per_page, kind=None):
    """Published resources its holder may read, newest first (filter: `kind`)."""
    query = sa.select(Resource).where(policy.library_visible_condition(auth.actor()))
    if kind:
        query = query.where(Resource.kind == kind)
    query = query.order_by(Resource.id.desc())
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    body, headers = paged(pagination)
    return body, 200, headers


@blp.get("/library/<int:resource_id>")
@auth.requires_scope("library:read")
@blp.etag
@blp.response(200, ResourceSchema)
def resource(resource_id):
    found = db.session.get(Resource, resource_id)
    ensure_reach(
        found is not None
        and found.status == "published"
        and policy.can_see_resource(auth.actor(), found)
    )
    return found
