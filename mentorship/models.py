"""Imports every feature's models, so Alembic and the shell see the whole schema."""

from .audit.models import AuditEvent
from .auth.models import RoleGrant, User
from .matches.models import Exclusion, MatchRun, Proposal
from .mentorships.models import Mentorship
from .organisations.models import Invitation, Organisation
from .profiles.models import Profile
from .programmes.models import Enrolment, Programme, ProgrammeSettings

__all__ = [
    "AuditEvent",
    "Enrolment",
    "Exclusion",
    "Invitation",
    "MatchRun",
    "Mentorship",
    "Organisation",
    "Profile",
    "Programme",
    "ProgrammeSettings",
    "Proposal",
    "RoleGrant",
    "User",
]
