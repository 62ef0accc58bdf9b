"""Minutes of a session: read, open, amend, decisions and actions, approve, and an
action marked done (the `minutes` part)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagecache import public_page
from ..db import db, utcnow
from . import minutes as service
from . import times
from .minutes_forms import (
    AmendForm,
    ApproveForm,
    EmptyForm,
    ItemForm,
    OpenForm,
    RevisionForm,
)
from .minutes_models import MinutesItem
from .models import EventSession
from .routes import bp


def _session(session_id):
    event = db.get_or_404(EventSession, session_id)
    policy.ensure_reach(policy.can_see_session(current_user, event))
    return event


def _readable(session_id):
    """(session, minutes) she may read, else 404."""
    event = _session(session_id)
    minutes = service.minutes_of(event)
    policy.ensure_reach(policy.can_read_minutes(current_user, event, minutes))
    return event, minutes


@bp.get("/events/<int:session_id>/minutes")
@public_page
def minutes(session_id):
    """The minutes, their decisions and actions, their amendments; the organiser's
    form to open them once the session has ended."""
    event = _session(session_id)
    record = service.minutes_of(event)
    if record is None:
        policy.ensure_reach(policy.can_open_minutes(current_user, event))
    else:
        policy.ensure_reach(policy.can_read_minutes(current_user, event, record))
    return _page(event, record)


def _page(
    event,
    record,
    status=200,
    item_form=None,
    approve_form=None,
    form=None,
    window_form=None,
):
    refusal = None
    if record is not None:
        refusal = policy.minutes_change_refusal(current_user, event, record)
    organiser = policy.can_organise(current_user, event)
    changeable = record is not None and refusal is None
    if changeable and item_form is None:
        item_form = _item_form(event, record, formdata=None)
    if record is not None and organiser and approve_form is None:
        approve_form = ApproveForm(formdata=None, revision=str(record.revision))
    if record is not None and organiser and window_form is None:
        window_form = OpenForm(formdata=None)
    previous, following = service.neighbours(event)
    zone = times.reader_zone(current_user)
    until = service.window_end(event, record, zone) if record else None
    page = render_template(
        "events/minutes/view.html",
        event=event,
        minutes=record,
        times=times.of(event, zone),
        until=until,
        refusal=refusal,
        organiser=organiser,
        changeable=changeable,
        open_form=(form or OpenForm(formdata=None)) if record is None else None,
        item_form=item_form if changeable else None,
        approve_form=approve_form if (record and not record.is_approved) else None,
        window_form=window_form if (record and not record.is_approved) else None,
        done_form=EmptyForm(formdata=None),
        previous=previous,
        following=following,
        window_open=record is not None and record.window_is_open(utcnow()),
    )
    return page, status


def _item_form(event, record, **kwargs):
    form = ItemForm(owners=service.owner_choices(event), **kwargs)
    if kwargs.get("formdata", True) is None:
        form.revision.data = str(record.revision)
    return form


def _changeable(session_id):
    """(session, minutes, None) when she may change the minutes now, else (...,
    a response): the reason on the minutes' page (400, or a redirect for a GET),
    or on a page of its own (403) when she may not read a draft."""
    event = _session(session_id)
    record = service.minutes_of(event)
    policy.ensure_reach(record is not None)
    refusal = policy.minutes_change_refusal(current_user, event, record)
    if refusal is None:
        return event, record, None
    if not policy.can_read_minutes(current_user, event, record):
        page = render_template(
            "events/minutes/refused.html", event=event, refusal=refusal
        )
        return event, record, (page, 403)
    flash(str(refusal), "error")
    if request.method == "GET":
        return event, record, redirect(url_for(".minutes", session_id=event.id))
    return event, record, _page(event, record, 400)


def _refused(event, record, message, **forms):
    db.session.rollback()
    flash(str(message), "error")
    return _page(event, service.minutes_of(event), 400, **forms)


@bp.post("/events/<int:session_id>/minutes")
@policy.requires()
def open_minutes(session_id):
    """The organiser opens the draft from the agenda, with its amendment window."""
    event = _session(session_id)
    policy.ensure_allowed(policy.can_open_minutes(current_user, event))
    form = OpenForm()
    if not form.validate():
        return _page(event, service.minutes_of(event), 400, form=form)
    try:
        service.open_minutes(event, current_user, form.amend_days.data)
    except service.MinutesError as error:
        return _refused(event, None, error)
    db.session.commit()
    flash(_("The minutes are open for amendment."), "success")
    return redirect(url_for(".minutes", session_id=event.id))


@bp.route("/events/<int:session_id>/minutes/amend", methods=["GET", "POST"])
@policy.requires()
def amend_minutes(session_id):
    """Those who attended, and the organisers, amend the draft's text."""
    event, record, refused = _changeable(session_id)
    if refused is not None:
        return refused
    form = AmendForm(obj=record)
    if request.method == "GET":
        form.revision.data = str(record.revision)
    if form.validate_on_submit():
        try:
            service.amend(
                record,
                form.text.data,
                form.comment.data,
                current_user,
                int(form.revision.data),
            )
        except service.MinutesError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _amend_page(event, service.minutes_of(event), form, 400)
        db.session.commit()
        flash(_("Your amendment was saved."), "success")
        return redirect(url_for(".minutes", session_id=event.id))
    return _amend_page(event, record, form, 400 if form.is_submitted() else 200)


