"""Entry point of the job consumer: `huey_consumer mentorship.worker.huey`."""

from . import create_app
from .jobs import huey

app = create_app()
# Import every module that declares jobs so the consumer knows them.
from . import email  # noqa: E402,F401

__all__ = ["app", "huey"]
