"""Every text column of the schema, classified: personal (erased) or not (kept).

A test walks every model and fails on a String, Text or JSON column missing from
PERSONAL or NOT_PERSONAL, so a new column cannot slip past erasure unclassified.
`(Model, "*")` means the whole row is hers: erasure deletes it. Erasure (services.
scrub) walks PERSONAL: it empties, replaces or deletes the rows that `hers()` selects.
"""

import secrets

import sqlalchemy as sa

from ..api.models import ApiToken
from ..audit.models import AuditEvent
from ..auth.models import RoleGrant, User
from ..core.models import (
    Body,
    DataVersion,
    FailedEmail,
    Membership,
    ParkedJob,
    Reminder,
    TranslatedText,
    Translation,
)
from ..core.search import SearchEntry
from ..db import db
from ..events.calendar_models import CalendarFeed
from ..events.minutes_models import Minutes, MinutesAmendment, MinutesItem
from ..events.models import (
    EventSeries,
    EventSession,
    Registration,
    SeatReservation,
)
from ..groups.models import GroupPreference, WorkingGroup
from ..joining.models import OrganisationApplication
from ..library.models import Resource, ResourceFile, TranslatorAssignment
from ..matches.models import Exclusion, MatchRun, Proposal
from ..mentorships.models import CheckIn, Goal, Meeting, MeetingNote, Mentorship
from ..onboarding.models import OnboardingItem
from ..organisations.models import (
    Affiliation,
    Invitation,
    Organisation,
    OrganisationLink,
    OrganisationLogo,
    Theme,
)
from ..partnerships.models import Introduction, Listing, Partnership
from ..positions.models import Position, PositionVersion, Ratification
from ..profiles.models import Profile
from ..programmes.models import Enrolment, Programme, ProgrammeSettings
from ..recommendations.models import Recommendation
from ..surveys.keys import keys_for
from ..surveys.models import STAGES, SurveyResponse

PERSONAL = [
    (User, "name"),  # who she is
    (User, "email"),  # how to reach her; replaced by an undeliverable placeholder
    (User, "password_hash"),  # derived from her secret; replaced, matches nothing
    (User, "consent_version"),  # her consent record: no consent left to record
    (Profile, "*"),  # every field of a profile describes her
    (Enrolment, "goals"),  # her goals for a programme, in her own words
    (Goal, "title"),  # written by the member who proposed the goal
    (Meeting, "topics"),  # written by the member who logged the meeting
    (MeetingNote, "*"),  # her private note on a meeting
    (CheckIn, "comment"),  # written by the member of that role in the pair
    (SurveyResponse, "comment"),  # written by the member of that role in the pair
    (SurveyResponse, "answer_key"),  # her side's fingerprint: replaced, links nobody
    (Mentorship, "close_note"),  # written by the member who closed it
    (Proposal, "close_note"),  # written by whoever declined, rejected or removed it
    (AuditEvent, "reason"),  # may carry the free text its actor typed
    (Invitation, "*"),  # an invitation sent to her address
    (Exclusion, "reason"),  # the Secretariat's words about a pair she is in
    (FailedEmail, "*"),  # a message to her address the mail server refused
    (ParkedJob, "*"),  # a job waiting for the queue; may carry a message to her
    # Her organisation's application to join, naming her as its contact: the
    # organisation it created keeps its own public record.
    (OrganisationApplication, "*"),
    (Registration, "answers"),  # her answers to a session's questions
    (MinutesAmendment, "comment"),  # her own words on what she changed in minutes
    (User, "timezone"),  # where she lives, roughly: her zone for events
    (CalendarFeed, "*"),  # the private address of her calendar feed
    # Her personal API tokens (an organisation's tokens are its own: kept).
    (ApiToken, "*"),
]

