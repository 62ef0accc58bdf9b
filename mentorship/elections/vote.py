"""The organisations' ranked ballot and its count.

Opening the vote makes a secret ranked decision (`decisions`) whose options are the
standing candidates and whose rule is STV with the election's seats; the draw's seed
is fixed and published then. The decisions package records one answer per member
organisation (participation apart from the rankings) and closes on time; its count
calls `count_ballots`, registered here for the STV rule, which runs
`stv.count` with the seat model. When the decision closes, the count is stored as
the election's published record and the elected take their seats (`terms`).
"""

import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..core import translated
from ..db import db, utcnow
from ..decisions import services as decisions
from ..decisions.models import Ballot, DecisionKind, DecisionOption, Rule
from . import nominations, stv
from .models import (
    OPTION_PREFIX,
    CountKind,
    Election,
    ElectionCount,
    ElectionStatus,
    Nomination,
)
from .services import ElectionError


def open_vote(election, by, closes_at=None):
    """Open the organisations' ranked ballot on the standing candidates."""
    closes_at = closes_at or election.voting_closes_at
    db.session.execute(
        sa.select(Election.id).where(Election.id == election.id).with_for_update()
    )
    db.session.refresh(election)
    if election.status != ElectionStatus.NOMINATING:
        raise ElectionError(_l("Only an election in nominations can open its vote."))
    if utcnow() < election.nominations_close_at:
        raise ElectionError(
            _l("Nominations are still open: the vote opens after they close.")
        )
    if nominations.unchecked(election):
        raise ElectionError(
            _l("Check every accepted nomination's eligibility before the vote.")
        )
    candidates = nominations.standing(election)
    if len(candidates) < 2:
        raise ElectionError(_l("A vote needs at least two eligible candidates."))
    try:  # no ballots yet: only whether some committee can meet the seat model
        _count(election, candidates, [], seed="check")
    except stv.CountError as error:
        raise ElectionError(_seat_model_error(error, election)) from None
    decision = decisions.create(
        DecisionKind.RANKED,
        _title_edit(election),
        translated.Edit("en", {"en": ""}),
        by,
        options=[
            (
                f"{OPTION_PREFIX}{n.id}",
                translated.Edit("en", {"en": n.candidate.name}),
                None,
            )
            for n in candidates
        ],
        rule=Rule.SINGLE_TRANSFERABLE_VOTE,
        winners=min(election.seats, len(candidates)),
        secret=True,
        quorum_percent=0,
    )
    election.decision_id = decision.id
    election.seed = secrets.token_hex(8)
    election.status = ElectionStatus.VOTING
    db.session.flush()
    decisions.open_decision(decision, by, closes_at)
    return decision


def _title_edit(election):
    title = election.title
    return translated.Edit(
        title.source_lang,
        {lang: t.body for lang, t in title.translations.items()},
        reviewed={
            lang for lang, t in title.translations.items() if t.status == "reviewed"
        },
    )


def _seat_model_error(error, election):
    if error.code == "no_feasible_committee":
        return _l(
            "No committee of %(seats)s among these candidates meets the regional "
            "minimums and the one seat per organisation: nominations must be "
            "reopened or the seat model changed by a new election.",
            seats=election.seats,
        )
    return _l("These candidates cannot be counted: %(why)s", why=error.message)


def withdraw_from_ballot(nomination, by, reason):
    """A candidate withdrawn during the vote: her option is withdrawn, ballots can
    no longer rank her, the count skips her."""
    option = db.session.scalar(
        sa.select(DecisionOption).where(
            DecisionOption.decision_id == nomination.election.decision_id,
            DecisionOption.ref == f"{OPTION_PREFIX}{nomination.id}",
        )
    )
    if option is not None:
        decisions.withdraw_option(option, by, reason or "candidate withdrew")


