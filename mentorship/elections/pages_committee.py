"""The committee's page: members by region with their terms and offices (part C; a
stub until written)."""

from flask import abort

from .routes import bp


@bp.get("/committee")
def committee():
    abort(404)
