"""Codes in the data, words at the edge: the labels of kinds, rules, choices and
outcomes, and the outcome said as a sentence in the reader's language."""

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import localized

KINDS = {
    "proposal": _l("Proposal (agree, abstain, disagree or block)"),
    "approval": _l("Approval vote (approve any of the options)"),
    "score": _l("Score vote (a score for each option)"),
    "ranked": _l("Ranked choice (options in order of preference)"),
    "time_poll": _l("Time poll (yes, if need be or no for each time)"),
}
STATUSES = {
    "draft": _l("Draft"),
    "open": _l("Open for votes"),
    "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
}
MAJORITIES = {
    "simple": _l("simple majority (more than half)"),
    "two_thirds": _l("two-thirds majority (at least two thirds)"),
    "four_fifths": _l("four-fifths majority (at least four fifths)"),
}
ABSTENTIONS = {
    "excluded": _l(
        "Abstentions count for the quorum, not in the base of the majority."
    ),
    "against": _l("Abstentions count for the quorum and weigh like a vote against."),
}
PROPOSAL_CHOICES = {
    "agree": _l("Agree"),
    "abstain": _l("Abstain"),
    "disagree": _l("Disagree"),
    "block": _l("Block (a vote against, reported apart)"),
}
POLL_ANSWERS = {"yes": _l("Yes"), "if_need_be": _l("If need be"), "no": _l("No")}
OUTCOMES = {
    "passed": _l("Passed"),
    "rejected": _l("Not passed"),
    "no_quorum": _l("No quorum"),
}
POSITIONS = {
    "voting_delegate": _l("voting delegate"),
    "alternate_delegate": _l("alternate delegate"),
}
VIA = {"delegate": _l("by its delegate"), "proxy": _l("by proxy")}
RULE_INSTANT_RUNOFF = _l(
    "Counted by instant runoff: first preferences are counted; an option with more"
    " than half of the ballots still expressing a preference wins; otherwise the"
    " option with the fewest is eliminated and its ballots pass to their next"
    " preference."
)
RULE_PAGES = {}
"""The ballot and outcome pages of a rule another package registers (the Steering
Committee's STV): rule -> an object with `about(decision)` (the election's title,
link and rules in words, its record's link) and `options(decision,
organisation_id)` (the ballot's options in that organisation's order, each with
what the voter needs to know)."""


def rule_page(decision):
    """The registered page of a ranked decision's rule, else None."""
    if decision.kind != "ranked":
        return None
    return RULE_PAGES.get(decision.rule)


PASSED = {
    "simple": _l(
        "Passed by a simple majority: %(votes)d of %(base)d counted answers agree."
    ),
    "two_thirds": _l(
        "Passed under the two-thirds majority: %(votes)d of %(base)d counted"
        " answers agree."
    ),
    "four_fifths": _l(
        "Passed under the four-fifths majority: %(votes)d of %(base)d counted"
        " answers agree."
    ),
}
REJECTED = {
    "simple": _l(
        "Not passed: the simple majority was not reached (%(votes)d of %(base)d"
        " counted answers agree)."
    ),
    "two_thirds": _l(
        "Not passed: the two-thirds majority was not reached (%(votes)d of"
        " %(base)d counted answers agree)."
    ),
    "four_fifths": _l(
        "Not passed: the four-fifths majority was not reached (%(votes)d of"
        " %(base)d counted answers agree)."
    ),
}


def label(table, code):
    return table.get(code, code)


def option_names(decision, ids):
    """The options' labels (reader's language) for ids as the count stores them."""
    by_id = {str(o.id): o for o in decision.options}
    return [option_label(by_id[str(i)]) for i in ids if str(i) in by_id]


def option_label(option, zone=None):
    """An option's label; a time poll's time in the reader's zone."""
    if option.starts_at is not None:
        return when(option.starts_at, zone)
    return localized(option, "label")


def when(moment, zone=None):
    """'Wed, Mar 10, 2027, 2:00 PM (Peru, UTC−05:00)': a moment in her zone, as the
    events show theirs (no seconds)."""
    from ..events import times

    zone = zone or "UTC"
    shown = times.moment(moment, moment, zone, str(get_locale() or "en"))
    label = "UTC" if zone == "UTC" else shown.zone
    return f"{shown.starts} ({label})"


def zone_of(person):
    """The zone a person reads times in (emails: no browser to ask), else UTC."""
    from ..events import times

    return times.person_zone(person) or "UTC"


def outcome_sentence(decision):
    """The outcome in a sentence: passed or not, by which rule, with the counts."""
    counts = decision.counts or {}
    outcome = decision.outcome
    if outcome == "no_quorum":
        return _(
            "Not decided: the quorum was not met (%(answered)d answered, %(needed)d"
            " needed).",
            answered=counts.get("participants", 0),
            needed=counts.get("quorum_needed", 0),
        )
    if decision.kind == "proposal":
        table = PASSED if outcome == "passed" else REJECTED
        return str(table[decision.majority]) % {
            "votes": counts["tally"]["agree"],
            "base": counts["base"],
        }
    names = ", ".join(option_names(decision, counts.get("carried", ())))
    if names and decision.rule == "stv":
        return _("Elected by single transferable vote: %(options)s.", options=names)
    if not names:
        return _("Not passed: no option was chosen under the stated rules.")
    return str(CHOSEN[decision.kind]) % {"options": names}


CHOSEN = {
    "approval": _l("Chosen by approval, with the majority needed: %(options)s."),
    "score": _l("Chosen by the highest total score: %(options)s."),
    "ranked": _l("Chosen by instant runoff: %(options)s."),
    "time_poll": _l("The time that suits most: %(options)s."),
}


def quorum_words(decision, needed, electorate):
    """'50% of member organisations: 6 of 12'."""
    if not decision.quorum_percent:
        return _("No quorum: the answers given decide.")
    return _(
        "%(percent)d%% of member organisations: %(needed)d of %(electorate)d.",
        percent=decision.quorum_percent,
        needed=needed,
        electorate=electorate,
    )


def participation_words(answered, electorate):
    """'7 of 12 member organisations have answered'."""
    return ngettext(
        "%(answered)d of %(num)d member organisation has answered.",
        "%(answered)d of %(num)d member organisations have answered.",
        electorate,
        answered=answered,
    )


def winners_words(decision):
    return ngettext(
        "%(num)d option is chosen.", "%(num)d options are chosen.", decision.winners
    )


def choice_words(decision, choices):
    """One ballot's choices in words (for receipts and the published list)."""
    kind = decision.kind
    if kind == "proposal":
        return str(label(PROPOSAL_CHOICES, choices.get("choice")))
    if kind == "approval":
        names = option_names(decision, choices.get("approved", ()))
        return ", ".join(names) if names else _("Abstained")
    if kind == "ranked":
        names = option_names(decision, choices.get("ranking", ()))
        return " > ".join(names) if names else _("Abstained")
    by_id = {str(o.id): o for o in decision.options}
    if kind == "score":
        scores = choices.get("scores", {})
        if not scores:
            return _("Abstained")
        return "; ".join(
            f"{option_label(by_id[o])}: {s}" for o, s in scores.items() if o in by_id
        )
    answers = choices.get("answers", {})
    return "; ".join(
        f"{option_label(by_id[o])}: {label(POLL_ANSWERS, a)}"
        for o, a in answers.items()
        if o in by_id
    )
