"""The working groups' blueprint; each part adds its routes from its own module
(`pages`, `charter_routes`, `members_routes`, `meetings_routes`), imported below."""

from flask import Blueprint

bp = Blueprint("groups", __name__)

from . import (  # noqa: E402, F401
    charter_routes,
    meetings_routes,
    members_routes,
    pages,
)
