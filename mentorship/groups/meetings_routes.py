"""A group's monthly meetings in the events engine, and the guests its chair
invites (the `meetings` part)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import policy
from ..db import db, utcnow
from ..events import times
from ..events.registration import RegistrationError
from . import meetings, queries, words
from .meetings_forms import GuestForm, ScheduleForm
from .routes import bp


@bp.get("/groups/<slug>/meetings")
@policy.requires()
def meetings_page(slug):
    """The group's upcoming and past meetings, minutes, decisions, open actions."""
    group = queries.group_by_slug(slug)
    policy.ensure_allowed(policy.can_see_group_meetings(current_user, group))
    now = utcnow()
    found = meetings.overview(group, current_user, now)
    sessions = found.upcoming + found.past
    zone = times.reader_zone(current_user)
    return render_template(
        "groups/meetings/index.html",
        group=group,
        overview=found,
        times={s.id: times.of(s, zone) for s in sessions},
        today=now.date(),
        words=words,
    )


@bp.route("/groups/<slug>/meetings/schedule", methods=["GET", "POST"])
@policy.requires()
def schedule_meetings(slug):
    """Its runners schedule N monthly meetings at once, each with the agenda."""
    group = queries.group_by_slug(slug)
    policy.ensure_allowed(policy.can_schedule_meetings(current_user, group))
    form = ScheduleForm()
    if not form.is_submitted():
        form.timezone.data = times.reader_zone(current_user)
        form.first_on.data = utcnow().date()
    if form.validate_on_submit():
        try:
            added = meetings.schedule(group, _plan(form), current_user)
        except meetings.MeetingsError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _schedule_page(group, form, 400)
        db.session.commit()
        flash(
            ngettext(
                "%(num)d meeting was scheduled.",
                "%(num)d meetings were scheduled.",
                len(added),
            ),
            "success",
        )
        return redirect(url_for(".meetings_page", slug=group.slug))
    return _schedule_page(group, form, 400 if form.is_submitted() else 200)


def _plan(form):
    return meetings.MonthlyPlan(
        ordinal=int(form.ordinal.data),
        weekday=int(form.weekday.data),
        local_time=form.local_time.data,
        duration=int(form.duration.data),
        timezone=form.timezone.data,
        language=form.language.data,
        months=form.months.data,
        first_on=form.first_on.data,
        agenda=form.agenda.data,
        join_url=form.join_url.data or "",
    )


def _schedule_page(group, form, status):
    page = render_template("groups/meetings/schedule.html", group=group, form=form)
    return page, status


@bp.route("/groups/<slug>/meetings/<int:session_id>/guests", methods=["GET", "POST"])
@policy.requires()
def meeting_guests(slug, session_id):
    """The guests of one meeting; its runners invite a person by email address."""
    group = queries.group_by_slug(slug)
    policy.ensure_allowed(policy.can_invite_guests(current_user, group))
    session = meetings.meeting_of(group, session_id)
    if session is None:
        abort(404)
    form = GuestForm()
    if form.validate_on_submit():
        try:
            guest = meetings.invite_guest(group, session, form.email.data, current_user)
        except meetings.MeetingsError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _guests_page(group, session, form, 400)
        db.session.commit()
        flash(
            _("%(name)s is invited and was told by email.", name=guest.user.name),
            "success",
        )
        return redirect(
            url_for(".meeting_guests", slug=group.slug, session_id=session.id)
        )
    return _guests_page(group, session, form, 400 if form.is_submitted() else 200)


@bp.post("/groups/<slug>/meetings/<int:session_id>/guests/<int:guest_id>/remove")
@policy.requires()
def remove_meeting_guest(slug, session_id, guest_id):
    """A runner takes back a guest's invitation (and her registration)."""
    group = queries.group_by_slug(slug)
    policy.ensure_allowed(policy.can_invite_guests(current_user, group))
    session = meetings.meeting_of(group, session_id)
    guest = meetings.guest_of(session, guest_id) if session is not None else None
    if guest is None:
        abort(404)
    try:
        person = meetings.remove_guest(group, session, guest, current_user)
    except (meetings.MeetingsError, RegistrationError) as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is no longer invited.", name=person.name), "success")
    return redirect(url_for(".meeting_guests", slug=group.slug, session_id=session.id))


def _guests_page(group, session, form, status):
    zone = times.reader_zone(current_user)
    page = render_template(
        "groups/meetings/guests.html",
        group=group,
        event=session,
        when=times.of(session, zone),
        guests=meetings.guests_of(session),
        form=form,
        now=utcnow(),
    )
    return page, status
