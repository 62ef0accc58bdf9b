"""Global WIM Calls, round tables and working-group meetings: one events engine.

Parts (each its own module): `registration` (seats, regional reservations, the
waitlist), `times` (each reader's clock beside the session's), `calendars` (.ics and
feeds), `reminders`, `organising` (series and sessions, the organiser's page,
attendance), `minutes`, and `pages` (the calendar, a session, my events).
"""


def init_app(app):
    """Panels on other pages, reminders' handlers, reactions to session changes."""
    from . import calendars, panels, registration, reminders  # noqa: F401

    panels.init_app(app)
    registration.init_app(app)  # calendars and reminders: receivers and handlers
