"""Member organisations: public directory, Secretariat registry, invitations."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import lazyload
from wtforms import SelectChoice

from .. import policy, vocab
from ..auth.models import User
from ..auth.services import find_by_email
from ..core import panels
from ..core.pagecache import public_page
from ..core.pagination import page_arg
from ..db import db
from ..extensions import limiter
from ..forms import search_arg
from . import services, space
from .forms import AppointForm, InviteForm, OrganisationForm, RemoveCoordinatorForm
from .models import Organisation
from .reach import organisation_in_reach
from .themes import active_themes

bp = Blueprint("organisations", __name__)

staff_only = policy.requires(policy.can_manage_organisations)


# --- Public directory ----------------------------------------------------------------


@bp.get("/organisations")
@public_page
def directory():
    """The public list of member organisations, filtered by region, working
    language and theme, one page at a time."""
    region = request.args.get("region", "")
    region = region if region in vocab.REGIONS else ""
    language = request.args.get("language", "")
    language = language if language in vocab.SPOKEN_LANGUAGES else ""
    themes = active_themes()
    theme = request.args.get("theme", "")
    theme = theme if theme in {t.slug for t in themes} else ""
    pagination = space.directory_page(
        region or None, language or None, theme or None, page_arg()
    )
    return render_template(
        "organisations/directory.html",
        pagination=pagination,
        region=region,
        language=language,
        theme=theme,
        themes=themes,
        language_codes=vocab.SPOKEN_LANGUAGES,
    )


@bp.get("/organisations/<slug>")
@public_page
def detail(slug):
    """The public page of a member organisation (staff also see the others), with
    the parts other features register in the slot 'organisation' (its roles, its
    needs and offers, what awaits its answer...), each for this reader."""
    org = organisation_in_reach(slug, policy.can_view_organisation)
    return render_template(
        "organisations/detail.html",
        org=org,
        can_manage=policy.can_manage_organisations(current_user),
        can_edit=policy.can_edit_organisation(current_user, org),
        can_view_members=policy.can_view_members(current_user, org.id),
        panels=panels.gather("organisation", org, current_user),
    )


# --- The Secretariat's registry ------------------------------------------------------


@bp.get("/admin/alliance")
@policy.requires(policy.can_view_alliance_overview)
def overview():
    """The Secretariat's view of the constituents: what each feature says waits
    (applications, organisations without a delegate, ratifications, introductions,
    onboarding), as panels the features register in the slot 'alliance'."""
    return render_template(
        "organisations/overview.html", panels=panels.gather("alliance")
    )


@bp.get("/admin/organisations")
@staff_only
def registry():
    """Every organisation with its status, member count and coordinators."""
    status = request.args.get("status", "")
    if status not in vocab.ORGANISATION_STATUSES:
        status = ""
    pagination, rows = services.registry_page(status or None, page_arg())
    return render_template(
        "organisations/registry.html", rows=rows, status=status, pagination=pagination
    )


@bp.route("/admin/organisations/new", methods=["GET", "POST"])
@staff_only
def create():
    """Add an organisation to the registry."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = services.create_organisation(**form.values())
        except services.DuplicateName:
            return _duplicate(form, None)
        db.session.commit()
        flash(_("%(name)s was added.", name=org.name), "success")
        return redirect(url_for(".registry"))
    return _form_page(form, None)


@bp.route("/admin/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(organisation_id):
    """Change an organisation's details or status."""
    org = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=org)
    if form.validate_on_submit() and _status_change_valid(form, org):
        new_status = form.status.data
        try:
            services.update_organisation(org, **form.values())
            if new_status != org.status:
                space.change_status(
                    org, new_status, by=current_user, reason=form.status_reason.data
                )
        except services.DuplicateName:
            return _duplicate(form, org)
        except space.StatusRefused:
            db.session.rollback()
            form.status.errors.append(_("Someone changed this status meanwhile."))
            return _form_page(form, org)
        db.session.commit()
        flash(_("%(name)s was saved.", name=org.name), "success")
        return redirect(url_for(".registry"))
    return _form_page(form, org)


def _status_change_valid(form, org):
    """A change of status must be allowed from the current one and give a reason."""
    if form.status.data == org.status:
        return True
    if form.status.data not in space.allowed_next(org.status):
        form.status.errors.append(
            _(
                "An organisation cannot go from %(current)s to %(new)s.",
                current=vocab.label(vocab.ORGANISATION_STATUSES, org.status),
                new=vocab.label(vocab.ORGANISATION_STATUSES, form.status.data),
            )
        )
        return False
    if not form.status_reason.data:
        form.status_reason.errors.append(_("Give a reason for the change of status."))
        return False
    return True


def _duplicate(form, org):
    form.name.errors.append(_("Another organisation already has this name."))
    return _form_page(form, org)


def _form_page(form, org):
    status = 400 if form.is_submitted() else 200
    return render_template("organisations/form.html", form=form, org=org), status


@bp.route(
    "/admin/organisations/<int:organisation_id>/coordinators", methods=["GET", "POST"]
)
@policy.requires(policy.can_appoint_coordinators)
def coordinators(organisation_id):
    """Appoint one of the organisation's members as coordinator, or remove one."""
    org = db.get_or_404(Organisation, organisation_id)
    if request.method == "POST" and request.form.get("action") == "remove":
        return _remove_coordinator(org)
    form = AppointForm()
    form.user_id.choices = [
        SelectChoice(person.id, f"{person.name} ({person.email})")
        for person in services.appointable_members(org)
    ]
    if form.validate_on_submit():
        person = db.session.get(User, form.user_id.data)
        try:
            appointed = services.appoint_coordinator(org, person, by=current_user)
        except services.NotAMember:
            form.user_id.errors.append(
                _("Only a member of this organisation can be its coordinator.")
            )
        else:
            return _appointed(org, person, appointed)
    return _coordinators_page(org, form)


