"""Who may see or change what. Every access decision of the platform lives here.

Views ask these questions and never decide on their own. Conventions:
- a page reserved to a role answers 403 to other signed-in people;
- a person or record outside the reader's reach answers 404, so that an id in a URL
  reveals nothing about whether it exists (a coordinator never learns who belongs to
  another organisation).
"""

import functools

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

STAFF = ("secretariat", "admin")
READERS = ("secretariat", "admin", "steering")


def is_staff(user):
    """Secretariat and platform operators manage the whole Alliance."""
    return user.is_authenticated and user.has_role(*STAFF)


def can_view_mail_failures(user):
    """The emails the mail server refused (addresses, contents): the Secretariat."""
    return is_staff(user)


def coordinates(user, organisation_id):
    """True when `user` is a coordinator of that organisation."""
    return (
        user.is_authenticated
        and organisation_id is not None
        and user.organisation_id == organisation_id
        and user.has_role("coordinator")
    )


def can_manage_organisations(user):
    return is_staff(user)


def can_view_members(user, organisation_id):
    """The member list of an organisation: its coordinators and the Secretariat."""
    return is_staff(user) or coordinates(user, organisation_id)


def can_invite(user, organisation_id):
    return can_view_members(user, organisation_id)


def can_view_person(viewer, person):
    """A person's account and profiles: herself, her coordinators, the Secretariat."""
    if not viewer.is_authenticated:
        return False
    return viewer.id == person.id or can_view_members(viewer, person.organisation_id)


def can_grant_role(viewer, role):
    """Admins manage every role; the Secretariat appoints coordinators."""
    if viewer.is_authenticated and viewer.has_role("admin"):
        return True
    return role == "coordinator" and is_staff(viewer)


def can_read_reports(user):
    return user.is_authenticated and user.has_role(*READERS)


def visible_people(viewer, user_model):
    """A SQL condition selecting exactly the people `viewer` may see."""
    if is_staff(viewer):
        return sa.true()
    if viewer.has_role("coordinator") and viewer.organisation_id is not None:
        return sa.or_(
            user_model.organisation_id == viewer.organisation_id,
            user_model.id == viewer.id,
        )
    return user_model.id == viewer.id


def ensure(allowed, status=403):
    """Stop the request unless `allowed`."""
    if not allowed:
        abort(status)


def ensure_visible(allowed):
    """Like ensure(), but hides the record's existence."""
    ensure(allowed, 404)


