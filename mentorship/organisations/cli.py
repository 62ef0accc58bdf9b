"""`flask themes ensure`: the Alliance's default focus themes, added once."""

import click
from flask.cli import AppGroup

from ..db import db

themes_cli = AppGroup("themes", help="The Alliance's focus themes.")


@themes_cli.command("ensure")
def ensure_command():
    """Add the four 2021 themes (in English, French and Spanish) when missing."""
    from .themes import ensure_themes

    added = ensure_themes()
    db.session.commit()
    click.echo(f"{added} theme(s) added.")
