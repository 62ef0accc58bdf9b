"""The ballot's place in the election and the round-by-round record (part B; a stub
until written)."""

from flask import abort

from .routes import bp


@bp.get("/elections/<int:election_id>/record")
def record(election_id):
    abort(404)
