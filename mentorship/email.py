"""Emails in the recipient's language, sent after commit by a background job.

The work is done by the kernel (`mentorship.core.notifications`); `send_email` is its
`notify`, kept under the name every feature already calls.
"""

from .core.notifications import deliver_email, notify, public_context, public_url
from .extensions import mail

send_email = notify

__all__ = ["deliver_email", "public_context", "public_url", "send_email"]


def init_app(app):
    mail.init_app(app)
