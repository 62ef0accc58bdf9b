"""Pages for API tokens: her personal tokens (from her account page) and an
organisation's tokens (for its coordinators). A new token's secret is shown once,
on the page answering its creation, and never again."""

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..db import db, utcnow
from ..organisations.models import Organisation
from . import tokens
from .forms import TokenForm
from .models import ApiToken

bp = Blueprint("api_tokens", __name__)


@bp.get("/account/api-tokens")
@policy.requires(policy.can_manage_personal_tokens)
def personal():
    return _page(None, TokenForm(formdata=None, kind="personal"))


@bp.post("/account/api-tokens")
@policy.requires(policy.can_manage_personal_tokens)
def create_personal():
    return _create(None)


@bp.post("/account/api-tokens/<int:token_id>/revoke")
@policy.requires(policy.can_manage_personal_tokens)
def revoke_personal(token_id):
    token = db.session.get(ApiToken, token_id)
    policy.ensure_reach(
        token is not None and token.is_personal and token.user_id == current_user.id
    )
    return _revoke(token, url_for(".personal"))


@bp.get("/organisations/<int:organisation_id>/api-tokens")
@policy.requires()
def organisation(organisation_id):
    org = _organisation(organisation_id)
    return _page(org, TokenForm(formdata=None, kind="organisation"))


@bp.post("/organisations/<int:organisation_id>/api-tokens")
@policy.requires()
def create_organisation(organisation_id):
    return _create(_organisation(organisation_id))


@bp.post("/organisations/<int:organisation_id>/api-tokens/<int:token_id>/revoke")
@policy.requires()
def revoke_organisation(organisation_id, token_id):
    org = _organisation(organisation_id)
    token = db.session.get(ApiToken, token_id)
    policy.ensure_reach(
        token is not None and not token.is_personal and token.organisation_id == org.id
    )
    return _revoke(token, url_for(".organisation", organisation_id=org.id))


def _organisation(organisation_id):
    policy.ensure_reach(
        policy.can_manage_organisation_tokens(current_user, organisation_id)
    )
    org = db.session.get(Organisation, organisation_id)
    policy.ensure_reach(org is not None)
    return org


def _page(org, form, secret=None, status=200):
    listed = (
        tokens.personal_tokens(current_user)
        if org is None
        else tokens.organisation_tokens(org.id)
    )
    html = render_template(
        "api/tokens.html",
        org=org,
        form=form,
        tokens=listed,
        secret=secret,
        scopes=policy.SCOPES,
        now=utcnow(),
    )
    return html, status


def _create(org):
    kind = "personal" if org is None else "organisation"
    form = TokenForm(kind=kind)
    if not form.validate_on_submit():
        return _page(org, form, status=400)
    days = min(int(form.lifetime.data), policy.MAX_TOKEN_DAYS)
    token, secret = tokens.create(
        name=form.name.data,
        scopes=form.scopes.data,
        expires_on=utcnow() + timedelta(days=days),
        by=current_user,
        organisation=org,
    )
    db.session.commit()
    flash(_("Token created. Copy it now: it will not be shown again."), "success")
    # The secret is in this answer only (no redirect: nothing keeps it after).
    return _page(org, TokenForm(formdata=None, kind=kind), secret=secret)


def _revoke(token, back):
    tokens.revoke(token, current_user)
    db.session.commit()
    flash(_("The token is revoked: it no longer works."), "success")
    return redirect(back)
