"""Notifications: rendered in the recipient's language, sent only after commit.

A service calls `notify(recipient, template, ...)` in the middle of its work; the
message is rendered at once (in the request's context, in her language) and handed
to the `deliver_email` job, which, like every job, is enqueued only once the
transaction commits and dropped on rollback (see `mentorship.core.deferred`).

A mail server that is down or refuses never fails the person's action: the job is
tried again with a doubling delay (MAIL_RETRY_DELAY, 2x, 4x...) up to MAIL_RETRIES
times, and a message still refused then is kept in `failed_emails`, where the
Secretariat sees it and can send it again (`/admin/undelivered-emails`).
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives

from ..db import db
from ..jobs import job
from ..logs import current_request_id
from .models import FailedEmail

log = logging.getLogger(__name__)
# Huey's own cap; MAIL_RETRIES (at most this) decides how many are used.
MAX_RETRIES = 20

IMMEDIATE = "immediate"
_muted = ContextVar("notifications_muted", default=False)


@contextmanager
def muted():
    """No notification inside this block: seeding the demo through the services
    sends no email (the services' other effects, reminders included, stay)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def notify(recipient, template, kind=IMMEDIATE, attachments=(), **context):
    """Render `templates/email/<template>.*` in the recipient's language; send it
    once the current transaction commits.

    `recipient` is a user (has .email and .locale) or an (address, locale) pair.
    `kind` names the notification for a future digest preference. `attachments`
    are (filename, bytes, mimetype) triples, e.g. a calendar file.
    """
    if _muted.get():
        return
    address, locale = _address_and_locale(recipient)
    with public_context(), force_locale(locale):
        subject = render_template(f"email/{template}.subject.txt", **context).strip()
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
    ROUTES[delivery_of(recipient, kind)](
        address, subject, text, html, list(attachments)
    )


def delivery_of(recipient, kind):
    """How a notification of `kind` reaches her: at once, for every kind today.

    The seam for a daily digest: a per-person preference read here will route some
    kinds to a digest route (a table swept once a day) instead.
    """
    return IMMEDIATE


def _send_now(address, subject, text, html, attachments=()):
    # a job: enqueued after commit
    deliver_email(address, subject, text, html, attachments=list(attachments))


def public_context():
    """A request context on the configured public address (BASE_URL).

    Emails are rendered in it even during a request, so url_for(_external=True)
    never follows the request's Host header: a forged Host must not put its own
    address in a password-reset link.
    """
    return current_app.test_request_context(base_url=current_app.config["BASE_URL"])


def public_url(endpoint, **values):
    """The absolute address of `endpoint` on BASE_URL, for links sent by email."""
    with public_context():
        return url_for(endpoint, _external=True, **values)


def _address_and_locale(recipient):
    if isinstance(recipient, tuple):
        return recipient
    return recipient.email, recipient.locale or "en"


@job(retries=MAX_RETRIES, context=True)
def deliver_email(address, subject, text, html, attachments=(), task=None):
    """Hand one rendered message to the configured mail backend; on failure try
    again later, and after the last try keep it for the Secretariat."""
    attempt = MAX_RETRIES - task.retries + 1 if task is not None else 1
    try:
        send_message(address, subject, text, html, attachments)
    except Exception as error:
        retries = min(current_app.config["MAIL_RETRIES"], MAX_RETRIES)
        if task is None or attempt > retries:
            _keep_failed(address, subject, text, html, attempt, error)
            return
        # Huey reads the delay off the task when it requeues it: 1x, 2x, 4x...
        task.retry_delay = current_app.config["MAIL_RETRY_DELAY"] * 2 ** (attempt - 1)
        log.warning(
            "mail server refused (%s: %s); try %s again in %s s",
            type(error).__name__,
            error,
            attempt,
            task.retry_delay,
            extra={"attempt": attempt},
        )
        raise


def send_message(address, subject, text, html, attachments=()):
    message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    message.send()


def _keep_failed(address, subject, text, html, attempts, error):
    log.error(
        "email not delivered after %s attempts (%s: %s); kept for the Secretariat",
        attempts,
        type(error).__name__,
        error,
        extra={"attempt": attempts},
    )
    db.session.add(
        FailedEmail(
            address=address,
            subject=subject,
            text=text,
            html=html,
            attempts=attempts,
            error=f"{type(error).__name__}: {error}"[:300],
            request_id=current_request_id(),
        )
    )
    db.session.commit()


def resend_failed(failed):
    """Queue a kept message again (the Secretariat asked); after the commit."""
    deliver_email(failed.address, failed.subject, failed.text, failed.html)


ROUTES = {IMMEDIATE: _send_now}
