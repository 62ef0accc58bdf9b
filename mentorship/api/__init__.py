"""The HTTP API under /api/v1 (issue 19), built with flask-smorest.

The same marshmallow schemas validate the input and describe it in the OpenAPI 3
document (/api/v1/openapi.json); Swagger UI is served from the app itself
(/api/v1/docs, the files of the `swagger-ui-bundle` package, no CDN). Every
request is authenticated by its bearer token only (never by the session cookie),
is exempt from CSRF (no cookie, nothing for another site to ride on), answers in
JSON, and fails with RFC 9457 problem details (`problems.py`).
"""

from flask import g, request
from flask_smorest import Api as SmorestApi
from werkzeug.exceptions import HTTPException

from . import problems

API_PREFIX = "/api/v1"


class Api(SmorestApi):
    """flask-smorest, minus its app-wide JSON error handler: the pages keep their
    HTML error pages; only /api answers with problem details (`handle_error`)."""

    def _register_error_handlers(self):
        self._app.register_error_handler(HTTPException, handle_http_error)

    def _register_responses(self):
        """smorest's responses for each status, errors as problem details."""
        import http

        from flask_smorest.utils import prepare_response

        from .common import ProblemSchema

        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = ProblemSchema
                prepare_response(response, self.spec, problems.MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Problem details", "schema": ProblemSchema}
        prepare_response(response, self.spec, problems.MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


_LIMITED = set()  # blueprints given their rate limit (the limiter is one object)


def handle_http_error(error):
    """Problem details under /api; elsewhere, what Flask would have answered."""
    if error.code is not None and error.code < 400:
        return error.get_response()
    if problems.is_api_request():
        return problems.from_exception(error)
    return error


def init_app(app):
    from ..extensions import csrf, limiter
    from . import auth, docs, models, pages, resources  # noqa: F401

    app.config.setdefault("API_TITLE", "WIM Alliance API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("RATELIMIT_API", "300 per minute")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "info": {
                "description": (
                    "The WIM Alliance platform's API. Authenticate with "
                    "`Authorization: Bearer TOKEN` (tokens are created on your "
                    "account page, or by a coordinator for her organisation). "
                    "Errors are RFC 9457 problem details."
                )
            },
            "components": {
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer"},
                }
            },
            "security": [{"bearer": []}, {}],
        },
    )
    api = Api(app)  # one per app: the description is built from this app's routes
    app.extensions["wim_api"] = api
    limit = limiter.limit(_api_limit, key_func=auth.rate_key)
    for blueprint in resources.BLUEPRINTS:
        if blueprint.name not in _LIMITED:
            limit(blueprint)
            _LIMITED.add(blueprint.name)
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint, url_prefix=API_PREFIX)
    csrf.exempt(docs.bp)
    app.register_blueprint(docs.bp, url_prefix=API_PREFIX)
    app.register_blueprint(pages.bp)
    app.before_request(_api_request_starts)
    app.after_request(_api_response)


def _api_limit():
    """Requests per token (per address without one): RATELIMIT_API."""
    from flask import current_app

    return current_app.config["RATELIMIT_API"]


def _api_request_starts():
    """Under /api the session cookie authenticates nobody: Flask-Login's user is
    anonymous for the whole request; the token decides (auth.authenticate)."""
    if not problems.is_api_request():
        return None
    from .auth import Anonymous, authenticate

    g._login_user = Anonymous()
    authenticate()  # a bad token is a 401 here, before any view
    return None


def _api_response(response):
    if problems.is_api_request():
        response.headers["Vary"] = "Authorization, Accept-Language"
        if request.endpoint != "api_docs.assets":
            response.headers.setdefault("Cache-Control", "no-store")
    return response