def _amend_page(event, record, form, status):
    page = render_template(
        "events/minutes/amend.html", event=event, minutes=record, form=form
    )
    return page, status


@bp.post("/events/<int:session_id>/minutes/items")
@policy.requires()
def add_minutes_item(session_id):
    """A decision or an action added to open minutes."""
    event, record, refused = _changeable(session_id)
    if refused is not None:
        return refused
    form = _item_form(event, record)
    if not form.validate():
        return _page(event, record, 400, item_form=form)
    try:
        service.add_item(
            record,
            form.kind.data,
            form.text.data,
            current_user,
            int(form.revision.data),
            owner=form.owner.data,
            due_on=form.due_on.data,
        )
    except service.MinutesError as error:
        return _refused(event, record, error, item_form=form)
    db.session.commit()
    flash(_("The item was added to the minutes."), "success")
    return redirect(url_for(".minutes", session_id=event.id, _anchor="items"))


def _item(item_id):
    item = db.get_or_404(MinutesItem, item_id)
    event, record = _readable(item.minutes.session_id)
    return item, event, record


@bp.post("/events/minutes/items/<int:item_id>/remove")
@policy.requires()
def remove_minutes_item(item_id):
    """A decision or action taken off open minutes."""
    item = db.get_or_404(MinutesItem, item_id)
    event, record, refused = _changeable(item.minutes.session_id)
    if refused is not None:
        return refused
    form = RevisionForm()
    if not form.validate():
        return _refused(event, record, _("Reload the page and try again."))
    try:
        service.remove_item(item, current_user, int(form.revision.data))
    except service.MinutesError as error:
        return _refused(event, record, error)
    db.session.commit()
    flash(_("The item was removed from the minutes."), "success")
    return redirect(url_for(".minutes", session_id=event.id, _anchor="items"))


@bp.post("/events/<int:session_id>/minutes/window")
@policy.requires()
def change_minutes_window(session_id):
    """The organiser moves the end of the amendment window (from now)."""
    event, record = _readable(session_id)
    policy.ensure_allowed(policy.can_approve_minutes(current_user, event))
    form = OpenForm()
    if not form.validate():
        return _page(event, record, 400, window_form=form)
    try:
        service.change_window(record, form.amend_days.data, current_user)
    except service.MinutesError as error:
        return _refused(event, record, error)
    db.session.commit()
    flash(_("The amendment window was changed."), "success")
    return redirect(url_for(".minutes", session_id=event.id))


@bp.post("/events/<int:session_id>/minutes/approve")
@policy.requires()
def approve_minutes(session_id):
    """The organiser approves the minutes as she read them: they are locked."""
    event, record = _readable(session_id)
    policy.ensure_allowed(policy.can_approve_minutes(current_user, event))
    form = ApproveForm()
    if not form.validate():
        return _page(event, record, 400, approve_form=form)
    try:
        service.approve(record, current_user, int(form.revision.data))
    except service.MinutesError as error:
        return _refused(event, record, error)
    db.session.commit()
    flash(_("The minutes are approved and locked."), "success")
    return redirect(url_for(".minutes", session_id=event.id))


@bp.post("/events/minutes/items/<int:item_id>/done")
@policy.requires()
def mark_action_done(item_id):
    """The action's owner (or an organiser) says it is done."""
    item, event, record = _item(item_id)
    policy.ensure_allowed(policy.can_mark_action_done(current_user, item))
    if not EmptyForm().validate():
        return _refused(event, record, _("Reload the page and try again."))
    try:
        service.mark_done(item, current_user)
    except service.MinutesError as error:
        return _refused(event, record, error)
    db.session.commit()
    flash(_("The action is marked done."), "success")
    return redirect(url_for(".minutes", session_id=event.id, _anchor="items"))
