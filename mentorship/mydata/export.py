"""Everything the platform holds about her, as one JSON-safe dict.

The JSON download and the readable page both render this dict: dates are ISO 8601
strings, codes come with their label in the reader's language, and of her partners
nothing but the name (and that only once she was told who they are).
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .. import vocab
from ..audit.models import AuditEvent
from ..core import memberships
from ..db import db, utcnow
from ..i18n import LANGUAGES, country_name, language_name, localized
from ..matches.models import Proposal
from ..matches.reasons import describe, describe_close
from ..mentorships.lifecycle import CLOSE_REASONS
from ..mentorships.models import CheckIn, MeetingNote, Mentorship
from ..organisations.models import Invitation, Organisation
from ..profiles.models import Profile
from ..programmes.models import Enrolment
from ..surveys.keys import keys_for
from ..surveys.models import STAGES, SurveyResponse

ERASED = "account_erased"

ENROLMENT_STATUSES = {"enrolled": _l("Enrolled"), "withdrawn": _l("Withdrawn")}
PROPOSAL_STATUSES = {
    "draft": _l("In preview"),
    "awaiting_approval": _l("Waiting for approval"),
    "offered": _l("Offered to the pair"),
    "accepted": _l("Accepted"),
    "rejected": _l("Rejected"),
    "declined": _l("Declined"),
    "expired": _l("Expired"),
    "removed": _l("Removed"),
}
ANSWERS = {"accepted": _l("Accepted"), "declined": _l("Declined")}
MENTORSHIP_STATUSES = {
    "active": _l("Active"),
    "completed": _l("Completed"),
    "closed_early": _l("Closed early"),
}
MENTORSHIP_CLOSE_REASONS = {**CLOSE_REASONS, ERASED: _l("A member left the platform")}
GOAL_STATUSES = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "achieved": _l("Achieved"),
    "dropped": _l("Dropped"),
}
SURVEY_STAGES = {
    "baseline": _l("Start of the mentorship"),
    "midpoint": _l("Mid-point"),
    "final": _l("End of the mentorship"),
}
RECORD_TYPES = {
    "users": _l("Account"),
    "enrolments": _l("Enrolment"),
    "proposals": _l("Proposal"),
    "mentorships": _l("Mentorship"),
    "programmes": _l("Programme"),
    "memberships": _l("Position held"),
    "programme_settings": _l("Programme settings"),
    "match_runs": _l("Match run"),
    "exclusions": _l("Excluded pair"),
    "api_tokens": _l("API token"),
}


def collect(user):
    """Everything the platform holds about her, JSON-safe, labelled in her language."""
    enrolments = enrolments_of(user)
    return {
        "generated_at": _iso(utcnow()),
        "account": _account(user),
        "profiles": [_profile(profile) for profile in user.profiles],
        "enrolments": [_enrolment(enrolment) for enrolment in enrolments],
        "proposals": [_proposal(p, user) for p in _proposals(enrolments)],
        "mentorships": [_mentorship(m, user) for m in _mentorships(user)],
        "positions": [_membership(m) for m in memberships.of(user)],
        "invitations": [_invitation(i) for i in _invitations(user.email)],
        "activity": [_event(event) for event in _events(user)],
        "event_registrations": _event_registrations(user),
        "translator_assignments": _translator_assignments(user),
        "group_requests": _group_requests(user),
        "meeting_invitations": _meeting_invitations(user),
        "recommendation_comments": _recommendation_comments(user),
        "results": _results(user),
        "discussion_posts": _discussion_posts(user),
        "theme_comments": _theme_comments(user),
        "decision_votes": _decision_votes(user),
        "decision_proxies": _decision_proxies(user),
        "consultations": _consultations(user),
        "election_nominations": _election_nominations(user),
        "committee_seats": _committee_seats(user),
        "api_tokens": _api_tokens(user),
    }


def _count_of(model, condition):
    return (
        sa.select(sa.func.count()).select_from(model).where(condition).scalar_subquery()
    )


_HERS = sa.select(Enrolment.id).where(Enrolment.user_id == sa.bindparam("user_id"))
# How many records of each kind `collect` would list, in one statement built once.
_COUNTS = sa.select(
    _count_of(Profile, Profile.user_id == sa.bindparam("user_id")).label("profiles"),
    _count_of(Enrolment, Enrolment.user_id == sa.bindparam("user_id")).label(
        "enrolments"
    ),
    _count_of(
        Proposal,
        sa.or_(
            Proposal.mentee_enrolment_id.in_(_HERS),
            Proposal.mentor_enrolment_id.in_(_HERS),
        ),
    ).label("proposals"),
    _count_of(
        Mentorship,
        sa.or_(
            Mentorship.mentee_user_id == sa.bindparam("user_id"),
            Mentorship.mentor_user_id == sa.bindparam("user_id"),
        ),
    ).label("mentorships"),
    _count_of(Invitation, Invitation.email == sa.bindparam("email")).label(
        "invitations"
    ),
    _count_of(AuditEvent, AuditEvent.actor_id == sa.bindparam("user_id")).label(
        "activity"
    ),
)


def counts(user):
    """How many records of each kind `collect(user)` holds, in one query (the
    page that lists what is held shows the numbers, not the records)."""
    row = db.session.execute(_COUNTS, {"user_id": user.id, "email": user.email})
    return dict(row.one()._mapping)


def _iso(value):
    return value.isoformat() if value is not None else None


def _coded(table, code):
    if code is None:
        return None
    return {"code": code, "label": vocab.label(table, code)}


def _name(person):
    """Her partner's name; nothing more of the partner is ever exported."""
    if person is None or person.erased_at is not None:
        return str(_l("A former member"))
    return person.name


