"""The organisation's own space: its participation status and its profile.

Services flush; the request commits. Each change is audited.
"""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..audit import record
from ..core import transitions, translated
from ..db import db
from .models import (
    Affiliation,
    Organisation,
    OrganisationLink,
    OrganisationStatus,
    Theme,
    organisation_themes,
)
from .themes import themes_by_id

S = OrganisationStatus
# Where each status may go: only the Secretariat moves an organisation.
TRANSITIONS = {
    S.APPLICANT: {S.MEMBER, S.LEFT},
    S.MEMBER: {S.PAUSED, S.LEFT},
    S.PAUSED: {S.MEMBER, S.LEFT},
    S.LEFT: {S.MEMBER},
}
MAX_LINKS = 6
MAX_AFFILIATIONS = 10
DIRECTORY_PER_PAGE = 24
REGISTRY_PER_PAGE = 50


class StatusRefused(ValueError):
    """This change of status is not allowed (or someone changed it first)."""


# --- Participation status -------------------------------------------------------------


def allowed_next(status):
    """The statuses an organisation in `status` may move to."""
    return TRANSITIONS.get(status, set())


def initial_dates(org, today=None):
    """A new organisation's dates, from the status it is created with."""
    today = today or date.today()
    org.status_since = today
    if org.status in (S.MEMBER, S.PAUSED):
        org.member_since = today


def change_status(org, to_state, by, reason, today=None):
    """Move the organisation to `to_state` (audited, with `reason`); raises
    StatusRefused when the move is not allowed or lost to a concurrent change."""
    today = today or date.today()
    from_state = org.status
    if to_state not in allowed_next(from_state):
        raise StatusRefused(to_state)
    values = {"status_since": today}
    if to_state == S.MEMBER:
        values["member_since"] = sa.func.coalesce(Organisation.member_since, today)
    won = transitions.transition(
        Organisation,
        org,
        [from_state],
        to_state,
        actor=by,
        reason=reason,
        **values,
    )
    if not won:
        raise StatusRefused(to_state)


# --- The profile ----------------------------------------------------------------------


@dataclass
class Profile:
    """What the profile form submitted, cleaned."""

    description: translated.Edit | None
    country: str
    region: str
    working_languages: list = field(default_factory=list)
    founding_year: int | None = None
    size_band: str | None = None
    theme_ids: list = field(default_factory=list)
    links: list = field(default_factory=list)  # [(kind, url)]
    affiliations: list = field(default_factory=list)  # [dict(name, kind, url, since)]


def update_profile(org, profile, by):
    """Write the profile into the organisation, replacing its links, affiliations
    and themes; audited."""
    if profile.description is not None and not profile.description.is_empty():
        org.description = translated.set_text(org.description, profile.description)
    elif profile.description is not None and org.description is not None:
        org.description = None
    org.country, org.region = profile.country, profile.region
    org.working_languages = list(dict.fromkeys(profile.working_languages))
    org.founding_year = profile.founding_year
    org.size_band = profile.size_band or None
    retired = [theme for theme in org.themes if not theme.active]
    org.themes = retired + themes_by_id(profile.theme_ids)
    org.links = [
        OrganisationLink(kind=kind, url=url) for kind, url in profile.links[:MAX_LINKS]
    ]
    org.affiliations = [
        Affiliation(
            name=a["name"], kind=a["kind"], url=a["url"] or "", since_year=a["since"]
        )
        for a in profile.affiliations[:MAX_AFFILIATIONS]
    ]
    db.session.add(org)
    db.session.flush()
    record(org, "profile_updated", actor=by)


def is_profile_complete(org):
    """Description, working languages, themes and country set: the onboarding check
    'profile_complete'."""
    has_description = org.description is not None and any(
        row.body for row in org.description.translations.values()
    )
    return bool(
        has_description and org.working_languages and org.themes and org.country
    )


# --- The directory and the registry ---------------------------------------------------


def directory_page(
    region=None, language=None, theme=None, page=1, per_page=DIRECTORY_PER_PAGE
):
    """One page of member organisations, by name, filtered by region, working
    language (a code) and theme (a slug)."""
    query = (
        sa.select(Organisation)
        .where(Organisation.status == S.MEMBER)
        .options(selectinload(Organisation.logo))
    )
    if region:
        query = query.where(Organisation.region == region)
    if language:
        # The JSON list as text, e.g. '["fr", "en"]': codes are letters, quoted.
        as_text = sa.cast(Organisation.working_languages, sa.Text)
        query = query.where(as_text.like(f'%"{language}"%'))
    if theme:
        query = query.where(
            Organisation.id.in_(
                sa.select(organisation_themes.c.organisation_id)
                .join(Theme, Theme.id == organisation_themes.c.theme_id)
                .where(Theme.slug == theme)
            )
        )
    query = query.order_by(Organisation.name, Organisation.id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
