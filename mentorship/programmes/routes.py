"""Programmes (cohorts): the list, enrolment, coordinators' view, Secretariat pages."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import lazyload

from .. import policy
from ..core import panels
from ..core.pagination import page_arg
from ..db import db
from ..i18n import localized
from ..matches.queries import programme_impact
from ..organisations.models import Organisation
from . import services
from .forms import ENROLMENT_FORMS, ProgrammeForm, SettingsForm, settings_form_data
from .models import Programme

bp = Blueprint("programmes", __name__)

ROLE = "<any(mentor, mentee):role>"

ENROLLED = {
    "mentor": _l("You are enrolled as a mentor. Thank you!"),
    "mentee": _l("You are enrolled as a mentee. Thank you!"),
}
ALREADY_ENROLLED = {
    "mentor": _l("You are already enrolled as a mentor in this programme."),
    "mentee": _l("You are already enrolled as a mentee in this programme."),
}
NOT_ENROLLED = {
    "mentor": _l("You are not enrolled as a mentor in this programme."),
    "mentee": _l("You are not enrolled as a mentee in this programme."),
}
WITHDRAWN = {
    "mentor": _l("You withdrew as a mentor from this programme."),
    "mentee": _l("You withdrew as a mentee from this programme."),
}
STATUS_REFUSED = {
    "published": _l("Only a draft programme can be published."),
    "archived": _l("This programme is already archived."),
}


manager_only = policy.requires(policy.can_manage_programmes)


def _visible_programme(programme_id):
    """The programme, or 404 when it does not exist or is a draft she may not see."""
    programme = db.get_or_404(Programme, programme_id)
    policy.ensure_reach(policy.can_view_programme(current_user, programme))
    return programme


# The Secretariat's and coordinators' lists show the programme's name, not its
# description.
_NAME_ONLY = sa.select(Programme).options(lazyload(Programme.description))
_ORGANISATION_NAME_ONLY = sa.select(Organisation).options(
    lazyload(Organisation.description)
)


def _programme_named(programme_id):
    """The programme (without its description), or 404."""
    return db.first_or_404(_NAME_ONLY.where(Programme.id == programme_id))


def _to_detail(programme):
    return redirect(url_for(".detail", programme_id=programme.id))


# --- Members -------------------------------------------------------------------------


@bp.get("/programmes")
@policy.requires()
def index():
    """Published programmes, open ones first, with her enrolment in each."""
    staff = policy.can_manage_programmes(current_user)
    groups = services.listing(staff, services.today())
    ids = [programme.id for group in groups.values() for programme in group]
    return render_template(
        "programmes/index.html",
        groups=groups,
        enrolments=services.enrolments_of(current_user, ids),
        staff=staff,
    )


@bp.get("/programmes/<int:programme_id>")
@policy.requires()
def detail(programme_id):
    """A programme's description, dates and organisations, and her enrolments."""
    return _detail_page(_visible_programme(programme_id))


def _detail_page(programme, forms=None, status=200):
    today = services.today()
    mine = services.enrolments_of(current_user, [programme.id]).get(programme.id, {})
    sections = []
    for role in services.ROLES:
        enrolment = mine.get(role)
        enrolled = enrolment is not None and enrolment.status == "enrolled"
        refusal = None
        if not enrolled:
            refusal = services.eligibility(current_user, programme, role, today)
        form = (forms or {}).get(role) or _blank_form(role, enrolment, enrolled)
        sections.append(
            {
                "role": role,
                "enrolment": enrolment,
                "enrolled": enrolled,
                "refusal": refusal,
                "form": form,
            }
        )
    own_org = current_user.organisation_id
    html = render_template(
        "programmes/detail.html",
        programme=programme,
        phase=services.phase(programme, today),
        organisations=services.programme_organisations(programme),
        sections=sections,
        enrolments=mine,
        can_manage=policy.can_manage_programmes(current_user),
        coordinated_org=(
            current_user.organisation
            if own_org and policy.can_view_enrolments(current_user, own_org)
            else None
        ),
        panels=panels.gather("programme.member", programme, current_user),
    )
    return html, status


def _blank_form(role, enrolment, enrolled):
    form_class = ENROLMENT_FORMS[role]
    if enrolled:
        return form_class(formdata=None, prefix=role, obj=enrolment)
    prefill = services.enrolment_prefill(current_user, role)
    return form_class(formdata=None, prefix=role, data=prefill)


