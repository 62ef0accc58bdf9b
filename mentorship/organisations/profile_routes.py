"""The organisation's own space: its profile and logo, edited by its leader, its
coordinators and the Secretariat (routes of the organisations blueprint)."""

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..db import db
from . import logos, space
from .models import OrganisationLogo
from .profile_forms import LogoForm, ProfileForm, RemoveLogoForm
from .reach import organisation_in_reach
from .routes import bp

LOGO_CACHE = "public, max-age=31536000, immutable"


def _editable(slug):
    """The organisation she may edit, else 404."""
    return organisation_in_reach(slug, policy.can_edit_organisation)


@bp.route("/organisations/<slug>/profile", methods=["GET", "POST"])
@policy.requires()
def edit_profile(slug):
    """Edit the organisation's profile: description, languages, themes, links..."""
    org = _editable(slug)
    form = ProfileForm(org=org if request.method == "GET" else None)
    if form.validate_on_submit():
        space.update_profile(org, form.profile(), by=current_user)
        db.session.commit()
        flash(_("The profile of %(name)s was saved.", name=org.name), "success")
        return redirect(url_for(".detail", slug=org.slug))
    return _profile_page(org, form)


def _profile_page(org, form=None, logo_form=None, status=None):
    form = form or ProfileForm(org=org)
    if status is None:
        status = 400 if form.is_submitted() else 200
    page = render_template(
        "organisations/profile.html",
        org=org,
        form=form,
        logo_form=logo_form or LogoForm(formdata=None),
        remove_form=RemoveLogoForm(formdata=None),
        logo_max_mb=logos.MAX_BYTES // (1024 * 1024),
    )
    return page, status


@bp.post("/organisations/<slug>/logo")
@policy.requires()
def upload_logo(slug):
    """Replace the logo with an uploaded PNG, JPEG or WebP image."""
    org = _editable(slug)
    form = LogoForm()
    if not form.validate_on_submit():
        return _logo_refused(org, form)
    try:
        processed = logos.process(form.logo.data.read(logos.MAX_BYTES + 1))
    except logos.LogoRejected as rejected:
        form.logo.errors.append(_logo_message(rejected.code))
        return _logo_refused(org, form)
    logos.set_logo(org, processed, by=current_user)
    db.session.commit()
    flash(_("The logo was saved."), "success")
    return redirect(url_for(".edit_profile", slug=org.slug))


def _logo_refused(org, form):
    return _profile_page(org, ProfileForm(org=org, formdata=None), form, status=400)


def _logo_message(code):
    messages = {
        "too_large": _("The image is larger than 2 MB. Please send a smaller one."),
        "not_an_image": _(
            "This file is not a PNG, JPEG or WebP image. "
            "SVG and GIF files are not accepted."
        ),
        "too_many_pixels": _(
            "This image has too many pixels (at most 40 megapixels). "
            "Please send a smaller one."
        ),
        "damaged": _("This image is damaged or incomplete. Please export it again."),
    }
    return messages[code]


@bp.post("/organisations/<slug>/logo/remove")
@policy.requires()
def remove_logo(slug):
    """Remove the organisation's logo."""
    org = _editable(slug)
    form = RemoveLogoForm()
    if not form.validate_on_submit():
        abort(400)
    if logos.remove_logo(org, by=current_user):
        db.session.commit()
        flash(_("The logo was removed."), "success")
    return redirect(url_for(".edit_profile", slug=org.slug))


@bp.get("/organisations/<slug>/logo-<sha>.webp")
def logo(slug, sha):
    """The logo's bytes; its fingerprint is in the address, so it never changes."""
    org = organisation_in_reach(slug)
    # Its page's readers, and its own stewards while the page is not public.
    public = org.status == "member"
    policy.ensure_reach(
        policy.can_view_organisation(current_user, org)
        or policy.can_edit_organisation(current_user, org)
    )
    row = db.session.scalar(
        db.select(OrganisationLogo).where(
            OrganisationLogo.organisation_id == org.id,
            OrganisationLogo.sha256 == sha,
        )
    )
    if row is None:
        abort(404)
    return _image(row, public)


def _image(row, public):
    response = make_response(row.data)
    response.headers["Content-Type"] = row.mime
    # A shared cache keeps only the logos of public pages.
    response.headers["Cache-Control"] = LOGO_CACHE if public else "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response
