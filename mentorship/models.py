"""Imports every feature's models, so Alembic and the shell see the whole schema."""

from .api.models import ApiToken
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
from .core.search import SearchEntry
from .events.calendar_models import CalendarFeed
from .events.minutes_models import Minutes, MinutesAmendment, MinutesItem
from .events.models import EventSeries, EventSession, Registration, SeatReservation
from .joining.models import OrganisationApplication
from .library.models import Resource, ResourceFile, TranslatorAssignment
from .matches.models import Exclusion, MatchRun, Proposal
from .mentorships.models import CheckIn, Goal, Meeting, MeetingNote, Mentorship
from .onboarding.models import OnboardingItem, OnboardingTick
from .organisations.models import (
    Affiliation,
    Invitation,
    Organisation,
    OrganisationLink,
    OrganisationLogo,
    Theme,
)
from .partnerships.models import Introduction, Listing, Partnership
from .positions.models import Position, PositionVersion, Ratification
from .profiles.models import Profile
from .programmes.models import Enrolment, Programme, ProgrammeSettings
from .surveys.models import SurveyResponse

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Affiliation",
    "OnboardingItem",
    "OnboardingTick",
    "OrganisationLink",
    "OrganisationLogo",
    "Theme",
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
    "EventSeries",
    "EventSession",
    "Registration",
    "SeatReservation",
    "Exclusion",
    "FailedEmail",
    "Introduction",
    "Invitation",
    "Listing",
    "MatchRun",
    "Mentorship",
    "Organisation",
    "OrganisationApplication",
    "ParkedJob",
    "Position",
    "PositionVersion",
    "Ratification",
    "Partnership",
    "Profile",
    "Programme",
    "ProgrammeSettings",
    "Proposal",
    "Reminder",
    "RoleGrant",
    "User",
    "Minutes",
    "MinutesAmendment",
    "MinutesItem",
    "Resource",
    "ResourceFile",
    "TranslatorAssignment",
    "SearchEntry",
]

__all__ += ["CalendarFeed"]

from .groups.models import GroupPreference, WorkingGroup  # noqa: E402
from .recommendations.models import Recommendation  # noqa: E402

__all__ += ["GroupPreference", "Recommendation", "WorkingGroup"]

from .groups.members_models import GroupRequest  # noqa: E402

__all__ += ["GroupRequest"]
from .groups.meetings_models import MeetingGuest  # noqa: E402

__all__ += ["MeetingGuest"]
from .results.models import Result, ResultLink, ResultUpdate  # noqa: E402

__all__ += ["Result", "ResultLink", "ResultUpdate"]
from .discussions.models import DigestMark, Post, Thread  # noqa: E402

__all__ += ["DigestMark", "Post", "Thread"]
from .decisions.models import (  # noqa: E402
    Ballot,
    Decision,
    DecisionOption,
    Participation,
    Proxy,
)

__all__ += ["Ballot", "Decision", "DecisionOption", "Participation", "Proxy"]
from .theme_proposals.models import ThemeComment, ThemeProposal  # noqa: E402

__all__ += ["ThemeComment", "ThemeProposal"]
from .agm.models import AgendaItem, Agm, AgmCheckIn, PackSection  # noqa: E402

__all__ += ["AgendaItem", "Agm", "AgmCheckIn", "PackSection"]
from .consultations.models import (  # noqa: E402
    AnonymousAnswer,
    Answer,
    Comment,
    Consultation,
    Extension,
    Option,
    Question,
    Response,
)

__all__ += [
    "AnonymousAnswer",
    "Answer",
    "Comment",
    "Consultation",
    "Extension",
    "Option",
    "Question",
    "Response",
]
from .elections.models import (  # noqa: E402
    Election,
    ElectionCount,
    ElectionRegion,
    Nomination,
    Seat,
)

__all__ += ["Election", "ElectionCount", "ElectionRegion", "Nomination", "Seat"]
from .metrics.models import (  # noqa: E402
    Cycle,
    CycleOrganisation,
    Indicator,
    IndicatorVersion,
    MetricValue,
    MetricValueChange,
)

__all__ += [
    "Cycle",
    "CycleOrganisation",
    "Indicator",
    "IndicatorVersion",
    "MetricValue",
    "MetricValueChange",
]

from .elections.models_reports import CommitteeReport  # noqa: E402

__all__ += ["CommitteeReport"]

from .reports.models import AnnualReport, AnnualReportNarrative  # noqa: E402

__all__ += ["AnnualReport", "AnnualReportNarrative"]

from .webhooks.models import (  # noqa: E402
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

__all__ += ["WebhookAttempt", "WebhookDelivery", "WebhookEndpoint"]
