"""The API's resources, one blueprint each (registered under /api/v1)."""

from . import account, events, library, members, metrics, organisations, programmes

BLUEPRINTS = [
    organisations.blp,
    members.blp,
    programmes.blp,
    account.blp,
    events.blp,
    library.blp,
    metrics.blp,
]
