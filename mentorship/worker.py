"""Entry point of the job consumer: `huey_consumer mentorship.worker.huey`.

One app, built from the environment like the web app's; it configures the queue and
is the app every job runs in.
"""

from . import create_app
from .jobs import huey

app = create_app()
# Import every module that declares jobs so the consumer knows them.
from . import email  # noqa: E402,F401

__all__ = ["app", "huey"]
