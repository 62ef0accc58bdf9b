"""When each survey is due, storing an answer without the person, reminders.

Answers carry no mentorship id: which were given is found through their keyed
fingerprints (keys.py), computed here for the surveys in question.

A mentorship has three surveys per side (mentee, mentor):
- baseline: from the start, while active;
- midpoint: from half-way between the start and `ends_on`, while active;
- final: from 14 days before `ends_on` while active, or from the closing day once
  completed or closed early, and then for 90 days.
"""

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..audit import record
from ..audit.models import AuditEvent
from ..core import schedule
from ..db import db, utcnow
from ..email import send_email
from ..mentorships.models import Mentorship, MentorshipStatus
from . import keys
from .models import STAGES, SurveyResponse, SurveyStage

STAGE_NAMES = {
    SurveyStage.BASELINE: _l("Baseline survey"),
    SurveyStage.MIDPOINT: _l("Mid-point survey"),
    SurveyStage.FINAL: _l("Final survey"),
}
ROLES = ("mentee", "mentor")
FINAL_LEAD = timedelta(days=14)
FINAL_GRACE = timedelta(days=90)
REMINDER_DELAY = timedelta(days=3)
CLOSED = (MentorshipStatus.COMPLETED, MentorshipStatus.CLOSED_EARLY)


class AlreadyAnswered(Exception):
    """This side of the mentorship already answered this survey."""


def utc_today():
    """The current day in UTC, the calendar the dates here are compared in."""
    return utcnow().date()


# --- When a survey is open -----------------------------------------------------------


def _closed_on(mentorship):
    if mentorship.closed_at is not None:
        return mentorship.closed_at.date()
    return mentorship.ends_on


def opens_on(mentorship, stage):
    """The day this stage's survey opens, or None when it cannot be told."""
    start = mentorship.started_at.date()
    ends = mentorship.ends_on
    if stage == SurveyStage.BASELINE:
        return start
    if stage == SurveyStage.MIDPOINT:
        return _half_way(start, ends)
    days = [ends - FINAL_LEAD] if ends else []
    if mentorship.status in CLOSED and _closed_on(mentorship):
        days.append(_closed_on(mentorship))
    return max(min(days), start) if days else None


