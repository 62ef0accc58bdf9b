"""The round-by-round record of a counted election, and of each recount filling a
vacancy (`?count=<id>`): the page in the reader's language, and its downloads as
JSON (everything `stv.count` needs to recount) and CSV (the protocol, candidates
named). Public once counted; 404 before."""

import json
from fractions import Fraction

import sqlalchemy as sa
from flask import Response, abort, render_template, request
from flask_login import current_user

from .. import policy
from ..core.pagecache import public_page
from ..db import db
from ..forms import db_id
from ..outcomes.exports import neutralise
from . import ballot_page, words_record
from .models import CountKind, Election, ElectionCount
from .protocol import Result, Round, TieBreak, Transfer
from .routes import bp

ballot_page.register()


@bp.get("/elections/<int:election_id>/record")
@public_page
def record(election_id):
    """The result, the seat model, the quota and each round in words."""
    election, count = _counted(election_id)
    record = count.record
    protocol = record["protocol"]
    return render_template(
        "elections/record.html",
        election=election,
        count=count,
        protocol=protocol,
        candidates=record["candidates"],
        statuses=words_record.statuses(protocol),
        elected=_elected(count),
        recounts=_counts(election),
        minimum=election.limits()[0],
        maximum=election.limits()[1],
        words=words_record,
    )


@bp.get("/elections/<int:election_id>/record.json")
def record_json(election_id):
    """The whole record: enough to rerun `stv.count` and compare."""
    election, count = _counted(election_id)
    body = json.dumps(download(election, count), ensure_ascii=False, indent=1)
    return _attachment(body, "application/json", election, count, "json")


@bp.get("/elections/<int:election_id>/record.csv")
def record_csv(election_id):
    """The protocol as CSV, one row per candidate per round, candidates named."""
    election, count = _counted(election_id)
    body = "\ufeff" + named_result(count.record).to_csv()
    return _attachment(body, "text/csv", election, count, "csv")


# --- Queries and shapes -----------------------------------------------------------


def _counted(election_id):
    """The election and the count asked for (`?count=`, else the election's)."""
    election = db.get_or_404(Election, election_id)
    policy.ensure_reach(policy.can_read_election_record(current_user, election))
    query = sa.select(ElectionCount).where(ElectionCount.election_id == election.id)
    raw = request.args.get("count")
    if raw is None:
        query = query.where(ElectionCount.kind == CountKind.ELECTION)
    else:
        try:
            query = query.where(ElectionCount.id == db_id(raw))
        except (TypeError, ValueError):
            abort(404)
    count = db.session.scalar(query.order_by(ElectionCount.id).limit(1))
    if count is None:
        abort(404)
    return election, count


def _counts(election):
    return db.session.scalars(
        sa.select(ElectionCount)
        .where(ElectionCount.election_id == election.id)
        .order_by(ElectionCount.id)
    ).all()


def _elected(count):
    """(nomination id, {"name", "region", "organisation"}) in order of election;
    a recount lists the one it newly elected."""
    candidates = count.record["candidates"]
    return [(c, candidates.get(str(c), {"name": str(c)})) for c in count.elected]


def elected_by_region(count):
    """{region: [candidate]} of a count's elected, for the election's page."""
    shown = {}
    for _id, candidate in _elected(count):
        shown.setdefault(candidate.get("region", ""), []).append(candidate)
    return shown


def download(election, count):
    """The record as the JSON download: protocol, anonymous ballots, candidates,
    seat model and seed."""
    record = count.record
    protocol = record["protocol"]
    minimum, maximum = election.limits()
    return {
        "election": {
            "id": election.id,
            "title": election.title.body(election.title.source_lang)
            if election.title
            else "",
            "term_years": election.term_years,
            "term_starts_on": election.term_starts_on.isoformat()
            if election.term_starts_on
            else None,
        },
        "count": {
            "id": count.id,
            "kind": count.kind,
            "created_at": count.created_at.isoformat(),
            "vacated_seat_id": count.vacated_seat_id,
            "elected": count.elected,
        },
        "seat_model": {
            "seats": protocol["seats"],
            "minimum": minimum,
            "maximum": maximum,
            "one_seat_per_organisation": True,
        },
        "seed": protocol["seed"],
        "candidates": [
            {"id": int(c), **shown} for c, shown in record["candidates"].items()
        ],
        "counted": protocol["candidates"],
        "withdrawn": record.get("withdrawn", []),
        "fixed": record.get("fixed", []),
        "ballots": record["ballots"],
        "protocol": protocol,
    }


