"""The groups' words a person reads: statuses, positions, choices (translated)."""

from flask_babel import lazy_gettext as _l

STATUSES = {
    "forming": _l("Forming"),
    "active": _l("Active"),
    "closed": _l("Closed"),
}

POSITIONS = {
    "chair": _l("Chair"),
    "champion": _l("Thematic champion"),
    "member": _l("Member"),
    "liaison": _l("Secretariat liaison"),
}

ROSTER_VISIBILITY = {
    "public": _l("Anyone, on the group's public page"),
    "alliance": _l("People of the Alliance's member organisations"),
    "organisers": _l("Only the group's chair, its liaison and the Secretariat"),
}

MESSAGE_DELIVERY = {
    "every": _l("Every message, as it is posted"),
    "digest": _l("One email a day with what was posted"),
    "none": _l("No emails: I read the discussion here"),
}


def status(code):
    return STATUSES.get(code, code)


def position(code):
    return POSITIONS.get(code, code)
