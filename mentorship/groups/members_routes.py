"""Members with positions and terms: the roster, nominations, requests to join,
decisions, positions and terms, appointments, leaving (the `members` part)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..auth.models import User
from ..core.pagecache import public_page
from ..db import db
from . import members as service
from . import members_queries as queries
from . import members_words, words
from . import queries as group_queries
from .members_forms import (
    AcceptForm,
    AppointForm,
    DeclineForm,
    EmptyForm,
    EndForm,
    JoinForm,
    LeaveForm,
    NominateForm,
    PositionForm,
    RefuseForm,
    VisibilityForm,
)
from .routes import bp

R = "/groups/<slug>/members"


def _closed(group):
    """A closed group is read-only: say so on its roster, change nothing."""
    flash(_("This group is closed: nothing in it can change."), "error")
    return redirect(url_for(".members", slug=group.slug))


def _render(template, status=200, **context):
    page = render_template(
        f"groups/members/{template}", words=words, member_words=members_words, **context
    )
    return page, status


# --- The roster ---------------------------------------------------------------------


@bp.get(R)
@public_page
def members(slug):
    """The current members at the visibility each chose; for the runners also the
    waiting queue and the history."""
    group = group_queries.group_by_slug(slug)
    return _roster_page(group)


def _roster_page(group, status=200, visibility_form=None):
    runner = policy.can_see_roster_history(current_user, group)
    choose = policy.can_choose_roster_visibility(current_user, group)
    if choose and visibility_form is None:
        visibility_form = VisibilityForm(
            formdata=None, visibility=queries.preference_of(group, current_user)
        )
    return _render(
        "roster.html",
        status,
        group=group,
        lines=queries.roster(group, current_user),
        count=queries.member_count(group),
        history=queries.history(group) if runner else None,
        queue=queries.queue(group) if runner else None,
        decided=queries.decided(group) if runner else None,
        waiting=queries.waiting_for(group, current_user),
        visibility_form=visibility_form if choose else None,
        manage=policy.can_manage_terms(current_user, group),
    )


@bp.post(R + "/visibility")
@policy.requires()
def set_roster_visibility(slug):
    """She chooses who sees her name on the roster."""
    group = group_queries.group_by_slug(slug)
    if group.is_closed:
        return _closed(group)
    policy.ensure_allowed(policy.can_choose_roster_visibility(current_user, group))
    form = VisibilityForm()
    if not form.validate():
        return _roster_page(group, 400, visibility_form=form)
    try:
        service.set_visibility(group, current_user, form.visibility.data)
    except service.MembersError as error:
        return _refused(group, error)
    db.session.commit()
    flash(_("Your choice is saved."), "success")
    return redirect(url_for(".members", slug=group.slug))


def _refused(group, error, page=None):
    db.session.rollback()
    flash(str(error), "error")
    if page is not None:
        return page()
    return _roster_page(group, 400)


# --- Asking to join, nominating -----------------------------------------------------


@bp.route(R + "/join", methods=["GET", "POST"])
@policy.requires()
def join(slug):
    """A person of a member organisation asks to join, with a short motivation."""
    group = group_queries.group_by_slug(slug)
    if group.is_closed:
        return _closed(group)
    policy.ensure_allowed(policy.of_member_organisation(current_user))
    waiting = queries.waiting_for(group, current_user)
    if policy.is_group_member(current_user, group) or waiting is not None:
        flash(
            _("You are already a member of this group.")
            if waiting is None
            else _(
                "You already have a nomination or a request waiting for this group."
            ),
            "error",
        )
        return redirect(url_for(".members", slug=group.slug))
    form = JoinForm()
    if form.validate_on_submit():
        try:
            made = service.ask_to_join(group, current_user, form.motivation.data)
        except service.MembersError as error:
            return _refused(
                group, error, lambda: _render("join.html", 400, **_j(group, form))
            )
        db.session.commit()
        flash(_("Your request is sent to the group's chair."), "success")
        return redirect(url_for(".member_request", slug=group.slug, request_id=made.id))
    return _render("join.html", 400 if form.is_submitted() else 200, **_j(group, form))


def _j(group, form):
    return {"group": group, "form": form}


@bp.route(R + "/nominate", methods=["GET", "POST"])
@policy.requires(policy.nominates_for_some_organisation)
def nominate(slug):
    """An organisation's leader or delegate nominates one of its people."""
    group = group_queries.group_by_slug(slug)
    if group.is_closed:
        return _closed(group)
    people = queries.nominees(current_user)
    form = NominateForm(people=people)

    def page(status):
        return _render("nominate.html", status, group=group, form=form)

    if not form.validate_on_submit():
        return page(400 if form.is_submitted() else 200)
    chosen = {person.id: (person, org) for person, org in people}.get(form.person.data)
    if chosen is None:
        form.person.errors = [_("You can only nominate people of your organisation.")]
        return page(400)
    person, organisation = chosen
    try:
        made = service.nominate(
            group,
            person,
            organisation,
            form.position.data,
            form.note.data,
            current_user,
        )
    except service.MembersError as error:
        return _refused(group, error, lambda: page(400))
    db.session.commit()
    flash(
        _("%(name)s is nominated; she is told by email.", name=person.name), "success"
    )
    return redirect(url_for(".member_request", slug=group.slug, request_id=made.id))