def _account(user):
    return {
        "name": user.name,
        "email": user.email,
        "language": _coded(LANGUAGES, user.locale),
        "organisation": user.organisation.name if user.organisation else None,
        "roles": [_coded(vocab.ROLES, role) for role in sorted(user.roles)],
        "consent": {"version": user.consent_version, "at": _iso(user.consent_at)},
        "email_verified": user.is_verified,
        "email_verified_at": _iso(user.email_verified_at),
        "created_at": _iso(user.created_at),
    }


def _membership(membership):
    """A position she holds or held, with its term."""
    if membership.body is not None:
        where = localized(membership.body, "name")
    else:
        organisation = db.session.get(Organisation, membership.organisation_id)
        where = organisation.name if organisation else None
    return {
        "position": _coded(vocab.POSITIONS, membership.position),
        "in": where,
        "starts_on": _iso(membership.starts_on),
        "ends_on": _iso(membership.ends_on),
    }


def _profile(profile):
    return {
        "role": _coded(vocab.PROFILE_ROLES, profile.role),
        "headline": profile.headline,
        "bio": profile.bio,
        "focus": profile.focus,
        "tags": [_coded(vocab.TAGS, code) for code in profile.tags or []],
        "discipline": _coded(vocab.DISCIPLINES, profile.discipline),
        "career_stage": _coded(vocab.CAREER_STAGES, profile.career_stage),
        "years_experience": profile.years_experience,
        "commodity": _coded(vocab.COMMODITIES, profile.commodity),
        "operation_type": _coded(vocab.OPERATION_TYPES, profile.operation_type),
        "country": {"code": profile.country, "label": country_name(profile.country)},
        "timezone": profile.timezone,
        "languages": [
            {"code": code, "label": language_name(code)}
            for code in profile.languages or []
        ],
        "availability_hours": profile.availability_hours,
        "capacity": profile.capacity,
        "cross_org_only": profile.cross_org_only,
        "same_region_preferred": profile.same_region_preferred,
        "meeting_mode": _coded(vocab.MEETING_MODES, profile.meeting_mode),
        "paused": profile.paused,
        "created_at": _iso(profile.created_at),
        "updated_at": _iso(profile.updated_at),
    }


def enrolments_of(user):
    """Her enrolments, oldest first."""
    return db.session.scalars(
        sa.select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.id)
    ).all()


def _enrolment(enrolment):
    return {
        "programme": localized(enrolment.programme, "name"),
        "role": _coded(vocab.PROFILE_ROLES, enrolment.role),
        "goals": enrolment.goals,
        "capacity": enrolment.capacity,
        "slots_taken": enrolment.slots_taken,
        "status": _coded(ENROLMENT_STATUSES, enrolment.status),
        "enrolled_at": _iso(enrolment.enrolled_at),
        "withdrawn_at": _iso(enrolment.withdrawn_at),
    }


