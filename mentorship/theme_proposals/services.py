"""A theme proposal's life: proposed, its comment window, the shortlist vote, the
adoption that makes it a theme with its working group (or not), or withdrawn.

Services add and flush, the request commits. Each state change is one conditional
UPDATE with its audit row (`core.transitions`); a refused change raises ThemeError
with a translated message and changes nothing.

When the shortlist decision closes (`decisions.services.decision_closed`), each
proposal it carried is shortlisted and the others are not. Without a quorum the
vote decided nothing: its proposals go back to "commenting" with their window
over, and the Secretariat may put them to a new vote.
"""

import re
import unicodedata
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
from ..groups import charter
from ..organisations.models import Theme
from . import notify
from .models import (
    OPTION_PREFIX,
    AdoptedBy,
    ProposalStatus,
    ThemeComment,
    ThemeProposal,
)

COMMENT_MAX = 4000
NOTE_MAX = 500
SLUG_MAX = 60
RESERVED_THEME_SLUGS = {"proposals"}
"""/themes/proposals is the proposals' list: no theme may take that address."""
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


# --- The adoption ---------------------------------------------------------------------


def slug_for(proposal):
    """An address from the title (its English text if written, else its source)."""
    text = proposal.title
    words = text.body("en") or text.body(text.source_lang)
    plain = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug or f"theme-{proposal.id}"


def check_agm_decision(decision_id):
    """The AGM's decision named as the reference: it exists, closed and passed."""
    decision = db.session.get(Decision, decision_id)
    if (
        decision is None
        or decision.status != DecisionStatus.CLOSED
        or decision.outcome != Outcome.PASSED
    ):
        raise ThemeError(
            _l("Name a closed decision of the AGM that passed, or leave it empty.")
        )
    return decision


def _name_clash(name):
    """The existing theme whose name equals `name` (an Edit) in some language."""
    wanted = {
        lang: body.strip().casefold()
        for lang, body in name.bodies.items()
        if body.strip()
    }
    for theme in db.session.scalars(sa.select(Theme)).unique():
        for lang, body in wanted.items():
            if (
                theme.name is not None
                and theme.name.body(lang).strip().casefold() == body
            ):
                return theme
    return None


def _adoption_values(adopted_by, adopted_on, note, agm_decision_id):
    if adopted_by not in set(AdoptedBy):
        raise ThemeError(_l("Say who decided: the Steering Committee or the AGM."))
    if adopted_on is None or adopted_on > utcnow().date():
        raise ThemeError(_l("Give the day of the decision, today or before."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ThemeError(_l("The note has at most 500 characters."))
    reference = None
    if agm_decision_id:
        if adopted_by != AdoptedBy.AGM:
            raise ThemeError(_l("Only an adoption by the AGM names an AGM decision."))
        reference = check_agm_decision(agm_decision_id).id
    return {
        "adopted_by": adopted_by,
        "adopted_on": adopted_on,
        "adoption_note": note,
        "adoption_decision_id": reference,
    }


def adopt(
    proposal, by, *, adopted_by, adopted_on, note="", agm_decision_id=None, slug=None
):
    """Adopted by the Steering Committee or the AGM: a new theme named after the
    proposal and its working group (forming, its charter drafted from the
    rationale), through the groups' own service."""
    values = _adoption_values(adopted_by, adopted_on, note, agm_decision_id)
    if proposal.status != ProposalStatus.SHORTLISTED:
        raise ThemeError(_l("Only a shortlisted proposal is adopted: nothing changed."))
    name = label_of(proposal)
    clash = _name_clash(name)
    if clash is not None:
        raise ThemeError(
            _l("A theme with this name already exists: correct the title first.")
        )
    slug = (slug or "").strip().lower() or slug_for(proposal)
    if not charter.SLUG_PATTERN.match(slug) or len(slug) > SLUG_MAX:
        raise ThemeError(
            _l("Choose an address of lowercase letters, digits and hyphens.")
        )
    if slug in RESERVED_THEME_SLUGS or db.session.scalar(
        sa.select(Theme.id).where(Theme.slug == slug)
    ):
        raise ThemeError(_l("This address is already taken: choose another."))
    theme = Theme(slug=slug, name=translated.set_text(None, name), active=True)
    db.session.add(theme)
    db.session.flush()
    record(theme, "theme_created", actor=by, data={"proposal_id": proposal.id})
    rationale = proposal.rationale
    empty = translated.Edit(rationale.source_lang, {})
    try:
        group = charter.create_group(
            name,
            slug,
            theme.id,
            charter.Charter(
                purpose=translated.Edit(
                    rationale.source_lang,
                    {lang: rationale.body(lang) for lang in translated.languages()},
                ),
                scope=empty,
                deliverables=empty,
            ),
            by,
        )
    except charter.GroupError as error:
        raise ThemeError(str(error)) from None
    won = transition(
        ThemeProposal,
        proposal,
        [ProposalStatus.SHORTLISTED],
        ProposalStatus.ADOPTED,
        actor=by,
        reason=values["adoption_note"],
        theme_id=theme.id,
        working_group_id=group.id,
        updated_at=utcnow(),
        **values,
    )
    if not won:
        raise ThemeError(_l("The proposal changed meanwhile: nothing was adopted."))
    notify.tell_proposer(proposal, "adopted")
    return proposal


def reject(proposal, by, *, adopted_by, adopted_on, note="", agm_decision_id=None):
    """The Steering Committee or the AGM did not adopt a shortlisted proposal."""
    values = _adoption_values(adopted_by, adopted_on, note, None)
    if agm_decision_id:
        values["adoption_decision_id"] = _any_closed(agm_decision_id)
    won = transition(
        ThemeProposal,
        proposal,
        [ProposalStatus.SHORTLISTED],
        ProposalStatus.NOT_ADOPTED,
        actor=by,
        reason=values["adoption_note"],
        updated_at=utcnow(),
        **values,
    )
    if not won:
        raise ThemeError(_l("Only a shortlisted proposal is decided: nothing changed."))
    return proposal


def _any_closed(decision_id):
    decision = db.session.get(Decision, decision_id)
    if decision is None or decision.status != DecisionStatus.CLOSED:
        raise ThemeError(_l("Name a closed decision of the AGM, or leave it empty."))
    return decision.id


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