# --- A nomination or request, and its decision --------------------------------------


def _request(slug, request_id):
    group = group_queries.group_by_slug(slug)
    found = queries.request_of(group, request_id)
    policy.ensure_reach(policy.can_see_request(current_user, found))
    return group, found


@bp.get(R + "/requests/<int:request_id>")
@policy.requires()
def member_request(slug, request_id):
    """A nomination or request: what it says, and what the reader may do with it."""
    group, found = _request(slug, request_id)
    return _request_page(group, found)


def _request_page(group, found, status=200, **forms):
    pending = found.is_pending
    decide = pending and policy.can_decide_requests(current_user, group)
    refuse = pending and policy.can_refuse_nomination(current_user, found)
    withdraw = pending and policy.can_withdraw_request(current_user, found)
    if decide:
        forms.setdefault("accept", AcceptForm(formdata=None))
        forms.setdefault("decline", DeclineForm(formdata=None))
    if refuse:
        forms.setdefault("refuse", RefuseForm(formdata=None))
    return _render(
        "request.html",
        status,
        group=group,
        found=found,
        accept_form=forms.get("accept") if decide else None,
        decline_form=forms.get("decline") if decide else None,
        refuse_form=forms.get("refuse") if refuse else None,
        withdraw_form=EmptyForm(formdata=None) if withdraw else None,
    )


def _decided(group, found, message):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".member_request", slug=group.slug, request_id=found.id))


def _request_refused(group, found, error, **forms):
    db.session.rollback()
    flash(str(error), "error")
    return _request_page(group, db.session.get(type(found), found.id), 400, **forms)


@bp.post(R + "/requests/<int:request_id>/accept")
@policy.requires()
def accept_request(slug, request_id):
    """The runners accept: her term starts today."""
    group, found = _request(slug, request_id)
    if group.is_closed:
        return _closed(group)
    policy.ensure_allowed(policy.can_decide_requests(current_user, group))
    form = AcceptForm()
    if not form.validate():
        return _request_page(group, found, 400, accept=form)
    try:
        service.accept(found, current_user, form.ends_on.data)
    except service.MembersError as error:
        return _request_refused(group, found, error, accept=form)
    return _decided(
        group, found, _("Accepted: %(name)s is a member.", name=found.person.name)
    )


@bp.post(R + "/requests/<int:request_id>/decline")
@policy.requires()
def decline_request(slug, request_id):
    """The runners decline, with a reason she is told."""
    group, found = _request(slug, request_id)
    if group.is_closed:
        return _closed(group)
    policy.ensure_allowed(policy.can_decide_requests(current_user, group))
    form = DeclineForm()
    if not form.validate():
        return _request_page(group, found, 400, decline=form)
    try:
        service.decline(found, form.reason.data, current_user)
    except service.MembersError as error:
        return _request_refused(group, found, error, decline=form)
    return _decided(group, found, _("Declined; she is told why."))


@bp.post(R + "/requests/<int:request_id>/withdraw")
@policy.requires()
def withdraw_request(slug, request_id):
    """Whoever made it takes it back while it waits."""
    group, found = _request(slug, request_id)
    if group.is_closed:
        return _closed(group)
    policy.ensure_allowed(policy.can_withdraw_request(current_user, found))
    if not EmptyForm().validate():
        return _request_page(group, found, 400)
    try:
        service.withdraw(found, current_user)
    except service.MembersError as error:
        return _request_refused(group, found, error)
    return _decided(group, found, _("Withdrawn."))


@bp.post(R + "/requests/<int:request_id>/refuse")
@policy.requires()
def refuse_nomination(slug, request_id):
    """The nominee declines her own nomination."""
    group, found = _request(slug, request_id)
    if group.is_closed:
        return _closed(group)
    policy.ensure_allowed(policy.can_refuse_nomination(current_user, found))
    form = RefuseForm()
    if not form.validate():
        return _request_page(group, found, 400, refuse=form)
    try:
        service.refuse(found, current_user, form.reason.data)
    except service.MembersError as error:
        return _request_refused(group, found, error, refuse=form)
    return _decided(group, found, _("You declined the nomination."))