def _appointed(org, person, appointed):
    if appointed:
        db.session.commit()
        services.send_appointment(org, person)
        flash(_("%(name)s is now a coordinator.", name=person.name), "success")
    else:
        flash(_("%(name)s is already a coordinator.", name=person.name), "info")
    return redirect(url_for(".coordinators", organisation_id=org.id))


def _remove_coordinator(org):
    form = RemoveCoordinatorForm()
    person = None
    if form.validate_on_submit() and form.user_id.data.isdigit():
        person = db.session.get(User, int(form.user_id.data))
    try:
        services.remove_coordinator(org, person, by=current_user)
    except services.NotAMember:
        flash(_("This person is not a coordinator of this organisation."), "error")
        return redirect(url_for(".coordinators", organisation_id=org.id))
    db.session.commit()
    flash(_("%(name)s is no longer a coordinator.", name=person.name), "success")
    return redirect(url_for(".coordinators", organisation_id=org.id))


def _coordinators_page(org, form):
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "organisations/coordinators.html",
        org=org,
        form=form,
        coordinators=services.coordinators(org),
        remove_form=RemoveCoordinatorForm(formdata=None),
    )
    return page, status


# --- A coordinator's organisation ----------------------------------------------------


@bp.get("/organisations/<int:organisation_id>/members")
@policy.requires()
def members(organisation_id):
    """The organisation's member list and pending invitations, for its coordinators."""
    org = _reachable(organisation_id, policy.can_view_members)
    return _members_page(org, InviteForm(formdata=None))


@bp.post("/organisations/<int:organisation_id>/invite")
@policy.requires()
@limiter.limit("30 per hour")
def invite(organisation_id):
    """Invite people by email to join the organisation."""
    org = _reachable(organisation_id, policy.can_invite)
    form = InviteForm()
    if org.status not in services.OPEN_STATUSES:
        flash(
            _("This organisation is paused or has left: it cannot invite anyone."),
            "error",
        )
        return redirect(url_for(".members", organisation_id=org.id))
    if not form.validate_on_submit():
        return _members_page(org, form, status=400)
    created, skipped = services.invite(
        org, form.addresses, form.locale.data, by=current_user
    )
    db.session.commit()
    for invitation in created:
        services.send_invitation(invitation, inviter_name=current_user.name)
    _flash_invited(created, skipped)
    return redirect(url_for(".members", organisation_id=org.id))


def _reachable(organisation_id, allowed):
    """The organisation, or 404 when it does not exist or is outside her reach."""
    policy.ensure_reach(allowed(current_user, organisation_id))
    return db.first_or_404(
        _WITHOUT_DESCRIPTION.where(Organisation.id == organisation_id)
    )


# The coordinator's pages show the organisation's name, not its description.
_WITHOUT_DESCRIPTION = sa.select(Organisation).options(
    lazyload(Organisation.description)
)


def _members_page(org, invite_form, status=200):
    q = search_arg()
    page = page_arg()
    html = render_template(
        "organisations/members.html",
        org=org,
        q=q,
        pagination=services.member_rows(org, q, page),
        invitations=services.pending_invitations(org),
        invite_form=invite_form,
    )
    return html, status


def _flash_invited(created, skipped):
    if created:
        flash(
            ngettext(
                "%(num)d invitation sent.", "%(num)d invitations sent.", len(created)
            ),
            "success",
        )
    if skipped:
        flash(
            _(
                "Already a member or already invited, so not invited again: "
                "%(addresses)s",
                addresses=", ".join(skipped),
            ),
            "info",
        )


# --- Accepting an invitation ---------------------------------------------------------


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    """Join an organisation through an emailed invitation."""
    invitation, problem = services.check_invitation(token)
    if invitation is None:
        return _invitation_problem(problem)
    if not current_user.is_authenticated:
        return _sign_in_first(invitation, token)
    if not policy.can_accept_invitation(current_user, invitation):
        # Not a bare 403: the page tells her which account the invitation is for.
        page = render_template("organisations/invitation_other_address.html")
        return page, 403
    if request.method == "POST":
        org = invitation.organisation
        services.accept_invitation(invitation, current_user)
        db.session.commit()
        flash(_("Welcome to %(name)s.", name=org.name), "success")
        return redirect(url_for("main.index"))
    return render_template(
        "organisations/accept_invitation.html", invitation=invitation, token=token
    )


def _invitation_problem(problem):
    messages = {
        "invalid": _(
            "This invitation link is not valid. Please check that you copied it "
            "completely, or ask your coordinator for a new one."
        ),
        "expired": _(
            "This invitation has expired. Please ask your coordinator for a new one."
        ),
        "used": _("This invitation has already been accepted."),
        "closed": _("This organisation is not accepting new members at the moment."),
    }
    page = render_template(
        "organisations/invitation_problem.html", message=messages[problem]
    )
    return page, 400


def _sign_in_first(invitation, token):
    """An existing account logs in; anyone else registers with the invitation."""
    here = url_for(".accept_invitation", token=token)
    if find_by_email(invitation.email) is not None:
        flash(
            _(
                "Please log in to accept the invitation to join %(name)s.",
                name=invitation.organisation.name,
            ),
            "info",
        )
        return redirect(url_for("auth.login", next=here))
    flash(
        _(
            "You are invited to join %(name)s: create your account to accept. "
            "If you already have an account, log in and open the link again.",
            name=invitation.organisation.name,
        ),
        "info",
    )
    return redirect(url_for("auth.register", invitation=token))