def named_result(record):
    """The stored protocol as a `protocol.Result` whose candidates are their names
    (formula-safe), so that its CSV is the one `stv` writes."""
    names = _unique_names(record["candidates"])

    def n(c):
        return None if c is None else names.get(str(c), str(c))

    def f(number):
        return None if number is None else Fraction(number["exact"])

    protocol = record["protocol"]
    rounds = tuple(
        Round(
            number=r["round"],
            action=r["action"],
            candidates=tuple(n(c) for c in r["candidates"]),
            quota=f(r["quota"]),
            tallies={n(t["candidate"]): f(t) for t in r["tallies"]},
            exhausted=f(r["exhausted"]),
            transfers=tuple(
                Transfer(
                    n(t["from"]),
                    n(t["to"]),
                    f(t["value"]),
                    t["papers"],
                    f(t["transfer_value"]),
                )
                for t in r["transfers"]
            ),
            elected=tuple(n(c) for c in r["elected"]),
            excluded={n(e["candidate"]): e["reason"] for e in r["excluded"]},
            protected=tuple(n(c) for c in r["protected"]),
            tie_breaks=tuple(
                TieBreak(
                    t["purpose"],
                    tuple(n(c) for c in t["tied"]),
                    t["rule"],
                    n(t["chosen"]),
                    t["round"],
                    t["seed"],
                    tuple(n(c) for c in t["drawn_from"]),
                )
                for t in r["tie_breaks"]
            ),
        )
        for r in protocol["rounds"]
    )
    return Result(
        elected=tuple(n(c) for c in protocol["elected"]),
        rounds=rounds,
        seats=protocol["seats"],
        quota=f(protocol["quota"]),
        total=f(protocol["total"]),
        seed=protocol["seed"],
        candidates=tuple(n(c) for c in protocol["candidates"]),
    )


def _unique_names(candidates):
    """{id: name}, a name two candidates share followed by its id."""
    counts = {}
    for shown in candidates.values():
        counts[shown["name"]] = counts.get(shown["name"], 0) + 1
    return {
        c: neutralise(
            shown["name"] if counts[shown["name"]] == 1 else f"{shown['name']} #{c}"
        )
        for c, shown in candidates.items()
    }


def _attachment(body, mimetype, election, count, ext):
    stem = f"election-{election.id}-count-{count.id}"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{ext}"'
    return response


# --- The election page's part (included by part nominations' page) ----------------


def vote_and_record(election):
    """What `elections/_vote_and_record.html` shows, passed by the election's view
    as `vote_and_record` (templates run no queries): while voting, how many
    organisations voted (never who chose what), the seed, the close and whether
    the ballot is hers to open; once counted, the elected by region."""
    from ..decisions import ballots, queries
    from ..decisions import words as decision_words
    from ..decisions.routes import reader_zone

    decision = election.decision
    shown = {"election": election, "decision": decision, "words": words_record}
    if election.status == "voting" and decision is not None:
        shown.update(
            answered=ballots.participants(decision),
            electorate=queries.electorate(decision),
            can_vote=policy.can_vote_in_election(current_user, election),
            closes=decision.closes_at
            and decision_words.when(decision.closes_at, reader_zone()),
        )
    if policy.can_read_election_record(current_user, election):
        count = db.session.scalar(
            sa.select(ElectionCount).where(
                ElectionCount.election_id == election.id,
                ElectionCount.kind == CountKind.ELECTION,
            )
        )
        if count is not None:
            shown["by_region"] = elected_by_region(count)
    return shown
