"""Notifications: rendered in the recipient's language, sent only after commit.

A service calls `notify(recipient, template, ...)` in the middle of its work; the
message is rendered at once (in the request's context, in her language) and handed
to the `deliver_email` job, which, like every job, is enqueued only once the
transaction commits and dropped on rollback (see `mentorship.core.deferred`).
"""

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives

from ..jobs import job

IMMEDIATE = "immediate"


def notify(recipient, template, kind=IMMEDIATE, **context):
    """Render `templates/email/<template>.*` in the recipient's language; send it
    once the current transaction commits.

    `recipient` is a user (has .email and .locale) or an (address, locale) pair.
    `kind` names the notification for a future digest preference.
    """
    address, locale = _address_and_locale(recipient)
    with public_context(), force_locale(locale):
        subject = render_template(f"email/{template}.subject.txt", **context).strip()
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
    ROUTES[delivery_of(recipient, kind)](address, subject, text, html)


def delivery_of(recipient, kind):
    """How a notification of `kind` reaches her: at once, for every kind today.

    The seam for a daily digest: a per-person preference read here will route some
    kinds to a digest route (a table swept once a day) instead.
    """
    return IMMEDIATE


def _send_now(address, subject, text, html):
    deliver_email(address, subject, text, html)  # a job: enqueued after commit


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


@job(retries=3, retry_delay=60)
def deliver_email(address, subject, text, html):
    """Hand one rendered message to the configured mail backend."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
    message.attach_alternative(html, "text/html")
    message.send()


ROUTES = {IMMEDIATE: _send_now}
