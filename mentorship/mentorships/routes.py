"""A mentorship's own space, private to the pair: goals, meetings, private notes,
check-ins, the next meeting, and closing early."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..db import db, utcnow
from ..matches.transitions import FlowError
from . import forms, lifecycle, services
from .models import Goal, Meeting, Mentorship

bp = Blueprint("mentorships", __name__)


def _visible(mentorship_id):
    """The mentorship, if the reader is one of the pair; else 404."""
    # The pair's names and the programme's come in the same query.
    mentorship = db.session.get(
        Mentorship, mentorship_id, options=services.pairs_listed()
    )
    if mentorship is None:
        abort(404)
    policy.ensure_reach(policy.can_view_mentorship(current_user, mentorship))
    return mentorship


def _space_url(mentorship, anchor=None):
    return url_for("mentorships.detail", mentorship_id=mentorship.id, _anchor=anchor)


def _done(message, target):
    db.session.commit()
    flash(message, "success")
    return redirect(target)


def _refused(message, target):
    db.session.rollback()
    flash(str(message), "error")
    return redirect(target)


def _read_only(mentorship):
    """A refusal when the mentorship ended (its space is read-only), else None."""
    if policy.can_edit_mentorship(current_user, mentorship):
        return None
    return _refused(
        _("This mentorship has ended: its space is now read-only."),
        _space_url(mentorship),
    )


def _space(mentorship, status=200, **bound):
    """Render the pair's space; `bound` replaces default forms with submitted ones."""
    view = services.space(mentorship, current_user, utcnow())
    page_forms = _default_forms(view)
    for name, form in bound.items():
        if isinstance(form, dict):
            page_forms[name].update(form)
        else:
            page_forms[name] = form
    return render_template(
        "mentorships/detail.html",
        space=view,
        close_reason_label=_close_reason_label,
        mentorship=mentorship,
        survey_url=_final_survey_url(mentorship),
        goal_statuses=forms.GOAL_STATUSES,
        meeting_modes=forms.MEETING_MODES,
        **page_forms,
    ), status


def _close_reason_label(code):
    """A close reason in words, for the Secretariat (policy.can_read_close_note)."""
    from ..mydata.export import MENTORSHIP_CLOSE_REASONS

    return MENTORSHIP_CLOSE_REASONS.get(code, code)


def _final_survey_url(mentorship):
    """Where a completed pair answers the final survey."""
    if mentorship.status != "completed":
        return None
    return url_for("surveys.index")


def _default_forms(view):
    unbound = {"formdata": None}
    return {
        "goal_form": forms.GoalForm(prefix="goal", **unbound),
        "goal_forms": {
            goal.id: forms.GoalEditForm(prefix=f"goal-{goal.id}", obj=goal, **unbound)
            for goal in view.goals
        },
        "meeting_form": forms.MeetingForm(prefix="meeting", **unbound),
        "note_forms": {
            meeting.id: forms.NoteForm(
                prefix=f"note-{meeting.id}", body=view.notes.get(meeting.id), **unbound
            )
            for meeting in view.meetings
        },
        "next_form": forms.NextMeetingForm(
            prefix="next", at=view.next_meeting_local, **unbound
        ),
        "check_in_form": forms.CheckInForm(
            prefix="checkin", period=view.due_check_in, **unbound
        ),
    }


@bp.get("/mentorships")
@policy.requires()
def index():
    """Her mentorships, as mentee and as mentor, with their next meeting."""
    mentorships = services.of_person(current_user)
    next_meetings = {
        m.id: services.next_meeting_local(m, current_user)
        for m in mentorships
        if m.status == "active"
    }
    return render_template(
        "mentorships/index.html", mentorships=mentorships, next_meetings=next_meetings
    )


@bp.get("/mentorships/<int:mentorship_id>")
@policy.requires()
def detail(mentorship_id):
    """The pair's space: who is who, goals, meetings, her notes, check-ins."""
    return _space(_visible(mentorship_id))


@bp.post("/mentorships/<int:mentorship_id>/goals")
@policy.requires()
def add_goal(mentorship_id):
    """The mentee proposes a goal."""
    mentorship = _visible(mentorship_id)
    if refusal := _read_only(mentorship):
        return refusal
    form = forms.GoalForm(prefix="goal")
    if not form.validate_on_submit():
        return _space(mentorship, 400, goal_form=form)
    try:
        services.add_goal(mentorship, current_user, form.title.data)
    except FlowError as error:
        return _refused(error, _space_url(mentorship, "goals"))
    return _done(_("The goal was added."), _space_url(mentorship, "goals"))


@bp.post("/mentorships/<int:mentorship_id>/goals/<int:goal_id>")
@policy.requires()
def update_goal(mentorship_id, goal_id):
    """Either member edits a goal's title or status."""
    mentorship = _visible(mentorship_id)
    goal = db.get_or_404(Goal, goal_id)
    if goal.mentorship_id != mentorship.id:
        abort(404)
    if refusal := _read_only(mentorship):
        return refusal
    form = forms.GoalEditForm(prefix=f"goal-{goal.id}")
    if not form.validate_on_submit():
        return _space(mentorship, 400, goal_forms={goal.id: form})
    try:
        services.update_goal(goal, current_user, form.title.data, form.status.data)
    except FlowError as error:
        return _refused(error, _space_url(mentorship, "goals"))
    return _done(_("The goal was updated."), _space_url(mentorship, "goals"))