NOT_PERSONAL = [
    (Reminder, "key"),  # what a reminder is about: a kind and record ids
    (Reminder, "job"),  # the name of the job that sends it
    (Reminder, "payload"),  # record ids only
    (DataVersion, "name"),  # which cached results a version stamps ("outcomes")
    # Translated content today is published text about organisations, programmes
    # and bodies; a feature storing a person's own words in it must classify them.
    (TranslatedText, "source_lang"),  # a language code
    (Translation, "lang"),  # a language code
    (Translation, "body"),  # organisation descriptions, programme and body names
    (Translation, "status"),  # a status code
    (Body, "kind"),  # steering_committee, working_group or translators
    (Body, "slug"),  # derived from the body's name
    (Membership, "position"),  # a position code (erasure ends her terms)
    (User, "locale"),  # a language code, kept for the aggregates by language
    (RoleGrant, "role"),  # a role code (erasure deletes her grants all the same)
    (Organisation, "name"),  # the organisation's public record
    (Organisation, "slug"),  # derived from the organisation's name
    (Organisation, "country"),  # the organisation's country code
    (Organisation, "region"),  # the organisation's region code
    (Organisation, "website"),  # the organisation's public site
    (Organisation, "status"),  # a membership status code
    (Organisation, "working_languages"),  # language codes
    (Organisation, "size_band"),  # a size band code
    (Theme, "slug"),  # a theme code
    (WorkingGroup, "status"),  # a state code
    (GroupPreference, "roster_visibility"),  # a choice among codes (kept with her
    (GroupPreference, "messages"),  # terms, which erasure ends): no text of hers
    (Recommendation, "kind"),  # a code
    (Recommendation, "status"),  # a state code
    (OrganisationLink, "kind"),  # a link kind code
    (OrganisationLink, "url"),  # the organisation's public pages
    (Affiliation, "name"),  # a body the organisation belongs to
    (Affiliation, "kind"),  # a kind code
    (Affiliation, "url"),  # that body's public site
    (OrganisationLogo, "mime"),  # an image type
    (OrganisationLogo, "sha256"),  # the logo's fingerprint
    (OnboardingItem, "kind"),  # manual or automatic
    (OnboardingItem, "check_key"),  # the key of a registered check
    (Invitation, "locale"),  # a language code (erasure deletes the whole row anyway)
    (Programme, "status"),  # a status code
    (ProgrammeSettings, "weights"),  # matching weights: numbers
    (Enrolment, "role"),  # mentor or mentee: kept for the aggregates
    (Enrolment, "status"),  # a status code, kept for the aggregates
    (MatchRun, "library_version"),  # a version number
    (MatchRun, "status"),  # a status code
    (MatchRun, "unmatched"),  # counts per reason code
    (MatchRun, "timings"),  # seconds per step
    (MatchRun, "error"),  # the engine's error message, about no one
    (Proposal, "reasons"),  # reason codes and scores of the pair's fit
    (Proposal, "alternatives"),  # enrolment ids and scores
    (Proposal, "status"),  # a status code
    (Proposal, "mentee_org_decision"),  # approved or rejected
    (Proposal, "mentor_org_decision"),  # approved or rejected
    (Proposal, "mentee_answer"),  # accepted or declined
    (Proposal, "mentor_answer"),  # accepted or declined
    (Proposal, "close_reason"),  # a reason code
    (Mentorship, "status"),  # a status code, kept for the aggregates
    (Mentorship, "close_reason"),  # a reason code, kept for the aggregates
    (Goal, "status"),  # a status code, kept for the aggregates
    (Meeting, "mode"),  # online, in person or phone
    (CheckIn, "role"),  # mentor or mentee
    (CheckIn, "period"),  # "first" or a month
    (SurveyResponse, "region"),  # a region code, kept for the aggregates
    (SurveyResponse, "language"),  # a language code, kept for the aggregates
    (SurveyResponse, "role"),  # mentor or mentee
    (SurveyResponse, "stage"),  # baseline, midpoint or final
    (SurveyResponse, "goal_progress"),  # percentages, no goal ids
    (AuditEvent, "entity_type"),  # a table name
    (AuditEvent, "action"),  # an action code
    (AuditEvent, "from_state"),  # a state code
    (AuditEvent, "to_state"),  # a state code
    (AuditEvent, "data"),  # counts and codes, never free text
    (Position, "kind"),  # position or priority
    (PositionVersion, "status"),  # a status code
    (Ratification, "answer"),  # ratified, abstained or declined
    (Ratification, "status"),  # answered or withdrawn
    # An organisation's answer is its statement, not its delegate's: she speaks for
    # it. Erasure ends her terms and empties her account (name, email), so the
    # answer leads back to no one; the words stay with the organisation's answer.
    (Ratification, "comment"),
    (Ratification, "withdraw_reason"),
    (Listing, "kind"),  # need or offer
    (Listing, "category"),  # a code of the needs-and-offers taxonomy
    (Introduction, "status"),  # a status code
    (Introduction, "low_decision"),  # accepted or declined
    (Introduction, "high_decision"),  # accepted or declined
    (Introduction, "follow_up_answer"),  # partnership or no_partnership
    # An organisation's words to another (on its behalf, about the organisations):
    (Introduction, "message"),
    (Introduction, "decline_reason"),
    (Partnership, "kind"),  # a partnership type code
    (Partnership, "status"),  # a status code
    (Partnership, "outcome"),  # what two organisations did together
    (EventSeries, "slug"),  # derived from the series' name
    (EventSeries, "kind"),  # a series kind code
    (EventSeries, "default_audience"),  # an audience code
    (EventSeries, "reminder_minutes"),  # numbers
    (EventSession, "language"),  # a language code
    (EventSession, "interpretations"),  # language codes
    (EventSession, "timezone"),  # the organiser's zone for the session
    (EventSession, "join_url"),  # the session's joining link, about no one
    (EventSession, "audience"),  # an audience code
    (EventSession, "status"),  # a status code
    (EventSession, "questions"),  # the organiser's questions
    (SeatReservation, "region"),  # a region code
    # Her registration stays (stripped of her answers) so that the attending
    # organisations and the counts stay true; it names her only by user id.
    (Registration, "region"),  # a region code, kept for the counts
    (Registration, "status"),  # a status code
    (Registration, "list_visibility"),  # a visibility code
    (Registration, "attendance_source"),  # organiser or link
    (Minutes, "status"),  # draft or approved
    # The text before an amendment: the session's record, written together by
    # those who attended (as the minutes' own text in Translation.body).
    (MinutesAmendment, "previous"),
    (MinutesItem, "kind"),  # decision or action
    (Resource, "kind"),  # a resource type code
    (Resource, "status"),  # a status code
    (Resource, "visibility"),  # a visibility code
    (Resource, "licence"),  # a licence code
    (Resource, "link_url"),  # the resource's public address, about no one
    (Resource, "source_lang"),  # a language code
    (ResourceFile, "lang"),  # a language code
    (ResourceFile, "status"),  # a translation status code
    (ResourceFile, "storage_key"),  # a generated storage name
    (ResourceFile, "filename"),  # the document's name, about no one
    (ResourceFile, "mime"),  # a file type
    (ResourceFile, "sha256"),  # the file's fingerprint
    (ResourceFile, "text"),  # a published document's text, for search
    (TranslatorAssignment, "lang"),  # a language code
    (SearchEntry, "kind"),  # a record kind code
    (SearchEntry, "lang"),  # a language code
    (SearchEntry, "body"),  # the published text of a record, for search
]

