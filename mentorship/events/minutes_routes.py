"""Routes of the events engine's minutes_routes part (see events/routes.py)."""

from .routes import bp  # noqa: F401
