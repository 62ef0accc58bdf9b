"""Webhook endpoints, the deliveries recorded when a member's event happens, and
sending them: signed, with a timeout, no redirects, retried with backoff.

Services flush; the caller commits (the sending functions, which run as jobs, commit
their own work). A delivery is recorded in the transaction of the event it is about
and its first attempt is a job enqueued after that commit; a failed attempt sets
`next_attempt_at` from WEBHOOK_BACKOFF, and the periodic sweep (`retry_due`) tries
every due delivery again, each claimed with a conditional UPDATE so that several
workers send it once.
"""

import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from huey import crontab

from .. import policy
from ..audit import record
from ..auth.models import User
from ..core.errors import ServiceError
from ..db import db, utcnow
from ..email import send_email
from ..jobs import job, periodic_job
from . import addresses, signing
from .models import (
    DeliveryStatus,
    EndpointStatus,
    PauseReason,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

EVENT_TYPES = {
    "enrolment.created": _l("A member enrols in a programme"),
    "match.made": _l("A member's mentorship starts (both accepted the match)"),
    "registration.created": _l("A member registers for an event session"),
    "registration.cancelled": _l("A member cancels her registration for a session"),
}
TEST_EVENT = "webhook.test"
MAX_ENDPOINTS = 10
LEASE = timedelta(minutes=5)  # a claimed attempt is not claimed again before this
ERROR_MAX = 300
USER_AGENT = "WIM-Alliance-Webhooks/1"


class WebhookError(ServiceError):
    """A webhook request that cannot be carried out (translated message)."""


# --- Endpoints -----------------------------------------------------------------------


def endpoints_of(organisation_id):
    return db.session.scalars(
        sa.select(WebhookEndpoint)
        .where(WebhookEndpoint.organisation_id == organisation_id)
        .order_by(WebhookEndpoint.id)
    ).all()


def endpoint_of(organisation_id, endpoint_id):
    """Her organisation's endpoint, or None (another organisation's is none)."""
    return db.session.scalar(
        sa.select(WebhookEndpoint).where(
            WebhookEndpoint.id == endpoint_id,
            WebhookEndpoint.organisation_id == organisation_id,
        )
    )


def clean_events(chosen):
    chosen = list(dict.fromkeys(chosen or []))
    if not chosen:
        raise WebhookError(_l("Choose at least one event."))
    if any(event not in EVENT_TYPES for event in chosen):
        raise WebhookError(_l("Choose events from the list."))
    return chosen


def add_endpoint(organisation_id, url, events, by):
    """A new active endpoint; returns (endpoint, its secret shown once)."""
    url = (url or "").strip()
    refusal = addresses.problem(url)
    if refusal is not None:
        raise WebhookError(refusal)
    events = clean_events(events)
    if len(endpoints_of(organisation_id)) >= MAX_ENDPOINTS:
        raise WebhookError(
            _l("An organisation may have up to %(n)s endpoints.", n=MAX_ENDPOINTS)
        )
    endpoint = WebhookEndpoint(
        organisation_id=organisation_id,
        url=url,
        events=events,
        status=EndpointStatus.ACTIVE,
        secret_salt=signing.new_salt(),
        created_by_id=by.id,
    )
    db.session.add(endpoint)
    db.session.flush()
    record(endpoint, "created", actor=by, to_state="active", data={"events": events})
    return endpoint, signing.secret_for(endpoint.secret_salt)


def set_paused(endpoint, paused, by, reason=PauseReason.MANUAL):
    """Pause or resume; False when it already was. Resuming resets the failures."""
    to_state = EndpointStatus.PAUSED if paused else EndpointStatus.ACTIVE
    values = {"status": to_state, "paused_reason": reason if paused else None}
    if not paused:
        values["failures_in_a_row"] = 0
    changed = db.session.execute(
        sa.update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint.id, WebhookEndpoint.status != to_state)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(endpoint)
    if changed:
        record(
            endpoint,
            "paused" if paused else "resumed",
            actor=by,
            to_state=to_state,
            data={"reason": reason} if paused else None,
        )
    return bool(changed)


def set_events(endpoint, events, by):
    """Change which events the endpoint receives (from the next event on)."""
    events = clean_events(events)
    before = list(endpoint.events or [])
    endpoint.events = events
    db.session.flush()
    record(endpoint, "events_changed", actor=by, data={"from": before, "to": events})
    return endpoint


def rotate_secret(endpoint, by):
    """A new secret; the old one stops signing at once. Returns it (shown once)."""
    endpoint.secret_salt = signing.new_salt()
    endpoint.secret_rotated_at = utcnow()
    db.session.flush()
    record(endpoint, "secret_rotated", actor=by)
    return signing.secret_for(endpoint.secret_salt)


def delete_endpoint(endpoint, by):
    """Gone with its delivery log."""
    record(endpoint, "deleted", actor=by, from_state=endpoint.status)
    db.session.delete(endpoint)
    db.session.flush()


def recent_deliveries(endpoint, limit=50):
    return db.session.scalars(
        sa.select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    ).all()


def delivery_of(endpoint, delivery_id):
    return db.session.scalar(
        sa.select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.endpoint_id == endpoint.id,
        )
    )