TEXT_TYPES = (sa.String, sa.Text, sa.JSON)


def placeholder_email(user_id):
    """Unique (the column is) and undeliverable (RFC 2606)."""
    return f"erased-{user_id}@invalid.example"


def unusable_password(user_id):
    """Not an argon2 hash: no password ever matches it."""
    return f"!erased-{secrets.token_hex(16)}"


def unlinked_answer_key(_user_id):
    """Unique per row (the column is) and derived from nothing of hers: the row's
    own id, so the answers stay in the figures and lead back to no one."""
    return sa.literal("erased-") + sa.cast(SurveyResponse.id, sa.String)


# Columns that may not be empty: erasure writes this instead of "".
REPLACEMENTS = {
    (User, "email"): placeholder_email,
    (User, "password_hash"): unusable_password,
    (SurveyResponse, "answer_key"): unlinked_answer_key,
}


def hers(model, user_id, email):
    """SQL condition: the rows of `model` whose personal columns are hers."""
    return _HERS[model](user_id, email)


def _her_enrolments(user_id, role=None):
    query = sa.select(Enrolment.id).where(Enrolment.user_id == user_id)
    return query.where(Enrolment.role == role) if role else query


def _her_side(model, user_id):
    """Check-ins and surveys carry a role, not a user: hers is her side's."""
    return sa.or_(
        *(
            sa.and_(
                model.role == role,
                model.mentorship_id.in_(
                    sa.select(Mentorship.id).where(
                        getattr(Mentorship, f"{role}_user_id") == user_id
                    )
                ),
            )
            for role in ("mentee", "mentor")
        )
    )


