"""Running mentorships."""


def init_app(app):
    """Scheduled jobs, the `flask mentorships` command group, signal reactions,
    panels on other pages."""
    from . import jobs, panels, reactions, reminders  # noqa: F401  (reminders: handler)

    jobs.init_app(app)
    reactions.init_app(app)
    panels.init_app(app)
