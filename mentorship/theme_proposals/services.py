"""A theme proposal's life: proposed, its comment window, the shortlist vote, or
withdrawn (the adoption that follows the vote: `adoption`).

Services add and flush, the request commits. Each state change is one conditional
UPDATE with its audit row (`core.transitions`); a refused change raises ThemeError
with a translated message and changes nothing.

When the shortlist decision closes (`decisions.services.decision_closed`), each
proposal it carried is shortlisted and the others are not. Without a quorum the
vote decided nothing: its proposals go back to "commenting" with their window
over, and the Secretariat may put them to a new vote.
"""

from datetime import UTC, datetime, time

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from .. import policy
from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..core.transitions import transition
from ..db import db, utcnow
from ..decisions import services as decisions
from ..decisions.models import Decision, DecisionStatus, Outcome
from . import notify
from .models import (
    OPTION_PREFIX,
    ProposalStatus,
    ThemeComment,
    ThemeProposal,
)

COMMENT_MAX = 4000
WITHDRAWABLE = (ProposalStatus.PROPOSED, ProposalStatus.COMMENTING)


class ThemeError(ServiceError):
    """A change to a theme proposal that cannot be made (translated message)."""


# --- Proposing, translating, withdrawing ----------------------------------------------


def propose(title, rationale, by, *, organisation=None, group=None):
    """A new proposal by `organisation` or `group` (one of them), written by `by`;
    its texts are translated.Edit, their source her language."""
    if (organisation is None) == (group is None):
        raise ThemeError(_l("Choose on behalf of whom you propose this theme."))
    if title.is_empty() or rationale.is_empty():
        raise ThemeError(_l("Write the title and the rationale: nothing was saved."))
    proposal = ThemeProposal(
        status=ProposalStatus.PROPOSED,
        organisation_id=getattr(organisation, "id", None),
        group_id=getattr(group, "id", None),
        proposed_by_id=by.id,
        title=translated.set_text(None, title),
        rationale=translated.set_text(None, rationale),
    )
    db.session.add(proposal)
    db.session.flush()
    record(proposal, "proposed", actor=by, to_state=ProposalStatus.PROPOSED)
    return proposal


def edit_translations(proposal, title, rationale, by):
    """The Secretariat or a translator completes or corrects the texts."""
    if title.is_empty() or rationale.is_empty():
        raise ThemeError(_l("Write the title and the rationale: nothing was saved."))
    proposal.title = translated.set_text(proposal.title, title)
    proposal.rationale = translated.set_text(proposal.rationale, rationale)
    proposal.updated_at = utcnow()
    db.session.flush()
    record(proposal, "translations_edited", actor=by)
    return proposal


def withdraw(proposal, by):
    """Its proposer takes it back, before it is put to the vote."""
    if not transition(
        ThemeProposal, proposal, WITHDRAWABLE, ProposalStatus.WITHDRAWN, actor=by
    ):
        raise ThemeError(
            _l(
                "Only a proposal not yet put to the vote can be withdrawn:"
                " nothing changed."
            )
        )
    return proposal


# --- The comment window and its comments ----------------------------------------------


def set_window(proposal, opens_at, closes_at, by, now=None):
    """Set (or move) the comment window; the proposer hears of it the first time."""
    now = now or utcnow()
    if not (isinstance(opens_at, datetime) and isinstance(closes_at, datetime)):
        raise ThemeError(_l("Give the days the window opens and closes."))
    if closes_at <= opens_at:
        raise ThemeError(_l("The window must close after it opens: nothing changed."))
    if closes_at <= now:
        raise ThemeError(_l("The window must close in the future: nothing changed."))
    first = proposal.status == ProposalStatus.PROPOSED
    won = transition(
        ThemeProposal,
        proposal,
        [ProposalStatus.PROPOSED, ProposalStatus.COMMENTING],
        ProposalStatus.COMMENTING,
        actor=by,
        comments_open_at=opens_at,
        comments_close_at=closes_at,
        updated_at=now,
    )
    if not won:
        raise ThemeError(
            _l("The window of a proposal in the vote or decided is not moved.")
        )
    if first:
        notify.tell_proposer(proposal, "window")
    return proposal


