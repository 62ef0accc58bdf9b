"""Baseline, mid-point and final surveys of mentees and mentors."""


def init_app(app):
    """Template helpers (the stages' names) and the daily reminder job."""
    from . import jobs, services

    app.jinja_env.globals.update(
        survey_stage_names=services.STAGE_NAMES,
    )
    app.cli.add_command(jobs.surveys_cli)
