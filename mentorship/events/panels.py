"""The events' panels on other pages, and the slots of the session page.

Slot "event.session": parts of a session's page contributed by the engine's parts
(her registration, calendar links, the organiser's tools, the minutes);
`data(session, reader)` returns what the panel shows, or None.
"""


def init_app(app):
    """Each part registers its panels here (core.panels.register)."""
    from . import calendars

    calendars.init_app(app)
