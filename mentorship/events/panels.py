"""The events' panels on other pages, and the slots of the session page.

Slot "event.session": parts of a session's page contributed by the engine's parts
(her registration, calendar links, the organiser's tools, the minutes);
`data(session, reader)` returns what the panel shows, or None.
"""


def init_app(app):
    """Each part registers its panels here (core.panels.register)."""
    from . import (
        calendars,
        minutes,
        organising_panels,
        page_panels,
        registration_panels,
    )

    # On the session page, in this order: her registration, the time strip and
    # calendar links, the organiser's tools, the minutes.
    page_panels.init_app(app)
    registration_panels.init_app(app)
    calendars.init_app(app)
    organising_panels.init_app(app)
    minutes.init_app(app)
