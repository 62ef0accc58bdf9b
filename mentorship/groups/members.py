"""Members with positions and terms: nominations, requests to join, decisions,
positions changed and terms ended, and each member's roster visibility (the
`members` part). Services add and flush, the request commits.

Every state change is one conditional UPDATE (or a unique INSERT) with its audit
row, and accepting locks the request's row first, so that two runners accepting
at once start one term. A refused change raises MembersError with a translated
message and changes nothing. Terms are core memberships on the group's body:
ending one keeps it as history.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..audit import record
from ..auth.models import User
from ..core import memberships
from ..core.errors import ServiceError
from ..core.models import Membership
from ..core.notifications import notify, public_url
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from . import members_queries as queries
from . import members_words, words
from .members_models import GroupRequest, RequestKind, RequestPosition, RequestStatus
from .models import GroupPreference, RosterVisibility

NOTE_MAX = 1000
REASON_MAX = 1000


class MembersError(ServiceError):
    """A nomination, request or term that cannot be changed as asked."""


def _ensure_open(group):
    if group.is_closed:
        raise MembersError(_l("This group is closed: nothing in it can change."))


def _ensure_not_member(group, person, *, herself):
    if queries.current_terms(group, person):
        if herself:
            raise MembersError(_l("You are already a member of this group."))
        raise MembersError(
            _l("%(name)s is already a member of this group.", name=person.name)
        )


def _clean(text, limit):
    return (text or "").strip()[:limit]


# --- The way in: nominations and requests -------------------------------------------


def nominate(group, person, organisation, position, note, by):
    """Her organisation (through `by`, its leader or delegate) nominates `person`
    for `position`; she is told by email."""
    _ensure_open(group)
    if not policy.nominates_for(by, organisation):
        raise MembersError(
            _l("Only a member organisation's leader or delegate nominates its people.")
        )
    if person.organisation_id != organisation.id or person.erased_at is not None:
        raise MembersError(_l("You can only nominate people of your organisation."))
    if position not in set(RequestPosition):
        raise MembersError(_l("Choose member or thematic champion."))
    _ensure_not_member(group, person, herself=person.id == by.id)
    request = _add(
        group,
        person,
        organisation,
        RequestKind.NOMINATION,
        position,
        _clean(note, NOTE_MAX),
        by,
    )
    _tell(request, "groups_members_nominated", by=by)
    return request


def ask_to_join(group, person, motivation):
    """She asks to join as a member, with a short motivation."""
    _ensure_open(group)
    if not policy.of_member_organisation(person):
        raise MembersError(
            _l("Only people of the Alliance's member organisations can join a group.")
        )
    _ensure_not_member(group, person, herself=True)
    motivation = _clean(motivation, NOTE_MAX)
    if not motivation:
        raise MembersError(_l("Say in a few words why you would like to join."))
    return _add(
        group,
        person,
        person.organisation,
        RequestKind.REQUEST,
        RequestPosition.MEMBER,
        motivation,
        person,
    )


def _add(group, person, organisation, kind, position, note, by):
    """Insert the request; the unique 'one waiting per person' decides a race."""
    if queries.waiting_for(group, person) is not None:
        raise _already_waiting(person, by)
    request = GroupRequest(
        group_id=group.id,
        user_id=person.id,
        organisation_id=organisation.id if organisation is not None else None,
        kind=kind,
        position=position,
        note=note,
        created_by_id=by.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError:  # another one was made at the same moment
        raise _already_waiting(person, by) from None
    record(request, "requested", actor=by, to_state=RequestStatus.PENDING)
    return request


def _already_waiting(person, by):
    if person.id == by.id:
        return MembersError(
            _l("You already have a nomination or a request waiting for this group.")
        )
    return MembersError(
        _l(
            "%(name)s already has a nomination or a request waiting for this group.",
            name=person.name,
        )
    )


def accept(request, by, ends_on=None):
    """The runners accept: her term starts today (until `ends_on`, if given).
    The request's row is locked first: of two runners accepting, one wins."""
    request = _locked(request)
    group = request.group
    _ensure_open(group)
    _ensure_waiting(request)
    _check_end(ends_on)
    person = request.person
    _ensure_not_member(group, person, herself=person.id == by.id)
    membership = _start(person, request.position, group, by, ends_on)
    won = transition(
        GroupRequest,
        request,
        [RequestStatus.PENDING],
        RequestStatus.ACCEPTED,
        actor=by,
        decided_at=utcnow(),
        decided_by_id=by.id,
        membership_id=membership.id,
    )
    if not won:  # cannot happen under the lock; kept for SQLite's sake
        raise _not_waiting(request)
    _tell(request, "groups_members_accepted", membership=membership)
    return membership