def _half_way(start, ends):
    if ends is None:
        return None
    return start + timedelta(days=max((ends - start).days, 0) // 2)


def is_open(mentorship, stage, today):
    """True when the stage's survey may be answered on day `today`."""
    opens = opens_on(mentorship, stage)
    if opens is None or opens > today:
        return False
    if mentorship.status == MentorshipStatus.ACTIVE:
        return True
    closed = _closed_on(mentorship)
    return stage == SurveyStage.FINAL and today <= closed + FINAL_GRACE


def role_of(user, mentorship):
    """Her side of the pair: 'mentee' or 'mentor'."""
    return "mentee" if mentorship.mentee_user_id == user.id else "mentor"


def _current(today):
    """SQL condition: mentorships that may have a survey open on day `today`."""
    cutoff = today - FINAL_GRACE
    cutoff_at = datetime.combine(cutoff, time.min, tzinfo=UTC)
    return sa.or_(
        Mentorship.status == MentorshipStatus.ACTIVE,
        sa.and_(
            Mentorship.status.in_(CLOSED),
            sa.or_(
                Mentorship.closed_at >= cutoff_at,
                sa.and_(Mentorship.closed_at.is_(None), Mentorship.ends_on >= cutoff),
            ),
        ),
    )


MAX_KEYS = 2000  # fingerprints in one IN (...) list; more: scan their programmes


def _answered(surveys):
    """The (mentorship, role, stage) of `surveys` already answered, in one query:
    their keyed fingerprints looked up, or, for a large sweep, every fingerprint of
    their programmes read and matched here (an IN list has a bounded size)."""
    secret = keys.secret(current_app.config)
    by_key = {
        keys.answer_key(m.id, role, stage, secret): (m, role, stage)
        for m, role, stage in surveys
    }
    query = sa.select(SurveyResponse.answer_key)
    if len(by_key) <= MAX_KEYS:
        query = query.where(SurveyResponse.answer_key.in_(list(by_key)))
    else:
        programmes = {m.programme_id for m, _role, _stage in surveys}
        query = query.where(SurveyResponse.programme_id.in_(programmes))
    found = {key for key in db.session.scalars(query) if key in by_key}
    return [survey for key, survey in by_key.items() if key in found]  # in order


def already_answered(mentorship, role, stage):
    """True when this side of the mentorship answered this survey."""
    key = keys.answer_key(mentorship.id, role, stage)
    query = sa.select(SurveyResponse.id).where(SurveyResponse.answer_key == key)
    return db.session.scalar(query.limit(1)) is not None


def _open_unanswered(mentorships, roles_of, today):
    """(mentorship, role, stage) open on `today` and not answered: one query."""
    candidates = [
        (mentorship, role, stage)
        for mentorship in mentorships
        for role in roles_of(mentorship)
        for stage in STAGES
        if is_open(mentorship, stage, today)
    ]
    if not candidates:
        return []
    answered = {(m.id, role, stage) for m, role, stage in _answered(candidates)}
    return [
        (m, role, stage)
        for m, role, stage in candidates
        if (m.id, role, stage) not in answered
    ]


def _of_person(user):
    return sa.or_(
        Mentorship.mentee_user_id == user.id, Mentorship.mentor_user_id == user.id
    )


def _listed():
    """Loader options: each mentorship's pair and programme name, as the pages
    naming them (surveys/_pair.html) show them, in the mentorships' query."""
    from ..mentorships.services import pairs_listed

    return pairs_listed()


def due_surveys(user, today=None):
    """Her surveys open and not answered yet: a list of (mentorship, role, stage)."""
    if not user.is_authenticated:
        return []
    today = today or utc_today()
    mentorships = (
        db.session.scalars(
            sa.select(Mentorship)
            .options(*_listed())
            .where(_of_person(user), _current(today))
            .order_by(Mentorship.started_at.desc(), Mentorship.id)
        )
        .unique()
        .all()
    )
    return _open_unanswered(mentorships, lambda m: [role_of(user, m)], today)


def her_surveys(user, today):
    """(due, answered) for her surveys page, in two queries: her mentorships, and
    which of their surveys her side answered. The same lists as `due_surveys` and
    `answered_surveys` (a survey is open only in a mentorship `_current` keeps)."""
    mentorships = (
        db.session.scalars(
            sa.select(Mentorship)
            .options(*_listed())
            .where(_of_person(user))
            .order_by(Mentorship.started_at.desc(), Mentorship.id)
        )
        .unique()
        .all()
    )
    surveys = [(m, role_of(user, m), stage) for m in mentorships for stage in STAGES]
    if not surveys:
        return [], []
    answered = _answered(surveys)
    done = {(m.id, role, stage) for m, role, stage in answered}
    due = [
        (m, role, stage)
        for m, role, stage in surveys
        if is_open(m, stage, today) and (m.id, role, stage) not in done
    ]
    return due, answered


def answered_surveys(user):
    """The surveys she answered (never the answers): a list of (mentorship, role,
    stage), newest mentorship first, stages in order."""
    mentorships = db.session.scalars(
        sa.select(Mentorship)
        .where(_of_person(user))
        .order_by(Mentorship.started_at.desc(), Mentorship.id)
    ).all()
    return _answered(
        [(m, role_of(user, m), stage) for m in mentorships for stage in STAGES]
    )


# --- Answering -----------------------------------------------------------------------


def submit(user, mentorship, stage, answers):
    """Store her answers without her id or her mentorship's (a keyed fingerprint
    instead); AlreadyAnswered if her side answered."""
    role = role_of(user, mentorship)
    if already_answered(mentorship, role, stage):
        raise AlreadyAnswered
    organisation = user.organisation
    progress = answers.get("goal_progress") or {}
    response = SurveyResponse(
        programme_id=mentorship.programme_id,
        answer_key=keys.answer_key(mentorship.id, role, stage),
        role=role,
        stage=stage,
        organisation_id=user.organisation_id,
        region=organisation.region if organisation else None,
        language=user.locale or "en",
        satisfaction=answers.get("satisfaction"),
        nps=answers.get("nps"),
        confidence=answers.get("confidence"),
        goal_progress=sorted(progress.values()),
        comment=answers.get("comment") or "",
    )
    db.session.add(response)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Two submissions racing: the database's unique constraint had the last word.
        raise AlreadyAnswered from error
    return response


def survey_goals(mentorship):
    """The goals whose progress the survey asks about (not the dropped ones)."""
    return [goal for goal in mentorship.goals if goal.status != "dropped"]


# --- Reminders -----------------------------------------------------------------------


def _marker(role, stage):
    return f"survey_reminder_{role}_{stage}"


def _reminded(mentorship_ids):
    """{(mentorship_id, action)} of the survey reminders already sent, in one query."""
    rows = db.session.execute(
        sa.select(AuditEvent.entity_id, AuditEvent.action).where(
            AuditEvent.entity_type == Mentorship.__tablename__,
            AuditEvent.entity_id.in_(mentorship_ids),
            AuditEvent.action.like("survey_reminder_%"),
        )
    )
    return {tuple(row) for row in rows}


def _reachable(person):
    return person is not None and person.erased_at is None


def remind_due(today=None):
    """Email each person whose survey opened 3 or more days ago, once per survey.

    The audit trail remembers who was reminded, so a second sweep sends nothing.
    A bounded number of queries, then one email per reminder. Returns how many
    reminders were sent; the caller commits.
    """
    today = today or utc_today()
    current = sa.select(Mentorship.id).where(_current(today))
    mentorships = db.session.scalars(
        sa.select(Mentorship)
        .where(_current(today))
        .order_by(Mentorship.id)  # claims in one order: two sweeps never deadlock
        .options(
            selectinload(Mentorship.mentee),
            selectinload(Mentorship.mentor),
            selectinload(Mentorship.programme),
        )
    ).all()
    due = [
        (mentorship, role, stage)
        for mentorship, role, stage in _open_unanswered(
            mentorships, lambda m: ROLES, today
        )
        if opens_on(mentorship, stage) + REMINDER_DELAY <= today
    ]
    reminded = _reminded(current) if due else set()
    sent = 0
    for mentorship, role, stage in due:
        person = getattr(mentorship, role)
        if (mentorship.id, _marker(role, stage)) in reminded or not _reachable(person):
            continue
        # Another worker's sweep may be at the same reminder: one of them wins.
        key = f"survey:{mentorship.id}:{role}:{stage}"
        if not schedule.claim_once(key, "surveys.reminder", utcnow()):
            continue
        _remind(person, mentorship, role, stage)
        sent += 1
    return sent


def _remind(person, mentorship, role, stage):
    record(mentorship, _marker(role, stage), data={"role": role, "stage": stage})
    send_email(
        person,
        "survey_due",
        person=person,
        mentorship=mentorship,
        role=role,
        stage=stage,
        stage_name=STAGE_NAMES[stage],
    )
