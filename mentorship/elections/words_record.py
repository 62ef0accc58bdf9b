"""The count's protocol in words: its actions, statuses, exclusion reasons and
tie-break rules, the codes of `stv` said in the reader's language, and its numbers
written both exactly and as decimals in her locale."""

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..vocab import REGIONS

ACTIONS = {
    "first_preferences": _l("First preferences counted."),
    "surplus": _l("Transfer of the surplus of %(names)s at transfer value %(value)s."),
    "exclusion": _l(
        "Exclusion of %(names)s: her ballots pass to their next preference at"
        " their current value."
    ),
    "ineligible": _l(
        "Ballots of %(names)s, excluded because of the seat model, pass to their"
        " next preference."
    ),
}
STATUSES = {
    "continuing": _l("Continuing"),
    "elected": _l("Elected"),
    "excluded": _l("Excluded"),
    "protected": _l("Continuing, protected"),
}
REASONS = {
    "lowest": _l("the lowest tally among those who could be excluded"),
    "region_maximum": _l("her region already holds its maximum of seats"),
    "organisation": _l("her organisation already holds a seat"),
    "seats_reserved": _l("the seats left are needed for the other regions' minimums"),
}
PURPOSES = {
    "elect": _l("the order of election"),
    "surplus": _l("which surplus to transfer first"),
    "exclude": _l("whom to exclude"),
}
KINDS = {
    "election": _l("The election's count"),
    "recount": _l("Recount filling a vacancy"),
}
PROTECTED = _l(
    "Protected: %(name)s. Every committee that meets the seat model needs her (her"
    " region's minimum, or the seats left), so she cannot be excluded as the lowest."
)
EXHAUSTED = _l("Exhausted (no further preference)")
METHOD = _l(
    "Single transferable vote: exact Droop quota (elected with a tally above it),"
    " surpluses passed on by the weighted inclusive Gregory method, regional"
    " minimums and maximums and one seat per organisation kept at every step,"
    " ties broken by the earlier rounds, then by a draw with the published seed."
)


def label(table, code):
    return table.get(code, code)


def region(code):
    return REGIONS.get(code, code)


def fraction(number):
    """A protocol number ({"exact": "n/d", ...}) as a Fraction."""
    return Fraction(number["exact"])


def exact(number):
    """'35/6', or '6' when whole."""
    value = fraction(number)
    return str(value.numerator) if value.denominator == 1 else str(value)


def decimal(number, places=4):
    """The number rounded to `places` decimals in the reader's locale: '5,8333'."""
    value = fraction(number)
    rounded = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN
    )
    return format_decimal(rounded, format="#,##0." + "0" * places)


def both(number):
    """'35/6 ≈ 5.8333' (exact, then the decimal), or one figure when whole."""
    value = fraction(number)
    if value.denominator == 1:
        return format_decimal(value.numerator, format="#,##0")
    return f"{exact(number)} ≈ {decimal(number)}"


def names(ids, candidates):
    """Candidates' names, from the record's {id: {"name", ...}}."""
    return ", ".join(name(c, candidates) for c in ids)


def name(candidate, candidates):
    if candidate is None:
        return str(EXHAUSTED)
    found = candidates.get(str(candidate))
    return found["name"] if found else str(candidate)


def action(round_, candidates):
    """The round's action in a sentence."""
    code = round_["action"]
    if code == "first_preferences":
        return str(ACTIONS[code])
    subjects = names(round_["candidates"], candidates)
    if code == "surplus":
        moved = [t for t in round_["transfers"] if t["transfer_value"]]
        value = both(moved[0]["transfer_value"]) if moved else "0"
        return str(ACTIONS[code]) % {"names": subjects, "value": value}
    if code not in ACTIONS:
        return code
    return str(ACTIONS[code]) % {"names": subjects}


def protected(candidate, candidates):
    return str(PROTECTED) % {"name": name(candidate, candidates)}


def tie_break(tie, candidates):
    """One tie-break in a sentence."""
    tied = names(tie["tied"], candidates)
    purpose = label(PURPOSES, tie["purpose"])
    chosen = name(tie["chosen"], candidates)
    if tie["rule"] == "earlier_rounds":
        return _(
            "Tie between %(tied)s for %(purpose)s, broken by round %(round)s:"
            " %(chosen)s.",
            tied=tied,
            purpose=purpose,
            round=tie["round"],
            chosen=chosen,
        )
    return _(
        "Tie between %(tied)s for %(purpose)s, equal in every earlier round:"
        " %(chosen)s was drawn among %(pool)s with the seed %(seed)s.",
        tied=tied,
        purpose=purpose,
        chosen=chosen,
        pool=names(tie["drawn_from"], candidates),
        seed=tie["seed"],
    )


def statuses(protocol):
    """[{candidate: status code}] per round: elected or excluded this round or
    before, protected, or continuing."""
    out, elected, excluded = [], set(), set()
    for round_ in protocol["rounds"]:
        elected.update(round_["elected"])
        excluded.update(e["candidate"] for e in round_["excluded"])
        protected = set(round_["protected"])
        shown = {}
        for tally in round_["tallies"]:
            c = tally["candidate"]
            if c in elected:
                shown[c] = "elected"
            elif c in excluded:
                shown[c] = "excluded"
            elif c in protected:
                shown[c] = "protected"
            else:
                shown[c] = "continuing"
        out.append(shown)
    return out