# --- Events --------------------------------------------------------------------------


def subscribed(organisation_id, event_type):
    """The organisation's active endpoints that asked for this event."""
    if organisation_id is None:
        return []
    return [
        endpoint
        for endpoint in db.session.scalars(
            sa.select(WebhookEndpoint).where(
                WebhookEndpoint.organisation_id == organisation_id,
                WebhookEndpoint.status == EndpointStatus.ACTIVE,
            )
        )
        if event_type in (endpoint.events or [])
    ]


def emit(organisation, event_type, data, members=()):
    """Record one delivery of this event for each of the organisation's subscribed
    endpoints, each sent by a job after commit. `members`: the organisation's own
    people the event names (kept for erasure). Returns the deliveries."""
    endpoints = subscribed(organisation.id if organisation else None, event_type)
    deliveries = [_delivery(e, event_type, data, members) for e in endpoints]
    if deliveries:
        db.session.flush()
        for delivery in deliveries:
            send_delivery(delivery.id)
    return deliveries


def _delivery(endpoint, event_type, data, members):
    message_id = "msg_" + uuid.uuid4().hex
    organisation = endpoint.organisation
    body = {
        "id": message_id,
        "type": event_type,
        "timestamp": utcnow().isoformat(timespec="seconds"),
        "organisation": {"id": organisation.id, "name": organisation.name},
        "data": data,
    }
    ids = [m.id for m in members] + [None, None]
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id,
        message_id=message_id,
        event_type=event_type,
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
        member_id=ids[0],
        other_member_id=ids[1],
    )
    db.session.add(delivery)
    return delivery


def send_test(endpoint, by):
    """A `webhook.test` delivery to this endpoint, whatever it subscribed to."""
    delivery = _delivery(
        endpoint,
        TEST_EVENT,
        {"message": "This is a test event from the WIM Alliance platform."},
        (),
    )
    db.session.flush()
    record(endpoint, "test_sent", actor=by)
    send_delivery(delivery.id)
    return delivery


def send_again(delivery, by):
    """Try a finished delivery again from scratch (same message, same id)."""
    if delivery.status == DeliveryStatus.PENDING:
        raise WebhookError(_l("This delivery is still being tried."))
    if not delivery.endpoint.active:
        raise WebhookError(_l("Resume the endpoint first."))
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    delivery.completed_at = None
    db.session.flush()
    record(delivery.endpoint, "delivery_resent", actor=by, data={"id": delivery.id})
    send_delivery(delivery.id)


# --- Sending -------------------------------------------------------------------------


@job()
def send_delivery(delivery_id):
    attempt(delivery_id)


def backoff():
    return [timedelta(seconds=s) for s in current_app.config["WEBHOOK_BACKOFF"]]


