"""The Secretariat's election desk (part nominations): drafting an election with
its seat model and windows, opening nominations, checking eligibility, opening the
vote, cancelling."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.errors import ServiceError
from ..db import db
from ..theme_proposals.services import day_end, day_start
from . import nominations, notify_nominations, services, vote
from . import queries_nominations as queries
from .forms_nominations import (
    WORDS,
    CancelForm,
    CheckForm,
    ConfirmForm,
    ElectionForm,
    OpenVoteForm,
)
from .models import NominationStatus
from .routes import bp

staff_only = policy.requires(policy.can_manage_elections)


def _election(election_id):
    found = queries.election_or_none(election_id)
    policy.ensure_reach(found is not None)
    return found


def _failed(error):
    db.session.rollback()
    flash(str(error), "error")


def _model(form):
    """The seat model and windows of the form, as `services.set_model` takes them."""
    return {
        "seats": form.seats.data,
        "nominations_per_org": form.nominations_per_org.data,
        "term_years": form.term_years.data,
        "term_starts_on": form.term_starts_on.data,
        "consecutive_terms": form.consecutive_terms.data,
        "officers_by": form.officers_by.data,
        "offices": list(form.offices.data or ()),
        "agm_decision_id": form.agm_decision_id.data,
        "nominations_open_at": day_start(form.nominations_open_on.data),
        "nominations_close_at": day_end(form.nominations_close_on.data),
        "voting_closes_at": (
            day_end(form.voting_closes_on.data) if form.voting_closes_on.data else None
        ),
        "regions": form.regions(),
    }


@bp.route("/admin/elections/new", methods=["GET", "POST"])
@staff_only
def new_election():
    """Draft an election with its seat model and windows."""
    form = ElectionForm()
    if not form.is_submitted():
        return _edit_page(None, form)
    if not form.validate():
        return _edit_page(None, form, 400)
    try:
        made = services.create(form.title.data, current_user, **_model(form))
    except ServiceError as error:
        _failed(error)
        return _edit_page(None, form, 400)
    db.session.commit()
    flash(_("The election was drafted: open its nominations when it is ready."))
    return redirect(url_for(".election", election_id=made.id))


@bp.route("/admin/elections/<int:election_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_election(election_id):
    """Change a draft's title, seat model and windows."""
    found = _election(election_id)
    form = ElectionForm(obj=found)
    if not form.is_submitted():
        _fill(form, found)
        return _edit_page(found, form)
    if not form.validate():
        return _edit_page(found, form, 400)
    try:
        services.update_draft(found, form.title.data, current_user, **_model(form))
    except ServiceError as error:
        _failed(error)
        return _edit_page(_election(election_id), form, 400)
    db.session.commit()
    flash(_("The election was saved."))
    return redirect(url_for(".election", election_id=election_id))


def _fill(form, election):
    for region in election.regions:
        form[f"min_{region.region}"].data = region.minimum
        form[f"max_{region.region}"].data = region.maximum
    for field, value in (
        ("nominations_open_on", election.nominations_open_at),
        ("nominations_close_on", election.nominations_close_at),
        ("voting_closes_on", election.voting_closes_at),
    ):
        form[field].data = value.date() if value else None


def _edit_page(election, form, status=200):
    page = render_template(
        "elections/nominations/edit.html", election=election, form=form, words=WORDS
    )
    return page, status


@bp.post("/admin/elections/<int:election_id>/open-nominations")
@staff_only
def open_nominations(election_id):
    """Open the nomination window; the seat model is fixed from now on."""
    found = _election(election_id)
    if not ConfirmForm().validate():
        return desk_page(found, 400)
    try:
        services.open_nominations(found, current_user)
    except ServiceError as error:
        _failed(error)
        return desk_page(_election(election_id), 400)
    db.session.commit()
    flash(_("Nominations are open."))
    return redirect(url_for(".election", election_id=election_id))


@bp.get("/admin/elections/<int:election_id>/nominations")
@staff_only
def desk(election_id):
    """Every nomination with its status and eligibility; a check per accepted one."""
    return desk_page(_election(election_id))


def desk_page(election, status=200, check_errors=None):
    rows = queries.of_election(election)
    page = render_template(
        "elections/nominations/desk.html",
        election=election,
        rows=rows,
        problems={
            n.id: nominations.problems(n)
            for n in rows
            if n.status == NominationStatus.ACCEPTED
        },
        check_errors=check_errors or {},
        words=WORDS,
        confirm_form=ConfirmForm(formdata=None),
        vote_form=OpenVoteForm(formdata=None),
        cancel_form=CancelForm(formdata=None),
    )
    return page, status


@bp.post("/admin/nominations/<int:nomination_id>/check")
@staff_only
def check(nomination_id):
    """Her eligibility: eligible, or not with the reason."""
    found = queries.nomination_or_none(nomination_id)
    policy.ensure_reach(found is not None)
    form = CheckForm()
    if not form.validate():
        errors = [e for field in form for e in field.errors]
        return desk_page(found.election, 400, {found.id: errors})
    election_id = found.election_id
    try:
        nominations.check(
            found, current_user, form.result.data == "eligible", form.reason.data
        )
        notify_nominations.checked(found)
    except ServiceError as error:
        _failed(error)
        return desk_page(_election(election_id), 400)
    db.session.commit()
    flash(_("The eligibility of %(name)s was recorded.", name=found.candidate.name))
    return redirect(url_for(".desk", election_id=election_id))


@bp.post("/admin/elections/<int:election_id>/open-vote")
@staff_only
def open_vote(election_id):
    """Open the organisations' ranked ballot on the standing candidates."""
    found = _election(election_id)
    form = OpenVoteForm()
    if not form.validate():
        return desk_page(found, 400)
    closes = day_end(form.closes_on.data) if form.closes_on.data else None
    if closes is None and found.voting_closes_at is None:
        flash(_("Enter the day the vote closes."), "error")
        return desk_page(found, 400)
    try:
        vote.open_vote(found, current_user, closes)
    except ServiceError as error:
        _failed(error)
        return desk_page(_election(election_id), 400)
    db.session.commit()
    flash(_("The vote is open."))
    return redirect(url_for(".election", election_id=election_id))


@bp.post("/admin/elections/<int:election_id>/cancel")
@staff_only
def cancel(election_id):
    """Cancel the election, with the reason."""
    found = _election(election_id)
    form = CancelForm()
    if not form.validate():
        for field in form:
            for error in field.errors:
                flash(str(error), "error")
        return desk_page(found, 400)
    try:
        services.cancel(found, current_user, form.reason.data)
    except ServiceError as error:
        _failed(error)
        return desk_page(_election(election_id), 400)
    db.session.commit()
    flash(_("The election was cancelled."))
    return redirect(url_for(".election", election_id=election_id))
