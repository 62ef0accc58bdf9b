"""An organisation's webhooks, from its coordinator's pages: the endpoints, each
one's delivery log, and the actions on them. The Secretariat reads, without the
buttons."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import policy
from ..db import db
from ..organisations.models import Organisation
from . import services
from .forms import ActionForm, EndpointForm, EventsForm
from .models import DeliveryStatus

bp = Blueprint("webhooks", __name__)

BASE = "/organisations/<int:organisation_id>/webhooks"
ONE = BASE + "/<int:endpoint_id>"


def _organisation(organisation_id, manage=False):
    if manage:
        policy.ensure_can_manage_webhooks(current_user, organisation_id)
    else:
        policy.ensure_reach(policy.can_view_webhooks(current_user, organisation_id))
    return db.get_or_404(Organisation, organisation_id)


def _endpoint(organisation_id, endpoint_id, manage=False):
    org = _organisation(organisation_id, manage)
    endpoint = services.endpoint_of(org.id, endpoint_id)
    policy.ensure_reach(endpoint is not None)
    return org, endpoint


def _index(org, form, status=200, secret=None, endpoint=None):
    html = render_template(
        "webhooks/index.html",
        org=org,
        endpoints=services.endpoints_of(org.id),
        form=form,
        action=ActionForm(formdata=None),
        can_manage=policy.can_manage_webhooks(current_user, org.id),
        event_labels=services.EVENT_TYPES,
        secret=secret,
        secret_endpoint=endpoint,
    )
    return html, status


@bp.get(BASE)
@policy.requires()
def index(organisation_id):
    """Her organisation's endpoints, and the form to add one."""
    org = _organisation(organisation_id)
    return _index(org, EndpointForm(formdata=None))


@bp.post(BASE)
@policy.requires()
def add(organisation_id):
    """Add an endpoint; its signing secret is shown once, on the answer."""
    org = _organisation(organisation_id, manage=True)
    form = EndpointForm()
    if not form.validate_on_submit():
        return _index(org, form, status=400)
    try:
        endpoint, secret = services.add_endpoint(
            org.id, form.url.data, form.events.data, by=current_user
        )
    except services.WebhookError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _index(org, form, status=400)
    db.session.commit()
    return _index(org, EndpointForm(formdata=None), secret=secret, endpoint=endpoint)


@bp.get(ONE)
@policy.requires()
def endpoint(organisation_id, endpoint_id):
    """The endpoint's recent deliveries: status, attempts, next retry."""
    org, endpoint = _endpoint(organisation_id, endpoint_id)
    return _endpoint_page(org, endpoint)


def _endpoint_page(org, endpoint, secret=None, events_form=None):
    if events_form is None:
        events_form = EventsForm(formdata=None, events=list(endpoint.events or []))
    return render_template(
        "webhooks/endpoint.html",
        org=org,
        endpoint=endpoint,
        events_form=events_form,
        deliveries=services.recent_deliveries(endpoint),
        action=ActionForm(formdata=None),
        can_manage=policy.can_manage_webhooks(current_user, org.id),
        event_labels=services.EVENT_TYPES,
        pending=DeliveryStatus.PENDING,
        secret=secret,
    )


def _act(organisation_id, endpoint_id):
    org, endpoint = _endpoint(organisation_id, endpoint_id, manage=True)
    if not ActionForm().validate_on_submit():
        return org, endpoint, ("", 400)
    return org, endpoint, None


def _back(org, endpoint):
    return redirect(
        url_for(".endpoint", organisation_id=org.id, endpoint_id=endpoint.id)
    )


@bp.post(ONE + "/pause")
@policy.requires()
def pause(organisation_id, endpoint_id):
    org, endpoint, refused = _act(organisation_id, endpoint_id)
    if refused:
        return refused
    services.set_paused(endpoint, True, by=current_user)
    db.session.commit()
    flash(_("The endpoint is paused: no event is recorded or sent to it."), "success")
    return _back(org, endpoint)


@bp.post(ONE + "/resume")
@policy.requires()
def resume(organisation_id, endpoint_id):
    org, endpoint, refused = _act(organisation_id, endpoint_id)
    if refused:
        return refused
    services.set_paused(endpoint, False, by=current_user)
    db.session.commit()
    flash(_("The endpoint is active again."), "success")
    return _back(org, endpoint)


@bp.post(ONE + "/events")
@policy.requires()
def events(organisation_id, endpoint_id):
    """Change the events the endpoint receives."""
    org, endpoint = _endpoint(organisation_id, endpoint_id, manage=True)
    form = EventsForm()
    if not form.validate_on_submit():
        return _endpoint_page(org, endpoint, events_form=form), 400
    try:
        services.set_events(endpoint, form.events.data, by=current_user)
    except services.WebhookError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _endpoint_page(org, endpoint, events_form=form), 400
    db.session.commit()
    flash(_("The endpoint's events are saved."), "success")
    return _back(org, endpoint)


@bp.post(ONE + "/secret")
@policy.requires()
def rotate(organisation_id, endpoint_id):
    """A new signing secret, shown once on the answer."""
    org, endpoint, refused = _act(organisation_id, endpoint_id)
    if refused:
        return refused
    secret = services.rotate_secret(endpoint, by=current_user)
    db.session.commit()
    return _endpoint_page(org, endpoint, secret=secret)


@bp.post(ONE + "/delete")
@policy.requires()
def delete(organisation_id, endpoint_id):
    org, endpoint, refused = _act(organisation_id, endpoint_id)
    if refused:
        return refused
    services.delete_endpoint(endpoint, by=current_user)
    db.session.commit()
    flash(_("The endpoint and its delivery log are deleted."), "success")
    return redirect(url_for(".index", organisation_id=org.id))


@bp.post(ONE + "/test")
@policy.requires()
def test(organisation_id, endpoint_id):
    """Send a `webhook.test` event now."""
    org, endpoint, refused = _act(organisation_id, endpoint_id)
    if refused:
        return refused
    if not endpoint.active:
        flash(_("Resume the endpoint first."), "error")
        return _back(org, endpoint)
    services.send_test(endpoint, by=current_user)
    db.session.commit()
    flash(_("A test event is on its way: its result shows below."), "success")
    return _back(org, endpoint)


@bp.post(ONE + "/deliveries/<int:delivery_id>/resend")
@policy.requires()
def resend(organisation_id, endpoint_id, delivery_id):
    """Send a finished delivery again (same message, same id)."""
    org, endpoint, refused = _act(organisation_id, endpoint_id)
    if refused:
        return refused
    delivery = services.delivery_of(endpoint, delivery_id)
    policy.ensure_reach(delivery is not None)
    try:
        services.send_again(delivery, by=current_user)
    except services.WebhookError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(org, endpoint)
    db.session.commit()
    flash(_("The delivery is sent again: its result shows below."), "success")
    return _back(org, endpoint)
