"""Match runs (Secretariat), the approval queue (coordinators), offers (members)."""

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from .. import policy, vocab
from ..core import panels
from ..core.pagination import page_arg
from ..db import db, utcnow
from ..programmes.models import Programme
from ..urls import safe_next
from . import approvals, queries, runs
from .forms import (
    ActionForm,
    BadSelection,
    DeclineForm,
    ManualPairForm,
    RejectForm,
    RemoveForm,
    proposal_ids,
)
from .models import PROPOSAL_STATES, MatchRun, Proposal
from .transitions import FlowError

bp = Blueprint("matches", __name__)


def _done(message, target, category="success"):
    db.session.commit()
    flash(message, category)
    return redirect(target)


def _refused(error, target):
    db.session.rollback()
    flash(str(error), "error")
    return redirect(target)


# --- Secretariat: runs ---------------------------------------------------------------


@bp.post("/admin/programmes/<int:programme_id>/runs")
@policy.requires(policy.can_manage_programmes)
def start_run(programme_id):
    """Queue a match run of the programme."""
    programme = db.get_or_404(Programme, programme_id)
    back = url_for("programmes.admin", programme_id=programme_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        run = runs.start_run(programme, current_user)
    except FlowError as error:
        return _refused(error, back)
    db.session.commit()
    if runs.queue_run(run.id):
        flash(_("The match run has started."), "success")
    else:
        flash(
            _(
                "The match run is saved, but the job queue is unavailable right now: "
                "it will start by itself as soon as the queue is back."
            ),
            "error",
        )
    return redirect(url_for("matches.run", run_id=run.id))


@bp.get("/admin/runs/<int:run_id>")
@policy.requires(policy.can_manage_programmes)
def run(run_id):
    """A run's progress, then its preview: proposals with reasons, who is left out."""
    match_run = db.get_or_404(MatchRun, run_id)
    page = queries.run_proposals(match_run, page_arg())
    return render_template(
        "matches/run.html",
        run=match_run,
        page=page,
        alternative_names=queries.alternative_names(page.items),
        form=ActionForm(),
        remove_form=RemoveForm(),
    )


def _run_in_preview(run_id, refusal):
    """The run, while it still waits for review; else None (with the reason)."""
    match_run = db.get_or_404(MatchRun, run_id)
    if match_run.status != "preview":
        flash(str(refusal), "error")
        return None
    return match_run


@bp.get("/admin/runs/<int:run_id>/release")
@policy.requires(policy.can_manage_programmes)
def confirm_release(run_id):
    """Say what releasing will do (proposals, coordinators emailed), then ask."""
    return _confirm_run(
        run_id, "release", _("Only a run waiting for review can be released.")
    )


@bp.get("/admin/runs/<int:run_id>/discard")
@policy.requires(policy.can_manage_programmes)
def confirm_discard(run_id):
    """Say what discarding will do, then ask."""
    return _confirm_run(
        run_id, "discard", _("Only a run waiting for review can be discarded.")
    )


def _confirm_run(run_id, action, not_in_preview):
    match_run = _run_in_preview(run_id, not_in_preview)
    if match_run is None:
        return redirect(url_for("matches.run", run_id=run_id))
    return render_template(
        "matches/confirm_run.html",
        run=match_run,
        action=action,
        impact=queries.run_impact(match_run),
        form=ActionForm(),
    )


@bp.post("/admin/runs/<int:run_id>/release")
@policy.requires(policy.can_manage_programmes)
def release_run(run_id):
    """Send a previewed run's proposals to the coordinators."""
    match_run = db.get_or_404(MatchRun, run_id)
    back = url_for("matches.run", run_id=run_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        count = runs.release_run(match_run, current_user)
    except FlowError as error:
        return _refused(error, back)
    return _done(_("%(count)d proposals sent for approval.", count=count), back)


@bp.post("/admin/runs/<int:run_id>/discard")
@policy.requires(policy.can_manage_programmes)
def discard_run(run_id):
    """Throw a preview away."""
    match_run = db.get_or_404(MatchRun, run_id)
    back = url_for("programmes.admin", programme_id=match_run.programme_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        runs.discard_run(match_run, current_user)
    except FlowError as error:
        return _refused(error, back)
    return _done(_("The run was discarded."), back)


@bp.post("/admin/proposals/<int:proposal_id>/remove")
@policy.requires(policy.can_manage_programmes)
def remove_proposal(proposal_id):
    """Take a proposal out (and optionally exclude the pair from future runs)."""
    proposal = db.get_or_404(Proposal, proposal_id)
    back = url_for("matches.programme_proposals", programme_id=proposal.programme_id)
    if request.form.get("next"):
        back = safe_next(request.form.get("next"))
    form = RemoveForm()
    if not form.validate_on_submit():
        return _refused(_("Please check the form."), back)
    try:
        runs.remove_proposal(
            proposal,
            current_user,
            exclude=form.exclude.data,
            reason=form.note.data or "",
        )
    except FlowError as error:
        return _refused(error, back)
    return _done(_("The proposal was removed."), back)


@bp.route("/admin/programmes/<int:programme_id>/pairs/new", methods=["GET", "POST"])
@policy.requires(policy.can_manage_programmes)
def manual_pair(programme_id):
    """Pair a mentee and a mentor by hand; the hard rules still apply."""
    programme = db.get_or_404(Programme, programme_id)
    form = ManualPairForm()
    form.mentee.choices, form.mentor.choices = queries.pairing_choices(programme)
    if form.validate_on_submit():
        try:
            runs.add_manual_pair(
                programme, form.mentee.data, form.mentor.data, current_user
            )
        except FlowError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            return _done(
                _("The pair was sent for approval."),
                url_for("matches.programme_proposals", programme_id=programme_id),
            )
    status = 400 if request.method == "POST" else 200
    return render_template(
        "matches/manual_pair.html", programme=programme, form=form
    ), status


@bp.get("/admin/programmes/<int:programme_id>/proposals")
@policy.requires(policy.can_manage_programmes)
def programme_proposals(programme_id):
    """Every proposal of a programme, by status."""
    programme = db.get_or_404(Programme, programme_id)
    status = request.args.get("status")
    status = status if status in PROPOSAL_STATES else None  # junk shows every status
    page = queries.programme_proposals(programme, status, page_arg())
    return render_template(
        "matches/programme_proposals.html",
        programme=programme,
        page=page,
        status=status,
        remove_form=RemoveForm(),
    )


# --- Coordinators: approvals ----------------------------------------------------------


@bp.get("/approvals")
@policy.requires(policy.has_approval_queue)
def queue():
    """The reader's work queue: filtered, sorted, 20 proposals a page."""
    filters = queries.QueueFilters.from_args(request.args)
    programmes, organisations = queries.queue_choices(current_user)
    return render_template(
        "matches/queue.html",
        page=queries.approval_queue(current_user, filters, page_arg()),
        filters=filters,
        programmes=programmes,
        organisations=organisations,
        select_page=request.args.get("select") == "page",
        soon=utcnow() + timedelta(days=3),
        form=ActionForm(),
        reject_form=RejectForm(),
        person_words=_person_words(),
    )


def _person_words():
    """The labels of a person's card (matches/_person.html), translated once a page
    rather than once a card. Markup, as the template's own `_()` returns."""
    words = {
        "organisation": _("Organisation"),
        "independent": _("Independent"),
        "headline": _("Headline"),
        "career_stage": _("Career stage"),
        "country": _("Country"),
        "languages": _("Languages"),
        "topics": _("Topics"),
        "goals": _("Goals for this programme"),
        "offers": _("What she offers"),
        "email": _("Email"),
    }
    words = {key: Markup(text) for key, text in words.items()}
    words.update(
        (role, vocab.label(vocab.PROFILE_ROLES, role)) for role in vocab.PROFILE_ROLES
    )
    return words


def _back_to_queue():
    """Where a decision returns: the queue page it came from (never off-site)."""
    return safe_next(request.form.get("next"), "matches.queue")


@bp.post("/proposals/<int:proposal_id>/approve")
@policy.requires()
def approve(proposal_id):
    """Approve a proposal for the reader's organisation."""
    proposal = _visible_proposal(proposal_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    override = request.form.get("override") == "y"
    try:
        approvals.approve(proposal, current_user, override=override)
    except FlowError as error:
        return _refused(error, _back_to_queue())
    return _done(_("Approved."), _back_to_queue())


@bp.post("/proposals/<int:proposal_id>/reject")
@policy.requires()
def reject(proposal_id):
    """Reject a proposal, with a reason; both people return to the pool."""
    proposal = _visible_proposal(proposal_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _refused(_("Please choose a reason."), _back_to_queue())
    try:
        approvals.reject(
            proposal,
            current_user,
            form.reason.data,
            form.note.data or "",
            override=request.form.get("override") == "y",
        )
    except FlowError as error:
        return _refused(error, _back_to_queue())
    return _done(_("Rejected. Both people return to the pool."), _back_to_queue())


@bp.get("/approvals/confirm")
@policy.requires(policy.has_approval_queue)
def confirm_all():
    """Every proposal the queue's filters select, to approve at once: ask first."""
    filters = queries.QueueFilters.from_args(request.args)
    ids = queries.queue_ids(current_user, filters)
    back = url_for("matches.queue", **filters.args())
    if not ids:
        if filters.args():
            flash(_("No proposal matches these filters."), "info")
        else:
            flash(_("Nothing waits for your decision. Thank you!"), "info")
        return redirect(back)
    limit = queries.BULK_MAX
    return _confirm_bulk(ids[:limit], back, truncated=len(ids) > limit)


@bp.post("/approvals/bulk")
@policy.requires(policy.has_approval_queue)
def approve_many():
    """Approve the selected proposals, once the reader has seen what it will do."""
    if not ActionForm().validate_on_submit():
        abort(400)
    back = _back_to_queue()
    try:
        ids = proposal_ids(request.form.getlist("proposal"), queries.BULK_MAX)
    except BadSelection as error:
        return _refused(error, back)
    if request.form.get("confirmed") != "y":
        return _confirm_bulk(ids, back)
    approved, skipped = approvals.approve_many(_decidable(ids), current_user)
    db.session.commit()
    flash(
        _(
            "%(approved)d approved, %(skipped)d skipped.",
            approved=approved,
            skipped=skipped,
        ),
        "success" if approved else "info",
    )
    return redirect(back)


def _decidable(ids):
    """The proposals among `ids` the reader may see (the others are left out)."""
    return [
        p
        for p in queries.proposals_by_id(ids)
        if policy.can_view_proposal(current_user, p)
    ]


def _confirm_bulk(ids, back, truncated=False):
    proposals = _decidable(ids)
    return render_template(
        "matches/confirm_bulk.html",
        preview=approvals.bulk_preview(proposals, current_user),
        unknown=len(ids) - len(proposals),
        truncated=truncated,
        limit=queries.BULK_MAX,
        back=back,
        form=ActionForm(),
    )


def _visible_proposal(proposal_id):
    proposal = db.get_or_404(Proposal, proposal_id)
    policy.ensure_reach(policy.can_view_proposal(current_user, proposal))
    return proposal


# --- Members: offers ---------------------------------------------------------------


@bp.get("/offers/<int:proposal_id>")
@policy.requires()
def offer(proposal_id):
    """The offer addressed to the reader, with why the engine proposed it."""
    proposal = db.get_or_404(Proposal, proposal_id)
    policy.ensure_reach(policy.can_view_offer(current_user, proposal))
    role = queries.role_in(proposal, current_user)
    return render_template(
        "matches/offer.html",
        proposal=proposal,
        role=role,
        form=ActionForm(),
        decline_form=DeclineForm(),
        person_words=_person_words(),
        panels=(
            panels.gather("offer.accepted", proposal, current_user)
            if proposal.status == "accepted"
            else []
        ),
    )


@bp.post("/offers/<int:proposal_id>/accept")
@policy.requires()
def accept(proposal_id):
    """Accept the offer."""
    return _answer(proposal_id, accept=True)


@bp.post("/offers/<int:proposal_id>/decline")
@policy.requires()
def decline(proposal_id):
    """Decline the offer, with a reason."""
    return _answer(proposal_id, accept=False)


def _answer(proposal_id, accept):
    proposal = db.get_or_404(Proposal, proposal_id)
    policy.ensure_reach(policy.is_party_to(current_user, proposal))
    role = queries.role_in(proposal, current_user)
    back = url_for("matches.offer", proposal_id=proposal_id)
    form = ActionForm() if accept else DeclineForm()
    if not form.validate_on_submit():
        return _refused(_("Please choose a reason."), back)
    try:
        approvals.answer(
            proposal,
            current_user,
            role,
            accept,
            getattr(form, "reason", None) and form.reason.data or "",
            getattr(form, "note", None) and form.note.data or "",
        )
    except FlowError as error:
        return _refused(error, back)
    message = (
        _("Thank you: your answer is recorded.")
        if accept
        else _(
            "Thank you for letting us know. You are back in the pool for the next run."
        )
    )
    return _done(message, back)
