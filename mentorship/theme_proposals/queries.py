"""What the theme proposals' pages read: the list by status, a proposal with its
comments, the shortlist vote's participation while open and its count once closed,
and on whose behalf she may propose."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .. import policy
from ..db import db
from ..decisions import ballots
from ..decisions.models import Decision
from ..groups.models import WorkingGroup
from ..organisations.models import Organisation
from .models import ProposalStatus, ThemeComment, ThemeProposal

ORDER = list(ProposalStatus)


def _loaded():
    return (
        joinedload(ThemeProposal.organisation),
        joinedload(ThemeProposal.group).joinedload(WorkingGroup.body),
        joinedload(ThemeProposal.theme),
        joinedload(ThemeProposal.working_group).joinedload(WorkingGroup.body),
    )


def by_status():
    """[(status, [proposals])] in the pipeline's order, only statuses in use."""
    proposals = db.session.scalars(
        sa.select(ThemeProposal)
        .options(*_loaded())
        .order_by(ThemeProposal.created_at.desc(), ThemeProposal.id.desc())
    ).unique()
    grouped = {status: [] for status in ORDER}
    for proposal in proposals:
        grouped[ProposalStatus(proposal.status)].append(proposal)
    return [(status, rows) for status, rows in grouped.items() if rows]


def proposal_or_none(proposal_id):
    return db.session.scalars(
        sa.select(ThemeProposal)
        .options(*_loaded(), joinedload(ThemeProposal.proposed_by))
        .where(ThemeProposal.id == proposal_id)
    ).first()


def comments_of(proposal):
    return db.session.scalars(
        sa.select(ThemeComment)
        .options(joinedload(ThemeComment.author), joinedload(ThemeComment.organisation))
        .where(ThemeComment.proposal_id == proposal.id)
        .order_by(ThemeComment.created_at, ThemeComment.id)
    ).all()


def comment_count(proposal):
    return db.session.scalar(
        sa.select(sa.func.count(ThemeComment.id)).where(
            ThemeComment.proposal_id == proposal.id
        )
    )


def vote_of(proposal):
    """The shortlist vote's public face: participation while open (results stay
    hidden), the outcome and this proposal's approvals once closed; or None."""
    decision = (
        db.session.scalars(
            sa.select(Decision)
            .options(selectinload(Decision.options))
            .where(Decision.id == proposal.decision_id)
        ).first()
        if proposal.decision_id
        else None
    )
    if decision is None:
        return None
    vote = {
        "decision": decision,
        "participants": ballots.participants(decision),
        "approvals": None,
    }
    if decision.is_closed and decision.counts:
        for option in decision.options:
            if option.ref == proposal.option_ref:
                vote["approvals"] = decision.counts.get("tally", {}).get(str(option.id))
        vote["carried"] = proposal.option_ref in {
            option.ref
            for option in decision.options
            if str(option.id) in decision.counts.get("carried", [])
        }
    return vote


def proposer_choices(user):
    """[(value, label)] of the organisations and groups she may propose for."""
    choices = []
    org_ids = policy.proposing_organisation_ids(user)
    if org_ids:
        organisations = db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.id.in_(org_ids), Organisation.status == "member")
            .order_by(Organisation.name)
        ).all()
        choices += [(f"org:{o.id}", o.name, o) for o in organisations]
    body_ids = policy.proposing_body_ids(user)
    if body_ids:
        groups = db.session.scalars(
            sa.select(WorkingGroup)
            .options(joinedload(WorkingGroup.body))
            .where(WorkingGroup.body_id.in_(body_ids))
            .order_by(WorkingGroup.id)
        ).unique()
        choices += [(f"group:{g.id}", None, g) for g in groups if not g.is_closed]
    return choices


def proposals_by_ids(ids):
    if not ids:
        return []
    return db.session.scalars(
        sa.select(ThemeProposal)
        .where(ThemeProposal.id.in_(ids))
        .order_by(ThemeProposal.id)
    ).all()


def adopted_from(theme):
    """The proposal a theme was adopted from, or None."""
    return db.session.scalars(
        sa.select(ThemeProposal).where(ThemeProposal.theme_id == theme.id)
    ).first()


def waiting_for_the_secretariat(votable):
    """{"window": proposals without a window, "vote": `votable`, "adoption":
    shortlisted proposals}."""
    rows = db.session.scalars(
        sa.select(ThemeProposal)
        .where(
            ThemeProposal.status.in_(
                [ProposalStatus.PROPOSED, ProposalStatus.SHORTLISTED]
            )
        )
        .order_by(ThemeProposal.id)
    ).all()
    return {
        "window": [p for p in rows if p.status == ProposalStatus.PROPOSED],
        "vote": list(votable),
        "adoption": [p for p in rows if p.status == ProposalStatus.SHORTLISTED],
    }
