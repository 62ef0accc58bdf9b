"""What every list and record of the API shares: paging arguments, the paging
metadata and Link header, problem-details schemas, and loading in reach."""

from urllib.parse import urlencode

import marshmallow as ma
from flask import request, url_for
from marshmallow import fields, validate

from ..core.pagination import MAX_PAGE
from ..db import db
from .problems import ApiProblem

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


class Schema(ma.Schema):
    class Meta:
        ordered = True


class PageArgs(Schema):
    """`page` (from 1) and `per_page` (1 to 100: more is a 422, not a silent cap)."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(
        load_default=DEFAULT_PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE)
    )


class PaginationSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class ProblemSchema(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String()
    errors = fields.List(fields.Dict())


def page_schema(item_schema, name):
    """A list response: {"items": [...], "pagination": {...}}."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "pagination": fields.Nested(PaginationSchema, required=True),
        },
        name=name,
    )


def paged(pagination, items=None):
    """(body, headers) of one page: items, metadata, and an RFC 8288 Link header."""
    meta = {
        "page": pagination.page,
        "per_page": pagination.per_page,
        "total": pagination.total or 0,
        "pages": pagination.pages,
    }
    links = []
    args = request.args.to_dict()

    def link(page, rel):
        query = urlencode({**args, "page": page, "per_page": pagination.per_page})
        url = url_for(request.endpoint, **(request.view_args or {}), _external=False)
        links.append(f'<{url}?{query}>; rel="{rel}"')

    link(1, "first")
    if pagination.pages:
        link(pagination.pages, "last")
    if pagination.has_prev and pagination.page <= (pagination.pages or 1):
        link(pagination.page - 1, "prev")
    if pagination.has_next:
        link(pagination.page + 1, "next")
    body = {"items": pagination.items if items is None else items, "pagination": meta}
    return body, {"Link": ", ".join(links)}


class ListPage:
    """One page of a list already in memory (a handful of rows), with the same
    attributes as a query's pagination, so that every list pages the same way."""

    def __init__(self, rows, page, per_page):
        self.page, self.per_page = page, per_page
        self.total = len(rows)
        self.pages = -(-self.total // per_page) if self.total else 0
        self.items = rows[(page - 1) * per_page : page * per_page]
        self.has_prev = page > 1
        self.has_next = page < self.pages


def paginate(query, args):
    return db.paginate(
        query, page=args["page"], per_page=args["per_page"], error_out=False
    )


def not_found():
    return ApiProblem(404)


def ensure_reach(allowed):
    """404 unless the record is within the token's reach (as the pages answer)."""
    if not allowed:
        raise not_found()


def forbidden(detail=None, slug=None):
    return ApiProblem(403, detail, slug=slug)


ERROR_RESPONSES = {
    401: "Problem",
    403: "Problem",
    404: "Problem",
    422: "Problem",
    429: "Problem",
}
