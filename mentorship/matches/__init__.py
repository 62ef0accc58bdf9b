"""Match runs, proposals, coordinator approval and offers."""


def init_app(app):
    """Reason texts, panels on other pages, signal reactions and scheduled jobs."""
    from . import jobs, panels, reactions, reasons

    reasons.init_app(app)
    panels.init_app(app)
    reactions.init_app(app)
    jobs.init_app(app)
