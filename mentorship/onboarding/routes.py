"""Onboarding: the Secretariat's checklist and progress list, each organisation's
own checklist."""

from math import ceil

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy, vocab
from ..core import checks
from ..core.pagination import page_arg
from ..db import db
from ..organisations.reach import organisation_in_reach
from . import services
from .forms import ActionForm, ItemForm, MoveForm, TickForm
from .models import ItemKind, OnboardingItem

bp = Blueprint("onboarding", __name__)

secretariat_only = policy.requires(policy.can_define_onboarding)


# --- The Secretariat's checklist -----------------------------------------------------


@bp.get("/admin/onboarding")
@secretariat_only
def checklist():
    """The checklist, in order, with the retired items after it."""
    return render_template(
        "onboarding/checklist.html",
        items=services.items(include_retired=True),
        action_form=ActionForm(formdata=None),
        checks_offered=_checks_offered(),
    )


def _checks_offered():
    return checks.registered("onboarding")


@bp.route("/admin/onboarding/new", methods=["GET", "POST"])
@secretariat_only
def add_item():
    """Add an item at the end of the checklist."""
    form = ItemForm()
    if form.validate_on_submit():
        services.add_item(*_values(form), by=current_user)
        db.session.commit()
        flash(_("The item was added to the checklist."), "success")
        return redirect(url_for(".checklist"))
    return _item_page(form, None)


@bp.route("/admin/onboarding/<int:onboarding_item_id>/edit", methods=["GET", "POST"])
@secretariat_only
def edit_item(onboarding_item_id):
    """Change an item's label, help text or kind."""
    item = db.get_or_404(OnboardingItem, onboarding_item_id)
    form = ItemForm(obj=item, current_key=item.check_key)
    if form.validate_on_submit():
        services.update_item(item, *_values(form), by=current_user)
        db.session.commit()
        flash(_("The item was saved."), "success")
        return redirect(url_for(".checklist"))
    return _item_page(form, item)


def _values(form):
    return (form.label.data, form.help_text.data, form.kind.data, form.check_key.data)


def _item_page(form, item):
    status = 400 if form.is_submitted() else 200
    return render_template("onboarding/item_form.html", form=form, item=item), status


@bp.post("/admin/onboarding/<int:onboarding_item_id>/retire")
@secretariat_only
def retire_item(onboarding_item_id):
    """Take an item off the checklist (organisations' ticks are kept)."""
    return _act(onboarding_item_id, services.retire, _("The item was retired."))


@bp.post("/admin/onboarding/<int:onboarding_item_id>/restore")
@secretariat_only
def restore_item(onboarding_item_id):
    """Put a retired item back on the checklist."""
    return _act(onboarding_item_id, services.restore, _("The item was restored."))


def _act(item_id, action, message):
    item = db.get_or_404(OnboardingItem, item_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if action(item, by=current_user):
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".checklist"))


@bp.post("/admin/onboarding/<int:onboarding_item_id>/move")
@secretariat_only
def move_item(onboarding_item_id):
    """Move an item one place up or down."""
    item = db.get_or_404(OnboardingItem, onboarding_item_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    if services.move(item, form.direction.data, by=current_user):
        db.session.commit()
    return redirect(url_for(".checklist"))


# --- The Secretariat's progress list -------------------------------------------------


class ListPage:
    """A page of a list computed in Python, with what the pager macro reads."""

    def __init__(self, rows, page, per_page):
        self.total = len(rows)
        self.per_page = per_page
        self.pages = max(1, ceil(self.total / per_page))
        self.page = page
        self.items = rows[(page - 1) * per_page : page * per_page]
        self.has_prev, self.has_next = page > 1, page < self.pages
        self.prev_num, self.next_num = page - 1, page + 1


@bp.get("/admin/onboarding/progress")
@secretariat_only
def progress():
    """Every organisation onboarding, its progress, filtered by region and state."""
    region = request.args.get("region", "")
    region = region if region in vocab.REGIONS else ""
    state = request.args.get("state", "")
    state = state if state in ("complete", "incomplete") else ""
    rows = services.onboarding_progress(region or None, state or None)
    return render_template(
        "onboarding/progress.html",
        pagination=ListPage(rows, page_arg(), services.PROGRESS_PER_PAGE),
        region=region,
        state=state,
    )


# --- An organisation's checklist -----------------------------------------------------


def _organisation(slug, allowed):
    return organisation_in_reach(slug, allowed)


@bp.get("/organisations/<slug>/onboarding")
@policy.requires()
def organisation(slug):
    """The organisation's onboarding: each item, done or not, ticked by whom."""
    return _organisation_page(_organisation(slug, policy.can_view_onboarding))


def _organisation_page(org, status=200):
    page = render_template(
        "onboarding/organisation.html",
        org=org,
        progress=services.progress(org),
        can_tick=policy.can_tick_onboarding(current_user, org),
        can_view_page=policy.can_view_organisation(current_user, org),
        tick_form=TickForm(formdata=None),
    )
    return page, status


@bp.post("/organisations/<slug>/onboarding/<int:onboarding_item_id>")
@policy.requires()
def tick(slug, onboarding_item_id):
    """Tick or untick a manual item for the organisation."""
    org = _organisation(slug, policy.can_view_onboarding)
    policy.ensure_tick_allowed(current_user, org)
    item = db.get_or_404(OnboardingItem, onboarding_item_id)
    form = TickForm()
    if not form.validate_on_submit():
        abort(400)
    if item.kind != ItemKind.MANUAL or item.retired_at is not None:
        flash(_("This item is not ticked by hand."), "error")
        return _organisation_page(org, 400)
    if form.done.data == "1":
        changed = services.tick(org, item, by=current_user)
    else:
        changed = services.untick(org, item, by=current_user)
    if changed:
        db.session.commit()
        flash(_("The checklist was updated."), "success")
    return redirect(url_for(".organisation", slug=org.slug))
