"""Imports every feature's models, so Alembic and the shell see the whole schema."""

from .audit.models import AuditEvent
from .auth.models import RoleGrant, User
from .core.models import (
    Body,
    FailedEmail,
    Membership,
    ParkedJob,
    Reminder,
    TranslatedText,
    Translation,
)
from .matches.models import Exclusion, MatchRun, Proposal
from .mentorships.models import CheckIn, Goal, Meeting, MeetingNote, Mentorship
from .organisations.models import Invitation, Organisation
from .partnerships.models import Introduction, Listing, Partnership
from .profiles.models import Profile
from .programmes.models import Enrolment, Programme, ProgrammeSettings
from .surveys.models import SurveyResponse

__all__ = [
    "AuditEvent",
    "Body",
    "Membership",
    "TranslatedText",
    "Translation",
    "CheckIn",
    "Goal",
    "Meeting",
    "MeetingNote",
    "SurveyResponse",
    "Enrolment",
    "Exclusion",
    "FailedEmail",
    "Introduction",
    "Invitation",
    "Listing",
    "MatchRun",
    "Mentorship",
    "Organisation",
    "ParkedJob",
    "Partnership",
    "Profile",
    "Programme",
    "ProgrammeSettings",
    "Proposal",
    "Reminder",
    "RoleGrant",
    "User",
]
