"""The elections' list, an election's page, nominations and the Secretariat's desk
(part A; a stub until written)."""

from flask import abort

from .routes import bp


@bp.get("/elections/<int:election_id>")
def election(election_id):
    abort(404)
