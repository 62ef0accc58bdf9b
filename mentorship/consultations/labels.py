"""Codes in the data, words at the edge: anonymity modes, kinds, statuses."""

from flask_babel import lazy_gettext as _l

ANONYMITY = {
    "attributed": _l("Attributed: results published with the organisations' names"),
    "confidential": _l(
        "Confidential: aggregates published; the Secretariat sees who said what"
    ),
    "anonymous": _l("Anonymous: answers kept apart from the organisations"),
}
ANONYMITY_SHORT = {
    "attributed": _l("Attributed"),
    "confidential": _l("Confidential"),
    "anonymous": _l("Anonymous"),
}
KINDS = {
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "scale": _l("Scale"),
    "text": _l("Free text"),
}
RESPONSE_STATUSES = {
    "not_started": _l("Not started"),
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
}
STATES = {
    "draft": _l("Draft"),
    "upcoming": _l("Not open yet"),
    "open": _l("Open for answers"),
    "past_deadline": _l("Deadline passed"),
    "closed": _l("Closed"),
}
EXTENSIONS = {
    "requested": _l("Asked"),
    "granted": _l("Granted"),
    "refused": _l("Refused"),
}


def label(table, code):
    return table.get(code, code)
