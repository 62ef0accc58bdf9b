"""Her own data: everything held about her (collect), and erasure (erase).

Erasure keeps the rows the Alliance's aggregates count (her user row, stripped, with
her organisation and language; her enrolments; mentorships, goals, meetings, check-ins
and survey numbers) and removes every personal column listed in registry.PERSONAL.
Her consent record goes too: consent_version is emptied and consent_at (a required
column) becomes the moment her consent ended; created_at stays for sign-up counts.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..audit import record
from ..auth.models import User
from ..auth.services import end_sessions
from ..core import memberships, signals
from ..db import db
from ..email import public_url, send_email
from ..matches import notify
from ..matches.models import LIVE_STATES, Proposal, ProposalStatus
from ..matches.transitions import free_pair_slots, move
from ..programmes import services as programmes
from ..programmes.models import EnrolmentStatus, Programme
from . import registry
from .export import ERASED, collect, counts, enrolments_of

__all__ = ["collect", "counts", "erase", "scrub", "tell_others", "Erasure", "ERASED"]


@dataclass
class Erasure:
    """Who must hear of it once the erasure is committed."""

    partners: list = field(default_factory=list)  # (partner user id, programme id)
    offers: list = field(default_factory=list)  # (proposal id, her role)


def erase(user, now):
    """Erase her account in the current transaction; the caller commits, then tells.

    What erasure does to the flow is recorded without an actor (the reason code says
    why), so that the scrub, last, leaves no event of hers with a reason.
    """
    enrolment_ids = [enrolment.id for enrolment in enrolments_of(user)]
    erasure = Erasure()
    _remove_live_proposals(user, enrolment_ids, now, erasure)
    # Features end what she takes part in (running mentorships close early).
    signals.person_erased.send(user, now=now, reason=ERASED, partners=erasure.partners)
    _withdraw_unmatched(user)
    scrub(user.id, user.email)
    _strip_account(user, now)
    return erasure


def _remove_live_proposals(user, enrolment_ids, now, erasure):
    """Her live proposals end; released ones give both people's places back."""
    live = db.session.scalars(
        sa.select(Proposal)
        .where(
            Proposal.status.in_(LIVE_STATES),
            sa.or_(
                Proposal.mentee_enrolment_id.in_(enrolment_ids),
                Proposal.mentor_enrolment_id.in_(enrolment_ids),
            ),
        )
        .order_by(Proposal.id)
    ).all()
    for proposal in live:
        before = proposal.status
        moved = move(
            proposal,
            LIVE_STATES,
            ProposalStatus.REMOVED,
            reason=ERASED,
            close_reason=ERASED,
            closed_at=now,
        )
        if not moved:
            continue
        # A draft holds no places until its run is released.
        if before != ProposalStatus.DRAFT:
            free_pair_slots(proposal)
        if before == ProposalStatus.OFFERED:
            role = (
                "mentee" if proposal.mentee_enrolment_id in enrolment_ids else "mentor"
            )
            erasure.offers.append((proposal.id, role))


def _withdraw_unmatched(user):
    """Enrolments that never led to a pair are withdrawn; the others stay counted."""
    for enrolment in enrolments_of(user):
        if enrolment.status == EnrolmentStatus.ENROLLED:
            programmes.withdraw(enrolment, by=user)  # refuses while a place is taken


def scrub(user_id, email):
    """Empty, replace or delete every personal column of hers (registry.PERSONAL)."""
    db.session.flush()
    for model, column in registry.PERSONAL:
        where = registry.hers(model, user_id, email)
        if column == "*":
            statement = sa.delete(model).where(where)
        else:
            value = _erased_value(model, column, user_id)
            statement = sa.update(model).where(where).values({column: value})
        db.session.execute(statement.execution_options(synchronize_session=False))
    db.session.expire_all()


def _erased_value(model, column, user_id):
    replace = registry.REPLACEMENTS.get((model, column))
    if replace is not None:
        return replace(user_id)
    column_type = model.__table__.c[column].type
    if isinstance(column_type, sa.JSON):
        return {}
    if not isinstance(column_type, sa.String | sa.Text):
        raise TypeError(f"no empty value for {model.__name__}.{column}")
    return ""


def _strip_account(user, now):
    """What is not text: roles, verification, consent time, sessions."""
    user.role_grants.clear()
    memberships.end_positions(user, reason="erased")
    user.email_verified_at = None
    user.consent_at = now
    user.erased_at = now
    end_sessions(user)
    record(user, "erased", to_state="erased")
    db.session.flush()


def tell_others(erasure):
    """After the commit: partners learn their mentorship ended, offers are off."""
    for partner_id, programme_id in erasure.partners:
        partner = db.session.get(User, partner_id)
        if partner is None or partner.erased_at is not None:
            continue
        programme = db.session.get(Programme, programme_id)
        url = public_url("programmes.detail", programme_id=programme.id)
        send_email(
            partner, "partner_erased", person=partner, programme=programme, url=url
        )
    for proposal_id, role in erasure.offers:
        proposal = db.session.get(Proposal, proposal_id)
        if proposal is not None:
            notify.declined(proposal, declined_by=role)
