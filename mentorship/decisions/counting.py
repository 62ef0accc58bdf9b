"""Counting ballots by the decision's stated rules: plain Python, no Flask, no database.

`count(rules, option_ids, ballots)` returns the whole record of the count (JSON-ready):
participation and quorum, the tallies, which options carried, the rounds of a ranked
count, and the outcome code. Each ballot is one organisation's answer:

- proposal: {"choice": "agree" | "abstain" | "disagree" | "block"}
- approval: {"approved": [option id, ...]} (none approved: an abstention)
- score: {"scores": {option id: 0..max_score}} (nothing scored: an abstention)
- ranked: {"ranking": [option id, ...]} (most preferred first; empty: an abstention)
- time_poll: {"answers": {option id: "yes" | "if_need_be" | "no"}}

The rules: an organisation that answered counts for the quorum, whatever it answered.
The majority (simple: more than half; two thirds, four fifths: at least that share) is
taken over the base: the answers that took a side, plus the abstentions when the
decision counts them "against". A block is a vote against, reported apart. Approval:
an option carries when enough organisations approve it; the `winners` most approved
carried options are chosen. Score: the highest totals. Ranked choice, the instant
runoff: first preferences are counted; an option with more than half of the ballots
still expressing a preference wins; otherwise the option with the fewest is eliminated
(a tie for fewest: the one with fewer first preferences at the start, then the later
listed) and its ballots pass to their next preference. Time poll: the time with most
"yes", then most "if need be".
"""

from dataclasses import dataclass
from fractions import Fraction

THRESHOLDS = {
    "simple": Fraction(1, 2),
    "two_thirds": Fraction(2, 3),
    "four_fifths": Fraction(4, 5),
}


@dataclass(frozen=True)
class Rules:
    """What a decision states before it opens."""

    kind: str
    electorate_size: int
    quorum_percent: int = 0
    majority: str = "simple"
    abstentions: str = "excluded"
    winners: int = 1
    max_score: int = 5


def reaches(votes, base, majority):
    """True when `votes` out of `base` make the majority (simple: strictly more
    than half; the others: at least their share)."""
    if base <= 0:
        return False
    share = Fraction(votes, base)
    needed = THRESHOLDS[majority]
    return share > needed if majority == "simple" else share >= needed


