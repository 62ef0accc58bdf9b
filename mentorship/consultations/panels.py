"""Consultations' parts of other pages (`core.panels`): what awaits her
organisations' response (the awaiting page, her home), an organisation's page,
and the Secretariat's glance."""

from .. import policy
from ..core import panels
from ..db import utcnow
from . import labels, queries


def init_app(app):
    panels.register(
        app, "awaiting", "consultations", "consultations/_awaiting.html", awaiting
    )
    panels.register(
        app, "home.notices", "consultations", "consultations/_home.html", home, order=45
    )
    panels.register(
        app,
        "organisation",
        "consultations",
        "consultations/_organisation.html",
        organisation,
    )
    panels.register(
        app, "alliance", "consultations", "consultations/_alliance.html", alliance
    )


def awaiting(user, today):
    """Open consultations her organisations have not submitted, or None."""
    rows = queries.awaiting(policy.preparing_organisation_ids(user), today)
    if not rows:
        return None
    submitting = policy.submitting_organisation_ids(user)
    for row in rows:
        row["submits"] = row["organisation"].id in submitting
    return {"rows": rows, "labels": labels}


def home(user, today):
    """The same, as notices on her home page."""
    return awaiting(user, today)


def organisation(org, reader):
    """The open consultations this member organisation has not submitted, for its
    people and the Secretariat."""
    if org.status != "member":
        return None
    if not (policy.is_staff(reader) or policy.belongs_to_org(reader, org.id)):
        return None
    rows = queries.awaiting({org.id}, utcnow().date())
    if not rows:
        return None
    return {
        "rows": rows,
        "labels": labels,
        "prepares": policy.can_prepare_response(reader, org),
    }


def alliance():
    """Open consultations with their counts out of the member organisations."""
    rows, members = queries.open_overview(utcnow().date())
    return {"rows": rows, "members": members}
