"""The committee's space: meetings, decisions awaiting it, reports (part D; a stub
until written)."""

from flask import abort

from .routes import bp


@bp.get("/committee/space")
def space():
    abort(404)
