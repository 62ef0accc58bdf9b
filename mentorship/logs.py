"""Logs: one JSON object a line (LOG_FORMAT=json) carrying the request id.

Each request gets an id: the proxy's `X-Request-ID` when it sent a sane one, else a
new one. It is returned in the response's `X-Request-ID`, stamped on every log line
written while the request runs, and handed to the jobs the request queues
(`mentorship.jobs`), whose log lines carry it too: one id follows an action from the
click to the email.
"""

import contextvars
import json
import logging
import re
import time
import uuid

from flask import g, request

REQUEST_ID = contextvars.ContextVar("request_id", default="")
HEADER = "X-Request-ID"
SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
log = logging.getLogger("mentorship.requests")


def current_request_id():
    """The id of the request or job running now ("" outside both)."""
    return REQUEST_ID.get()


class RequestIdFilter(logging.Filter):
    """Stamp each record with the current request id."""

    def filter(self, record):
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    EXTRAS = ("method", "path", "status", "ms", "job", "task_id", "attempt")

    def format(self, record):
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        entry.update(
            (name, getattr(record, name))
            for name in self.EXTRAS
            if hasattr(record, name)
        )
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(log_format, level="INFO"):
    """Route the app's and huey's logs to standard error in the chosen format."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        text = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        handler.setFormatter(logging.Formatter(text))
    for name in ("mentorship", "huey", "flask-limiter"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def init_app(app):
    if app.config.get("LOG_FORMAT"):
        configure(app.config["LOG_FORMAT"], app.config.get("LOG_LEVEL", "INFO"))

    @app.before_request
    def _start():
        given = request.headers.get(HEADER, "")
        g.request_id = given if SANE_ID.match(given) else uuid.uuid4().hex
        g.request_token = REQUEST_ID.set(g.request_id)
        g.request_started = time.monotonic()

    @app.after_request
    def _finish(response):
        request_id = g.get("request_id")
        if request_id:
            response.headers[HEADER] = request_id
            log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.monotonic() - g.request_started) * 1000, 1),
                },
            )
        return response

    @app.teardown_request
    def _forget(_error):
        token = g.pop("request_token", None)
        if token is not None:
            try:
                REQUEST_ID.reset(token)
            except ValueError:  # torn down in another context: nothing to restore
                REQUEST_ID.set("")