def quorum_needed(electorate_size, quorum_percent):
    """The fewest organisations whose answers make the quorum (rounded up)."""
    return -(-electorate_size * quorum_percent // 100)


def count(rules, option_ids, ballots, counter=None):
    """The record of the count; see the module's docstring for the ballots' shapes.
    `counter` replaces the kind's own (a rule another package registers)."""
    ballots = list(ballots)
    needed = quorum_needed(rules.electorate_size, rules.quorum_percent)
    record = {
        "kind": rules.kind,
        "participants": len(ballots),
        "electorate": rules.electorate_size,
        "quorum_needed": needed,
        "quorum_met": len(ballots) >= needed and len(ballots) > 0,
        "majority": rules.majority,
        "abstentions_rule": rules.abstentions,
    }
    record.update((counter or COUNTERS[rules.kind])(rules, list(option_ids), ballots))
    if not record["quorum_met"]:
        record["outcome"] = "no_quorum"
    else:
        record["outcome"] = "passed" if record["carried"] else "rejected"
    return record


def _proposal(rules, _option_ids, ballots):
    tally = {choice: 0 for choice in ("agree", "abstain", "disagree", "block")}
    for ballot in ballots:
        tally[ballot["choice"]] += 1
    base = tally["agree"] + tally["disagree"] + tally["block"]
    if rules.abstentions == "against":
        base += tally["abstain"]
    passed = reaches(tally["agree"], base, rules.majority)
    return {"tally": tally, "base": base, "carried": ["agree"] if passed else []}


def _abstained(ballot, key):
    return not ballot.get(key)


def _approval(rules, option_ids, ballots):
    approvals = {str(o): 0 for o in option_ids}
    abstained = 0
    for ballot in ballots:
        if _abstained(ballot, "approved"):
            abstained += 1
        for option in ballot.get("approved", ()):
            approvals[str(option)] += 1
    base = len(ballots) - (abstained if rules.abstentions == "excluded" else 0)
    carrying = [o for o in approvals if reaches(approvals[o], base, rules.majority)]
    chosen = _top(carrying, approvals, option_ids, rules.winners)
    return {"tally": approvals, "abstained": abstained, "base": base, **chosen}


def _score(rules, option_ids, ballots):
    totals = {str(o): 0 for o in option_ids}
    abstained = 0
    for ballot in ballots:
        if _abstained(ballot, "scores"):
            abstained += 1
        for option, score in ballot.get("scores", {}).items():
            totals[str(option)] += int(score)
    scoring = len(ballots) - abstained
    means = {
        o: (round(total / scoring, 2) if scoring else None)
        for o, total in totals.items()
    }
    candidates = [o for o in totals if totals[o] > 0]
    chosen = _top(candidates, totals, option_ids, rules.winners)
    return {"tally": totals, "means": means, "abstained": abstained, **chosen}


def _time_poll(rules, option_ids, ballots):
    answers = {str(o): {"yes": 0, "if_need_be": 0, "no": 0} for o in option_ids}
    for ballot in ballots:
        for option, answer in ballot.get("answers", {}).items():
            answers[str(option)][answer] += 1

    def key(option):
        return (answers[option]["yes"], answers[option]["if_need_be"])

    possible = [o for o in answers if key(o) > (0, 0)]
    best = sorted(possible, key=lambda o: (key(o), -option_ids.index(int(o))))
    carried = [best[-1]] if best else []
    return {"tally": answers, "carried": carried, "tie": _tied(best, key)}


def _tied(ordered, key):
    return len(ordered) > 1 and key(ordered[-1]) == key(ordered[-2])


def _top(candidates, tally, option_ids, winners):
    """The `winners` candidates with the highest tally (ties: the earlier listed),
    and whether a tie decided the last place."""
    ordered = sorted(candidates, key=lambda o: (-tally[o], option_ids.index(int(o))))
    carried = ordered[:winners]
    tie = len(ordered) > winners and tally[ordered[winners]] == tally[carried[-1]]
    return {"carried": carried, "tie": tie}


def _ranked(rules, option_ids, ballots):
    """Instant runoff, with every round recorded."""
    rankings = [[str(o) for o in b.get("ranking", ())] for b in ballots]
    abstained = sum(1 for r in rankings if not r)
    continuing = [str(o) for o in option_ids]
    first = _first_preferences(rankings, continuing)
    rounds = []
    while continuing:
        tally = _first_preferences(rankings, continuing)
        active = sum(tally.values())
        leader = max(continuing, key=lambda o: (tally[o], -continuing.index(o)))
        round_record = {"tally": tally, "active": active, "eliminated": None}
        rounds.append(round_record)
        if active and 2 * tally[leader] > active:
            return {"rounds": rounds, "abstained": abstained, "carried": [leader]}
        if active == 0 or len(continuing) == 1:
            break
        lowest = min(
            continuing,
            key=lambda o: (tally[o], first[o], -continuing.index(o)),
        )
        round_record["eliminated"] = lowest
        continuing.remove(lowest)
    return {"rounds": rounds, "abstained": abstained, "carried": []}


def _first_preferences(rankings, continuing):
    tally = {o: 0 for o in continuing}
    for ranking in rankings:
        top = next((o for o in ranking if o in tally), None)
        if top is not None:
            tally[top] += 1
    return tally


COUNTERS = {
    "proposal": _proposal,
    "approval": _approval,
    "score": _score,
    "ranked": _ranked,
    "time_poll": _time_poll,
}
