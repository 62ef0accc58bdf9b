"""Errors under /api as RFC 9457 problem details (application/problem+json),
with titles and details in the language of the request's Accept-Language."""

import json

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

PREFIX = "/api/"
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:wim-alliance:api:problem:"

TITLES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    401: (
        _l("Authentication needed"),
        _l("Send a valid API token in the Authorization header, as 'Bearer <token>'."),
    ),
    403: (_l("Not allowed"), _l("This token does not allow this request.")),
    404: (
        _l("Not found"),
        _l("This resource does not exist, or it is not within this token's reach."),
    ),
    405: (_l("Method not allowed"), _l("This method is not available here.")),
    406: (_l("Not acceptable"), _l("The API answers in JSON only.")),
    409: (_l("Conflict"), _l("The request conflicts with the current state.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    415: (_l("Unsupported media type"), _l("Send the body as application/json.")),
    422: (
        _l("Invalid input"),
        _l("Some values are missing or invalid: see 'errors'."),
    ),
    429: (
        _l("Too many requests"),
        _l("Too many requests with this token in a short time. Wait and retry."),
    ),
    503: (
        _l("Service unavailable"),
        _l("The service is unavailable for a moment. Nothing was changed."),
    ),
    500: (
        _l("Server error"),
        _l("An unexpected error happened on our side. Nothing was changed."),
    ),
}

TOKEN_DETAILS = {
    "missing": _l(
        "Send a valid API token in the Authorization header, as 'Bearer <token>'."
    ),
    "unknown": _l("This API token is not known."),
    "expired": _l("This API token has expired."),
    "revoked": _l("This API token has been revoked."),
    "holder_gone": _l("The account holding this API token no longer exists."),
}


def is_api_request():
    return request.path.startswith(PREFIX) or request.path == PREFIX.rstrip("/")


def problem(status, detail=None, slug=None, errors=None, headers=None):
    """A problem-details response."""
    title, default = TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400])
    body = {
        "type": TYPE_BASE + slug if slug else "about:blank",
        "title": str(title),
        "status": status,
        "detail": str(detail if detail is not None else default),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE
    )
    response.headers["Content-Language"] = _locale_code()
    response.headers["Cache-Control"] = "no-store"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _locale_code():
    from flask_babel import get_locale

    return str(get_locale() or "en")


class ApiProblem(HTTPException):
    """Raised by API code: becomes a problem-details response."""

    def __init__(self, status, detail=None, slug=None, errors=None, headers=None):
        super().__init__(description=str(detail) if detail else None)
        self.code = status
        self.detail = detail
        self.slug = slug
        self.errors = errors
        self.extra_headers = headers


def from_exception(error):
    """The problem for any exception raised while answering an API request."""
    if isinstance(error, ApiProblem):
        return problem(
            error.code, error.detail, error.slug, error.errors, error.extra_headers
        )
    if isinstance(error, HTTPException):
        status = error.code or 500
        errors = None
        data = getattr(error, "data", None) or {}
        messages = data.get("messages")
        if messages:
            errors = translated_field_errors(_field_errors(messages))
        headers = {}
        allowed = getattr(error, "valid_methods", None)
        if status == 405 and allowed:
            headers["Allow"] = ", ".join(sorted(allowed))
        if status == 429:
            headers["Retry-After"] = "60"
        return problem(status, errors=errors, headers=headers)
    return problem(500)


def _field_errors(messages):
    """webargs' {location: {field: [messages]}} as a flat list of
    {"location", "field", "messages"} (the `errors` member)."""
    out = []
    for location, fields in messages.items():
        if not isinstance(fields, dict):
            out.append({"location": location, "field": "", "messages": fields})
            continue
        for field, texts in fields.items():
            if isinstance(texts, dict):
                texts = [json.dumps(texts, ensure_ascii=False)]
            out.append(
                {
                    "location": location,
                    "field": str(field),
                    "messages": [str(t) for t in texts],
                }
            )
    return out


def translated_field_errors(errors):
    """Marshmallow's messages are English: replace the common ones by ours."""
    for entry in errors:
        entry["messages"] = [
            str(MESSAGE_TRANSLATIONS.get(m, m)) for m in entry["messages"]
        ]
    return errors


MESSAGE_TRANSLATIONS = {
    "Missing data for required field.": _l("This field is required."),
    "Unknown field.": _l("Unknown field."),
    "Not a valid integer.": _l("Not a valid integer."),
    "Not a valid string.": _l("Not a valid text."),
    "Field may not be null.": _l("This field may not be null."),
    "Invalid input type.": _l("Invalid input type."),
}


def token_problem(kind):
    return ApiProblem(
        401,
        TOKEN_DETAILS.get(kind, TOKEN_DETAILS["unknown"]),
        slug="token-" + kind.replace("_", "-"),
        headers={"WWW-Authenticate": 'Bearer realm="api"'},
    )


def scope_problem(scope):
    return ApiProblem(
        403,
        _("This token lacks the scope '%(scope)s'.", scope=scope),
        slug="missing-scope",
    )