# --- Terms: change a position, end a term, appoint, leave ---------------------------


def _term(slug, membership_id):
    group = group_queries.group_by_slug(slug)
    term = queries.term_of(group, membership_id)
    if group.is_closed:
        return group, term, _closed(group)
    policy.ensure_allowed(policy.can_manage_terms(current_user, group))
    return group, term, None


def _term_page(group, term, status=200, position_form=None, end_form=None):
    positions = [
        code
        for code in policy.assignable_positions(current_user, group)
        if code != term.position
    ]
    return _render(
        "term.html",
        status,
        group=group,
        term=term,
        person=db.session.get(User, term.user_id),
        current=queries.is_current(term),
        position_form=position_form or PositionForm(formdata=None, positions=positions),
        end_form=end_form or EndForm(formdata=None),
    )


@bp.get(R + "/terms/<int:membership_id>")
@policy.requires()
def member_term(slug, membership_id):
    """A member's term, with the runners' forms to change her position or end it."""
    group, term, closed = _term(slug, membership_id)
    return closed or _term_page(group, term)


@bp.post(R + "/terms/<int:membership_id>/position")
@policy.requires()
def change_position(slug, membership_id):
    """The old term ends today and the new position starts today."""
    group, term, closed = _term(slug, membership_id)
    if closed:
        return closed
    positions = policy.assignable_positions(current_user, group)
    form = PositionForm(positions=positions)
    if not form.validate():
        return _term_page(group, term, 400, position_form=form)
    try:
        service.change_position(group, term, form.position.data, current_user)
    except service.MembersError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _term_page(group, queries.term_of(group, membership_id), 400)
    db.session.commit()
    flash(_("The position is changed; the old term is kept as history."), "success")
    return redirect(url_for(".members", slug=group.slug))


@bp.post(R + "/terms/<int:membership_id>/end")
@policy.requires()
def end_term(slug, membership_id):
    """The runners end a member's term, with a reason."""
    group, term, closed = _term(slug, membership_id)
    if closed:
        return closed
    form = EndForm()
    if not form.validate():
        return _term_page(group, term, 400, end_form=form)
    try:
        service.end_term(group, term, form.reason.data, current_user)
    except service.MembersError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _term_page(group, queries.term_of(group, membership_id), 400)
    db.session.commit()
    flash(_("The term is ended; it is kept as history."), "success")
    return redirect(url_for(".members", slug=group.slug))


def _appointable():
    """(person, label) the Secretariat may appoint: its staff, then the people of
    member organisations."""
    staff = [(p, f"{p.name} ({_('Secretariat')})") for p in queries.staff_people()]
    others = [(p, f"{p.name} ({o.name})") for p, o in queries.alliance_people()]
    return staff + others


@bp.route(R + "/appoint", methods=["GET", "POST"])
@policy.requires()
def appoint(slug):
    """The Secretariat appoints the chair or the liaison."""
    group = group_queries.group_by_slug(slug)
    if group.is_closed:
        return _closed(group)
    policy.ensure_allowed(policy.can_appoint_runners(current_user, group))
    people = _appointable()
    form = AppointForm(people=people)

    def page(status):
        return _render("appoint.html", status, group=group, form=form)

    if not form.validate_on_submit():
        return page(400 if form.is_submitted() else 200)
    person = {p.id: p for p, _label in people}.get(form.person.data)
    if person is None:
        form.person.errors = [_("Choose a person.")]
        return page(400)
    try:
        service.appoint(
            group, person, form.position.data, current_user, form.ends_on.data
        )
    except service.MembersError as error:
        return _refused(group, error, lambda: page(400))
    db.session.commit()
    flash(
        _(
            "%(name)s is appointed %(position)s.",
            name=person.name,
            position=words.position(form.position.data),
        ),
        "success",
    )
    return redirect(url_for(".members", slug=group.slug))


@bp.route(R + "/leave", methods=["GET", "POST"])
@policy.requires()
def leave(slug):
    """A member leaves the group herself."""
    group = group_queries.group_by_slug(slug)
    if group.is_closed:
        return _closed(group)
    policy.ensure_allowed(policy.can_leave_group(current_user, group))
    form = LeaveForm()
    if request.method == "POST" and form.validate():
        try:
            service.leave(group, current_user)
        except service.MembersError as error:
            return _refused(group, error)
        db.session.commit()
        flash(_("You left the group."), "success")
        return redirect(url_for(".group", slug=group.slug))
    return _render(
        "leave.html", 400 if form.is_submitted() else 200, group=group, form=form
    )