def _proposals(enrolments):
    ids = [enrolment.id for enrolment in enrolments]
    return db.session.scalars(
        sa.select(Proposal)
        .where(
            sa.or_(
                Proposal.mentee_enrolment_id.in_(ids),
                Proposal.mentor_enrolment_id.in_(ids),
            )
        )
        .order_by(Proposal.id)
    ).all()


def _proposal(proposal, user):
    role = "mentee" if proposal.mentee_enrolment.user_id == user.id else "mentor"
    partner = _other_side(proposal, role).user
    declined = getattr(proposal, f"{role}_answer") == "declined"
    told = proposal.offered_at is not None or proposal.status == "accepted"
    return {
        "programme": localized(proposal.programme, "name"),
        "your_role": _coded(vocab.PROFILE_ROLES, role),
        # Before the offer she is not told who: neither is the export.
        "partner": _name(partner) if told else None,
        "status": _coded(PROPOSAL_STATUSES, proposal.status),
        "score": round(proposal.score, 3),
        "reasons": [describe(reason) for reason in proposal.reasons or []],
        "your_answer": _coded(ANSWERS, getattr(proposal, f"{role}_answer")),
        "answered_at": _iso(getattr(proposal, f"{role}_answered_at")),
        "created_at": _iso(proposal.created_at),
        "released_at": _iso(proposal.released_at),
        "offered_at": _iso(proposal.offered_at),
        "expires_at": _iso(proposal.expires_at),
        "closed_at": _iso(proposal.closed_at),
        "close_reason": describe_close(proposal.close_reason) or None,
        "your_close_note": proposal.close_note if declined else None,
    }


def _other_side(proposal, role):
    other = "mentor" if role == "mentee" else "mentee"
    return getattr(proposal, f"{other}_enrolment")


def _mentorships(user):
    return db.session.scalars(
        sa.select(Mentorship)
        .where(
            sa.or_(
                Mentorship.mentee_user_id == user.id,
                Mentorship.mentor_user_id == user.id,
            )
        )
        .order_by(Mentorship.started_at, Mentorship.id)
    ).all()


def _mentorship(mentorship, user):
    role = "mentee" if mentorship.mentee_user_id == user.id else "mentor"
    partner = mentorship.mentor if role == "mentee" else mentorship.mentee
    mine = mentorship.closed_by_id == user.id
    return {
        "programme": localized(mentorship.programme, "name"),
        "your_role": _coded(vocab.PROFILE_ROLES, role),
        "partner": _name(partner),
        "status": _coded(MENTORSHIP_STATUSES, mentorship.status),
        "started_at": _iso(mentorship.started_at),
        "ends_on": _iso(mentorship.ends_on),
        "next_meeting_at": _iso(mentorship.next_meeting_at),
        "closed_at": _iso(mentorship.closed_at),
        "closed_by_you": mine,
        "close_reason": _coded(
            MENTORSHIP_CLOSE_REASONS, mentorship.close_reason or None
        ),
        "your_close_note": mentorship.close_note if mine else None,
        "goals": [_goal(goal, user) for goal in mentorship.goals],
        "meetings": _meetings(mentorship, user),
        "check_ins": _check_ins(mentorship, role),
        "survey_responses": _surveys(mentorship, role),
    }


def _goal(goal, user):
    return {
        "title": goal.title,
        "status": _coded(GOAL_STATUSES, goal.status),
        "proposed_by_you": goal.proposed_by_id == user.id,
        "created_at": _iso(goal.created_at),
        "achieved_at": _iso(goal.achieved_at),
    }


def _meetings(mentorship, user):
    """The pair's meetings with her own notes; her partner's notes never."""
    ids = [meeting.id for meeting in mentorship.meetings]
    notes = dict(
        db.session.execute(
            sa.select(MeetingNote.meeting_id, MeetingNote.body).where(
                MeetingNote.meeting_id.in_(ids), MeetingNote.author_id == user.id
            )
        ).all()
    )
    return [
        {
            "held_on": _iso(meeting.held_on),
            "duration_minutes": meeting.duration_minutes,
            "mode": _coded(vocab.MEETING_MODES, meeting.mode),
            "topics": meeting.topics,
            "logged_by_you": meeting.logged_by_id == user.id,
            "your_note": notes.get(meeting.id),
        }
        for meeting in mentorship.meetings
    ]


