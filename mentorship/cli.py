"""Command-line groups: `flask demo ...` and `flask users ...`."""

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from .db import db

demo_cli = AppGroup("demo", help="Demonstration data.")
users_cli = AppGroup("users", help="People and roles.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when people already exist.")
@click.option("--members", default=300, show_default=True, help="How many members.")
def seed_command(if_empty, members):
    """Load the deterministic demo: organisations, members, profiles, staff accounts."""
    from . import demo
    from .auth.models import User

    if current_app.config["APP_ENV"] == "production":
        # Its accounts, an administrator among them, share a published password.
        raise click.ClickException("The demo data is refused in production.")
    if if_empty and db.session.scalar(sa.select(sa.func.count(User.id))):
        click.echo("Demo data already present.")
    else:
        demo.seed(n_members=members)
        db.session.commit()
        click.echo("Demo data loaded.")
    base_url = current_app.config["BASE_URL"]
    click.echo(demo.LOGINS_HELP.replace("http://127.0.0.1:5000", base_url))
    click.echo(_coordinator_logins())


def _coordinator_logins():
    """Every demo organisation's coordinator, by organisation."""
    from . import policy
    from .auth.models import User
    from .organisations.models import Organisation

    rows = db.session.execute(
        sa.select(Organisation.name, User.email)
        .join(User, User.organisation_id == Organisation.id)
        .where(
            policy.coordinators_of(Organisation.id), User.email.like("coordinator@%")
        )
        .order_by(Organisation.name)
    ).all()
    width = max((len(name) for name, _ in rows), default=0)
    lines = ["Coordinators (same password):"]
    lines += [f"  {name.ljust(width)}  {email}" for name, email in rows]
    return "\n".join(lines)


@users_cli.command("grant")
@click.argument("email")
@click.argument(
    "role", type=click.Choice(["coordinator", "secretariat", "steering", "admin"])
)
def grant_command(email, role):
    """Give a role to the person with this email address."""
    from .auth import services
    from .auth.models import User

    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account with email {email}")
    try:
        services.grant_role(user, role, granted_by=None)
    except ValueError as error:  # a coordinator without an organisation
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{email} is now {role}.")


def init_app(app):
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
