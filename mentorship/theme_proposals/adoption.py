"""The Steering Committee's or the AGM's decision on a shortlisted proposal, as the
Secretariat records it: adopted, the proposal becomes a theme (named after its title
in every language written) and its working group, forming, its charter drafted from
the rationale, through the groups' own service (`groups.charter.create_group`); or
not adopted. A theme name or address already taken is refused with a message.
"""

import re
import unicodedata

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..core.transitions import transition
from ..db import db, utcnow
from ..decisions.models import Decision, DecisionStatus, Outcome
from ..groups import charter
from ..organisations.models import Theme
from . import notify
from .models import AdoptedBy, ProposalStatus, ThemeProposal
from .services import ThemeError, label_of

NOTE_MAX = 500
SLUG_MAX = 60
RESERVED_THEME_SLUGS = {"proposals"}
"""/themes/proposals is the proposals' list: no theme may take that address."""


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
        if adopted_by != AdoptedBy.AGM:
            raise ThemeError(_l("Only an adoption by the AGM names an AGM decision."))
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