def _her_answers(user_id):
    """Survey answers carry no mentorship id: hers are those whose fingerprint is
    one of her sides' (surveys/keys.py), computed from her mentorships."""
    sides = db.session.execute(
        sa.select(Mentorship.id, Mentorship.mentee_user_id).where(
            sa.or_(
                Mentorship.mentee_user_id == user_id,
                Mentorship.mentor_user_id == user_id,
            )
        )
    ).all()
    triples = [
        (mentorship_id, "mentee" if mentee_id == user_id else "mentor", stage)
        for mentorship_id, mentee_id in sides
        for stage in STAGES
    ]
    return SurveyResponse.answer_key.in_(list(keys_for(triples)))


def _proposals_she_closed(user_id, _email):
    """Declined as mentee or mentor, rejected as coordinator, removed as staff."""
    sides = []
    for role in ("mentee", "mentor"):
        enrolment = getattr(Proposal, f"{role}_enrolment_id")
        sides.append(
            sa.and_(
                getattr(Proposal, f"{role}_answer") == "declined",
                enrolment.in_(_her_enrolments(user_id, role)),
            )
        )
        sides.append(
            sa.and_(
                getattr(Proposal, f"{role}_org_decision") == "rejected",
                getattr(Proposal, f"{role}_org_decided_by_id") == user_id,
            )
        )
    closed_by_her = sa.select(AuditEvent.entity_id).where(
        AuditEvent.entity_type == Proposal.__tablename__,
        AuditEvent.actor_id == user_id,
        AuditEvent.to_state.in_(["declined", "rejected", "removed"]),
    )
    return sa.or_(*sides, Proposal.id.in_(closed_by_her))


_HERS = {
    User: lambda user_id, _email: User.id == user_id,
    Profile: lambda user_id, _email: Profile.user_id == user_id,
    Enrolment: lambda user_id, _email: Enrolment.user_id == user_id,
    Goal: lambda user_id, _email: Goal.proposed_by_id == user_id,
    Meeting: lambda user_id, _email: Meeting.logged_by_id == user_id,
    MeetingNote: lambda user_id, _email: MeetingNote.author_id == user_id,
    CheckIn: lambda user_id, _email: _her_side(CheckIn, user_id),
    SurveyResponse: lambda user_id, _email: _her_answers(user_id),
    Mentorship: lambda user_id, _email: Mentorship.closed_by_id == user_id,
    Proposal: _proposals_she_closed,
    AuditEvent: lambda user_id, _email: AuditEvent.actor_id == user_id,
    Invitation: lambda _user_id, email: Invitation.email == email,
    OrganisationApplication: lambda _user_id, email: (
        OrganisationApplication.contact_email == email
    ),
    FailedEmail: lambda _user_id, email: FailedEmail.address == email,
    Registration: lambda user_id, _email: Registration.user_id == user_id,
    MinutesAmendment: lambda user_id, _email: MinutesAmendment.author_id == user_id,
    CalendarFeed: lambda user_id, _email: CalendarFeed.user_id == user_id,
    ApiToken: lambda user_id, _email: sa.and_(
        ApiToken.user_id == user_id, ApiToken.kind == "personal"
    ),
    # Parked jobs carry their arguments as JSON: any that names her address.
    ParkedJob: lambda _user_id, email: sa.cast(ParkedJob.data, sa.Text).contains(
        email, autoescape=True
    ),
    Exclusion: lambda user_id, _email: sa.or_(
        Exclusion.mentee_user_id == user_id,
        Exclusion.mentor_user_id == user_id,
        Exclusion.created_by_id == user_id,
    ),
}


