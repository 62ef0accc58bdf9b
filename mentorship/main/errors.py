"""Error pages in the reader's language; JSON for API-style requests."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from ..db import db

MESSAGES = {
    400: (
        _l("Bad request"),
        _l(
            "We could not understand that request. "
            "Please check what you sent and try again."
        ),
    ),
    403: (_l("Not allowed"), _l("Your account does not give access to this page.")),
    404: (
        _l("Page not found"),
        _l("This page does not exist, or it is not yours to see."),
    ),
    405: (_l("Not allowed"), _l("This action is not available here.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts in a short time. Please wait a minute and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l(
            "An unexpected error happened on our side. "
            "Nothing was changed; please try again later."
        ),
    ),
}


def render_error(status, message=None):
    title, default = MESSAGES.get(status, MESSAGES[500])
    page = render_template(
        "errors/error.html", status=status, title=title, message=message or default
    )
    return page, status


def init_app(app):
    for status in MESSAGES:
        app.register_error_handler(status, lambda e, s=status: render_error(s))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _l(
                "This form has expired or did not come from this site. "
                "Please go back, reload the page and try again."
            ),
        )

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_error(500)