@bp.post("/mentorships/<int:mentorship_id>/meetings")
@policy.requires()
def log_meeting(mentorship_id):
    """Either member logs a meeting."""
    mentorship = _visible(mentorship_id)
    if refusal := _read_only(mentorship):
        return refusal
    form = forms.MeetingForm(prefix="meeting", started_on=mentorship.started_at.date())
    if not form.validate_on_submit():
        return _space(mentorship, 400, meeting_form=form)
    services.log_meeting(
        mentorship,
        current_user,
        form.held_on.data,
        form.duration_minutes.data,
        form.mode.data,
        form.topics.data,
    )
    return _done(_("The meeting was added to your log."), _space_url(mentorship))


@bp.post("/mentorships/<int:mentorship_id>/meetings/<int:meeting_id>/note")
@policy.requires()
def save_note(mentorship_id, meeting_id):
    """She writes her private note on a meeting."""
    mentorship = _visible(mentorship_id)
    meeting = db.get_or_404(Meeting, meeting_id)
    if meeting.mentorship_id != mentorship.id:
        abort(404)
    if refusal := _read_only(mentorship):
        return refusal
    form = forms.NoteForm(prefix=f"note-{meeting.id}")
    if not form.validate_on_submit():
        return _space(mentorship, 400, note_forms={meeting.id: form})
    try:
        services.save_note(meeting, current_user, form.body.data)
    except FlowError as error:
        return _refused(error, _space_url(mentorship, f"meeting-{meeting.id}"))
    return _done(
        _("Your private note was saved."),
        _space_url(mentorship, f"meeting-{meeting.id}"),
    )


@bp.post("/mentorships/<int:mentorship_id>/next-meeting")
@policy.requires()
def set_next_meeting(mentorship_id):
    """Either member sets the date of the next meeting."""
    mentorship = _visible(mentorship_id)
    if refusal := _read_only(mentorship):
        return refusal
    form = forms.NextMeetingForm(prefix="next")
    if form.validate_on_submit():
        try:
            services.set_next_meeting(mentorship, current_user, form.at.data, utcnow())
        except FlowError as error:
            db.session.rollback()
            form.at.errors.append(str(error))
        else:
            return _done(
                _("The next meeting was saved."), _space_url(mentorship, "next")
            )
    return _space(mentorship, 400, next_form=form)


@bp.get("/mentorships/<int:mentorship_id>/next-meeting.ics")
@policy.requires()
def next_meeting_ics(mentorship_id):
    """The next meeting as a calendar file."""
    mentorship = _visible(mentorship_id)
    if mentorship.next_meeting_at is None or mentorship.status != "active":
        abort(404)
    partner = services.partner_of(mentorship, current_user)
    summary = _(
        "Mentoring meeting with %(name)s",
        name=partner.name if partner else _("your partner"),
    )
    body = services.next_meeting_ics(mentorship, summary, request.host, utcnow())
    return Response(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="next-meeting.ics"'},
    )


@bp.post("/mentorships/<int:mentorship_id>/check-in")
@policy.requires()
def check_in(mentorship_id):
    """Her answer to 'how is it going?'."""
    mentorship = _visible(mentorship_id)
    if refusal := _read_only(mentorship):
        return refusal
    form = forms.CheckInForm(prefix="checkin")
    if not form.validate_on_submit():
        return _space(mentorship, 400, check_in_form=form)
    try:
        services.check_in(
            mentorship,
            current_user,
            form.period.data,
            form.fit.data,
            form.comment.data,
            utcnow().date(),
        )
    except FlowError as error:
        return _refused(error, _space_url(mentorship))
    return _done(_("Thank you for your answer."), _space_url(mentorship))


@bp.route("/mentorships/<int:mentorship_id>/close", methods=["GET", "POST"])
@policy.requires()
def close(mentorship_id):
    """Either member closes the mentorship early, with a reason for the Secretariat."""
    mentorship = _visible(mentorship_id)
    if refusal := _read_only(mentorship):
        return refusal
    form = forms.CloseForm()
    if form.validate_on_submit():
        try:
            lifecycle.close_early(
                mentorship,
                current_user,
                form.reason.data,
                form.note.data,
                form.rematch.data,
            )
        except FlowError as error:
            return _refused(error, _space_url(mentorship))
        return _done(
            _("Your mentorship is closed. Thank you for the time you gave to it."),
            url_for("mentorships.index"),
        )
    status = 400 if request.method == "POST" else 200
    partner = services.partner_of(mentorship, current_user)
    return render_template(
        "mentorships/close.html", mentorship=mentorship, partner=partner, form=form
    ), status
