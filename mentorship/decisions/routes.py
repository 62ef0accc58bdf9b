"""Decisions' public pages: the archive, a decision with its rules, participation and
(once closed) its outcome; an organisation's vote and proxy; what awaits her
organisations' answer. The Secretariat's pages are in `admin_routes`."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import policy
from ..auth.models import User
from ..core import panels
from ..core.pagecache import public_page
from ..core.pagination import page_arg
from ..db import db, utcnow
from ..events import times
from ..events.organising import to_utc
from ..forms import db_id
from ..organisations.models import Organisation
from ..roles.voices import member_organisations
from . import ballots, proxies, queries, words
from .forms import ProxyForm
from .models import Decision, Proxy
from .services import DecisionError

bp = Blueprint("decisions", __name__)


def reader_zone():
    return times.reader_zone(current_user) or "UTC"


@bp.get("/decisions")
@public_page
def archive():
    """Open decisions with their live participation, then the closed ones with
    their outcome."""
    page = queries.archive(page_arg())
    answered = queries.participation_counts([d.id for d in page.items])
    return render_template(
        "decisions/archive.html",
        page=page,
        answered=answered,
        words=words,
        zone=reader_zone(),
    )


@bp.get("/decisions/<int:decision_id>")
@public_page
def detail(decision_id):
    """The question, its rules in words, participation; her vote; the outcome."""
    return _detail_page(_visible(decision_id))


def _detail_page(decision, error=None, status=200):
    """`error`: (organisation id, message) of a refused vote, re-rendered."""
    zone = reader_zone()
    page = render_template(
        "decisions/detail.html",
        decision=decision,
        words=words,
        zone=zone,
        answered=ballots.participants(decision),
        electorate=queries.electorate(decision),
        needed=queries.quorum_needed(decision),
        voices=_voices(decision),
        stewarded=_stewarded(decision),
        error=error,
        submitted=request.form if error else {},
        published=queries.published_ballots(decision) if decision.is_closed else [],
        cancel_reason=queries.cancel_reason(decision),
    )
    return page, status


def _voices(decision):
    """(organisation, via, its participation) for each member organisation she
    may vote for: her own as its delegate, those whose proxy she holds."""
    if not current_user.is_authenticated:
        return []
    held = {p.organisation_id for p in proxies.held_by(current_user, decision)}
    ids = policy.answering_organisation_ids(current_user) | held
    voices = []
    for organisation in member_organisations(ids):
        authority = policy.voting_authority(current_user, organisation, decision)
        if authority is None:
            continue
        voices.append(
            (
                organisation,
                authority[0],
                queries.participation_of(decision, organisation.id),
            )
        )
    return voices


def _stewarded(decision):
    """(organisation, its proxy in force or None) for each member organisation
    whose proxy she may hand, while the decision is open."""
    if not current_user.is_authenticated or not decision.is_open:
        return []
    ids = policy.answering_or_leading_ids(current_user)
    return [
        (organisation, queries.given(decision, organisation.id))
        for organisation in member_organisations(ids)
        if policy.can_grant_proxy(current_user, organisation)
    ]


@bp.post("/decisions/<int:decision_id>/vote")
@policy.requires()
def vote(decision_id):
    """Her organisation's one answer, as its delegate or holding its proxy."""
    decision = _visible(decision_id)
    organisation = _record(Organisation, request.form.get("organisation_id"))
    authority = policy.voting_authority(current_user, organisation, decision)
    policy.ensure_allowed(authority is not None)
    via, proxy = authority
    absent = policy.agm_vote_refusal(organisation.id, decision)
    if absent is not None:  # an AGM motion: only organisations present vote
        flash(str(absent), "error")
        return _detail_page(decision, (organisation.id, str(absent)), 403)
    try:
        choices = ballots.read_choices(decision, request.form)
        ballot = ballots.cast(decision, organisation, current_user, choices, via, proxy)
    except DecisionError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _detail_page(decision, (organisation.id, str(refusal)), 400)
    db.session.commit()
    flash(
        _(
            "The answer of %(name)s was recorded. Your receipt: %(receipt)s. Keep"
            " it to find your ballot in the published list after the close.",
            name=organisation.name,
            receipt=ballot.receipt,
        ),
        "success",
    )
    return redirect(url_for(".detail", decision_id=decision.id))


@bp.route("/decisions/<int:decision_id>/proxy", methods=["GET", "POST"])
@policy.requires()
def proxy(decision_id):
    """Hand her organisation's vote on this decision to another member
    organisation's delegate, until the close or an earlier time."""
    decision = _visible(decision_id)
    raw = request.values.get("organisation_id")
    organisation = _record(Organisation, raw)
    policy.ensure_allowed(policy.can_grant_proxy(current_user, organisation))
    form = ProxyForm()
    form.organisation_id.data = str(organisation.id)
    form.set_holders(queries.holders(organisation))
    if not form.is_submitted():
        return _proxy_page(decision, organisation, form)
    if not form.validate():
        return _proxy_page(decision, organisation, form, 400)
    holder = _record(User, form.holder_id.data)
    expires_at = to_utc(form.expires_local.data, reader_zone())
    try:
        proxies.grant(
            organisation, holder, current_user, decision=decision, expires_at=expires_at
        )
    except DecisionError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _proxy_page(decision, organisation, form, 400)
    db.session.commit()
    flash(_("%(name)s's vote on this decision was handed.", name=organisation.name))
    return redirect(url_for(".detail", decision_id=decision.id))


def _proxy_page(decision, organisation, form, status=200):
    page = render_template(
        "decisions/proxy.html",
        decision=decision,
        organisation=organisation,
        form=form,
        given=queries.given(decision, organisation.id),
        zone=reader_zone(),
        words=words,
    )
    return page, status


@bp.post("/decisions/proxies/<int:proxy_id>/revoke")
@policy.requires()
def revoke_proxy(proxy_id):
    """Her organisation takes its vote back (audited)."""
    held = db.get_or_404(Proxy, proxy_id)
    policy.ensure_allowed(policy.can_revoke_proxy(current_user, held))
    policy.ensure_reach(held.decision is not None)  # an AGM's: the AGM's pages
    try:
        proxies.revoke(held, current_user)
    except DecisionError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _detail_page(held.decision, status=400)
    db.session.commit()
    flash(_("The proxy was revoked: your organisation votes through its delegate."))
    return redirect(url_for(".detail", decision_id=held.decision_id))


@bp.get("/awaiting")
@policy.requires(policy.can_see_awaiting_page)
def awaiting():
    """Awaiting my organisation's answer: every feature's open questions."""
    shown = panels.gather("awaiting", current_user, utcnow().date())
    return render_template("decisions/awaiting.html", panels=shown)


# --- Helpers ---------------------------------------------------------------------


def _visible(decision_id):
    decision = db.get_or_404(
        Decision, decision_id, options=[selectinload(Decision.options)]
    )
    policy.ensure_reach(policy.can_see_decision(current_user, decision))
    return decision


def _record(model, raw):
    try:
        found = db.session.get(model, db_id(raw))
    except (TypeError, ValueError):
        found = None
    return found