def _count(election, candidates, rankings, seed, withdrawn=(), fixed=()):
    """stv.count over nomination ids: ballots of weight 1, the seat model."""
    names = [n.id for n in candidates if n.id not in set(withdrawn)]
    known = set(names)
    ballots = [(1, [c for c in ranking if c in known]) for ranking in rankings]
    minimum, maximum = election.limits()
    return stv.count(
        ballots,
        election.seats,
        regions={n.id: n.region for n in candidates if n.id in known},
        minimum=minimum,
        maximum=maximum,
        organisations={
            n.id: n.candidate_organisation_id
            for n in candidates
            if n.id in known and n.candidate_organisation_id is not None
        },
        seed=seed,
        candidates=names,
        fixed=[c for c in fixed if c in known],
    )


def nomination_of(option):
    """The nomination id an election's option stands for."""
    return int(option.ref.removeprefix(OPTION_PREFIX))


def count_ballots(decision, _rules, option_ids, ballots):
    """The decisions' counter for the STV rule: the record of the count, with
    `carried` the elected candidates' option ids in order of election."""
    election = db.session.scalar(
        sa.select(Election).where(Election.decision_id == decision.id)
    )
    options = {o.id: o for o in decision.options}
    by_nomination = {nomination_of(options[i]): i for i in option_ids}
    candidates = [
        n
        for n in db.session.scalars(
            sa.select(Nomination).where(Nomination.id.in_(list(by_nomination)))
        )
    ]
    rankings = [_nominations(b, options) for b in ballots]
    abstained = sum(1 for r in rankings if not r)
    result = _count(election, candidates, rankings, election.seed)
    return {
        "abstained": abstained,
        "carried": [str(by_nomination[n]) for n in result.elected],
        "stv": result.to_json(),
    }


def _nominations(ballot, options):
    return [
        nomination_of(options[int(o)])
        for o in ballot.get("ranking", ())
        if int(o) in options
    ]


def on_decision_closed(decision, actor=None, **_):
    """The vote closed: publish the count as the election's record and seat the
    elected."""
    election = db.session.scalar(
        sa.select(Election).where(Election.decision_id == decision.id)
    )
    if election is None or election.status != ElectionStatus.VOTING:
        return
    from . import terms

    stored = record_count(election, decision.counts["stv"], CountKind.ELECTION, actor)
    election.status = ElectionStatus.COUNTED
    db.session.flush()
    terms.take_seats(election, stored, actor)


def record_count(election, protocol, kind, actor, vacated=None, withdrawn=(), fixed=()):
    """Store a count's record: the protocol, the anonymous ballots it read and the
    candidates as they stood (names, regions, organisations)."""
    decision = election.decision
    options = {o.id: o for o in decision.options}
    rankings = db.session.scalars(
        sa.select(Ballot.choices).where(Ballot.decision_id == decision.id)
    ).all()
    people = db.session.scalars(
        sa.select(Nomination).where(Nomination.election_id == election.id)
    ).all()
    row = ElectionCount(
        election_id=election.id,
        kind=kind,
        vacated_seat_id=getattr(vacated, "id", None),
        record={
            "protocol": protocol,
            "ballots": sorted([1, _nominations(b, options)] for b in rankings),
            "candidates": {
                str(n.id): {
                    "name": n.candidate.name,
                    "region": n.region,
                    "organisation": getattr(n.candidate_organisation, "name", ""),
                }
                for n in people
                if f"{OPTION_PREFIX}{n.id}" in {o.ref for o in options.values()}
            },
            "withdrawn": sorted(withdrawn),
            "fixed": sorted(fixed),
        },
        elected=list(protocol["elected"]),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(row)
    db.session.flush()
    return row


def ballots_of(election):
    """The election's anonymous rankings (nomination ids), for a recount."""
    count = db.session.scalar(
        sa.select(ElectionCount)
        .where(
            ElectionCount.election_id == election.id,
            ElectionCount.kind == CountKind.ELECTION,
        )
        .limit(1)
    )
    return [ranking for _weight, ranking in count.record["ballots"]]


def init_app(_app):
    from ..core import signals
    from . import terms

    decisions.RULE_COUNTERS[Rule.SINGLE_TRANSFERABLE_VOTE] = count_ballots
    decisions.decision_closed.connect(on_decision_closed)
    signals.person_erased.connect(terms.end_for_erasure)
