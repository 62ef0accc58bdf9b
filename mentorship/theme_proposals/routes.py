"""Theme proposals' pages: the public list and a proposal's page, proposing,
comments, withdrawal; the Secretariat's window, translations, shortlist vote and
adoption. /themes/proposals is a fixed path: it wins over the groups' /themes/<slug>
(and no theme may take the slug "proposals", `adoption.RESERVED_THEME_SLUGS`)."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..core.pagecache import public_page
from ..db import db, utcnow
from ..decisions.services import DecisionError
from ..groups.models import WorkingGroup
from ..i18n import localized
from ..organisations.models import Organisation
from . import adoption as adoption_service
from . import queries, services, words
from .forms import (
    AdoptionForm,
    CommentForm,
    ProposeForm,
    ShortlistForm,
    TranslationsForm,
    WindowForm,
    WithdrawForm,
)

bp = Blueprint("theme_proposals", __name__)

P = "/themes/proposals"
staff_only = policy.requires(policy.can_manage_theme_proposals)


def _proposal(theme_proposal_id):
    found = queries.proposal_or_none(theme_proposal_id)
    policy.ensure_reach(found is not None)
    return found


def _failed(error):
    db.session.rollback()
    flash(str(error), "error")


# --- Public pages ---------------------------------------------------------------------


@bp.get(P)
@public_page
def index():
    """Every proposal, by where it stands in the pipeline."""
    return render_template(
        "theme_proposals/index.html",
        groups=queries.by_status(),
        words=words,
        may_propose=policy.can_propose_themes(current_user),
        manages=policy.can_manage_theme_proposals(current_user),
    )


@bp.get(P + "/<int:theme_proposal_id>")
@public_page
def detail(theme_proposal_id):
    """A proposal: its texts and their translation status, its window and comments,
    its shortlist vote (participation while open, the outcome once closed)."""
    return _detail_page(_proposal(theme_proposal_id))


def _detail_page(proposal, form=None, status=200):
    reads = policy.can_read_theme_comments(current_user)
    page = render_template(
        "theme_proposals/detail.html",
        proposal=proposal,
        words=words,
        comments=queries.comments_of(proposal) if reads else [],
        comment_count=queries.comment_count(proposal),
        reads_comments=reads,
        may_comment=policy.can_comment_on_themes(current_user)
        and proposal.window_open(),
        form=form or CommentForm(formdata=None),
        vote=queries.vote_of(proposal),
        acts_for_proposer=policy.acts_for_proposer(current_user, proposal),
        manages=policy.can_manage_theme_proposals(current_user),
        translates=policy.can_translate_theme_proposals(current_user),
        now=utcnow(),
    )
    return page, status


# --- Proposing, commenting, withdrawing -----------------------------------------------


def _propose_form():
    form = ProposeForm()
    choices = queries.proposer_choices(current_user)
    # She holds a position, but in no member organisation or open group.
    policy.ensure_allowed(bool(choices))
    form.on_behalf.choices = [
        (value, label or localized(record.body, "name"))
        for value, label, record in choices
    ]
    return form, {value: record for value, _label, record in choices}


@bp.route(P + "/new", methods=["GET", "POST"])
@policy.requires(policy.can_propose_themes)
def propose():
    """She proposes a theme for one of the organisations or groups she acts for."""
    form, records = _propose_form()
    if not form.is_submitted():
        return _propose_page(form)
    if not form.validate():
        return _propose_page(form, 400)
    record = records[form.on_behalf.data]
    organisation = record if isinstance(record, Organisation) else None
    group = record if isinstance(record, WorkingGroup) else None
    allowed = (
        policy.can_propose_for_organisation(current_user, organisation)
        if organisation is not None
        else policy.can_propose_for_group(current_user, group)
    )
    policy.ensure_allowed(allowed)
    try:
        proposal = services.propose(
            form.title.data,
            form.rationale.data,
            current_user,
            organisation=organisation,
            group=group,
        )
    except services.ThemeError as error:
        _failed(error)
        return _propose_page(form, 400)
    db.session.commit()
    flash(_("Your proposal was sent to the Secretariat."), "success")
    return redirect(url_for(".detail", theme_proposal_id=proposal.id))


def _propose_page(form, status=200):
    return render_template("theme_proposals/propose.html", form=form), status


@bp.post(P + "/<int:theme_proposal_id>/comments")
@policy.requires(policy.can_comment_on_themes)
def comment(theme_proposal_id):
    """Her comment during the window; outside it, a message and nothing saved."""
    proposal = _proposal(theme_proposal_id)
    form = CommentForm()
    if not form.validate():
        return _detail_page(proposal, form, 400)
    try:
        services.comment(proposal, current_user, form.body.data)
    except services.ThemeError as error:
        _failed(error)
        return _detail_page(_proposal(theme_proposal_id), form, 400)
    db.session.commit()
    flash(_("Your comment was published."), "success")
    return redirect(
        url_for(".detail", theme_proposal_id=theme_proposal_id) + "#comments"
    )


@bp.route(P + "/<int:theme_proposal_id>/withdraw", methods=["GET", "POST"])
@policy.requires(policy.can_propose_themes)
def withdraw(theme_proposal_id):
    """Its proposer withdraws it before the vote (confirmed)."""
    proposal = _proposal(theme_proposal_id)
    policy.ensure_allowed(policy.can_withdraw_theme_proposal(current_user, proposal))
    form = WithdrawForm()
    if not form.is_submitted():
        return _withdraw_page(proposal, form)
    if not form.validate():
        return _withdraw_page(proposal, form, 400)
    try:
        services.withdraw(proposal, current_user)
    except services.ThemeError as error:
        _failed(error)
        return _withdraw_page(_proposal(theme_proposal_id), form, 400)
    db.session.commit()
    flash(_("The proposal was withdrawn."), "success")
    return redirect(url_for(".detail", theme_proposal_id=theme_proposal_id))


def _withdraw_page(proposal, form, status=200):
    page = render_template(
        "theme_proposals/withdraw.html", proposal=proposal, form=form, words=words
    )
    return page, status


# --- Translations ---------------------------------------------------------------------


@bp.route(P + "/<int:theme_proposal_id>/translations", methods=["GET", "POST"])
@policy.requires(policy.can_translate_theme_proposals)
def translations(theme_proposal_id):
    """The Secretariat or a translator fills the other languages."""
    proposal = _proposal(theme_proposal_id)
    form = TranslationsForm(obj=proposal)
    if not form.is_submitted():
        return _translations_page(proposal, form)
    if not form.validate():
        return _translations_page(proposal, form, 400)
    try:
        services.edit_translations(
            proposal, form.title.data, form.rationale.data, current_user
        )
    except services.ThemeError as error:
        _failed(error)
        return _translations_page(_proposal(theme_proposal_id), form, 400)
    db.session.commit()
    flash(_("The translations were saved."), "success")
    return redirect(url_for(".detail", theme_proposal_id=theme_proposal_id))


def _translations_page(proposal, form, status=200):
    page = render_template(
        "theme_proposals/translations.html", proposal=proposal, form=form
    )
    return page, status


# --- The Secretariat ------------------------------------------------------------------


@bp.route(P + "/<int:theme_proposal_id>/window", methods=["GET", "POST"])
@staff_only
def window(theme_proposal_id):
    """Set or move the comment window (whole days, UTC)."""
    proposal = _proposal(theme_proposal_id)
    form = WindowForm()
    if not form.is_submitted():
        if proposal.comments_open_at:
            form.opens_on.data = proposal.comments_open_at.date()
            form.closes_on.data = proposal.comments_close_at.date()
        return _window_page(proposal, form)
    if not form.validate():
        return _window_page(proposal, form, 400)
    try:
        services.set_window(
            proposal,
            services.day_start(form.opens_on.data),
            services.day_end(form.closes_on.data),
            current_user,
        )
    except services.ThemeError as error:
        _failed(error)
        return _window_page(_proposal(theme_proposal_id), form, 400)
    db.session.commit()
    flash(_("The comment window was set."), "success")
    return redirect(url_for(".detail", theme_proposal_id=theme_proposal_id))


def _window_page(proposal, form, status=200):
    page = render_template(
        "theme_proposals/window.html", proposal=proposal, form=form, words=words
    )
    return page, status


@bp.route(P + "/vote", methods=["GET", "POST"])
@staff_only
def shortlist():
    """Put the proposals whose window is over to an approval vote, with its rules."""
    votable = services.votable()
    form = ShortlistForm()
    form.proposals.choices = [(p.id, localized(p, "title")) for p in votable]
    if not form.is_submitted():
        return _shortlist_page(form, votable)
    if not form.validate():
        return _shortlist_page(form, votable, 400)
    try:
        decision = services.open_shortlist(
            queries.proposals_by_ids(form.proposals.data),
            current_user,
            closes_at=services.day_end(form.closes_on.data),
            quorum_percent=form.quorum_percent.data,
            majority=form.majority.data,
            abstentions=form.abstentions.data,
            secret=bool(form.secret.data),
            winners=form.winners.data,
        )
    except (services.ThemeError, DecisionError) as error:
        _failed(error)
        return _shortlist_page(form, services.votable(), 400)
    db.session.commit()
    flash(_("The shortlist vote is open."), "success")
    return redirect(f"/decisions/{decision.id}")


def _shortlist_page(form, votable, status=200):
    page = render_template(
        "theme_proposals/shortlist.html", form=form, votable=votable, words=words
    )
    return page, status


@bp.route(P + "/<int:theme_proposal_id>/adoption", methods=["GET", "POST"])
@staff_only
def adoption(theme_proposal_id):
    """Record the Steering Committee's or the AGM's decision on a shortlisted
    proposal; adopted, it becomes a theme with its forming working group."""
    proposal = _proposal(theme_proposal_id)
    form = AdoptionForm()
    if not form.is_submitted():
        form.slug.data = adoption_service.slug_for(proposal)
        return _adoption_page(proposal, form)
    if not form.validate():
        return _adoption_page(proposal, form, 400)
    decide = (
        adoption_service.adopt
        if form.result.data == "adopted"
        else adoption_service.reject
    )
    extra = {"slug": form.slug.data} if form.result.data == "adopted" else {}
    try:
        decide(
            proposal,
            current_user,
            adopted_by=form.adopted_by.data,
            adopted_on=form.adopted_on.data,
            note=form.note.data,
            agm_decision_id=form.agm_decision_id.data,
            **extra,
        )
    except services.ThemeError as error:
        _failed(error)
        return _adoption_page(_proposal(theme_proposal_id), form, 400)
    db.session.commit()
    flash(_("The decision was recorded."), "success")
    return redirect(url_for(".detail", theme_proposal_id=theme_proposal_id))


def _adoption_page(proposal, form, status=200):
    page = render_template(
        "theme_proposals/adoption.html", proposal=proposal, form=form, words=words
    )
    return page, status
