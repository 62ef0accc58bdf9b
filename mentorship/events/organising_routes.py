"""Routes of the events engine's organising part (see events/routes.py): the
Secretariat's list, series and sessions created and edited, cancelling, the
organiser's page (registrations, waitlist, messages, attendance), the joining link
and the attendance certificate."""

import csv
import io

import sqlalchemy as sa
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy, vocab
from ..core.pagination import page_arg, paginate
from ..db import db, utcnow
from ..forms import db_id
from . import organising, roster, times
from .models import EventSeries, EventSession, Registration
from .organising_forms import (
    GROUP_LABELS,
    QUESTION_LANGUAGES,
    AttendanceForm,
    CancelForm,
    MessageForm,
    SeriesForm,
    SessionForm,
)
from .routes import bp

SERIES_PER_PAGE = 20


def _registration_of(event, user):
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.session_id == event.id, Registration.user_id == user.id
        )
    )


@bp.get("/events/<int:session_id>/join")
@policy.requires()
def join(session_id):
    """The joining link, for those holding a seat and the organisers; following it
    during the session marks her attended (once)."""
    event = db.get_or_404(EventSession, session_id)
    registration = _registration_of(event, current_user)
    allowed = policy.can_see_join_link(current_user, event, registration)
    policy.ensure_reach(allowed and bool(event.join_url) and not event.is_cancelled)
    if roster.attend_by_link(event, registration):
        db.session.commit()
    return redirect(event.join_url)


# --- The Secretariat's list and series -----------------------------------------------


@bp.get("/admin/events")
@policy.requires(policy.can_manage_events)
def admin():
    """Every series with its sessions, newest series first."""
    pagination = paginate(
        sa.select(EventSeries).order_by(EventSeries.id.desc()),
        page_arg(),
        SERIES_PER_PAGE,
    )
    return render_template("events/organising/admin.html", pagination=pagination)


def _series_or_404(series_id):
    series = db.get_or_404(EventSeries, series_id)
    policy.ensure_reach(policy.can_organise_series(current_user, series))
    return series


@bp.route("/admin/events/series/new", methods=["GET", "POST"])
@policy.requires(policy.can_create_series)
def new_series():
    """The Secretariat opens a series."""
    form = SeriesForm()
    if not form.is_submitted():
        form.reminders.data = [c.value for c in form.reminders.choices]
    return _save_series(None, form)


@bp.route("/admin/events/series/<int:series_id>/edit", methods=["GET", "POST"])
@policy.requires()
def edit_series(series_id):
    """Its settings: the Secretariat, or the working group's chair and champions."""
    series = _series_or_404(series_id)
    form = SeriesForm(obj=series)
    if not form.is_submitted():
        form.body_id.data = str(series.body_id or "")
        standard = {int(c.value) for c in form.reminders.choices}
        form.reminders.data = [
            str(m) for m in series.reminder_minutes or () if m in standard
        ]
        form.custom_hours.data = ", ".join(
            str(m // 60)
            for m in series.reminder_minutes or ()
            if m not in standard and m % 60 == 0
        )
    return _save_series(series, form)


def _save_series(series, form):
    may_set_body = policy.can_create_series(current_user)
    if form.validate_on_submit():
        values = organising.SeriesValues(
            name=form.name.data,
            description=form.description.data,
            kind=form.kind.data,
            default_audience=form.default_audience.data,
            reminder_minutes=form.reminder_minutes(),
            confirm_hours=form.confirm_hours.data,
            offers_certificate=form.offers_certificate.data,
            body_id=int(form.body_id.data) if form.body_id.data else None,
            change_body=may_set_body,
        )
        series = organising.save_series(series, values, current_user)
        db.session.commit()
        flash(_("The series was saved."), "success")
        return redirect(url_for(".edit_series", series_id=series.id))
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "events/organising/series_form.html",
        form=form,
        series=series,
        may_set_body=may_set_body,
    )
    return page, status


# --- Sessions ------------------------------------------------------------------------


