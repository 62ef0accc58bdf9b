"""Routes of the events engine's pages part (see events/routes.py)."""

from .routes import bp  # noqa: F401
