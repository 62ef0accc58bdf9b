"""The organiser's page: who registered, the counts, messages to registrants,
attendance (by the organiser or by the joining link) and certificates (the
`organising` part; series and sessions themselves are in `organising.py`).

Services add and flush; the view commits. Each change is audited.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..core.notifications import notify, public_url
from ..db import db, utcnow
from .models import (
    SEATED,
    AttendanceSource,
    Registration,
    RegistrationStatus,
)
from .organising import OrganisingError

# A person holding a seat who follows the joining link from this long before the
# start until the end is marked attended.
LINK_OPENS_BEFORE = timedelta(minutes=15)
MESSAGE_GROUPS = ("seated", "waitlist", "all")
_GROUP_STATUSES = {
    "seated": SEATED,
    "waitlist": (RegistrationStatus.WAITLISTED,),
    "all": (*SEATED, RegistrationStatus.WAITLISTED),
}


# --- The organiser's page ------------------------------------------------------------


def registrations(session):
    """Every registration of the session, waitlist in its order at the end."""
    order = sa.case((Registration.status == RegistrationStatus.WAITLISTED, 1), else_=0)
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.session_id == session.id)
        .options(sa.orm.joinedload(Registration.user))
        .options(sa.orm.joinedload(Registration.organisation))
        .order_by(order, Registration.waitlisted_at, Registration.created_at)
    ).all()


@dataclass
class Counts:
    seated: int = 0
    offered: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    attended: int = 0
    no_shows: int = 0
    by_region: list = field(default_factory=list)
    by_organisation: list = field(default_factory=list)
    attending_organisations: list = field(default_factory=list)


def counts(rows):
    """Counts of the organiser's page from the session's registrations."""
    status = Counter(r.status for r in rows)
    seated = [r for r in rows if r.holds_seat]
    attended = [r for r in seated if r.attended]
    return Counts(
        seated=status[RegistrationStatus.REGISTERED],
        offered=status[RegistrationStatus.OFFERED],
        waitlisted=status[RegistrationStatus.WAITLISTED],
        cancelled=status[RegistrationStatus.CANCELLED]
        + status[RegistrationStatus.LAPSED],
        attended=len(attended),
        no_shows=sum(1 for r in seated if r.attended is False),
        by_region=sorted(Counter(r.region or "" for r in seated).items()),
        by_organisation=sorted(
            Counter(r.organisation.name for r in seated if r.organisation).items()
        ),
        attending_organisations=attending_organisations(rows),
    )


def attending_organisations(rows):
    """The organisations whose people attended, by name, with how many."""
    return sorted(
        Counter(
            r.organisation.name for r in rows if r.attended and r.organisation
        ).items()
    )


def attended_rows(session):
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.session_id == session.id, Registration.attended.is_(True))
        .options(sa.orm.joinedload(Registration.organisation))
    ).all()


# --- Messages to registrants ---------------------------------------------------------


def send_message(session, group, subject, body, by):
    """Email the chosen group in each recipient's language (her own when written,
    else the source), after commit; audited. Returns how many were written to."""
    if group not in MESSAGE_GROUPS:
        raise OrganisingError(_l("Choose who receives the message."))
    subject_text = translated.set_text(None, subject)
    body_text = translated.set_text(None, body)
    recipients = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.session_id == session.id,
            Registration.status.in_(_GROUP_STATUSES[group]),
        )
        .options(sa.orm.joinedload(Registration.user))
    ).all()
    url = public_url("events.session", session_id=session.id)
    for registration in recipients:
        user = registration.user
        shown_subject = translated.resolve(subject_text, user.locale)
        shown_body = translated.resolve(body_text, user.locale)
        notify(
            user,
            "events_organiser_message",
            person=user,
            title=translated.resolve(session.title, user.locale).body,
            subject=shown_subject.body,
            body=shown_body.body,
            body_lang=shown_body.lang,
            url=url,
        )
    record(
        session,
        "session_message_sent",
        actor=by,
        data={
            "group": group,
            "recipients": len(recipients),
            "subject": subject.bodies.get(subject.source_lang, "")[:200],
        },
    )
    return len(recipients)


# --- Attendance ----------------------------------------------------------------------

ATTENDED, NO_SHOW = "attended", "no_show"
MARKS = (ATTENDED, NO_SHOW)


def mark_attendance(session, marks, by, now=None):
    """Record attended / no-show for seated registrations: {registration id: mark}.
    Marks for other registrations are ignored; returns how many changed."""
    now = now or utcnow()
    if not session.has_started(now):
        raise OrganisingError(_l("Attendance can be taken from the start."))
    changed = 0
    for registration in db.session.scalars(
        sa.select(Registration).where(
            Registration.session_id == session.id,
            Registration.status.in_(SEATED),
            Registration.id.in_(list(marks)),
        )
    ):
        attended = marks[registration.id] == ATTENDED
        if registration.attended is attended:
            continue
        registration.attended = attended
        registration.attendance_source = AttendanceSource.ORGANISER
        registration.attendance_marked_at = now
        record(
            registration,
            "attendance_marked",
            actor=by,
            to_state=ATTENDED if attended else NO_SHOW,
        )
        changed += 1
    if changed:
        session.version = (session.version or 0) + 1
    db.session.flush()
    return changed


def attend_by_link(session, registration, now=None):
    """She follows the joining link during the session (from 15 minutes before the
    start): marked attended once (one conditional UPDATE). True when marked now."""
    now = now or utcnow()
    if registration is None or not registration.holds_seat:
        return False
    if not (session.starts_at - LINK_OPENS_BEFORE <= now < session.ends_at):
        return False
    result = db.session.execute(
        sa.update(Registration)
        .where(
            Registration.id == registration.id,
            Registration.status.in_(SEATED),
            sa.or_(Registration.attended.is_(None), Registration.attended.is_(False)),
        )
        .values(
            attended=True,
            attendance_source=AttendanceSource.LINK,
            attendance_marked_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(registration)
    record(registration, "attendance_marked", to_state=ATTENDED, data={"by": "link"})
    return True


def question_labels(session, lang):
    """[(question id, its label in `lang`, else in the first language written)]."""
    shown = []
    for question in session.questions or ():
        label = question.get("label") or {}
        text = label.get(lang) or next((v for v in label.values() if v), "")
        shown.append((question.get("id", ""), text))
    return shown