def comment(proposal, author, body, now=None):
    """Her comment during the window (the proposer's people answer the same way)."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ThemeError(_l("Write your comment."))
    if len(body) > COMMENT_MAX:
        raise ThemeError(_l("A comment has at most 4000 characters."))
    if not proposal.window_open(now):
        raise ThemeError(_l("Comments are closed: the comment window is not open."))
    row = ThemeComment(
        proposal_id=proposal.id,
        author_id=author.id,
        organisation_id=author.organisation_id,
        body=body,
        by_proposer=policy.acts_for_proposer(author, proposal),
    )
    db.session.add(row)
    db.session.flush()
    record(row, "commented", actor=author, data={"proposal_id": proposal.id})
    return row


# --- The shortlist vote ---------------------------------------------------------------


def votable(now=None):
    """The proposals that may be put to a shortlist vote: their window is over (or
    the vote they were in was cancelled)."""
    now = now or utcnow()
    query = (
        sa.select(ThemeProposal)
        .outerjoin(Decision, Decision.id == ThemeProposal.decision_id)
        .where(
            sa.or_(
                sa.and_(
                    ThemeProposal.status == ProposalStatus.COMMENTING,
                    ThemeProposal.comments_close_at <= now,
                ),
                sa.and_(
                    ThemeProposal.status == ProposalStatus.IN_VOTE,
                    Decision.status == DecisionStatus.CANCELLED,
                ),
            )
        )
        .order_by(ThemeProposal.id)
    )
    return db.session.scalars(query).unique().all()


def _in_every_language(message):
    """A translated.Edit of one of our own (lazy) messages, in every content
    language."""
    bodies = {}
    for lang in translated.languages():
        with force_locale(lang):
            bodies[lang] = str(message)
    source = "en" if "en" in bodies else next(iter(bodies))
    return translated.Edit(source, bodies, reviewed=set(bodies))


def label_of(proposal):
    """The proposal's title as an Edit: a decision option's label."""
    text = proposal.title
    bodies = {
        lang: text.body(lang) for lang in translated.languages() if text.body(lang)
    }
    reviewed = {lang for lang in bodies if text.status(lang) == "reviewed"}
    return translated.Edit(text.source_lang, bodies, reviewed=reviewed)


def open_shortlist(proposals, by, *, closes_at, now=None, **rules):
    """An approval decision over `proposals` with the rules given (quorum_percent,
    majority, abstentions, secret, winners), opened until `closes_at`; the
    proposals are in the vote. Returns the decision."""
    now = now or utcnow()
    proposals = list(proposals)
    if len(proposals) < 2:
        raise ThemeError(_l("Choose at least two proposals for the shortlist vote."))
    winners = rules.get("winners", 1)
    if isinstance(winners, int) and winners > len(proposals):
        raise ThemeError(
            _l("No more proposals can be shortlisted than are put to the vote.")
        )
    allowed = {p.id for p in votable(now)}
    if any(p.id not in allowed for p in proposals):
        raise ThemeError(
            _l("Only proposals whose comment window is over can be put to the vote.")
        )
    year = now.year
    decision = decisions.create(
        "approval",
        _in_every_language(
            _l("Shortlist of the theme proposals (%(year)s)", year=year)
        ),
        _in_every_language(
            _l(
                "Approve each proposed theme your organisation would see on the"
                " shortlist. The proposals approved by the majority are shortlisted;"
                " the Steering Committee or the AGM then adopts them."
            )
        ),
        by,
        options=[(p.option_ref, label_of(p), None) for p in proposals],
        closes_at=closes_at,
        **rules,
    )
    decisions.open_decision(decision, by, closes_at)
    for proposal in proposals:
        won = transition(
            ThemeProposal,
            proposal,
            [ProposalStatus.COMMENTING, ProposalStatus.IN_VOTE],
            ProposalStatus.IN_VOTE,
            _still_votable(now),
            actor=by,
            decision_id=decision.id,
            updated_at=now,
        )
        if not won:
            raise ThemeError(_l("A proposal changed meanwhile: nothing was opened."))
    return decision


def _still_votable(now):
    """The UPDATE's condition: its window is over, or its last vote was cancelled
    (checked again under the row's lock: two votes opened at once take each
    proposal once)."""
    cancelled = sa.select(Decision.id).where(
        Decision.status == DecisionStatus.CANCELLED
    )
    return sa.or_(
        sa.and_(
            ThemeProposal.status == ProposalStatus.COMMENTING,
            ThemeProposal.comments_close_at <= now,
        ),
        sa.and_(
            ThemeProposal.status == ProposalStatus.IN_VOTE,
            ThemeProposal.decision_id.in_(cancelled),
        ),
    )


def on_decision_closed(decision, actor=None, **_):
    """The shortlist decision was counted: carried proposals are shortlisted, the
    others not; without a quorum they go back to wait for a new vote."""
    refs = {
        str(option.id): option.ref
        for option in decision.options
        if option.ref.startswith(OPTION_PREFIX)
    }
    if not refs:
        return
    carried = {refs[o] for o in (decision.counts or {}).get("carried", []) if o in refs}
    proposals = db.session.scalars(
        sa.select(ThemeProposal).where(
            ThemeProposal.decision_id == decision.id,
            ThemeProposal.status == ProposalStatus.IN_VOTE,
        )
    ).all()
    for proposal in proposals:
        if decision.outcome == Outcome.NO_QUORUM:
            to_state = ProposalStatus.COMMENTING
        elif proposal.option_ref in carried:
            to_state = ProposalStatus.SHORTLISTED
        else:
            to_state = ProposalStatus.NOT_SHORTLISTED
        won = transition(
            ThemeProposal,
            proposal,
            [ProposalStatus.IN_VOTE],
            to_state,
            actor=actor,
            reason=f"decision {decision.id}: {decision.outcome}",
        )
        if won and to_state == ProposalStatus.SHORTLISTED:
            notify.tell_proposer(proposal, "shortlisted")


def day_start(day):
    """Midnight UTC of `day`."""
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def day_end(day):
    """The last minute of `day`, UTC."""
    return datetime.combine(day, time(23, 59), tzinfo=UTC)


def export_of(user):
    """Her comments on theme proposals, for her data export (JSON-safe)."""
    rows = db.session.scalars(
        sa.select(ThemeComment)
        .where(ThemeComment.author_id == user.id)
        .order_by(ThemeComment.created_at, ThemeComment.id)
    ).all()
    return [
        {
            "theme_proposal_id": row.proposal_id,
            "organisation": row.organisation.name if row.organisation else None,
            "for_the_proposer": row.by_proposer,
            "comment": row.body,
            "written_at": row.created_at.isoformat() if row.created_at else None,
        }
        for row in rows
    ]
