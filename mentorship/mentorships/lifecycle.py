"""A mentorship's lifecycle: its start when both accept an offer, closing early,
completion at the programme's end, and the reminder after a month without a meeting.
Services flush; the caller commits."""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import signals
from ..db import db, utcnow
from ..email import send_email
from ..matches.transitions import FlowError, free_slot
from ..programmes.models import Enrolment, EnrolmentStatus
from .models import Meeting, Mentorship, MentorshipStatus
from .services import partner_of, role_of

CLOSE_REASONS = {
    "no_time": _l("One of us no longer has the time"),
    "not_a_fit": _l("The pairing is not a good fit"),
    "goals_reached_early": _l("We reached our goals early"),
    "personal_reasons": _l("Personal reasons"),
    "other": _l("Other reason"),
}
QUIET_DAYS = 30
"""No meeting logged for this many days: both are reminded, at most once a period."""


def _update_if(mentorship_filter, **values):
    """A conditional UPDATE of mentorships; returns the ids it changed."""
    stmt = (
        sa.update(Mentorship)
        .where(*mentorship_filter)
        .values(**values)
        .returning(Mentorship.id)
        .execution_options(synchronize_session=False)
    )
    return list(db.session.scalars(stmt))


def start(proposal, *, actor, **_):
    """Both accepted the offer (`signals.offer_accepted`): the mentorship starts and
    each is introduced to the other."""
    mentorship = Mentorship(
        proposal_id=proposal.id,
        programme_id=proposal.programme_id,
        mentee_user_id=proposal.mentee_enrolment.user_id,
        mentor_user_id=proposal.mentor_enrolment.user_id,
        mentee_organisation_id=proposal.mentee_organisation_id,
        mentor_organisation_id=proposal.mentor_organisation_id,
        ends_on=proposal.programme.ends_on,
    )
    db.session.add(mentorship)
    db.session.flush()
    record(mentorship, "started", actor=actor, to_state="active")
    _introduce(mentorship)
    signals.mentorship_started.send(mentorship, actor=actor)
    return mentorship


def _introduce(mentorship):
    """The introduction: each gets the other's name and email address."""
    pairs = (
        (mentorship.mentee, mentorship.mentor, "mentee"),
        (mentorship.mentor, mentorship.mentee, "mentor"),
    )
    for person, partner, role in pairs:
        send_email(
            person,
            "mentorship_started",
            person=person,
            partner=partner,
            role=role,
            mentorship=mentorship,
        )


def close_early(mentorship, by, reason, note="", rematch=False):
    """Either member closes an active mentorship early; her partner is told kindly."""
    role = role_of(mentorship, by)
    if role is None:
        raise FlowError(_l("Only the mentee or the mentor can close this mentorship."))
    if reason not in CLOSE_REASONS:
        raise FlowError(_l("Please choose a reason."))
    won = _update_if(
        (Mentorship.id == mentorship.id, Mentorship.status == MentorshipStatus.ACTIVE),
        status=MentorshipStatus.CLOSED_EARLY,
        closed_at=utcnow(),
        closed_by_id=by.id,
        close_reason=reason,
        close_note=(note or "").strip(),
        rematch_requested=bool(rematch),
    )
    db.session.expire(mentorship)
    if not won:
        raise FlowError(_l("This mentorship is no longer active."))
    record(
        mentorship,
        "closed_early",
        actor=by,
        from_state=MentorshipStatus.ACTIVE,
        to_state=MentorshipStatus.CLOSED_EARLY,
        reason=reason,
        data={"rematch_requested": bool(rematch)},
    )
    back_in_pool = _free_places(mentorship, role, rematch)
    # Other features react in this transaction (matching: never propose them again).
    signals.mentorship_closed.send(mentorship, actor=by, reason=reason)
    _tell_partner(mentorship, by, back_in_pool)


def _free_places(mentorship, closer_role, rematch):
    """The partner's place always comes back; the closer's only if she asked.

    Returns True when the partner is back in the pool of the programme.
    """
    proposal = mentorship.proposal
    if proposal is None:
        return False
    own, partner = proposal.mentee_enrolment_id, proposal.mentor_enrolment_id
    if closer_role == "mentor":
        own, partner = partner, own
    freed = [partner, own] if rematch else [partner]
    for enrolment_id in freed:
        free_slot(enrolment_id)
    enrolments = db.session.scalars(
        sa.select(Enrolment)
        .where(Enrolment.id.in_(freed))
        .execution_options(populate_existing=True)
    ).all()
    enrolled = EnrolmentStatus.ENROLLED
    return any(e.id == partner and e.status == enrolled for e in enrolments)


def _tell_partner(mentorship, closer, back_in_pool):
    partner = partner_of(mentorship, closer)
    if partner is None or partner.erased_at is not None:
        return
    send_email(
        partner,
        "mentorship_closed",
        person=partner,
        partner=closer,
        mentorship=mentorship,
        back_in_pool=back_in_pool,
    )


def complete_ended(today):
    """Active mentorships whose programme ended become completed; both are thanked."""
    ids = _update_if(
        (Mentorship.status == MentorshipStatus.ACTIVE, Mentorship.ends_on < today),
        status=MentorshipStatus.COMPLETED,
    )
    for mentorship in _load(ids):
        record(
            mentorship,
            "completed",
            from_state=MentorshipStatus.ACTIVE,
            to_state=MentorshipStatus.COMPLETED,
        )
        _email_both(mentorship, "mentorship_completed")
    return len(ids)


def remind_without_meetings(now):
    """Remind both members of pairs with no meeting logged for 30 days (once a
    period); returns how many pairs were reminded."""
    cutoff = now - timedelta(days=QUIET_DAYS)
    recent_meeting = (
        sa.select(Meeting.id)
        .where(
            Meeting.mentorship_id == Mentorship.id,
            Meeting.held_on > cutoff.date(),
        )
        .exists()
    )
    ids = _update_if(
        (
            Mentorship.status == MentorshipStatus.ACTIVE,
            Mentorship.started_at < cutoff,
            ~recent_meeting,
            sa.or_(Mentorship.reminded_at.is_(None), Mentorship.reminded_at < cutoff),
        ),
        reminded_at=now,
    )
    for mentorship in _load(ids):
        record(mentorship, "reminded_no_meeting")
        _email_both(mentorship, "no_meeting_reminder")
    return len(ids)


def _load(ids):
    if not ids:
        return []
    return db.session.scalars(
        sa.select(Mentorship)
        .where(Mentorship.id.in_(ids))
        .execution_options(populate_existing=True)
    ).all()


def _email_both(mentorship, template):
    pairs = (
        (mentorship.mentee, mentorship.mentor, "mentee"),
        (mentorship.mentor, mentorship.mentee, "mentor"),
    )
    for person, partner, role in pairs:
        if person is None or person.erased_at is not None:
            continue
        send_email(
            person,
            template,
            person=person,
            partner=partner,
            role=role,
            mentorship=mentorship,
        )
