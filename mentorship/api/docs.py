"""Interactive documentation from the app itself: Swagger UI's files come from the
`swagger-ui-bundle` package (Apache-2.0), started by our own script (the pages'
Content-Security-Policy allows no inline script and nothing from elsewhere)."""

from flask import Blueprint, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("api_docs", __name__)

ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"}


@bp.get("/docs")
def docs():
    """Swagger UI over /api/v1/openapi.json (public: the description is)."""
    return render_template("api/docs.html")


@bp.get("/docs/assets/<name>")
def assets(name):
    """Swagger UI's own files; nothing else of the package is served."""
    if name not in ASSETS:
        from werkzeug.exceptions import NotFound

        raise NotFound()
    response = send_from_directory(swagger_ui_path, name, max_age=86400)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