def _check_ins(mentorship, role):
    rows = db.session.scalars(
        sa.select(CheckIn)
        .where(CheckIn.mentorship_id == mentorship.id, CheckIn.role == role)
        .order_by(CheckIn.created_at, CheckIn.id)
    )
    return [
        {
            "period": row.period,
            "fit": row.fit,
            "comment": row.comment,
            "created_at": _iso(row.created_at),
        }
        for row in rows
    ]


def _surveys(mentorship, role):
    """Her answers, found by their keyed fingerprints (surveys/keys.py)."""
    fingerprints = keys_for((mentorship.id, role, stage) for stage in STAGES)
    rows = db.session.scalars(
        sa.select(SurveyResponse)
        .where(SurveyResponse.answer_key.in_(list(fingerprints)))
        .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
    )
    return [
        {
            "stage": _coded(SURVEY_STAGES, row.stage),
            "satisfaction": row.satisfaction,
            "nps": row.nps,
            "confidence": row.confidence,
            "goal_progress": row.goal_progress,
            "comment": row.comment,
            "submitted_at": _iso(row.submitted_at),
        }
        for row in rows
    ]


def _invitations(email):
    return db.session.scalars(
        sa.select(Invitation).where(Invitation.email == email).order_by(Invitation.id)
    ).all()


def _invitation(invitation):
    return {
        "organisation": invitation.organisation.name,
        "language": _coded(LANGUAGES, invitation.locale),
        "sent_at": _iso(invitation.created_at),
        "accepted_at": _iso(invitation.accepted_at),
    }


def _events(user):
    return db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.actor_id == user.id)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()


def _event(event):
    return {
        "at": _iso(event.at),
        "action": event.action,
        "record": _coded(RECORD_TYPES, event.entity_type),
    }


def _api_tokens(user):
    """Her personal API tokens: names, scopes, dates (api.tokens)."""
    from ..api.tokens import export_of

    return export_of(user)


def _event_registrations(user):
    """Her registrations for events (events.registration)."""
    from ..events.registration import export_of

    return export_of(user)


def _translator_assignments(user):
    """The resources she is assigned to translate (library)."""
    from ..library.services import export_of

    return export_of(user)


def _group_requests(user):
    """Her nominations and requests to join working groups, and those she made
    (groups.members)."""
    from ..groups.members_queries import export_of

    return export_of(user)


def _meeting_invitations(user):
    """The working-group meetings she was invited to as a guest (groups.meetings)."""
    from ..groups.meetings import export_of

    return export_of(user)


def _recommendation_comments(user):
    """Her comments on working groups' recommendations (recommendations)."""
    from ..recommendations.services import export_of

    return export_of(user)


def _results(user):
    """Her updates of results, and the results she owns (results)."""
    from ..results.services import export_of

    return export_of(user)


def _discussion_posts(user):
    """Her messages in the working groups' discussions."""
    from ..discussions.services import export_of

    return export_of(user)


def _theme_comments(user):
    """Her comments on theme proposals (theme_proposals)."""
    from ..theme_proposals.services import export_of

    return export_of(user)


def _decision_votes(user):
    """The votes she cast for an organisation (decisions), never their choices."""
    from ..decisions.export import votes_of

    return votes_of(user)


def _decision_proxies(user):
    """The proxies she handed for her organisation, or holds (decisions)."""
    from ..decisions.export import proxies_of

    return proxies_of(user)


def _consultations(user):
    """Her comments on her organisations' drafts, the responses she submitted."""
    from ..consultations.personal import export_of

    return export_of(user)


def _election_nominations(user):
    """The nominations she received (her statement, files) and made (elections)."""
    from ..elections.candidacy import export_of

    return export_of(user)


def _committee_seats(user):
    """Her seats on the Steering Committee, with their terms and offices."""
    from ..elections.queries_committee import export_of

    return export_of(user)
