"""Scheduled work of the surveys: a reminder 3 days after a survey opens, daily."""

import click
from flask.cli import AppGroup
from huey import crontab

from ..db import db
from ..jobs import periodic_job
from . import services

surveys_cli = AppGroup("surveys", help="Mentorship surveys.")


def sweep(today=None):
    """Send the survey reminders due on `today` (default: today); commits."""
    sent = services.remind_due(today)
    db.session.commit()
    return sent


@periodic_job(crontab(hour="7", minute="5"))
def daily_sweep():
    sweep()


@surveys_cli.command("sweep")
@click.option(
    "--on",
    "today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this day (YYYY-MM-DD, UTC); default: today.",
)
def sweep_command(today):
    """Send the survey reminders that are due now."""
    sent = sweep(today.date() if today else None)
    click.echo(f"{sent} survey reminder(s) sent.")
