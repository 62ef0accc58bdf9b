"""The AGM's codes in the reader's words (stored as codes, translated at the edge)."""

from flask_babel import lazy_gettext as _l

AGM_STATUS = {
    "planned": _l("Planned"),
    "in_session": _l("In session"),
    "closed": _l("Held"),
}
ITEM_KINDS = {
    "report": _l("Report"),
    "motion": _l("Motion"),
    "election": _l("Election"),
    "other": _l("Other business"),
}
MOTION_STATUS = {
    "draft": _l("Draft"),
    "tabled": _l("Tabled"),
    "voting": _l("Being voted"),
    "carried": _l("Carried"),
    "rejected": _l("Rejected"),
    "withdrawn": _l("Withdrawn"),
}
PROPOSERS = {
    "organisation": _l("A member organisation"),
    "steering_committee": _l("The Steering Committee"),
    "secretariat": _l("The Secretariat"),
}
MAJORITIES = {
    "simple": _l("Simple majority (more than half)"),
    "two_thirds": _l("Two thirds"),
    "four_fifths": _l("Four fifths"),
}
ABSTENTIONS = {
    "excluded": _l("Abstentions do not count in the majority"),
    "against": _l("Abstentions count like a vote against"),
}
SECTION_KINDS = {
    "report": _l("Report"),
    "election_results": _l("Election results"),
    "financial_report": _l("Financial report"),
    "other": _l("Other"),
}
POSITIONS = {
    "voting_delegate": _l("Voting delegate"),
    "alternate_delegate": _l("Alternate delegate"),
}
CHOICES = {
    "agree": _l("Agree"),
    "abstain": _l("Abstain"),
    "disagree": _l("Disagree"),
    "block": _l("Block"),
}
OUTCOMES = {
    "passed": _l("Passed"),
    "rejected": _l("Rejected"),
    "no_quorum": _l("No quorum"),
}
