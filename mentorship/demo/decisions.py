"""Two decisions of the member organisations, with their votes.

A closed resolution (a proposal needing a two-thirds majority) with its counted
outcome, and an open, secret proposal where some organisations have voted and one
has handed its vote to another organisation's delegate by proxy. Organisations
answer through their current voting delegate (named by demo/roles.py).
Written as rows, not through `services.open_decision` or `ballots.cast`: seeding
sends no email.
"""

import random
import secrets
from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships, schedule, translated
from ..db import db, utcnow
from ..decisions import ballots, services
from ..decisions.models import Ballot, Decision, Participation, Proxy
from ..organisations.models import Organisation
from ..roles.voices import member_count
from .plan import STAFF_DOMAIN

RESOLUTION = {
    "title": {
        "en": "Adopt the Alliance's strategic plan for 2027-2029",
        "fr": "Adopter le plan stratégique de l'Alliance pour 2027-2029",
        "es": "Adoptar el plan estratégico de la Alianza para 2027-2029",
    },
    "text": {
        "en": (
            "The Steering Committee proposes the strategic plan for 2027-2029: "
            "closing the Global Data Deficit, mentoring across borders, and inclusive "
            "workplaces. Adopting it needs two thirds of the answers that take a side."
        ),
        "fr": (
            "Le Comité de pilotage propose le plan stratégique 2027-2029 : combler le "
            "déficit mondial de données, le mentorat au-delà des frontières et des "
            "lieux de travail inclusifs. Son adoption demande les deux tiers des "
            "réponses exprimées."
        ),
        "es": (
            "El Comité Directivo propone el plan estratégico 2027-2029: cerrar el "
            "déficit mundial de datos, la mentoría más allá de las fronteras y los "
            "lugares de trabajo inclusivos. Su adopción requiere dos tercios de las "
            "respuestas que toman partido."
        ),
    },
}
HYBRID_AGM = {
    "title": {
        "en": "Hold the 2027 Annual General Meeting both online and in Johannesburg",
        "fr": "Tenir l'assemblée générale 2027 en ligne et à Johannesburg",
        "es": "Celebrar la asamblea general de 2027 en línea y en Johannesburgo",
    },
    "text": {
        "en": (
            "A hybrid meeting lets every member organisation take part, whatever its "
            "travel budget. A secret ballot; a simple majority decides."
        ),
        "fr": (
            "Une réunion hybride permet à chaque organisation membre de participer, "
            "quel que soit son budget de voyage. Scrutin secret ; la majorité simple "
            "décide."
        ),
        "es": (
            "Una reunión híbrida permite participar a todas las organizaciones "
            "miembro, sea cual sea su presupuesto de viaje. Votación secreta; decide "
            "la mayoría simple."
        ),
    },
}
RESOLUTION_ANSWERS = ("agree", "agree", "agree", "disagree", "agree", "abstain")
OPEN_ANSWERS = ("agree", "agree", "disagree", "agree")


def seed_decisions(random_state=7):
    """Add the two demo decisions once."""
    title = RESOLUTION["title"]["en"]
    taken = db.session.scalar(
        sa.select(Decision.id).where(
            translated.body_in(Decision.title_id, "en") == title
        )
    )
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    if taken or staff is None:
        return None
    rng = random.Random(random_state)
    voices = _voices()
    members = member_count()
    now = utcnow().replace(microsecond=0)
    closed = _decision(RESOLUTION, staff, majority="two_thirds", quorum_percent=25)
    _opened(closed, now - timedelta(days=30), now - timedelta(days=2), members)
    for n, (organisation, person) in enumerate(voices[:8]):
        choice = RESOLUTION_ANSWERS[n % len(RESOLUTION_ANSWERS)]
        cast_at = closed.opened_at + timedelta(days=1 + rng.randrange(20))
        _vote(closed, organisation, person, choice, cast_at)
    db.session.flush()
    closed.status, closed.closed_at = "closed", closed.closes_at
    closed.counts = services.count(closed)
    closed.outcome = closed.counts["outcome"]
    current = _decision(HYBRID_AGM, staff, secret=True, quorum_percent=25)
    _opened(current, now - timedelta(days=3), now + timedelta(days=11), members)
    current.ballot_key = secrets.token_hex(32)
    for n, (organisation, person) in enumerate(voices[:4]):
        cast_at = current.opened_at + timedelta(hours=2 + rng.randrange(48))
        _vote(current, organisation, person, OPEN_ANSWERS[n], cast_at)
    if len(voices) > 5:
        _proxy(current, voices[4], voices[5], now - timedelta(days=1))
    db.session.flush()
    schedule.schedule(
        f"decision:{current.id}:close",
        current.closes_at,
        services.CLOSE_JOB,
        {"id": current.id},
    )
    return closed


def _voices():
    """(member organisation, its voting delegate), by organisation name."""
    organisations = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.status == "member")
        .order_by(Organisation.name)
    ).all()
    voices = []
    for organisation in organisations:
        ids = memberships.holders("voting_delegate", organisation_id=organisation.id)
        person = db.session.scalar(sa.select(User).where(User.id.in_(ids)).limit(1))
        if person is not None:
            voices.append((organisation, person))
    return voices


def _decision(texts, staff, **rules):
    decision = Decision(
        kind="proposal",
        title=translated.new_text("en", **texts["title"]),
        text=translated.new_text("en", **texts["text"]),
        created_by_id=staff.id,
        **rules,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def _opened(decision, opened_at, closes_at, members):
    decision.status = "open"
    decision.opened_at, decision.closes_at = opened_at, closes_at
    decision.electorate_size = members


def _vote(decision, organisation, person, choice, cast_at, via="delegate", proxy=None):
    db.session.add(
        Participation(
            decision_id=decision.id,
            organisation_id=organisation.id,
            via=via,
            proxy_id=proxy.id if proxy else None,
            cast_by_id=person.id,
            cast_at=cast_at,
        )
    )
    db.session.add(
        Ballot(
            decision_id=decision.id,
            organisation_id=None if decision.secret else organisation.id,
            slot=ballots.slot(decision, organisation.id) if decision.secret else None,
            choices={"choice": choice},
            receipt=secrets.token_hex(5).upper(),
        )
    )


def _proxy(decision, giver, holder, granted_at):
    """`giver`'s organisation hands its vote to `holder`'s delegate."""
    organisation, granted_by = giver
    holder_organisation, holder_person = holder
    db.session.add(
        Proxy(
            scope="decision",
            decision_id=decision.id,
            organisation_id=organisation.id,
            holder_id=holder_person.id,
            holder_organisation_id=holder_organisation.id,
            granted_by_id=granted_by.id,
            granted_at=granted_at,
            expires_at=decision.closes_at,
        )
    )