def _session_or_404(session_id, check=policy.can_organise):
    event = db.get_or_404(EventSession, session_id)
    policy.ensure_reach(check(current_user, event))
    return event


@bp.route("/admin/events/series/<int:series_id>/sessions/new", methods=["GET", "POST"])
@policy.requires()
def new_session(series_id):
    """A new session of the series, entered in the organiser's time zone."""
    series = _series_or_404(series_id)
    form = SessionForm()
    if not form.is_submitted():
        form.audience.data = series.default_audience
        form.timezone.data = times.reader_zone(current_user) or ""
    return _save_session(None, series, form)


@bp.route("/events/<int:session_id>/edit", methods=["GET", "POST"])
@policy.requires()
def edit_session(session_id):
    """Change a session: its registrants' calendars and reminders follow."""
    event = _session_or_404(session_id, policy.can_edit_session)
    form = SessionForm(obj=event, current_zone=event.timezone)
    if not form.is_submitted():
        _fill_session_form(form, event)
    return _save_session(event, event.series, form)


def _fill_session_form(form, event):
    zone = event.timezone
    form.theme_id.data = str(event.theme_id or "")
    form.starts_local.data = organising.to_local(event.starts_at, zone)
    form.ends_local.data = organising.to_local(event.ends_at, zone)
    form.reserved_until_local.data = organising.to_local(event.reserved_until, zone)
    form.opens_local.data = organising.to_local(event.registration_opens_at, zone)
    form.closes_local.data = organising.to_local(event.registration_closes_at, zone)
    for reservation in event.reservations:
        field = form._fields.get(f"seats_{reservation.region}")
        if field is not None:
            field.data = reservation.seats
    for entry, question in zip(
        form.questions.entries, event.questions or (), strict=False
    ):
        for lang in QUESTION_LANGUAGES:
            entry[lang].data = (question.get("label") or {}).get(lang, "")
        entry.required.data = bool(question.get("required"))


def _save_session(event, series, form):
    if form.validate_on_submit():
        values = organising.SessionValues(
            title=form.title.data,
            description=form.description.data,
            agenda=form.agenda.data,
            theme_id=int(form.theme_id.data) if form.theme_id.data else None,
            language=form.language.data,
            interpretations=list(form.interpretations.data or ()),
            timezone=form.timezone.data,
            starts_local=form.starts_local.data,
            ends_local=form.ends_local.data,
            join_url=form.join_url.data or "",
            audience=form.audience.data,
            capacity=form.capacity.data,
            reservations=form.reservations(),
            reserved_until_local=form.reserved_until_local.data,
            opens_local=form.opens_local.data,
            closes_local=form.closes_local.data,
            questions=form.question_list(),
        )
        try:
            event = organising.save_session(event, series, values, current_user)
        except organising.OrganisingError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _session_page(event, series, form, 400)
        db.session.commit()
        flash(_("The session was saved."), "success")
        return redirect(url_for(".session", session_id=event.id))
    return _session_page(event, series, form, 400 if form.is_submitted() else 200)


def _session_page(event, series, form, status):
    page = render_template(
        "events/organising/session_form.html",
        form=form,
        event=event,
        series=series,
        regions=vocab.REGIONS,
        languages=QUESTION_LANGUAGES,
    )
    return page, status


@bp.route("/events/<int:session_id>/cancel-session", methods=["GET", "POST"])
@policy.requires()
def cancel_session(session_id):
    """Cancel a session, with the reason its registrants are told."""
    event = _session_or_404(session_id, policy.can_edit_session)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            organising.cancel_session(event, form.reason.data, current_user)
        except organising.OrganisingError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".session", session_id=event.id))
        db.session.commit()
        flash(_("The session was cancelled; its registrants are told."), "success")
        return redirect(url_for(".session", session_id=event.id))
    page = render_template("events/organising/cancel.html", form=form, event=event)
    return page, 400 if form.is_submitted() else 200


# --- The organiser's page ------------------------------------------------------------


