"""Decisions by organisations: who manages them, who sees them, who votes for whom.

The Secretariat drafts, opens, closes and cancels decisions, and reads who took
part. Drafts are the Secretariat's; open, closed and cancelled decisions are public
(their results only once closed: that is the page's rule, for everyone). A member
organisation votes through its delegate or alternate, or through the delegate of
another member organisation holding its proxy in force; its delegate, alternate or
leader hands and takes back that proxy.
"""

from ..db import utcnow
from .constituents import SPEAKERS, leads, organisations_held, speaks_for
from .people import is_staff

MEMBER = "member"
DRAFT = "draft"


def can_manage_decisions(user):
    """The Secretariat drafts, opens, closes, cancels and reads participation."""
    return is_staff(user)


def can_see_decision(user, decision):
    """Drafts only to the Secretariat; open, closed and cancelled ones to all."""
    return decision.status != DRAFT or can_manage_decisions(user)


def can_see_participation_list(user):
    """Which organisation voted, when and how: the Secretariat's list."""
    return can_manage_decisions(user)


def _member(organisation):
    return organisation is not None and organisation.status == MEMBER


def voting_authority(user, organisation, decision, now=None):
    """How she may answer for `organisation`: ("delegate", None) when she speaks
    for it, ("proxy", proxy) when she holds its proxy in force and still speaks for
    her own member organisation, else None. Whether it is still open, and whether
    it already answered, is the ballot's to say."""
    if not user.is_authenticated or not _member(organisation):
        return None
    if speaks_for(user, organisation.id):
        return ("delegate", None)
    proxy = _proxy_held(user, organisation, decision, now)
    if proxy is None:
        return None
    if not (
        _member(proxy.holder_organisation)
        and speaks_for(user, proxy.holder_organisation_id)
    ):
        return None
    return ("proxy", proxy)


def _proxy_held(user, organisation, decision, now):
    from ..db import db
    from ..decisions import proxies

    query = proxies.in_force(
        decision,
        holder_id=user.id,
        organisation_id=organisation.id,
        now=now or utcnow(),
    )
    return db.session.scalars(query).first()


def can_grant_proxy(user, organisation):
    """Its voting delegate, alternate or leader hands a member organisation's vote."""
    return (
        user.is_authenticated
        and _member(organisation)
        and (speaks_for(user, organisation.id) or leads(user, organisation.id))
    )


def can_revoke_proxy(user, proxy):
    """The granting organisation's delegate, alternate or leader takes it back."""
    return can_grant_proxy(user, proxy.organisation)


def answering_or_leading_ids(user):
    """Ids of the organisations she speaks for or leads (a set)."""
    return organisations_held(user, (*SPEAKERS, "leader"))


def can_see_awaiting_page(user):
    """'Awaiting my organisation's answer': its delegates, alternates and leaders."""
    return bool(answering_or_leading_ids(user))
