"""Emails in the recipient's language, text and HTML, sent by a background job."""

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives

from .extensions import mail
from .jobs import job


def init_app(app):
    mail.init_app(app)


def send_email(recipient, template, **context):
    """Render `templates/email/<template>.*` in the recipient's language, then queue it.

    `recipient` is a user (has .email, .name and .locale) or a (address, locale) pair.
    """
    address, locale = _address_and_locale(recipient)
    with public_context(), force_locale(locale):
        subject = render_template(f"email/{template}.subject.txt", **context).strip()
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
    deliver_email(address, subject, text, html)


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
