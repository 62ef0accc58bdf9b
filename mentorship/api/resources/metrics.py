"""Published indicators and cycles: only the stored publications (figures that
went through disclosure control when the Secretariat published them,
`metrics.publication`), never an organisation's own values."""

from flask_smorest import Blueprint
from marshmallow import fields

from ...metrics import publication
from .. import auth
from ..common import ListPage, PageArgs, Schema, ensure_reach, page_schema, paged

blp = Blueprint("api_metrics", __name__, description="Published indicators and cycles.")


class CycleSchema(Schema):
    year = fields.Function(lambda p: p.cycle.year, required=True)
    version = fields.Integer(required=True)
    published_at = fields.DateTime(required=True)
    indicators = fields.Function(
        lambda p: sorted((p.figures or {}).get("indicators", {})), required=True
    )


class CycleFiguresSchema(CycleSchema):
    figures = fields.Dict(required=True)


class IndicatorSchema(Schema):
    code = fields.String(required=True)


CycleList = page_schema(CycleSchema, "CyclePage")
IndicatorList = page_schema(IndicatorSchema, "IndicatorPage")


@blp.get("/metrics/cycles")
@auth.requires_scope("metrics:read")
@blp.etag
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, CycleList)
def cycles(page, per_page):
    """Every published cycle's latest publication, oldest year first."""
    rows = list(publication.latest_publications().values())
    body, headers = paged(ListPage(rows, page, per_page))
    return body, 200, headers


@blp.get("/metrics/cycles/<int:year>")
@auth.requires_scope("metrics:read")
@blp.etag
@blp.response(200, CycleFiguresSchema)
def cycle(year):
    """A cycle's latest publication with its figures (as published)."""
    found = publication.latest_publications().get(year)
    ensure_reach(found is not None)
    return found


@blp.get("/metrics/indicators")
@auth.requires_scope("metrics:read")
@blp.etag
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, IndicatorList)
def indicators(page, per_page):
    """The indicators that appear in some publication."""
    body, headers = paged(ListPage(publication.published_codes(), page, per_page))
    return body, 200, headers
