"""The labels of theme proposals' codes, translated."""

from flask_babel import lazy_gettext as _l

STATUSES = {
    "proposed": _l("Proposed"),
    "commenting": _l("Open for comments"),
    "in_vote": _l("In the shortlist vote"),
    "shortlisted": _l("Shortlisted"),
    "not_shortlisted": _l("Not shortlisted"),
    "adopted": _l("Adopted"),
    "not_adopted": _l("Not adopted"),
    "withdrawn": _l("Withdrawn"),
}
MAJORITIES = {
    "simple": _l("More than half of the organisations that took a side"),
    "two_thirds": _l("At least two thirds"),
    "four_fifths": _l("At least four fifths"),
}
ABSTENTIONS = {
    "excluded": _l("abstains: counts for the quorum, not in the majority's base"),
    "against": _l("counts against every proposal"),
}
RESULTS = {"adopted": _l("Adopted"), "not_adopted": _l("Not adopted")}
DECIDERS = {
    "steering_committee": _l("The Steering Committee"),
    "agm": _l("The AGM"),
}
OUTCOMES = {
    "passed": _l("Passed"),
    "rejected": _l("Rejected"),
    "no_quorum": _l("No quorum"),
}


def status_label(code):
    return STATUSES.get(code, code)


def decider_label(code):
    return DECIDERS.get(code, code or "")


def outcome_label(code):
    return OUTCOMES.get(code, code or "")
