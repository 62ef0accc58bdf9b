"""Running mentorships."""


def init_app(app):
    """Scheduled jobs, the `flask mentorships` command group, signal reactions."""
    from . import jobs, reactions, reminders  # noqa: F401  (reminders: its handler)

    jobs.init_app(app)
    reactions.init_app(app)