def decline(request, reason, by):
    """The runners decline, with a reason she is told."""
    _ensure_open(request.group)
    reason = _clean(reason, REASON_MAX)
    if not reason:
        raise MembersError(_l("Say why it is declined: she will be told."))
    _move(request, RequestStatus.DECLINED, by, reason=reason)
    _tell(request, "groups_members_declined", reason=reason)


def refuse(request, by, reason=""):
    """The nominee declines her own nomination."""
    _ensure_open(request.group)
    if not request.is_nomination:
        raise MembersError(_l("Only a nomination can be declined by its nominee."))
    _move(request, RequestStatus.REFUSED, by, reason=_clean(reason, REASON_MAX))


def withdraw(request, by):
    """Whoever made it takes it back while it waits."""
    _ensure_open(request.group)
    _move(request, RequestStatus.WITHDRAWN, by)


def _move(request, status, by, reason=""):
    won = transition(
        GroupRequest,
        request,
        [RequestStatus.PENDING],
        status,
        actor=by,
        reason=reason,
        decided_at=utcnow(),
        decided_by_id=by.id,
        decision_reason=reason,
    )
    if not won:
        raise _not_waiting(request)


def _locked(request):
    """The request read again under a row lock (PostgreSQL); SQLite serialises."""
    return db.session.scalar(
        sa.select(GroupRequest)
        .where(GroupRequest.id == request.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _ensure_waiting(request):
    if not request.is_pending:
        raise _not_waiting(request)


def _not_waiting(request):
    db.session.expire(request)
    if request.status == RequestStatus.WITHDRAWN:
        return MembersError(_l("This was withdrawn: there is nothing to decide."))
    if request.status == RequestStatus.REFUSED:
        return MembersError(_l("The nominee declined this nomination herself."))
    return MembersError(_l("This was already decided."))


# --- Terms: positions, appointments, ends -------------------------------------------


def _check_end(ends_on):
    if ends_on is not None and (
        not isinstance(ends_on, date) or ends_on <= memberships.today()
    ):
        raise MembersError(_l("A term ends after today."))


def _start(person, position, group, by, ends_on=None):
    """Her new term in `position` from today; the database keeps one open term
    per person and position."""
    try:
        with db.session.begin_nested():
            membership = memberships.start(person, position, body=group.body, actor=by)
    except IntegrityError:
        raise MembersError(_l("She already holds this position.")) from None
    if ends_on is not None:
        membership.ends_on = ends_on
        db.session.flush()
    return membership


def _end(membership, by, reason):
    """End a current term today (even one planned to end later); False if it was
    already over (another runner was quicker)."""
    today = memberships.today()
    won = update_if(
        Membership,
        membership,
        sa.or_(Membership.ends_on.is_(None), Membership.ends_on > today),
        Membership.starts_on <= today,
        ends_on=today,
    )
    if won:
        record(
            membership,
            "membership_ended",
            actor=by,
            from_state=membership.position,
            reason=reason,
            data={"user_id": membership.user_id, "body_id": membership.body_id},
        )
        _refresh(membership.user_id)
    return won


def _refresh(user_id):
    """Her cached current memberships are read again when next used."""
    person = db.session.get(User, user_id)
    if person is not None:
        db.session.expire(person, ["current_memberships"])


def change_position(group, membership, position, by):
    """The runners move a member to another position: the old term ends today,
    the new one starts today."""
    _ensure_open(group)
    if position not in policy.assignable_positions(by, group):
        raise MembersError(_l("You cannot give this position."))
    if position == membership.position:
        raise MembersError(_l("She already holds this position."))
    person = db.session.get(User, membership.user_id)
    if position == "liaison" and not policy.may_be_liaison(person):
        raise MembersError(_l("A liaison is one of the Secretariat's staff."))
    if not _end(membership, by, reason=f"{members_words.MOVED_PREFIX}{position}"):
        raise MembersError(_l("This term has already ended."))
    return _start(person, position, group, by)


def end_term(group, membership, reason, by):
    """The runners end a member's term, with a reason."""
    _ensure_open(group)
    reason = _clean(reason, REASON_MAX)
    if not reason:
        raise MembersError(_l("Say why this term ends."))
    if not _end(membership, by, reason):
        raise MembersError(_l("This term has already ended."))


def leave(group, person):
    """She leaves the group: each of her current terms there ends today."""
    _ensure_open(group)
    ended = [
        term
        for term in queries.current_terms(group, person)
        if _end(term, person, "left")
    ]
    if not ended:
        raise MembersError(_l("You are not a member of this group."))
    return len(ended)


def appoint(group, person, position, by, ends_on=None):
    """The Secretariat appoints a chair (a person of a member organisation) or a
    liaison (one of its staff)."""
    _ensure_open(group)
    if not policy.can_appoint_runners(by, group) or position not in (
        "chair",
        "liaison",
    ):
        raise MembersError(_l("Only the Secretariat appoints a chair or a liaison."))
    if position == "liaison" and not policy.may_be_liaison(person):
        raise MembersError(_l("A liaison is one of the Secretariat's staff."))
    if position == "chair" and not policy.of_member_organisation(person):
        raise MembersError(
            _l("A chair is a person of one of the Alliance's member organisations.")
        )
    _check_end(ends_on)
    if position in {t.position for t in queries.current_terms(group, person)}:
        raise MembersError(_l("She already holds this position."))
    membership = _start(person, position, group, by, ends_on)
    _tell_appointed(group, person, membership)
    return membership


def set_visibility(group, person, visibility):
    """Her own choice of who sees her name on the group's roster."""
    _ensure_open(group)
    if visibility not in set(RosterVisibility):
        raise MembersError(_l("Choose who may see your name."))
    if not queries.current_terms(group, person):
        raise MembersError(_l("You are not a member of this group."))
    preference = db.session.scalar(
        sa.select(GroupPreference).where(
            GroupPreference.group_id == group.id, GroupPreference.user_id == person.id
        )
    )
    if preference is None:
        try:
            with db.session.begin_nested():
                preference = GroupPreference(
                    group_id=group.id, user_id=person.id, roster_visibility=visibility
                )
                db.session.add(preference)
        except IntegrityError:  # made meanwhile, in another tab
            return set_visibility(group, person, visibility)
    else:
        preference.roster_visibility = visibility
        db.session.flush()
    return preference


# --- Emails and erasure -------------------------------------------------------------


def _tell(request, template, **context):
    """The person the request is about, in her language."""
    person = request.person
    if person.erased_at is not None:
        return
    url = public_url(
        "groups.member_request", slug=request.group.slug, request_id=request.id
    )
    notify(
        person,
        template,
        person=person,
        group=request.group,
        request=request,
        url=url,
        words_position=words.position,
        **context,
    )


def _tell_appointed(group, person, membership):
    url = public_url("groups.members", slug=group.slug)
    notify(
        person,
        "groups_members_appointed",
        person=person,
        group=group,
        membership=membership,
        url=url,
        words_position=words.position,
    )


def withdraw_for_erasure(user, **_kwargs):
    """Her waiting nominations and requests end with her account
    (core.signals.person_erased)."""
    waiting = db.session.scalars(
        sa.select(GroupRequest).where(
            GroupRequest.user_id == user.id,
            GroupRequest.status == RequestStatus.PENDING,
        )
    ).all()
    for request in waiting:
        transition(
            GroupRequest,
            request,
            [RequestStatus.PENDING],
            RequestStatus.WITHDRAWN,
            reason="account_erased",
            decided_at=utcnow(),
        )
