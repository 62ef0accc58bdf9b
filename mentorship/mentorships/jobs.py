"""Scheduled work of running mentorships: completion, then reminders, every day."""

import click
from flask.cli import AppGroup
from huey import crontab

from ..db import db, utcnow
from ..jobs import periodic_job
from . import lifecycle

mentorships_cli = AppGroup("mentorships", help="Running mentorships.")


def sweep(now=None):
    """Complete ended mentorships, remind quiet pairs; commits.

    Returns (completed, reminded).
    """
    now = now or utcnow()
    completed = lifecycle.complete_ended(now.date())
    reminded = lifecycle.remind_without_meetings(now)
    db.session.commit()
    return completed, reminded


@periodic_job(crontab(hour="6", minute="15"))
def daily_sweep():
    sweep()


@mentorships_cli.command("sweep")
def sweep_command():
    """Complete mentorships whose programme ended and send due reminders now."""
    completed, reminded = sweep()
    click.echo(
        f"{completed} mentorship(s) completed, {reminded} pair(s) reminded to meet."
    )


def init_app(app):
    app.cli.add_command(mentorships_cli)
