"""The events' codes in words, translated when shown (codes in the data)."""

from flask_babel import lazy_gettext as _l

AUDIENCES = {
    "leaders": _l("Organisation leaders"),
    "members": _l("Members of member organisations"),
    "working_group": _l("Working group"),
    "public": _l("Open to all"),
}

# Where a session stands for a reader (events.queries.availability).
AVAILABILITY = {
    "available": _l("Places available"),
    "full": _l("Full: waitlist open"),
    "closed": _l("Registration closed"),
    "not_open": _l("Registration not open yet"),
    "cancelled": _l("Cancelled"),
    "past": _l("Took place"),
}

ATTENDANCE = {
    True: _l("You attended"),
    False: _l("Marked absent"),
    None: _l("Attendance not recorded yet"),
}


def audience(code):
    return str(AUDIENCES.get(code, code))


def availability(code):
    return str(AVAILABILITY.get(code, code))


def attendance(value):
    return str(ATTENDANCE.get(value, ATTENDANCE[None]))