# --- Working groups' nominations and requests to join (groups.members) --------------

from ..groups.members_models import GroupRequest  # noqa: E402

PERSONAL += [
    (GroupRequest, "note"),  # her motivation, or her organisation's note about her
    (GroupRequest, "decision_reason"),  # the runners' words to her, or her own
]
NOT_PERSONAL += [
    (GroupRequest, "kind"),  # nomination or request
    (GroupRequest, "position"),  # a position code
    (GroupRequest, "status"),  # a state code
]
_HERS[GroupRequest] = lambda user_id, _email: sa.or_(
    GroupRequest.user_id == user_id, GroupRequest.created_by_id == user_id
)

# --- Recommendations (recommendations package) -----------------------------------
from ..recommendations.models import (  # noqa: E402
    CommentRound,
    RecommendationComment,
    RecommendationVersion,
)

PERSONAL += [
    (RecommendationComment, "body"),  # her own words on a section of a draft
    (RecommendationVersion, "note"),  # her words on what a version she saved changed
]
NOT_PERSONAL += [
    (Recommendation, "publication_mode"),  # a code
    (CommentRound, "kind"),  # members or organisations
]
_HERS[RecommendationComment] = lambda user_id, _email: (
    RecommendationComment.author_id == user_id
)
_HERS[RecommendationVersion] = lambda user_id, _email: (
    RecommendationVersion.created_by_id == user_id
)
# Results (results.models): codes only. Her updates' words are translated content
# (Translation.body); erasure deletes them and unlinks the results she owned
# (results.services.erase_for, on core.signals.person_erased).
from ..results.models import Result, ResultUpdate  # noqa: E402

NOT_PERSONAL += [
    (Result, "status"),  # a status code
    (ResultUpdate, "new_status"),  # a status code
]
# The working groups' discussion: a thread's title and a post's text are her own
# words. Erasure empties them (as a meeting's topics or a goal's title) and keeps
# the rows, so that the others' replies keep their place: the thread shows "a
# former member" and "removed when its author left the platform". A runner's
# reason for hiding her post is about her post: emptied with it.
from ..discussions.models import Post, Thread  # noqa: E402

PERSONAL += [
    (Thread, "title"),
    (Post, "body"),
    (Post, "hidden_reason"),
]
NOT_PERSONAL += [
    (Thread, "visibility"),  # a visibility code
]
_HERS.update(
    {
        Thread: lambda user_id, _email: Thread.author_id == user_id,
        Post: lambda user_id, _email: Post.author_id == user_id,
    }
)
# Theme proposals: her comments are her own words (exported; erasure empties them and
# keeps the rows, as the discussions' posts). A proposal is its organisation's or
# group's: codes, and the Secretariat's note on the adoption decision.
from ..theme_proposals.models import ThemeComment, ThemeProposal  # noqa: E402

PERSONAL += [(ThemeComment, "body")]
NOT_PERSONAL += [
    (ThemeProposal, "status"),  # a status code
    (ThemeProposal, "adopted_by"),  # steering_committee or agm
    (ThemeProposal, "adoption_note"),  # the Secretariat's note on the decision
]
_HERS[ThemeComment] = lambda user_id, _email: ThemeComment.author_id == user_id

# Decisions (decisions.models): an organisation's vote is the organisation's, cast
# by its delegate for it: codes, keys and choices among listed options, never her
# words. Erasure keeps the rows and empties her account: they lead back to no one.
from ..decisions.models import (  # noqa: E402
    Ballot,
    Decision,
    DecisionOption,
    Participation,
    Proxy,
)

