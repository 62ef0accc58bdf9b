"""The events' blueprint; each part adds its routes from its own module
(`pages`, `registration_routes`, `calendar_routes`, `organising_routes`,
`minutes_routes`), imported by `mentorship.register_blueprints`."""

from flask import Blueprint

bp = Blueprint("events", __name__)
