"""Baseline, mid-point and final surveys of mentees and mentors."""


def init_app(app):
    """The stages' names (a constant), the home page panel and the reminder job."""
    from . import jobs, panels, services

    app.jinja_env.globals.update(
        survey_stage_names=services.STAGE_NAMES,
    )
    panels.init_app(app)
    app.cli.add_command(jobs.surveys_cli)