NOT_PERSONAL += [
    (Decision, "kind"),  # a kind code
    (Decision, "status"),  # a status code
    (Decision, "electorate"),  # an electorate code
    (Decision, "majority"),  # a majority code
    (Decision, "abstentions"),  # how abstentions count, a code
    (Decision, "rule"),  # a counting rule's name
    (Decision, "ballot_key"),  # a random key, erased at close
    (Decision, "outcome"),  # an outcome code
    (Decision, "counts"),  # counts per option, over organisations
    (DecisionOption, "ref"),  # what the option stands for, e.g. a theme proposal
    (Participation, "via"),  # delegate or proxy
    (Ballot, "id"),  # random
    (Ballot, "slot"),  # a keyed hash of the organisation, erased at close
    (Ballot, "choices"),  # the organisation's choices among the options
    (Ballot, "receipt"),  # a random code
    (Proxy, "scope"),  # decision or agm
]
# The AGM (agm.models): codes only. Its agenda's and pack's words are translated
# content (Translation.body); a check-in names the delegate by id, as the audit does.
from ..agm.models import AgendaItem, Agm, AgmCheckIn, PackSection  # noqa: E402

NOT_PERSONAL += [
    (Agm, "status"),  # a status code
    (Agm, "majority"),  # a majority code
    (Agm, "abstentions"),  # how abstentions count, a code
    (AgendaItem, "kind"),  # a kind code
    (AgendaItem, "status"),  # a motion's status code
    (AgendaItem, "proposer"),  # who proposes, a code
    (AgendaItem, "majority"),  # a majority code
    (AgendaItem, "abstentions"),  # how abstentions count, a code
    (AgmCheckIn, "position"),  # voting or alternate delegate, a code
    (PackSection, "kind"),  # a section's kind code
]

# Consultations addressed to organisations: a response is its organisation's
# statement (as a ratification's comment), its answers too; anonymous answers lead
# back to no one. Her comments on a draft are her own words: erasure deletes them
# (consultations.services.erase_for) and detaches her from the responses.
from ..consultations.models import (  # noqa: E402
    AnonymousAnswer,
    Answer,
    Comment,
    Consultation,
    Extension,
    Question,
    Response,
)

PERSONAL += [
    (Comment, "*"),  # her note on her organisation's draft
]
NOT_PERSONAL += [
    (Consultation, "status"),  # a state code
    (Consultation, "anonymity"),  # a mode code
    (Question, "kind"),  # a kind code
    (Response, "status"),  # a state code
    (Answer, "text"),  # the organisation's answer, not its drafters'
    (AnonymousAnswer, "id"),  # a random id
    (AnonymousAnswer, "ballot"),  # a random id, derived from nothing
    (AnonymousAnswer, "text"),  # an answer that leads back to no one
    (Extension, "status"),  # a state code
    (Extension, "reason"),  # the organisation's request, on its behalf
]
_HERS[Comment] = lambda user_id, _email: Comment.author_id == user_id

# Shared metrics: an organisation's figures, their sources and notes are the
# organisation's statements (as a consultation's answers), the registry and the
# cycles are the Alliance's. The edit log names people only through changed_by_id
# (her account, scrubbed by erasure like every other); its old and new texts are
# the organisation's figures, not hers.
from ..metrics.models import (  # noqa: E402
    CycleOrganisation,
    Indicator,
    IndicatorVersion,
    MetricValue,
    MetricValueChange,
)

NOT_PERSONAL += [
    (Indicator, "code"),  # a stable code
    (Indicator, "kind"),  # a kind code
    (IndicatorVersion, "numerator"),  # the Alliance's definitions
    (IndicatorVersion, "denominator"),
    (IndicatorVersion, "unit"),
    (IndicatorVersion, "entry"),
    (IndicatorVersion, "disaggregations"),
    (IndicatorVersion, "reference_period"),
    (IndicatorVersion, "preferred_sources"),
    (IndicatorVersion, "methodology"),
    (IndicatorVersion, "change_note"),
    (CycleOrganisation, "extension_reason"),  # the Secretariat's, about the org
    (MetricValue, "breakdown"),  # a key of vocabulary codes
    (MetricValue, "status"),  # a state code
    (MetricValue, "confidence"),  # a level code
    (MetricValue, "source"),  # the organisation's statement of its source
    (MetricValue, "coverage_note"),
    (MetricValue, "explanation"),
    (MetricValue, "document_key"),  # a random storage key
    (MetricValue, "document_name"),  # the organisation's source document
    (MetricValue, "document_mime"),
    (MetricValue, "review_comment"),  # the Secretariat's, on the figure
    (MetricValueChange, "field"),  # a column name
    (MetricValueChange, "old"),  # the organisation's figures, before and after
    (MetricValueChange, "new"),
]

