"""The shared kernel that features stand on; it imports no feature.

errors (ServiceError), transitions (conditional UPDATE + audit row), notifications
(emails and jobs sent only after commit), schedule (reminders relative to a moment),
calendar (.ics), pagination, signals (cross-feature reactions), disclosure (the one
"fewer than 5" of published figures), panels (features' parts of other pages),
translated (content written in one language, read in all), memberships (positions
held for a term).
"""


def init_app(app):
    """The kernel's panel registry, its one template constant, and sessions opened
    once a minute per cookie (`sessions`)."""
    from . import disclosure, panels, sessions

    app.session_interface = sessions.KeptCookieSessions()
    panels.init_app(app)
    app.jinja_env.globals.update(MIN_GROUP=disclosure.MIN_GROUP)
