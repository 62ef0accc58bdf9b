"""What the webhooks tell an organisation: its own members' events.

Subscribed to the signals of the features where the events happen, in their
transaction: a delivery is recorded for each active endpoint of the member's
organisation subscribed to the event, and sent after commit. A body names only the
organisation's own members (id and name), the programme or session, and record
ids; never the partner from another organisation.

"A match is made" is the moment the mentorship starts: both members accepted the
offer, after the coordinators of both sides approved the proposal
(`core.signals.mentorship_started`).
"""

from ..core import signals
from ..core.translated import resolve
from ..db import db
from ..events import signals as event_signals
from ..organisations.models import Organisation
from . import services

LANG = "en"  # record names in the payload: English if written, else their source


def init_app(app):
    signals.enrolled.connect(on_enrolled)
    signals.mentorship_started.connect(on_mentorship_started)
    event_signals.registration_changed.connect(on_registration_changed)


def _member(user, **extra):
    return {"id": user.id, "name": user.name, **extra}


def _programme(programme):
    return {"id": programme.id, "name": resolve(programme.name, LANG).body}


def on_enrolled(enrolment, **_):
    user = enrolment.user
    services.emit(
        user.organisation,
        "enrolment.created",
        {
            "member": _member(user),
            "programme": _programme(enrolment.programme),
            "enrolment": {"id": enrolment.id, "role": enrolment.role},
        },
        members=[user],
    )


def on_mentorship_started(mentorship, **_):
    sides = (
        (mentorship.mentee, "mentee", mentorship.mentee_organisation_id),
        (mentorship.mentor, "mentor", mentorship.mentor_organisation_id),
    )
    for organisation_id in dict.fromkeys(o for _u, _r, o in sides if o):
        ours = [(u, r) for u, r, o in sides if o == organisation_id]
        services.emit(
            db.session.get(Organisation, organisation_id),
            "match.made",
            {
                "mentorship": {
                    "id": mentorship.id,
                    "started_at": mentorship.started_at.isoformat(timespec="seconds"),
                },
                "programme": _programme(mentorship.programme),
                "members": [_member(u, role=r) for u, r in ours],
            },
            members=[u for u, _r in ours],
        )


def on_registration_changed(registration, change, **_):
    session = registration.session
    services.emit(
        registration.organisation,
        f"registration.{change}",
        {
            "member": _member(registration.user),
            "session": {
                "id": session.id,
                "title": resolve(session.title, LANG).body,
                "starts_at": session.starts_at.isoformat(timespec="seconds"),
            },
            "registration": {"id": registration.id, "status": registration.status},
        },
        members=[registration.user],
    )
