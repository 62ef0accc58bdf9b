"""Voting a motion at the AGM: the chair puts a tabled motion to the vote (a
decision of the decisions core, kind "proposal", at the AGM's session, with the
AGM's quorum and the motion's rules or the AGM's), closes it, and the motion
follows the decision's outcome (`decisions.services.decision_closed`), whoever
closed it: the chair, or the scheduler at its closing time.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..core import translated
from ..core.transitions import transition
from ..db import db, utcnow
from ..decisions import services as decisions
from ..decisions.models import DecisionKind, DecisionStatus
from .models import PENDING, AgendaItem, ItemKind, MotionStatus
from .services import VOTE_MINUTES, AgmError


def copy_edit(text):
    """A translated.Edit copying a stored text (None: empty)."""
    if text is None:
        return translated.Edit("en", {})
    bodies = {lang: row.body for lang, row in text.translations.items() if row.body}
    reviewed = {
        lang for lang, row in text.translations.items() if row.status == "reviewed"
    }
    return translated.Edit(text.source_lang, bodies, reviewed=reviewed)


def rules_of(item):
    """The rules a motion is voted under: its own, else the AGM's."""
    agm = item.agm
    return {
        "quorum_percent": agm.quorum_percent,
        "majority": item.majority or agm.majority,
        "abstentions": item.abstentions or agm.abstentions,
        "secret": agm.secret if item.secret is None else item.secret,
    }


def put_to_vote(item, by, minutes=15, now=None):
    """The chair puts a tabled motion to the vote: a decision at the AGM's
    session, open for `minutes`. Its amendments must be voted first."""
    now = now or utcnow()
    agm = item.agm
    if not agm.in_session:
        raise AgmError(_l("Motions are voted while the AGM is in session."))
    if minutes not in VOTE_MINUTES:
        raise AgmError(_l("Choose how long the vote stays open."))
    pending = [a for a in item.amendments if a.status in PENDING]
    if pending:
        raise AgmError(_l("Vote on this motion's amendments first."))
    if not transition(
        AgendaItem,
        item,
        [MotionStatus.TABLED],
        MotionStatus.VOTING,
        AgendaItem.kind == ItemKind.MOTION,
        actor=by,
    ):
        raise AgmError(_l("Only a tabled motion can be put to the vote."))
    decision = decisions.create(
        DecisionKind.PROPOSAL,
        copy_edit(item.title),
        copy_edit(item.text),
        by,
        session_id=agm.session_id,
        **rules_of(item),
    )
    try:
        decisions.open_decision(decision, by, now + timedelta(minutes=minutes))
    except decisions.DecisionError as error:
        raise AgmError(str(error)) from None
    item.decision_id = decision.id
    db.session.flush()
    return decision


def close_vote(item, by):
    """The chair closes the vote: the decision is counted and the motion follows
    its outcome (`follow_outcome`)."""
    decision = item.decision
    if item.status != MotionStatus.VOTING or decision is None:
        raise AgmError(_l("This motion is not being voted."))
    if decision.status == DecisionStatus.OPEN:
        decisions.close(decision, by)
    elif decision.status == DecisionStatus.CANCELLED:
        # Its vote was cancelled: the motion is back on the table, to be voted anew.
        transition(
            AgendaItem,
            item,
            [MotionStatus.VOTING],
            MotionStatus.TABLED,
            actor=by,
            reason="cancelled",
            decision_id=None,
        )
    else:
        follow_outcome(decision, actor=by)
    db.session.refresh(item)
    return item


def follow_outcome(decision, actor=None, **_extra):
    """A closed decision's motion is carried or rejected (once)."""
    item = db.session.scalar(
        sa.select(AgendaItem).where(AgendaItem.decision_id == decision.id)
    )
    if item is None or decision.status != DecisionStatus.CLOSED:
        return None
    outcome = (
        MotionStatus.CARRIED if decision.outcome == "passed" else MotionStatus.REJECTED
    )
    transition(
        AgendaItem,
        item,
        [MotionStatus.VOTING],
        outcome,
        actor=actor,
        reason=decision.outcome or "",
    )
    return item


decisions.decision_closed.connect(follow_outcome)
