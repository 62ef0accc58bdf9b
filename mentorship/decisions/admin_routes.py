"""The Secretariat's decision pages: drafts with their rules, opening, closing now,
cancelling, and who took part (never a secret ballot's choices)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagination import page_arg
from ..db import db
from ..events.organising import to_local, to_utc
from . import queries, services, words
from .forms import CancelForm, CloseForm, DecisionForm
from .models import Decision, DecisionStatus
from .routes import bp, reader_zone

staff_only = policy.requires(policy.can_manage_decisions)
RULES = ("quorum_percent", "majority", "abstentions", "secret", "winners", "max_score")


@bp.get("/admin/decisions")
@staff_only
def admin():
    """Every decision, drafts included, by status."""
    status = request.args.get("status", "")
    status = status if status in set(DecisionStatus) else ""
    page = queries.admin_list(status, page_arg())
    return render_template(
        "decisions/admin.html",
        page=page,
        status=status,
        answered=queries.participation_counts([d.id for d in page.items]),
        words=words,
    )


@bp.route("/admin/decisions/new", methods=["GET", "POST"])
@staff_only
def create():
    """A new draft decision with its rules and options."""
    form = DecisionForm()
    if not form.is_submitted():
        form.timezone.data = reader_zone()
    if form.validate_on_submit():
        try:
            decision = services.create(
                form.kind.data,
                form.title.data,
                form.text.data,
                current_user,
                options=form.option_edits(to_utc),
                **_rules(form),
            )
        except services.DecisionError as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            return _form_page(form, None, 400)
        db.session.commit()
        flash(_("The draft was saved."), "success")
        return redirect(url_for(".participation", decision_id=decision.id))
    return _form_page(form, None)


@bp.route("/admin/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(decision_id):
    """Change a draft; an open decision's rules and texts never change."""
    decision = db.get_or_404(Decision, decision_id)
    if decision.status != DecisionStatus.DRAFT:
        flash(_("Its rules and texts are fixed once a decision opens."), "error")
        return redirect(url_for(".participation", decision_id=decision.id))
    zone = request.form.get("timezone") or reader_zone()
    form = DecisionForm(obj=decision, current_zone=zone)
    if not form.is_submitted():
        _fill(form, decision, zone)
    if form.validate_on_submit():
        try:
            services.update_draft(
                decision,
                form.title.data,
                form.text.data,
                current_user,
                options=form.option_edits(to_utc),
                **_rules(form),
            )
        except services.DecisionError as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            return _form_page(form, decision, 400)
        db.session.commit()
        flash(_("The draft was saved."), "success")
        return redirect(url_for(".participation", decision_id=decision.id))
    return _form_page(form, decision)


def _rules(form):
    rules = {name: form[name].data for name in RULES}
    rules["closes_at"] = to_utc(form.closes_local.data, form.timezone.data)
    return rules


def _fill(form, decision, zone):
    """The draft's options (one per line per language) and closing time."""
    form.timezone.data = zone
    form.closes_local.data = to_local(decision.closes_at, zone)
    options = form.options.form
    if decision.options:
        first = decision.options[0].label
        options.source.data = first.source_lang
        for lang, text, _reviewed in options.text_fields():
            text.data = "\n".join(
                _option_line(o, lang, zone) for o in decision.options
            ).strip()


def _option_line(option, lang, zone):
    if option.starts_at is not None:
        return to_local(option.starts_at, zone).strftime("%Y-%m-%d %H:%M")
    return option.label.body(lang) if option.label else ""


def _form_page(form, decision, status=None):
    status = status or (400 if form.is_submitted() else 200)
    page = render_template("decisions/form.html", form=form, decision=decision)
    return page, status


@bp.post("/admin/decisions/<int:decision_id>/open")
@staff_only
def open_decision(decision_id):
    """Open a draft for votes until its closing time."""
    decision = db.get_or_404(Decision, decision_id)
    try:
        services.open_decision(decision, current_user)
    except services.DecisionError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _participation_page(decision, 400)
    db.session.commit()
    flash(_("The decision is open for votes."), "success")
    return redirect(url_for(".participation", decision_id=decision.id))


@bp.route("/admin/decisions/<int:decision_id>/close", methods=["GET", "POST"])
@staff_only
def close(decision_id):
    """Close the vote now (confirmed) and publish its count."""
    decision = db.get_or_404(Decision, decision_id)
    form = CloseForm()
    if form.validate_on_submit():
        if services.close(decision, current_user):
            db.session.commit()
            flash(_("The decision was closed and counted."), "success")
            return redirect(url_for(".participation", decision_id=decision.id))
        db.session.rollback()
        flash(_("Only an open decision can be closed."), "error")
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "decisions/close.html", decision=decision, form=form, words=words
    )
    return page, status


@bp.route("/admin/decisions/<int:decision_id>/cancel", methods=["GET", "POST"])
@staff_only
def cancel(decision_id):
    """Cancel a draft or open decision, with the reason; its ballots go unread."""
    decision = db.get_or_404(Decision, decision_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel(decision, current_user, form.reason.data)
        except services.DecisionError as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            db.session.commit()
            flash(_("The decision was cancelled."), "success")
            return redirect(url_for(".participation", decision_id=decision.id))
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "decisions/cancel.html", decision=decision, form=form, words=words
    )
    return page, status


@bp.get("/admin/decisions/<int:decision_id>")
@staff_only
def participation(decision_id):
    """Who took part (voted or not yet, how, when), and the proxies' audit."""
    return _participation_page(db.get_or_404(Decision, decision_id))


def _participation_page(decision, status=200):
    page = render_template(
        "decisions/participation.html",
        decision=decision,
        words=words,
        zone=reader_zone(),
        rows=queries.participation_table(decision),
        proxies=queries.proxies_of(decision),
        answered=queries.participation_counts([decision.id])[decision.id],
        electorate=queries.electorate(decision),
        needed=queries.quorum_needed(decision),
    )
    return page, status
