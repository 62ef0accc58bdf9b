"""Routes of registration: register, cancel, confirm or decline an offered seat,
change who sees her name, and the participant list (see events.registration).

Every change is a POST from the session page; a refused or bad request shows that
page again with the translated reason (400) and changes nothing.
"""

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core import disclosure
from ..db import db
from . import registration as services
from .models import EventSession, Registration, RegistrationStatus
from .routes import bp


def _session_or_404(session_id):
    event = db.get_or_404(EventSession, session_id)
    policy.ensure_reach(policy.can_see_session(current_user, event))
    return event


def _act(session_id, work, done):
    _session_or_404(session_id)
    try:
        row = work()
    except services.RegistrationError as error:
        db.session.rollback()
        flash(str(error), "error")
        page = current_app.view_functions["events.session"](session_id=session_id)
        return page, 400
    db.session.commit()
    flash(done(row) if callable(done) else done, "success")
    return redirect(url_for("events.session", session_id=session_id))


def _answers_of(form):
    prefix = "answer-"
    return {
        key[len(prefix) :]: value
        for key, value in form.items()
        if key.startswith(prefix)
    }


def _registered_message(row):
    if row.status == RegistrationStatus.REGISTERED:
        return _("You are registered. A confirmation is on its way by email.")
    return _("The session is full: you are on the waitlist. We will email you.")


@bp.post("/events/<int:session_id>/register")
@policy.requires()
def register(session_id):
    """She registers: a seat if one is free for her, else the waitlist."""
    return _act(
        session_id,
        lambda: services.register(
            session_id,
            current_user,
            answers=_answers_of(request.form),
            visibility=request.form.get("visibility"),
        ),
        _registered_message,
    )


@bp.post("/events/<int:session_id>/cancel")
@policy.requires()
def cancel(session_id):
    """She cancels her seat, offer or waitlist place (until the start)."""
    return _act(
        session_id,
        lambda: services.cancel(session_id, current_user),
        _("Your registration is cancelled."),
    )


@bp.post("/events/<int:session_id>/confirm")
@policy.requires()
def confirm(session_id):
    """She confirms the seat offered to her."""
    return _act(
        session_id,
        lambda: services.confirm(session_id, current_user),
        _("Your seat is confirmed."),
    )


@bp.post("/events/<int:session_id>/decline")
@policy.requires()
def decline(session_id):
    """She declines the seat offered to her; it passes to the next person."""
    return _act(
        session_id,
        lambda: services.decline(session_id, current_user),
        _("You declined the seat; it goes to the next person on the waitlist."),
    )


@bp.post("/events/<int:session_id>/visibility")
@policy.requires()
def visibility(session_id):
    """She changes who sees her name on the participant list."""
    return _act(
        session_id,
        lambda: services.set_visibility(
            session_id, current_user, request.form.get("visibility")
        ),
        _("Your choice for the participant list is saved."),
    )


@bp.get("/events/<int:session_id>/participants")
@policy.requires()
def participants(session_id):
    """Who comes: for people holding a seat, and the organisers."""
    event = _session_or_404(session_id)
    mine = services.registration_of(event, current_user)
    policy.ensure_reach(policy.can_see_participants(current_user, event, mine))
    every = policy.sees_every_participant(current_user, event)
    statuses = services.ACTIVE if every else (RegistrationStatus.REGISTERED,)
    rows = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.session_id == event.id,
            Registration.status.in_(statuses),
        )
        .order_by(Registration.created_at, Registration.id)
    ).all()
    seated = [r for r in rows if r.status == RegistrationStatus.REGISTERED]
    if every:
        shown, count = rows, len(seated)
    else:
        shown = [r for r in seated if r.list_visibility == "everyone"]
        count = disclosure.suppress(len(seated), len(seated))
    return render_template(
        "events/registration/participants.html",
        event=event,
        rows=shown,
        every=every,
        count=count,
        statuses=services.STATUS_LABELS,
        visibilities=services.VISIBILITY_LABELS,
    )
