"""Error pages in the reader's language; JSON for API-style requests."""

import logging

from flask import g, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError

from ..api.problems import from_exception, is_api_request, problem
from ..db import db
from ..extensions import login_manager

log = logging.getLogger(__name__)

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
    if is_api_request():  # the API answers with problem details, never HTML
        return problem(status)
    title, default = MESSAGES.get(status, MESSAGES[500])
    page = render_template(
        "errors/error.html", status=status, title=title, message=message or default
    )
    return page, status


def _answer(error, status):
    """Under /api a problem built from the error itself (its Allow header, field
    errors...); elsewhere the page."""
    if is_api_request():
        return from_exception(error)
    return render_error(status)


def init_app(app):
    for status in MESSAGES:
        app.register_error_handler(status, lambda e, s=status: _answer(e, s))

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
        try:
            db.session.rollback()
        except Exception:  # the connection is gone: the pool replaces it
            log.warning("rollback failed after an error", exc_info=True)
        if isinstance(getattr(error, "original_exception", None), DBAPIError):
            return database_unavailable()
        return render_error(500)


def database_unavailable():
    """The database dropped the request (restart, failover): nothing was written,
    since the transaction never committed. The page needs no query: the reader is
    shown as signed out, in the language of her browser."""
    g._login_user = login_manager.anonymous_user()
    message = _l(
        "We could not reach our database just now. Nothing was changed; "
        "please try again in a minute."
    )
    if is_api_request():
        return problem(503, message, headers={"Retry-After": "30"})
    page, _status = render_error(500, message)
    return page, 503, {"Retry-After": "30"}
