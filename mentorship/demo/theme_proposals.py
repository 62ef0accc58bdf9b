"""Theme proposals for the demo: four proposed themes, one by a working group,
their comment windows over with a few comments, and an OPEN shortlist vote (50%
quorum, two-thirds majority, at most two shortlisted) in which several member
organisations voted, one of them through a proxy held by another's delegate; and two
more proposals whose windows are over, ready for the Secretariat to put to a new vote.

Through the services (the rules, the options, the participations and the proxy are
the real ones), with every email silenced: seeding sends no email. Idempotent: a
database with theme proposals already is left as it is.
"""

from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships, notifications, translated
from ..core.models import Body, Membership
from ..db import db, utcnow
from ..decisions import ballots, notify, proxies
from ..groups.models import WorkingGroup
from ..theme_proposals import services
from ..theme_proposals.models import ThemeComment, ThemeProposal
from .plan import STAFF_DOMAIN

GROUP_SLUG = "role-models-mentors"
VOTERS = 6  # organisations that have voted so far, the last through a proxy

PROPOSALS = [
    {
        "source": "es",
        "title": {
            "en": "Women in the energy transition and critical minerals",
            "es": "Mujeres en la transición energética y los minerales críticos",
        },
        "rationale": {
            "en": (
                "Lithium, copper and cobalt mines are opening fast. The Alliance "
                "can make sure the new jobs and boards of the energy transition "
                "include women from the start."
            ),
            "es": (
                "Las minas de litio, cobre y cobalto se abren a gran velocidad. La "
                "Alianza puede lograr que los nuevos empleos y directorios de la "
                "transición energética incluyan a las mujeres desde el principio."
            ),
        },
    },
    {
        "source": "fr",
        "title": {
            "en": "Health and safety designed for women",
            "fr": "Santé et sécurité conçues pour les femmes",
            "es": "Salud y seguridad pensadas para las mujeres",
        },
        "rationale": {
            "fr": (
                "Équipements de protection, sanitaires, horaires : trop de sites "
                "restent pensés pour des hommes. Un groupe de travail recenserait "
                "les bonnes pratiques et les normes à défendre."
            ),
            "en": (
                "Protective equipment, facilities, shifts: too many sites are still "
                "designed for men. A working group would gather good practice and "
                "the standards to advocate for."
            ),
        },
    },
    {
        "source": "en",
        "title": {
            "en": "Mine closure and the communities that stay",
            "fr": "La fermeture des mines et les communautés qui restent",
        },
        "rationale": {
            "en": (
                "When a mine closes, women in nearby communities bear much of the "
                "cost. Member organisations share what worked in closure plans."
            ),
        },
    },
    {
        "source": "en",
        "group": True,
        "title": {
            "en": "Pathways to the board",
            "fr": "Les chemins vers le conseil d'administration",
            "es": "Caminos hacia el directorio",
        },
        "rationale": {
            "en": (
                "Mentoring brings women to management; too few reach the board. "
                "Our group proposes a theme on sponsorship and board readiness."
            ),
            "es": (
                "La mentoría lleva a las mujeres a la dirección; muy pocas llegan al "
                "directorio. Nuestro grupo propone un tema sobre patrocinio y "
                "preparación para los directorios."
            ),
        },
    },
]
READY = [
    {
        "source": "en",
        "title": {
            "en": "Women in artisanal and small-scale mining",
            "fr": "Les femmes dans la mine artisanale et à petite échelle",
            "es": "Las mujeres en la minería artesanal y de pequeña escala",
        },
        "rationale": {
            "en": (
                "Millions of women work in artisanal mines without contracts, "
                "safety or a voice. Member organisations in Africa and Latin "
                "America ask for a theme on their rights, finance and safety."
            ),
        },
    },
    {
        "source": "fr",
        "title": {
            "en": "Women's careers after maternity",
            "fr": "Les carrières des femmes après la maternité",
            "es": "Las carreras de las mujeres después de la maternidad",
        },
        "rationale": {
            "fr": (
                "Trop de femmes quittent le secteur après une naissance. Nos membres "
                "proposent de partager les politiques de retour au travail qui "
                "marchent sur les sites miniers."
            ),
        },
    },
]
COMMENTS = [
    "Please include artisanal and small-scale mining.",
    "Our members would join a working group on this.",
    "Could the group work with the data deficit group on figures?",
]


