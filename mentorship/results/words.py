"""The results' codes in words, translated when shown (codes in the data)."""

from flask_babel import lazy_gettext as _l

STATUSES = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}


def status(code):
    return STATUSES.get(code, code)
