"""Needs and offers, introductions between organisations, their follow-up."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy, vocab
from ..core.pagination import page_arg, paginate
from ..db import db
from ..organisations.models import Organisation, OrganisationStatus
from ..organisations.reach import organisation_in_reach
from . import introductions as flow
from . import reasons, services, suggestions, taxonomy
from .forms import (
    AdminProposeForm,
    ConfirmForm,
    DeclineForm,
    FollowUpForm,
    ListingForm,
    ProposeForm,
    organisation_choices,
)
from .introductions import IntroductionError
from .models import FollowUpAnswer, Introduction, IntroductionStatus, Listing

bp = Blueprint("partnerships", __name__)
PER_PAGE = 25


def _organisation(slug):
    return organisation_in_reach(slug)


def _members(excluding=None):
    query = sa.select(Organisation).where(
        Organisation.status == OrganisationStatus.MEMBER
    )
    if excluding is not None:
        query = query.where(Organisation.id != excluding)
    return db.session.scalars(query.order_by(Organisation.name)).all()


# --- Needs and offers ---------------------------------------------------------------


@bp.route("/organisations/<slug>/needs-offers", methods=["GET", "POST"])
@policy.requires()
def needs_offers(slug):
    """Its stewards (and the Secretariat) list what it needs and can offer."""
    org = _organisation(slug)
    policy.ensure_reach(policy.can_edit_listings(current_user, org))
    form = ListingForm()
    if request.method == "GET":
        form.language.data = current_user.locale or "en"
    if form.validate_on_submit():
        services.save_listing(
            org,
            form.kind.data,
            form.category.data,
            form.description.data,
            form.language.data,
            current_user,
        )
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".needs_offers", slug=org.slug))
    return render_template(
        "partnerships/needs_offers.html",
        labels=taxonomy,
        describe_reason=reasons.describe,
        org=org,
        form=form,
        listings=services.listings_of(org.id),
        remove_form=ConfirmForm(formdata=None),
    ), (400 if form.is_submitted() else 200)


@bp.post("/organisations/<slug>/needs-offers/<int:listing_id>/remove")
@policy.requires()
def remove_listing(slug, listing_id):
    """Take a need or an offer off the list."""
    org = _organisation(slug)
    policy.ensure_reach(policy.can_edit_listings(current_user, org))
    listing = db.get_or_404(Listing, listing_id)
    policy.ensure_reach(listing.organisation_id == org.id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for(".needs_offers", slug=org.slug)), 400
    services.remove_listing(listing, current_user)
    db.session.commit()
    flash(_("Removed."), "success")
    return redirect(url_for(".needs_offers", slug=org.slug))


# --- An organisation's introductions -------------------------------------------------


@bp.route("/organisations/<slug>/introductions", methods=["GET", "POST"])
@policy.requires()
def introductions(slug):
    """Suggestions with their reasons, introductions by state, and a proposal form."""
    org = _organisation(slug)
    policy.ensure_reach(policy.can_manage_introductions(current_user, org))
    form = ProposeForm()
    form.other.choices = organisation_choices(_members(excluding=org.id))
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            other = db.session.get(Organisation, form.other.data)
            try:
                # Its steward proposes for it (its side accepts at once); the
                # Secretariat on its page proposes as the Secretariat.
                proposer = org if policy.stewards(current_user, org.id) else None
                flow.propose(
                    org,
                    other,
                    current_user,
                    by_organisation=proposer,
                    message=form.message.data,
                )
                db.session.commit()
                flash(
                    _("The introduction was proposed to %(name)s.", name=other.name),
                    "success",
                )
                return redirect(url_for(".introductions", slug=org.slug))
            except IntroductionError as error:
                db.session.rollback()
                form.other.errors.append(str(error))
    return _introductions_page(org, form), status


def _introductions_page(org, form):
    return render_template(
        "partnerships/introductions.html",
        labels=taxonomy,
        describe_reason=reasons.describe,
        org=org,
        form=form,
        suggested=suggestions.for_organisation(org),
        grouped=services.of_organisation(org.id),
        follow_ups=[i.id for i in services.follow_ups_due()],
        confirm=ConfirmForm(formdata=None),
        decline_form=DeclineForm(formdata=None),
    )


def _introduction(introduction_id):
    introduction = db.get_or_404(Introduction, introduction_id)
    policy.ensure_reach(policy.can_view_introduction(current_user, introduction))
    return introduction


def _back(introduction):
    """To the page she came from: her organisation's, else the Secretariat's."""
    for org in introduction.organisations:
        if policy.stewards(current_user, org.id):
            return url_for(".introductions", slug=org.slug)
    return url_for(".admin")


def _act(introduction, form, action):
    if not form.validate_on_submit():
        flash(_("Please check the form."), "error")
        return redirect(_back(introduction)), 400
    try:
        message = action()
    except IntroductionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(_back(introduction)), 400
    db.session.commit()
    flash(message, "success")
    return redirect(_back(introduction))


@bp.post("/introductions/<int:introduction_id>/accept")
@policy.requires()
def accept(introduction_id):
    """Her organisation accepts the introduction."""
    introduction = _introduction(introduction_id)

    def act():
        flow.accept(introduction, current_user)
        if introduction.status == IntroductionStatus.INTRODUCED:
            return _("Both organisations accepted: the introduction emails are sent.")
        return _("Accepted. The other organisation is asked too.")

    return _act(introduction, ConfirmForm(), act)


@bp.post("/introductions/<int:introduction_id>/decline")
@policy.requires()
def decline(introduction_id):
    """Her organisation declines the introduction."""
    introduction = _introduction(introduction_id)
    form = DeclineForm()

    def act():
        flow.decline(introduction, current_user, form.reason.data)
        return _("Declined.")

    return _act(introduction, form, act)


@bp.post("/introductions/<int:introduction_id>/withdraw")
@policy.requires()
def withdraw(introduction_id):
    """The proposer takes the introduction back."""
    introduction = _introduction(introduction_id)

    def act():
        flow.withdraw(introduction, current_user)
        return _("Withdrawn.")

    return _act(introduction, ConfirmForm(), act)


@bp.route("/introductions/<int:introduction_id>/follow-up", methods=["GET", "POST"])
@policy.requires()
def follow_up(introduction_id):
    """Either side tells whether a partnership came out of it, and records it."""
    introduction = _introduction(introduction_id)
    policy.ensure_reach(introduction.status == IntroductionStatus.INTRODUCED)
    partnership = introduction.partnership
    form = FollowUpForm(obj=partnership)
    if request.method == "GET" and introduction.follow_up_answer:
        form.answer.data = introduction.follow_up_answer
    if form.validate_on_submit():
        try:
            _answer(introduction, form)
            db.session.commit()
            flash(_("Thank you: your answer is recorded."), "success")
            return redirect(_back(introduction))
        except IntroductionError as error:
            db.session.rollback()
            form.answer.errors.append(str(error))
    return render_template(
        "partnerships/follow_up.html",
        labels=taxonomy,
        describe_reason=reasons.describe,
        introduction=introduction,
        form=form,
    ), (400 if form.is_submitted() else 200)


def _answer(introduction, form):
    if form.answer.data == FollowUpAnswer.PARTNERSHIP:
        services.record_partnership(
            introduction,
            current_user,
            form.kind.data,
            form.status.data,
            form.outcome.data,
        )
    else:
        services.answer_follow_up(introduction, current_user, form.answer.data)


# --- The Secretariat's view -----------------------------------------------------------


@bp.route("/admin/introductions", methods=["GET", "POST"])
@policy.requires(policy.can_view_introductions_admin)
def admin():
    """Every introduction (by state and region), a proposal between any two, and
    suggestions for the organisations without any introduction."""
    form = AdminProposeForm()
    choices = organisation_choices(_members())
    form.first.choices = form.second.choices = choices
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate():
            first = db.session.get(Organisation, form.first.data)
            second = db.session.get(Organisation, form.second.data)
            try:
                flow.propose(
                    first,
                    second,
                    current_user,
                    message=form.message.data,
                    onboarding=form.onboarding.data,
                )
                db.session.commit()
                flash(
                    _("The introduction was proposed to both organisations."), "success"
                )
                return redirect(url_for(".admin"))
            except IntroductionError as error:
                db.session.rollback()
                form.second.errors.append(str(error))
    state = request.args.get("state", "")
    if state not in set(IntroductionStatus):
        state = ""
    region = request.args.get("region", "")
    if region not in vocab.REGIONS:
        region = ""
    page = paginate(services.admin_query(state, region), page_arg(), PER_PAGE)
    return render_template(
        "partnerships/admin.html",
        labels=taxonomy,
        describe_reason=reasons.describe,
        form=form,
        page=page,
        state=state,
        region=region,
        suggested=suggestions.across_alliance(),
        org=None,
        follow_ups=[i.id for i in services.follow_ups_due()],
        confirm=ConfirmForm(formdata=None),
        decline_form=DeclineForm(formdata=None),
    ), status
