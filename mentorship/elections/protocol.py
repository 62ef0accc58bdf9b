"""The count's record: its errors, rounds, transfers and tie-breaks, and the protocol
as JSON and CSV, so that any member organisation can recount (standard library only)."""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

EXHAUSTED = None  # the target of a transfer to no one


class CountError(ValueError):
    """Bad input to the count; ``code`` names the problem for the web layer."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Transfer:
    """Ballot value moved in one round from `source` to `target` (None: exhausted)."""

    source: Hashable
    target: Hashable | None
    value: Fraction
    papers: int  # ballot entries moved (each carries its own weight)
    transfer_value: Fraction | None  # s / tally for a surplus; None for an exclusion


@dataclass(frozen=True)
class TieBreak:
    """How a tie was broken: by `rule` "earlier_rounds" (in round `round`) or "draw"."""

    purpose: str  # "elect", "surplus" or "exclude"
    tied: tuple
    rule: str
    chosen: Hashable
    round: int | None = None
    seed: Any = None
    drawn_from: tuple = ()


@dataclass(frozen=True)
class Round:
    """One round: its transfer, the tallies after it, and what was decided."""

    number: int
    action: str  # "first_preferences", "surplus", "exclusion" or "ineligible"
    candidates: tuple  # whose ballots were transferred this round
    quota: Fraction
    tallies: dict  # candidate -> Fraction, after this round's transfers
    exhausted: Fraction  # total exhausted so far
    transfers: tuple  # of Transfer
    elected: tuple  # elected at the end of this round, in order
    excluded: dict  # candidate -> reason, excluded this round
    protected: tuple  # continuing candidates who could not be excluded this round
    tie_breaks: tuple  # of TieBreak


@dataclass(frozen=True)
class Result:
    """The outcome: `elected` in order of election and the round-by-round record."""

    elected: tuple
    rounds: tuple
    seats: int
    quota: Fraction
    total: Fraction
    seed: Any
    candidates: tuple

    def to_json(self) -> dict:
        """Return the whole protocol as a JSON-ready dict.

        Returns
        -------
        dict
            Fractions appear as ``{"exact": "n/d", "decimal": float}``; candidates
            as given (they must be JSON values themselves, e.g. strings).
        """
        return {
            "method": "STV, exact Droop quota (elected when tally > quota), "
            "weighted inclusive Gregory transfers, regional minimums and maximums, "
            "one seat per organisation, backwards tie-break then seeded draw",
            "seats": self.seats,
            "seed": self.seed,
            "candidates": list(self.candidates),
            "total": _num(self.total),
            "quota": _num(self.quota),
            "elected": list(self.elected),
            "rounds": [_round_json(r) for r in self.rounds],
        }

    def to_csv(self) -> str:
        """Return the protocol as CSV text, one row per candidate per round.

        Returns
        -------
        str
            Columns: round, action, candidate, tally (exact "n/d"), tally_decimal,
            status, event. Each round also has an "(exhausted)" row, and a row per
            transfer and per tie-break.
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "round",
                "action",
                "candidate",
                "tally",
                "tally_decimal",
                "status",
                "event",
            ]
        )
        elected: set = set()
        excluded: set = set()
        for r in self.rounds:
            for tb in r.tie_breaks:
                writer.writerow(
                    [r.number, r.action, tb.chosen, "", "", "tie-break", _tb_text(tb)]
                )
            for t in r.transfers:
                target = "(exhausted)" if t.target is EXHAUSTED else t.target
                tv = (
                    "" if t.transfer_value is None else f" at {_frac(t.transfer_value)}"
                )
                writer.writerow(
                    [
                        r.number,
                        r.action,
                        t.source,
                        _frac(t.value),
                        float(t.value),
                        "transfer",
                        f"to {target}: {t.papers} ballot(s){tv}",
                    ]
                )
            elected.update(r.elected)
            excluded.update(r.excluded)
            for c, tally in r.tallies.items():
                if c in r.elected:
                    status, event = "elected", "elected"
                elif c in r.excluded:
                    status, event = "excluded", f"excluded ({r.excluded[c]})"
                elif c in elected:
                    status, event = "elected", ""
                elif c in excluded:
                    status, event = "excluded", ""
                else:
                    status = "continuing"
                    event = "protected" if c in r.protected else ""
                writer.writerow(
                    [r.number, r.action, c, _frac(tally), float(tally), status, event]
                )
            writer.writerow(
                [
                    r.number,
                    r.action,
                    "(exhausted)",
                    _frac(r.exhausted),
                    float(r.exhausted),
                    "",
                    "",
                ]
            )
        return out.getvalue()


# -- output helpers ------------------------------------------------------------------


def _frac(x: Fraction) -> str:
    return f"{x.numerator}/{x.denominator}"


def _num(x: Fraction) -> dict:
    return {"exact": _frac(x), "decimal": float(x)}


def _tb_text(tb: TieBreak) -> str:
    tied = ", ".join(map(str, tb.tied))
    if tb.rule == "earlier_rounds":
        return f"{tb.purpose}: tie among {tied} broken by round {tb.round}"
    among = ", ".join(map(str, tb.drawn_from))
    return f"{tb.purpose}: tie among {tied}; drawn from {among} with seed {tb.seed!r}"


def _round_json(r: Round) -> dict:
    return {
        "round": r.number,
        "action": r.action,
        "candidates": list(r.candidates),
        "quota": _num(r.quota),
        "tallies": [{"candidate": c, **_num(v)} for c, v in r.tallies.items()],
        "exhausted": _num(r.exhausted),
        "transfers": [
            {
                "from": t.source,
                "to": t.target,
                "value": _num(t.value),
                "papers": t.papers,
                "transfer_value": None
                if t.transfer_value is None
                else _num(t.transfer_value),
            }
            for t in r.transfers
        ],
        "elected": list(r.elected),
        "excluded": [{"candidate": c, "reason": why} for c, why in r.excluded.items()],
        "protected": list(r.protected),
        "tie_breaks": [
            {
                "purpose": tb.purpose,
                "tied": list(tb.tied),
                "rule": tb.rule,
                "chosen": tb.chosen,
                "round": tb.round,
                "seed": tb.seed,
                "drawn_from": list(tb.drawn_from),
            }
            for tb in r.tie_breaks
        ],
    }