def seed_theme_proposals(random_state=7):
    """Add the proposals and the open shortlist vote; flushes, the caller commits."""
    if db.session.scalar(sa.select(ThemeProposal.id).limit(1)) is not None:
        return
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    delegates = _delegates()
    group, chair = _group_and_chair()
    if staff is None or len(delegates) < VOTERS + 1 or group is None:
        return
    with notifications.muted():
        proposals = _propose(delegates, group, chair)
        _comment(proposals, delegates)
        _vote(proposals[: len(PROPOSALS)], delegates, staff)
    db.session.flush()


def _delegates():
    """(voting delegate, organisation) of each member organisation that has one."""
    seen, found = set(), []
    for person, organisation in notify.speakers():
        if organisation.id in seen:
            continue
        if "voting_delegate" in {
            m.position
            for m in person.current_memberships
            if m.organisation_id == organisation.id
        }:
            seen.add(organisation.id)
            found.append((person, organisation))
    return found


def _group_and_chair():
    group = db.session.scalar(
        sa.select(WorkingGroup).join(Body).where(Body.slug == GROUP_SLUG)
    )
    if group is None:
        return None, None
    chair = db.session.scalar(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.body_id == group.body_id,
            Membership.position == "chair",
            memberships.current(),
        )
        .limit(1)
    )
    return group, chair


def _edit(spec, key):
    return translated.Edit(spec["source"], dict(spec[key]), reviewed=set(spec[key]))


def _propose(delegates, group, chair):
    """The six proposals, their windows over (they ran for four weeks)."""
    now = utcnow()
    made = []
    for index, spec in enumerate([*PROPOSALS, *READY]):
        if spec.get("group") and chair is not None:
            by, owner = chair, {"group": group}
        else:
            by, organisation = delegates[-1 - index]
            owner = {"organisation": organisation}
        proposal = services.propose(
            _edit(spec, "title"), _edit(spec, "rationale"), by, **owner
        )
        proposal.created_at = now - timedelta(days=45 - index)
        proposal.status = "commenting"
        proposal.comments_open_at = now - timedelta(days=38)
        proposal.comments_close_at = now - timedelta(days=10)
        made.append(proposal)
    db.session.flush()
    return made


def _comment(proposals, delegates):
    now = utcnow()
    for index, proposal in enumerate(proposals):
        for offset, text in enumerate(COMMENTS[: 1 + index % len(COMMENTS)]):
            person, organisation = delegates[(index + offset) % len(delegates)]
            db.session.add(
                ThemeComment(
                    proposal_id=proposal.id,
                    author_id=person.id,
                    organisation_id=organisation.id,
                    body=text,
                    created_at=now - timedelta(days=30 - offset),
                )
            )
    db.session.flush()


def _vote(proposals, delegates, staff):
    """The open shortlist vote: six organisations voted, the sixth by proxy."""
    decision = services.open_shortlist(
        proposals,
        staff,
        closes_at=utcnow() + timedelta(days=7),
        quorum_percent=50,
        majority="two_thirds",
        abstentions="excluded",
        secret=False,
        winners=2,
    )
    options = [option.id for option in decision.options]
    patterns = ([0, 1], [0], [0, 3], [1, 3], [0, 1, 3], [0, 2])
    holder, _holder_org = delegates[0]
    for index, chosen in enumerate(patterns):
        person, organisation = delegates[index]
        choices = {"approved": sorted(options[i] for i in chosen)}
        if index == VOTERS - 1:
            proxy = proxies.grant(organisation, holder, person, decision=decision)
            ballots.cast(decision, organisation, holder, choices, "proxy", proxy=proxy)
        else:
            ballots.cast(decision, organisation, person, choices, "delegate")
    return decision
