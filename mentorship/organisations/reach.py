"""The organisation a page's address names, within the reader's reach."""

import sqlalchemy as sa
from flask_login import current_user

from .. import policy
from ..db import db
from .models import Organisation


def organisation_in_reach(slug, allowed=None, *options):
    """The organisation at `/organisations/<slug>/...`, or 404 when there is none or
    when `allowed(current_user, organisation)` (a policy question) says it is out of
    her reach. `options` are loader options for what the page shows."""
    query = sa.select(Organisation).where(Organisation.slug == slug).options(*options)
    org = db.first_or_404(query)
    if allowed is not None:
        policy.ensure_reach(allowed(current_user, org))
    return org