@bp.get("/events/<int:session_id>/organise")
@policy.requires()
def organise(session_id):
    """Counts, registrations with their answers, the waitlist, attendance and
    messages to registrants."""
    event = _session_or_404(session_id, policy.can_see_registrations)
    return _organise_page(event, MessageForm(formdata=None))


def _organise_page(event, message_form, status=200):
    rows = roster.registrations(event)
    page = render_template(
        "events/organising/organise.html",
        event=event,
        rows=rows,
        seated=[r for r in rows if r.holds_seat],
        waitlist=[r for r in rows if r.status == "waitlisted"],
        counts=roster.counts(rows),
        questions=roster.question_labels(event, str(get_locale())),
        regions=vocab.REGIONS,
        times=times.of(event, times.reader_zone(current_user)),
        message_form=message_form,
        group_labels=GROUP_LABELS,
        can_mark=policy.can_mark_attendance(current_user, event),
        can_edit=policy.can_edit_session(current_user, event),
    )
    return page, status


@bp.get("/events/<int:session_id>/registrations.csv")
@policy.requires()
def registrations_csv(session_id):
    """The registrations as CSV (cells never start a formula)."""
    event = _session_or_404(session_id, policy.can_see_registrations)
    questions = event.questions or []
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["name", "email", "organisation", "region", "status", "waitlisted_at"]
        + ["list_visibility", "attended", "attendance_source"]
        + [q.get("id", "") for q in questions]
    )
    for r in roster.registrations(event):
        answers = r.answers or {}
        row = [
            r.user.name,
            r.user.email,
            r.organisation.name if r.organisation else "",
            r.region or "",
            r.status,
            r.waitlisted_at.isoformat() if r.waitlisted_at else "",
            r.list_visibility,
            "" if r.attended is None else ("yes" if r.attended else "no"),
            r.attendance_source or "",
        ] + [str(answers.get(q.get("id"), "")) for q in questions]
        writer.writerow([_safe_cell(cell) for cell in row])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": (
                f"attachment; filename=session-{event.id}-registrations.csv"
            )
        },
    )


def _safe_cell(value):
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.post("/events/<int:session_id>/message")
@policy.requires()
def message(session_id):
    """Write to the session's registrants, each in her language."""
    event = _session_or_404(session_id, policy.can_see_registrations)
    form = MessageForm()
    if not form.validate():
        return _organise_page(event, form, 400)
    try:
        sent = roster.send_message(
            event, form.group.data, form.subject.data, form.body.data, current_user
        )
    except organising.OrganisingError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _organise_page(event, form, 400)
    db.session.commit()
    flash(_("The message goes to %(count)d people.", count=sent), "success")
    return redirect(url_for(".organise", session_id=event.id))


@bp.post("/events/<int:session_id>/attendance")
@policy.requires()
def attendance(session_id):
    """Mark attended / no-show for the seated registrations (one form)."""
    event = _session_or_404(session_id, policy.can_see_registrations)
    form = MessageForm(formdata=None)
    if not AttendanceForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return _organise_page(event, form, 400)
    if not policy.can_mark_attendance(current_user, event):
        flash(_("Attendance can be taken from the start."), "error")
        return _organise_page(event, form, 400)
    marks = {}
    for key, value in request.form.items():
        if key.startswith("mark-") and value in roster.MARKS:
            try:
                marks[db_id(key[len("mark-") :])] = value
            except ValueError:
                continue
    changed = roster.mark_attendance(event, marks, current_user)
    db.session.commit()
    flash(_("Attendance saved (%(count)d changed).", count=changed), "success")
    return redirect(url_for(".organise", session_id=event.id))


@bp.get("/events/<int:session_id>/certificate")
@policy.requires()
def certificate(session_id):
    """Her printable certificate of attendance, in her language."""
    event = db.get_or_404(EventSession, session_id)
    registration = _registration_of(event, current_user)
    policy.ensure_reach(policy.can_have_certificate(current_user, event, registration))
    return render_template(
        "events/organising/certificate.html",
        event=event,
        registration=registration,
        times=times.of(event, event.timezone),
        today=utcnow(),
    )
