"""Running mentorships."""


def init_app(app):
    """Scheduled jobs, the `flask mentorships` command group, signal reactions."""
    from . import jobs, reactions

    jobs.init_app(app)
    reactions.init_app(app)