def _refusal_markup(refusal):
    """The refusal as a flash message, with the link that fixes it."""
    if refusal.fix_endpoint is None:
        return refusal.message
    url = url_for(refusal.fix_endpoint, **refusal.fix_args)
    return Markup('{} <a href="{}">{}</a>').format(
        refusal.message, url, refusal.fix_label
    )


@bp.post(f"/programmes/<int:programme_id>/enrol/{ROLE}")
@policy.requires()
def enrol(programme_id, role):
    """Enrol her as mentor or mentee, with her goals for this programme."""
    programme = _visible_programme(programme_id)
    refusal = services.eligibility(current_user, programme, role, services.today())
    if refusal is not None:
        flash(_refusal_markup(refusal), "error")
        return _to_detail(programme)
    existing = services.find_enrolment(current_user, programme, role)
    if existing is not None and existing.status == "enrolled":
        flash(str(ALREADY_ENROLLED[role]), "info")
        return _to_detail(programme)
    form = ENROLMENT_FORMS[role](prefix=role)
    if not form.validate_on_submit():
        return _detail_page(programme, {role: form}, status=400)
    try:
        services.enrol(current_user, programme, role, form.enrolment_data())
    except services.AlreadyEnrolled:
        flash(str(ALREADY_ENROLLED[role]), "info")
        return _to_detail(programme)
    db.session.commit()
    flash(str(ENROLLED[role]), "success")
    return _to_detail(programme)


@bp.post(f"/programmes/<int:programme_id>/enrolments/{ROLE}")
@policy.requires()
def update_enrolment(programme_id, role):
    """Change her goals (and a mentor's capacity) for this programme."""
    programme = _visible_programme(programme_id)
    enrolment = services.find_enrolment(current_user, programme, role)
    if enrolment is None or enrolment.status != "enrolled":
        flash(str(NOT_ENROLLED[role]), "error")
        return _to_detail(programme)
    if programme.status == "archived":
        flash(_("This programme is archived: enrolments no longer change."), "error")
        return _to_detail(programme)
    form = ENROLMENT_FORMS[role](prefix=role)
    if not form.validate_on_submit():
        return _detail_page(programme, {role: form}, status=400)
    try:
        services.update_enrolment(enrolment, form.enrolment_data(), by=current_user)
    except services.CapacityBelowSlots:
        form.capacity.errors.append(_capacity_too_low(enrolment.slots_taken))
        return _detail_page(programme, {role: form}, status=400)
    db.session.commit()
    flash(_("Your enrolment is updated."), "success")
    return _to_detail(programme)


def _capacity_too_low(slots_taken):
    return ngettext(
        "You already have %(num)d mentee or proposal in this programme: "
        "your capacity cannot be lower.",
        "You already have %(num)d mentees or proposals in this programme: "
        "your capacity cannot be lower.",
        slots_taken,
    )


@bp.post(f"/programmes/<int:programme_id>/withdraw/{ROLE}")
@policy.requires()
def withdraw(programme_id, role):
    """Withdraw her enrolment, while she has no proposal nor mentorship in it."""
    programme = _visible_programme(programme_id)
    enrolment = services.find_enrolment(current_user, programme, role)
    if enrolment is None or enrolment.status != "enrolled":
        flash(str(NOT_ENROLLED[role]), "error")
        return _to_detail(programme)
    if not services.withdraw(enrolment, by=current_user):
        flash(
            _(
                "You already have a proposal or mentorship in this programme; "
                "decline it instead."
            ),
            "error",
        )
        return _to_detail(programme)
    db.session.commit()
    flash(str(WITHDRAWN[role]), "success")
    return _to_detail(programme)


@bp.get("/programmes/<int:programme_id>/organisations/<int:organisation_id>/enrolments")
@policy.requires()
def organisation_enrolments(programme_id, organisation_id):
    """Who from an organisation enrolled: its coordinators and the Secretariat."""
    policy.ensure_reach(policy.can_view_enrolments(current_user, organisation_id))
    programme = _programme_named(programme_id)
    policy.ensure_reach(policy.can_view_programme(current_user, programme))
    org = db.first_or_404(
        _ORGANISATION_NAME_ONLY.where(Organisation.id == organisation_id)
    )
    page = page_arg()
    return render_template(
        "programmes/organisation_enrolments.html",
        programme=programme,
        org=org,
        pagination=services.organisation_enrolments(programme, org.id, page),
    )


# --- The Secretariat -----------------------------------------------------------------