# Elections (elections.models): an election, its seats and counts are the
# Alliance's public record (codes; a count's record names the candidates as they
# were published). A nomination's statement is her words (translated content,
# deleted on erasure), her photo and CV are her files: erasure withdraws her live
# nominations and deletes them (elections.candidacy.erase_for, on
# core.signals.person_erased), then empties their keys, her CV's name and the
# Secretariat's reason about her. Nominations she made stay her organisation's.
from ..elections.models import (  # noqa: E402
    Election,
    ElectionCount,
    ElectionRegion,
    Nomination,
    Seat,
)

PERSONAL += [
    (Nomination, "eligibility_reason"),  # the Secretariat's words about her
    (Nomination, "photo_key"),  # her photo's stored file
    (Nomination, "cv_key"),  # her CV's stored file
    (Nomination, "cv_name"),  # her CV's file name
]
NOT_PERSONAL += [
    (Election, "status"),  # a status code
    (Election, "officers_by"),  # a code
    (Election, "offices"),  # office codes
    (Election, "seed"),  # the published draw's seed
    (ElectionRegion, "region"),  # a region code
    (Nomination, "region"),  # a region code
    (Nomination, "status"),  # a status code
    (Nomination, "eligibility"),  # a code
    (Nomination, "photo_type"),  # a MIME type
    (Nomination, "cv_type"),  # a MIME type
    (ElectionCount, "kind"),  # a code
    (ElectionCount, "record"),  # the published protocol and anonymous ballots
    (ElectionCount, "elected"),  # nomination ids
    (Seat, "region"),  # a region code
    (Seat, "office"),  # an office code
    (Seat, "end_reason"),  # a code
]
_HERS[Nomination] = lambda user_id, _email: Nomination.candidate_id == user_id
# The Steering Committee's reports (elections, part space): a period's name and a
# state code; its words are translated content (Translation.body), the committee's.
from ..elections.models_reports import CommitteeReport  # noqa: E402

NOT_PERSONAL += [
    (CommitteeReport, "period"),  # the period's name, such as "2026 Q4"
    (CommitteeReport, "status"),  # a state code
]

# Shared metrics' publications (metrics.publication) and the annual report
# (reports.models): the figures published after disclosure control (no figure of
# fewer than 5 people, organisations named only where that reveals no figure), a
# state code, a section code; the narratives are translated content, the
# Secretariat's.
from ..metrics.publication import Publication  # noqa: E402
from ..reports.models import AnnualReport, AnnualReportNarrative  # noqa: E402

NOT_PERSONAL += [
    (Publication, "figures"),  # the published tables, already protected
    (AnnualReport, "status"),  # a state code
    (AnnualReportNarrative, "section"),  # a section code
]

# Webhooks (webhooks package): a delivery's body names the organisation's own
# member(s) the event is about (id and name): erasure deletes the deliveries about
# her, with their attempts. The endpoint is the organisation's, about no one.
from ..webhooks.models import (  # noqa: E402
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

PERSONAL += [(WebhookDelivery, "*")]  # an event about her, sent to her organisation
NOT_PERSONAL += [
    (WebhookEndpoint, "url"),  # the organisation's system, about no one
    (WebhookEndpoint, "events"),  # event type codes
    (WebhookEndpoint, "status"),  # a state code
    (WebhookEndpoint, "paused_reason"),  # a reason code
    (WebhookEndpoint, "secret_salt"),  # random; the secret is derived from it
    (WebhookAttempt, "error"),  # a network error message, about no one
]
_HERS[WebhookDelivery] = lambda user_id, _email: sa.or_(
    WebhookDelivery.member_id == user_id, WebhookDelivery.other_member_id == user_id
)
