"""Static files at versioned addresses, cached by browsers for a year.

`url_for('static', filename=...)` adds `?v=` and the first 12 hex digits of the file's
SHA-256. A request for the current version is answered with a year's `immutable`
lifetime; any other (no version, or an old one) with the default revalidation. A
deploy that changes a file changes its address, so a browser never keeps a stale
stylesheet and never asks again for a current one: on a slow link, every page after
the first costs only its HTML. The digest is recomputed when the file's size or
modification time changes, so `flask run` picks up an edited stylesheet at once.
"""

import hashlib
import os

from flask import request
from werkzeug.security import safe_join

YEAR = 365 * 24 * 3600


def init_app(app):
    digests = {}

    def version(filename):
        path = safe_join(app.static_folder, filename or "")
        try:
            stat = os.stat(path)
        except (OSError, TypeError):
            return None
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in digests:
            with open(path, "rb") as file:
                digests[key] = hashlib.sha256(file.read()).hexdigest()[:12]
        return digests[key]

    @app.url_defaults
    def add_version(endpoint, values):
        if endpoint == "static" and "v" not in values:
            digest = version(values.get("filename"))
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_versioned(response):
        if (
            request.endpoint == "static"
            and response.status_code == 200
            and request.args.get("v")
            and request.args["v"] == version(request.view_args.get("filename"))
        ):
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response
