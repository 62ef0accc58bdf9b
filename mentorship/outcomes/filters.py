"""What part of the Alliance the figures describe, as SQL conditions.

A person (an enrolment) belongs to her organisation, its region and her interface
language (`User.locale`). A pair (a proposal or a mentorship) is counted when either
side matches. A survey answer carries its respondent's organisation, region and
language from the time she answered.
"""

from dataclasses import asdict, dataclass

import sqlalchemy as sa

from ..auth.models import User
from ..organisations.models import Organisation
from ..programmes.models import Enrolment
from ..surveys.models import SurveyResponse

BREAKDOWNS = ("region", "language", "programme", "organisation")


@dataclass(frozen=True)
class Filters:
    """Which part of the Alliance the figures describe; None means all."""

    programme: int | None = None
    organisation: int | None = None
    region: str | None = None
    language: str | None = None

    def args(self):
        """As query-string arguments, for links that keep the filters."""
        return {key: value for key, value in asdict(self).items() if value is not None}


def person_conditions(filters, enrolled_only=True):
    """Conditions on an Enrolment joined to its User and her (outer) Organisation."""
    conditions = [Enrolment.status == "enrolled"] if enrolled_only else []
    if filters.programme:
        conditions.append(Enrolment.programme_id == filters.programme)
    if filters.organisation:
        conditions.append(User.organisation_id == filters.organisation)
    if filters.region:
        conditions.append(Organisation.region == filters.region)
    if filters.language:
        conditions.append(User.locale == filters.language)
    return conditions


def pair_conditions(filters, table, users=None):
    """Conditions on a pair (proposal or mentorship): either side matches."""
    conditions = []
    sides = (table.mentee_organisation_id, table.mentor_organisation_id)
    if filters.programme:
        conditions.append(table.programme_id == filters.programme)
    if filters.organisation:
        conditions.append(sa.or_(*(side == filters.organisation for side in sides)))
    if filters.region:
        in_region = sa.select(Organisation.id).where(
            Organisation.region == filters.region
        )
        conditions.append(sa.or_(*(side.in_(in_region) for side in sides)))
    if filters.language:
        speakers = sa.select(User.id).where(User.locale == filters.language)
        users = users or (table.mentee_user_id, table.mentor_user_id)
        conditions.append(sa.or_(*(user.in_(speakers) for user in users)))
    return conditions


def survey_conditions(filters):
    """Conditions on answers: each carries its respondent's organisation and more."""
    columns = {
        "programme": SurveyResponse.programme_id,
        "organisation": SurveyResponse.organisation_id,
        "region": SurveyResponse.region,
        "language": SurveyResponse.language,
    }
    return [
        column == getattr(filters, name)
        for name, column in columns.items()
        if getattr(filters, name)
    ]