def role_required(*roles):
    """Reserve a view to signed-in people holding one of `roles`."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            ensure(current_user.has_role(*roles))
            return view(*args, **kwargs)

        return wrapped

    return decorate


# --- Programmes and the matching flow -------------------------------------------


def can_manage_programmes(user):
    """Create programmes, tune and run matching, override: the Secretariat."""
    return is_staff(user)


def can_view_enrolments(user, organisation_id):
    """Who from an organisation enrolled: its coordinators and the Secretariat."""
    return can_view_members(user, organisation_id)


def can_decide_for_organisation(user, organisation_id):
    """Approve or reject a proposal's side that belongs to this organisation.

    Its coordinators decide; the Secretariat may stand in for any organisation
    (an organisation without coordinator, an independent member, or an override).
    """
    return is_staff(user) or coordinates(user, organisation_id)


def has_approval_queue(user):
    """Coordinators decide for their organisation; the Secretariat stands in."""
    return user.is_authenticated and user.has_role("coordinator", *STAFF)


def is_coordinator(user):
    """A coordinator of some organisation (which one is asked by `coordinates`)."""
    return user.is_authenticated and user.has_role("coordinator")


def can_view_proposal(user, proposal):
    """A proposal: its two people, the coordinators of either side, the Secretariat."""
    if not user.is_authenticated:
        return False
    people = {
        proposal.mentee_enrolment.user_id,
        proposal.mentor_enrolment.user_id,
    }
    return (
        user.id in people
        or is_staff(user)
        or coordinates(user, proposal.mentee_organisation_id)
        or coordinates(user, proposal.mentor_organisation_id)
    )


def can_answer_offer(user, proposal, role):
    """Only the mentee answers for the mentee side, the mentor for hers."""
    enrolment = (
        proposal.mentee_enrolment if role == "mentee" else proposal.mentor_enrolment
    )
    return user.is_authenticated and enrolment.user_id == user.id


def can_view_mentorship(user, mentorship):
    """The pair itself; coordinators and Secretariat see status only (elsewhere)."""
    return user.is_authenticated and user.id in (
        mentorship.mentee_user_id,
        mentorship.mentor_user_id,
    )


def can_view_programme(user, programme):
    """Published and archived programmes: anyone signed in; drafts: the Secretariat."""
    if not user.is_authenticated:
        return False
    return programme.status != "draft" or can_manage_programmes(user)


def decidable_proposals(user):
    """SQL condition: proposals with a side still waiting for `user`'s decision.

    Coordinators: undecided sides of their organisation. Secretariat: undecided sides
    of organisations without a coordinator, and of independent members.
    """
    from .auth.models import RoleGrant, User
    from .matches.models import Proposal

    def side(org_column, decision_column):
        undecided = decision_column.is_(None)
        if coordinates(user, user.organisation_id):
            return sa.and_(undecided, org_column == user.organisation_id)
        if not is_staff(user):
            return sa.false()
        has_coordinator = (
            sa.select(User.id)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(User.organisation_id == org_column, RoleGrant.role == "coordinator")
            .exists()
        )
        return sa.and_(undecided, sa.or_(org_column.is_(None), ~has_coordinator))

    return sa.and_(
        Proposal.status == "awaiting_approval",
        sa.or_(
            side(Proposal.mentee_organisation_id, Proposal.mentee_org_decision),
            side(Proposal.mentor_organisation_id, Proposal.mentor_org_decision),
        ),
    )


def reachable_proposals(user):
    """SQL condition: released proposals a decider may list in her approval queue.

    Coordinators: those involving a member of their organisation, either side.
    Secretariat: all of them. Anyone else: none (their offers are shown elsewhere).
    """
    from .matches.models import Proposal

    released = Proposal.status.notin_(["draft", "removed"])
    if coordinates(user, user.organisation_id):
        return sa.and_(
            released,
            sa.or_(
                Proposal.mentee_organisation_id == user.organisation_id,
                Proposal.mentor_organisation_id == user.organisation_id,
            ),
        )
    if is_staff(user):
        return released
    return sa.false()


def can_view_organisation(user, organisation):
    """A member organisation's page is public; the others are the Secretariat's."""
    return organisation.status == "member" or is_staff(user)


# --- Running mentorships, surveys, outcomes, personal data ------------------------

MIN_GROUP = 5
"""Smallest group whose answers or counts a report may show ("fewer than 5" below)."""


def can_edit_mentorship(user, mentorship):
    """Goals, meetings, check-ins: the pair itself, while the mentorship is active."""
    return can_view_mentorship(user, mentorship) and mentorship.status == "active"


def can_read_note(user, note):
    """A meeting note is private to its author: not her partner, not the Secretariat."""
    return user.is_authenticated and note.author_id == user.id


def can_view_outcomes(user, organisation_id=None):
    """Dashboards: the Alliance view for Secretariat, admins and the Steering
    Committee; a coordinator sees her own organisation's figures only."""
    if can_read_reports(user):
        return True
    return organisation_id is not None and coordinates(user, organisation_id)


def can_see_member_rows(viewer, organisation_id):
    """Named rows of an organisation's members (who, role, status, meetings): its
    coordinators and the Secretariat. The Steering Committee reads aggregates only,
    never people, as it may not open `/people/<id>` or the participant export."""
    return can_view_members(viewer, organisation_id)


def outcome_scope(user):
    """Every figure `user` may request covers a part of this: None for the Alliance
    (its readers), else her organisation's id. Disclosure control of survey figures
    considers every group within it (see outcomes/disclosure.py)."""
    return None if can_read_reports(user) else user.organisation_id


def can_export_participants(user, organisation_id=None):
    """Participant lists name people: staff for all, a coordinator for her own."""
    if is_staff(user):
        return True
    return organisation_id is not None and coordinates(user, organisation_id)


def can_read_close_note(user):
    """Why a mentorship closed early is told to the Secretariat only."""
    return is_staff(user)


def visible_mentorships(viewer, mentorship_model):
    """SQL condition: mentorships whose status `viewer` may follow (never content)."""
    if is_staff(viewer) or (viewer.is_authenticated and viewer.has_role("steering")):
        return sa.true()
    if viewer.has_role("coordinator") and viewer.organisation_id is not None:
        return sa.or_(
            mentorship_model.mentee_organisation_id == viewer.organisation_id,
            mentorship_model.mentor_organisation_id == viewer.organisation_id,
        )
    return sa.or_(
        mentorship_model.mentee_user_id == viewer.id,
        mentorship_model.mentor_user_id == viewer.id,
    )


def can_propose_goal(user, mentorship):
    """The mentee proposes the pair's goals (both may then edit them)."""
    return (
        can_edit_mentorship(user, mentorship) and user.id == mentorship.mentee_user_id
    )
