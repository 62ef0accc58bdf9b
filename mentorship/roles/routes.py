"""An organisation's roles page (grant, end, history) and the Secretariat's list of
member organisations with their leader and delegates."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload
from wtforms import SelectChoice

from .. import policy, vocab
from ..auth.models import User
from ..core.models import Membership
from ..core.pagination import page_arg
from ..db import db
from ..organisations.models import Organisation
from ..organisations.reach import organisation_in_reach
from . import services
from .forms import EndForm, GrantForm

bp = Blueprint("roles", __name__)

manager_only = policy.requires(policy.can_manage_some_roles)


def _organisation(slug, allowed):
    """The organisation, or 404 when it does not exist or is outside her reach."""
    return organisation_in_reach(
        slug,
        lambda user, org: allowed(user, org.id),
        lazyload(Organisation.description),
    )


@bp.get("/organisations/<slug>/roles")
@policy.requires()
def index(slug):
    """Who holds the organisation's roles today, and the terms that ended."""
    org = _organisation(slug, policy.can_view_roles)
    return _page(org, GrantForm(formdata=None))


@bp.post("/organisations/<slug>/roles")
@manager_only
def grant(slug):
    """Give one of the organisation's members a position (or replace the holder)."""
    org = _organisation(slug, policy.can_manage_roles)
    form = _grant_form(org)
    if not form.validate_on_submit():
        return _page(org, form, status=400)
    person = db.session.get(User, form.user_id.data)
    position = form.position.data
    try:
        term = services.grant(
            org,
            person,
            position,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            actor=current_user,
            replace=form.wants_replace(),
        )
        db.session.commit()
    except services.Refused as refusal:
        db.session.rollback()
        return _page(org, form, status=400, refusal=refusal)
    except IntegrityError:
        # Someone granted the same position at the same moment: hers came first.
        db.session.rollback()
        return _page(org, form, status=400, refusal=_lost_race(org, position))
    flash(
        _(
            "%(name)s is now %(position)s.",
            name=person.name,
            position=services.position_label(term.position).lower(),
        ),
        "success",
    )
    return redirect(url_for(".index", slug=org.slug))


def _lost_race(org, position):
    holder = services.in_office(org.id, position)
    if holder is not None:
        return services.Refused(services.in_office_message(holder), holder=holder)
    return services.Refused(
        _("The roles changed at the same moment; nothing was changed. Try again.")
    )


@bp.route("/organisations/<slug>/roles/<int:term_id>/end", methods=["GET", "POST"])
@manager_only
def end(slug, term_id):
    """End one term (date, reason): the person and the history keep it."""
    org = _organisation(slug, policy.can_manage_roles)
    term = db.session.get(Membership, term_id)
    policy.ensure_reach(term is not None and term.organisation_id == org.id)
    person = db.session.get(User, term.user_id)
    form = EndForm()
    if not form.validate_on_submit():
        return _end_page(org, term, person, form)
    try:
        services.end_term(
            term, ends_on=form.ends_on.data, reason=form.reason.data, actor=current_user
        )
        db.session.commit()
    except services.Refused as refusal:
        db.session.rollback()
        form.ends_on.errors.append(refusal.message)
        return _end_page(org, term, person, form)
    flash(
        _(
            "%(name)s is no longer %(position)s.",
            name=person.name,
            position=services.position_label(term.position).lower(),
        ),
        "success",
    )
    return redirect(url_for(".index", slug=org.slug))


def _end_page(org, term, person, form):
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "roles/end.html", org=org, term=term, person=person, form=form
    )
    return page, status


def _grant_form(org):
    form = GrantForm()
    form.user_id.choices = _member_choices(org)
    return form


def _member_choices(org):
    return [SelectChoice(person.id, person.name) for person in services.members(org)]


def _page(org, form, status=200, refusal=None):
    can_manage = policy.can_manage_roles(current_user, org.id)
    if can_manage and not form.user_id.choices:
        form.user_id.choices = _member_choices(org)
    page = render_template(
        "roles/index.html",
        org=org,
        form=form,
        refusal=refusal,
        can_manage=can_manage,
        terms=services.current_terms(org),
        history=services.history(org, page_arg()),
        today=services.memberships.today(),
    )
    return page, status


# --- The Secretariat's view ----------------------------------------------------------


@bp.get("/admin/delegates")
@policy.requires(policy.can_view_delegates)
def delegates():
    """Member organisations with their leader, voting delegate and alternate."""
    region = request.args.get("region", "")
    if region not in vocab.REGIONS:
        region = ""
    without = request.args.get("without", "") == "1"
    pagination, holders = services.delegates_page(region, without, page_arg())
    return render_template(
        "roles/delegates.html",
        pagination=pagination,
        holders=holders,
        region=region,
        without=without,
    )
