"""The recommendations' words a person reads: kinds, states, rounds (translated)."""

from flask_babel import lazy_gettext as _l

KINDS = {
    "recommendation": _l("Recommendation"),
    "review": _l("Review and recommendations"),
}
STATUSES = {
    "draft": _l("Draft"),
    "members_round": _l("Members' comment round"),
    "organisations_round": _l("Organisations' comment round"),
    "endorsement": _l("Awaiting the Steering Committee"),
    "endorsed": _l("Endorsed by the Steering Committee"),
    "published": _l("Published"),
    "withdrawn": _l("Withdrawn"),
}
ROUNDS = {
    "members": _l("The group's members"),
    "organisations": _l("Every member organisation"),
}
MODES = {
    "all_languages": _l("Waited until all three languages were ready"),
    "now": _l("Published before every translation was ready"),
}


def kind(code):
    return KINDS.get(code, code)


def status(code):
    return STATUSES.get(code, code)


def round_kind(code):
    return ROUNDS.get(code, code)
