"""The members part's words a person reads: the states of a nomination or a
request (translated)."""

from flask_babel import lazy_gettext as _l

REQUEST_STATUSES = {
    "pending": _l("Waiting for a decision"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "refused": _l("Declined by the nominee"),
    "withdrawn": _l("Withdrawn"),
}


def request_status(code):
    return REQUEST_STATUSES.get(code, code)


MOVED_PREFIX = "position: "
"""The recorded reason of a term ended by a change of position, then the new
position's code; the roster's history says it in words (members_queries)."""
