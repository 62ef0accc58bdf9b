"""Last year's Steering Committee election, counted, with its full record: the
elected are the current committee (terms of two years that began about a year ago).

Through the services, as `tests/web/test_elections_core.py` runs an election: the
seat model (five seats; Latin America & Caribbean and Asia-Pacific at least one
each; Africa at most two), nine candidates of member organisations in five
regions nominated, accepted and checked, the vote opened, each member
organisation's delegate casting its ranked ballot, the close and the STV count.
The services refuse past dates, so the stored times are set back afterwards, as
the other demo modules do. The seed of
the draw and the ballots are fixed: the demo is the same each time, and its record
shows a candidate excluded because her region was at its maximum, candidates
protected by their region's minimum while a higher one is excluded, and ties broken
by an earlier round and by the seeded draw.
Emails are muted. Idempotent: a database with this election already is left alone.
"""

from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships, notifications, translated
from ..db import db, utcnow
from ..decisions import ballots
from ..decisions import services as decisions
from ..decisions.models import Participation
from ..elections import nominations, services, vote
from ..elections.models import Election, ElectionCount, Nomination
from ..organisations.models import Organisation
from .plan import STAFF_DOMAIN

TITLE = {
    "en": "Steering Committee election {year}",
    "fr": "Élection du Comité de pilotage {year}",
    "es": "Elección del Comité Directivo {year}",
}
SEED = "2025a5c8e1f04b7d"
SEATS = 5
REGIONS = {
    "latin_america_caribbean": (1, None),
    "asia_pacific": (1, None),
    "africa": (0, 2),
}
# The candidates' organisations, by label: three in Africa, two in Europe and in
# Latin America & Caribbean, one in Asia-Pacific and in North America (in this
# order they get their nomination ids, which the draw sorts).
CANDIDATES = {
    "A1": "Women in Mining South Africa",
    "A2": "Femmes des Mines de Côte d'Ivoire",
    "A3": "Tanzania Women in Mining Association",
    "P1": "Women in Resources Australia",
    "N1": "Women in Mining Canada",
    "E1": "Women in Mining UK",
    "E2": "Femmes et Mines France",
    "L1": "Mujeres en Minería Perú",
    "L2": "Mujeres en Minería Chile",
}
# The rankings of the member organisations with a voting delegate, in the order
# of their names.
RANKINGS = [
    ["L1", "A1"],
    ["P1", "E1", "A1"],
    ["A3", "A1", "E1", "L2", "N1"],
    ["A1", "E2", "A2", "A3", "E1"],
    ["E2", "L2", "A1"],
    ["A3", "A1"],
    ["A1", "A2", "A3", "P1", "N1"],
    ["A2", "N1", "E2"],
]
YEAR = timedelta(days=365)
TERM_STARTED = timedelta(days=310)


def seed_elections_past(random_state=7):
    """Add last year's counted election once; flushes, the caller commits."""
    del random_state  # the demo's ballots and seed are fixed, not drawn
    if _existing() is not None:
        return None
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    voices = _voices()
    stood = _candidates()
    if staff is None or len(stood) < len(CANDIDATES) or len(voices) < 2:
        return None
    with notifications.muted():
        election = _run(staff, stood, voices)
    _set_back(election)
    db.session.flush()
    return election


def current_committee_election():
    """Last year's demo election (its elected sit on the committee), or None: for
    the committee's part and its demo."""
    return _existing()


def _existing():
    return db.session.scalar(sa.select(Election).where(Election.seed == SEED))


def _voices():
    """(member organisation, its voting delegate), by organisation name."""
    found = []
    for organisation in db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.status == "member")
        .order_by(Organisation.name)
    ):
        ids = memberships.holders("voting_delegate", organisation_id=organisation.id)
        person = db.session.scalar(
            sa.select(User).where(User.id.in_(ids)).order_by(User.id).limit(1)
        )
        if person is not None:
            found.append((organisation, person))
    return found


def _candidates():
    """{label: (organisation, a person of it who is not its delegate)}."""
    stood = {}
    for label, name in CANDIDATES.items():
        organisation = db.session.scalar(
            sa.select(Organisation).where(
                Organisation.name == name, Organisation.status == "member"
            )
        )
        if organisation is None:
            continue
        delegates = memberships.holders(
            "voting_delegate", organisation_id=organisation.id
        )
        person = db.session.scalar(
            sa.select(User)
            .where(
                User.organisation_id == organisation.id,
                User.erased_at.is_(None),
                User.id.not_in(delegates),
            )
            .order_by(User.id)
            .limit(1)
        )
        if person is not None:
            stood[label] = (organisation, person)
    return stood


def _run(staff, stood, voices):
    """The whole election through the services, at today's times."""
    now = utcnow()
    year = (now - YEAR).year
    title = {lang: text.format(year=year) for lang, text in TITLE.items()}
    election = services.create(
        translated.Edit("en", title, reviewed=set(title)),
        staff,
        seats=SEATS,
        regions=REGIONS,
        nominations_per_org=2,
        nominations_open_at=now - timedelta(days=1),
        nominations_close_at=now + timedelta(days=1),
        # One-year terms that started some ten months ago: the current committee,
        # its terms ending in two months, when this year's election takes over.
        term_years=1,
        term_starts_on=(now - TERM_STARTED).date(),
        offices=["chair", "vice_chair", "treasurer"],
    )
    services.open_nominations(election, staff)
    nomination = {}
    for label, (organisation, person) in stood.items():
        delegate = dict(voices).get(organisation, staff)
        nomination[label] = nominations.nominate(
            election, organisation, person, delegate
        )
        nominations.accept(nomination[label], person)
        nominations.check(nomination[label], staff, True)
    election.nominations_close_at = now - timedelta(seconds=1)
    db.session.flush()
    decision = vote.open_vote(election, staff, now + timedelta(days=7))
    election.seed = SEED
    option = {
        label: next(o.id for o in decision.options if o.ref == f"nomination:{n.id}")
        for label, n in nomination.items()
    }
    for (organisation, delegate), ranking in zip(voices, RANKINGS, strict=False):
        choices = {"ranking": [option[c] for c in ranking]}
        ballots.cast(decision, organisation, delegate, choices, "delegate")
    db.session.flush()
    decisions.close(decision, staff)
    return election


def _set_back(election):
    """The times of last year: nominations 14 to 13 months ago, the vote until
    12 and a half months ago, the terms from a year ago."""
    now = utcnow().replace(microsecond=0)
    opened = now - YEAR - timedelta(days=75)
    election.nominations_open_at = opened
    election.nominations_close_at = opened + timedelta(days=30)
    election.voting_closes_at = opened + timedelta(days=60)
    election.created_at = opened - timedelta(days=14)
    decision = election.decision
    decision.created_at = election.nominations_close_at
    decision.opened_at = election.nominations_close_at + timedelta(days=1)
    decision.closes_at = decision.closed_at = election.voting_closes_at
    for n, participation in enumerate(
        db.session.scalars(
            sa.select(Participation)
            .where(Participation.decision_id == decision.id)
            .order_by(Participation.id)
        )
    ):
        participation.cast_at = decision.opened_at + timedelta(days=2 + 2 * n)
    for nomination in db.session.scalars(
        sa.select(Nomination).where(Nomination.election_id == election.id)
    ):
        nomination.created_at = opened + timedelta(days=3)
        nomination.answered_at = opened + timedelta(days=6)
        nomination.checked_at = opened + timedelta(days=29)
    for count in db.session.scalars(
        sa.select(ElectionCount).where(ElectionCount.election_id == election.id)
    ):
        count.created_at = decision.closed_at