@bp.route("/admin/programmes/new", methods=["GET", "POST"])
@manager_only
def create():
    """Create a draft programme with the default matching settings."""
    form = ProgrammeForm(organisations=services.organisation_choices())
    if form.validate_on_submit():
        programme = services.create_programme(form.programme_data(), by=current_user)
        db.session.commit()
        flash(
            _(
                "%(name)s is created as a draft. Check its matching settings, "
                "then publish it.",
                name=localized(programme, "name"),
            ),
            "success",
        )
        return redirect(url_for(".admin", programme_id=programme.id))
    return _form_page(form, None)


@bp.route("/admin/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@manager_only
def edit(programme_id):
    """Change a programme's names, dates and participating organisations."""
    programme = db.get_or_404(Programme, programme_id)
    form = ProgrammeForm(
        obj=programme,
        data={"organisation_ids": [org.id for org in programme.organisations]},
        organisations=services.organisation_choices(programme),
    )
    if form.validate_on_submit():
        services.update_programme(programme, form.programme_data(), by=current_user)
        db.session.commit()
        flash(_("%(name)s is saved.", name=localized(programme, "name")), "success")
        return redirect(url_for(".admin", programme_id=programme.id))
    return _form_page(form, programme)


def _form_page(form, programme):
    status = 400 if form.is_submitted() else 200
    page = render_template("programmes/form.html", form=form, programme=programme)
    return page, status


@bp.route("/admin/programmes/<int:programme_id>/settings", methods=["GET", "POST"])
@manager_only
def settings(programme_id):
    """Tune the matching; saving a change makes a new settings version."""
    programme = db.get_or_404(Programme, programme_id)
    current = services.settings_data(programme.current_settings)
    form = SettingsForm(data=settings_form_data(current))
    if form.validate_on_submit():
        return _save_settings(programme, form)
    page = render_template(
        "programmes/settings.html",
        programme=programme,
        form=form,
        history=services.settings_history(programme),
    )
    return page, 400 if form.is_submitted() else 200


def _save_settings(programme, form):
    here = url_for(".settings", programme_id=programme.id)
    try:
        saved, changed = services.save_settings(
            programme, form.settings_data(), by=current_user
        )
    except services.SettingsConflict:
        flash(
            _(
                "Someone saved these settings at the same moment. "
                "Please check them and save again."
            ),
            "error",
        )
        return redirect(here)
    if not changed:
        flash(
            _(
                "Nothing changed: the settings stay at version %(version)d.",
                version=saved.version,
            ),
            "info",
        )
        return redirect(here)
    db.session.commit()
    flash(
        _("The settings are saved as version %(version)d.", version=saved.version),
        "success",
    )
    return redirect(here)


@bp.post("/admin/programmes/<int:programme_id>/publish")
@manager_only
def publish(programme_id):
    """Publish a draft: members see it and may enrol during its window."""
    return _set_status(programme_id, "published")


@bp.get("/admin/programmes/<int:programme_id>/archive")
@manager_only
def confirm_archive(programme_id):
    """Say what archiving leaves behind, then ask: it cannot be undone."""
    programme = db.get_or_404(Programme, programme_id)
    if programme.status == "archived":
        flash(str(STATUS_REFUSED["archived"]), "error")
        return redirect(url_for(".admin", programme_id=programme.id))
    return render_template(
        "programmes/confirm_archive.html",
        programme=programme,
        impact=programme_impact(programme),
    )


@bp.post("/admin/programmes/<int:programme_id>/archive")
@manager_only
def archive(programme_id):
    """Archive a programme: it leaves the members' list."""
    return _set_status(programme_id, "archived")


def _set_status(programme_id, status):
    programme = db.get_or_404(Programme, programme_id)
    try:
        services.set_status(programme, status, by=current_user)
    except services.InvalidTransition:
        flash(str(STATUS_REFUSED[status]), "error")
    else:
        db.session.commit()
        flash(_status_changed(status, localized(programme, "name")), "success")
    return redirect(url_for(".admin", programme_id=programme.id))


def _status_changed(status, name):
    if status == "published":
        return _(
            "%(name)s is published: members see it and may enrol during its window.",
            name=name,
        )
    return _("%(name)s is archived.", name=name)


@bp.get("/admin/programmes/<int:programme_id>")
@manager_only
def admin(programme_id):
    """The Secretariat's overview: counts by organisation, enrolments, runs."""
    programme = _programme_named(programme_id)
    page = page_arg()
    return render_template(
        "programmes/admin.html",
        programme=programme,
        phase=services.phase(programme, services.today()),
        counts=services.enrolment_counts(programme),
        pagination=services.programme_enrolments(programme, page),
        panels=panels.gather("programme.admin", programme, current_user),
    )
