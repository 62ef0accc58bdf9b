"""Running mentorships."""


def init_app(app):
    """Scheduled jobs and the `flask mentorships` command group."""
    from . import jobs

    jobs.init_app(app)
