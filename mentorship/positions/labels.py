"""Codes in the data, words at the edge: the labels of kinds, answers and windows."""

from flask_babel import lazy_gettext as _l

KINDS = {"position": _l("Common position"), "priority": _l("Common priority")}
ANSWERS = {
    "ratified": _l("Ratified"),
    "abstained": _l("Abstained"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}
CHOICES = {
    "ratified": _l("Ratify"),
    "abstained": _l("Abstain"),
    "declined": _l("Decline"),
}
WINDOWS = {
    "draft": _l("Draft"),
    "upcoming": _l("Not open yet"),
    "open": _l("Open for answers"),
    "closed": _l("Closed"),
}


def kind_label(code):
    return KINDS.get(code, code)


def answer_label(ratification):
    """What an organisation's answer shows: its answer, or 'withdrawn'."""
    code = "withdrawn" if ratification.status == "withdrawn" else ratification.answer
    return ANSWERS.get(code, code)


def window_label(state):
    return WINDOWS.get(state, state)