def attempt(delivery_id, now=None):
    """Claim the delivery if it is due, send it once, log the attempt and decide
    what follows. Returns the attempt, or None when it was not due (or not ours)."""
    now = now or utcnow()
    claimed = db.session.execute(
        sa.update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
            WebhookDelivery.endpoint_id.in_(
                sa.select(WebhookEndpoint.id).where(
                    WebhookEndpoint.status == EndpointStatus.ACTIVE
                )
            ),
        )
        .values(
            next_attempt_at=now + LEASE,
            attempts=WebhookDelivery.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        return None
    delivery = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
    message = Message(
        delivery.endpoint.url,
        delivery.endpoint.secret_salt,
        delivery.message_id,
        delivery.body.encode(),
    )
    db.session.commit()  # no transaction held open while the endpoint answers
    status_code, error, duration_ms = post(message)
    delivery = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
    if delivery is None:  # its endpoint was deleted meanwhile
        return None
    log = WebhookAttempt(
        delivery_id=delivery.id,
        attempted_at=now,
        status_code=status_code,
        error=error[:ERROR_MAX],
        duration_ms=duration_ms,
    )
    db.session.add(log)
    delivery.last_status_code = status_code
    if log.succeeded:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.next_attempt_at = None
        delivery.completed_at = now
        _count_failures(delivery.endpoint_id, reset=True)
    else:
        delays = backoff()
        if delivery.attempts > len(delays):
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            delivery.completed_at = now
        else:
            delivery.next_attempt_at = now + delays[delivery.attempts - 1]
        failures = _count_failures(delivery.endpoint_id)
        if failures >= current_app.config["WEBHOOK_PAUSE_AFTER"]:
            _pause_failing(delivery.endpoint_id)
    db.session.commit()
    return log


def _count_failures(endpoint_id, reset=False):
    """Failed attempts in a row, counted in SQL (attempts of one endpoint may run
    side by side); returns the new count."""
    value = 0 if reset else WebhookEndpoint.failures_in_a_row + 1
    return db.session.execute(
        sa.update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id)
        .values(failures_in_a_row=value)
        .returning(WebhookEndpoint.failures_in_a_row)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def _pause_failing(endpoint_id):
    """Pause it (once, whoever gets here first) and tell its coordinators."""
    paused = db.session.execute(
        sa.update(WebhookEndpoint)
        .where(
            WebhookEndpoint.id == endpoint_id,
            WebhookEndpoint.status == EndpointStatus.ACTIVE,
        )
        .values(status=EndpointStatus.PAUSED, paused_reason=PauseReason.FAILURES)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not paused:
        return
    endpoint = db.session.get(WebhookEndpoint, endpoint_id, populate_existing=True)
    record(
        endpoint,
        "paused",
        to_state=EndpointStatus.PAUSED,
        data={"reason": PauseReason.FAILURES, "failures": endpoint.failures_in_a_row},
    )
    coordinators = db.session.scalars(
        sa.select(User).where(policy.coordinators_of(endpoint.organisation_id))
    ).all()
    for person in coordinators:
        send_email(
            person,
            "webhook_paused",
            person=person,
            endpoint=endpoint,
            organisation=endpoint.organisation,
        )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new address to send the event to."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)


class Message(NamedTuple):
    url: str
    salt: str
    message_id: str
    body: bytes


def post(message):
    """POST the signed body once: (status code or None, error text, milliseconds)."""
    refusal = addresses.problem(message.url)
    if refusal is not None:
        return None, str(refusal), 0
    body = message.body
    headers = signing.headers(message.salt, message.message_id, int(time.time()), body)
    headers.update({"Content-Type": "application/json", "User-Agent": USER_AGENT})
    request = urllib.request.Request(message.url, data=body, headers=headers)
    started = time.monotonic()
    status, error = None, ""
    try:
        with _OPENER.open(request, timeout=current_app.config["WEBHOOK_TIMEOUT"]) as r:
            status = r.status
            r.read(1024)
    except urllib.error.HTTPError as answer:
        status = answer.code
        answer.close()
    except (urllib.error.URLError, OSError, ValueError) as failure:
        reason = getattr(failure, "reason", failure)
        error = f"{type(reason).__name__}: {reason}"
    except Exception as failure:  # noqa: BLE001  (a bad answer is logged, not raised)
        error = f"{type(failure).__name__}: {failure}"
    duration_ms = int((time.monotonic() - started) * 1000)
    return status, error, duration_ms


def due(now=None, limit=200):
    """Ids of pending deliveries whose next attempt is due, on active endpoints."""
    now = now or utcnow()
    return db.session.scalars(
        sa.select(WebhookDelivery.id)
        .join(WebhookDelivery.endpoint)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
            WebhookEndpoint.status == EndpointStatus.ACTIVE,
        )
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(limit)
    ).all()


def retry_due(now=None):
    """Try every due delivery once (the periodic sweep). Returns the attempts made."""
    now = now or utcnow()
    ids = due(now)
    db.session.rollback()
    return [log for log in (attempt(i, now) for i in ids) if log is not None]


@periodic_job(crontab(minute="*"))
def sweep_webhooks():
    retry_due()
