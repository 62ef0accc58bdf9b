"""Scheduled work of the matching flow: reminders, then expiry, every hour."""

import click
from flask.cli import AppGroup
from huey import crontab

from ..db import db
from ..jobs import periodic_job
from . import approvals

matches_cli = AppGroup("matches", help="The matching flow.")


def sweep():
    """Remind, then expire what is overdue; commits. Returns (reminded, expired)."""
    reminded = approvals.send_reminders()
    expired = approvals.expire_overdue()
    db.session.commit()
    return reminded, expired


@periodic_job(crontab(minute="7"))
def hourly_sweep():
    sweep()


@matches_cli.command("sweep")
def sweep_command():
    """Send due reminders and expire overdue approvals and offers now."""
    reminded, expired = sweep()
    click.echo(f"{reminded} reminder(s) sent, {expired} proposal(s) expired.")


def init_app(app):
    app.cli.add_command(matches_cli)
