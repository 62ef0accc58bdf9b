"""The AGM: who prepares and chairs it, who checks an organisation in, who hands
an organisation's AGM vote to another's delegate, and who votes there.

The Secretariat creates the AGM, writes its agenda and pack, runs the check-in
desk and chairs the votes. An organisation is checked in through its voting
delegate or alternate: by the Secretariat, or by the delegate herself while the
AGM is in session. Its delegate or leader hands its AGM vote to another member
organisation's delegate (a proxy of scope "agm"). At the AGM only organisations
present, or represented by a proxy held by a checked-in delegate, vote:
`agm_allows_vote` is the question the decisions' vote asks.
"""

from flask_babel import lazy_gettext as _l

from .constituents import SPEAKERS, leads, organisations_held, speaks_for
from .people import is_staff

MEMBER = "member"


def can_manage_agm(user):
    """The Secretariat creates AGMs, writes agendas and packs, chairs the votes."""
    return is_staff(user)


def can_see_agenda_item(user, item):
    """A draft item is the Secretariat's; a tabled one is on the public agenda."""
    return item.status != "draft" or is_staff(user)


def agm_speaker_ids(user):
    """Ids of the organisations she speaks for (delegate or alternate)."""
    return organisations_held(user, SPEAKERS)


def can_use_check_in_desk(user, agm):
    """The Secretariat (before and during the AGM); a delegate, during it."""
    if agm.status == "closed":
        return False
    if is_staff(user):
        return True
    return agm.status == "in_session" and bool(agm_speaker_ids(user))


def check_in_refusal(user, agm, organisation, delegate_position):
    """None when `user` may check `organisation` in now with that delegate
    (`delegate_position` her current position there, or None), else the
    translated reason."""
    if agm.status == "closed":
        return _l("This AGM is closed: nothing changed.")
    if organisation is None or organisation.status != MEMBER:
        return _l("Only member organisations are checked in.")
    if delegate_position is None:
        return _l(
            "Only the organisation's voting delegate or alternate can be checked in"
            " for it."
        )
    if is_staff(user):
        return None
    if agm.status != "in_session":
        return _l("Delegates check themselves in once the AGM is in session.")
    if not speaks_for(user, organisation.id):
        return _l("You can check in only the organisation you are the delegate of.")
    return None


def can_hand_agm_vote(user, organisation):
    """Its delegate, alternate or leader hands a member organisation's AGM vote."""
    if organisation is None or organisation.status != MEMBER:
        return False
    return speaks_for(user, organisation.id) or leads(user, organisation.id)


def agm_granting_ids(user):
    """Ids of the organisations whose AGM vote she may hand (a set; their status
    is the caller's to check)."""
    return organisations_held(user, (*SPEAKERS, "leader"))


def can_see_agm_proxies(user):
    """The proxies page: the Secretariat, and those who may hand a vote."""
    return is_staff(user) or bool(agm_granting_ids(user))


def can_revoke_agm_proxy(user, proxy):
    """The granting organisation's delegate or leader, or the Secretariat."""
    if is_staff(user):
        return True
    return speaks_for(user, proxy.organisation_id) or leads(user, proxy.organisation_id)


def agm_allows_vote(organisation_id, decision):
    """True when `organisation_id` may vote on `decision` as far as the AGM goes:
    the decision is not voted at an AGM, or the organisation is present there
    (checked in) or represented (its AGM proxy is held by a checked-in delegate).
    For the decisions' vote route, beside its own checks."""
    if decision is None or decision.session_id is None:
        return True
    from ..agm import queries

    agm = queries.agm_of_session(decision.session_id)
    if agm is None:
        return True
    return organisation_id in queries.present_ids(agm)


def agm_vote_refusal(organisation_id, decision):
    """The translated reason when `agm_allows_vote` says no, else None."""
    if agm_allows_vote(organisation_id, decision):
        return None
    return _l(
        "At the AGM, only organisations checked in (or represented by a proxy"
        " held by a checked-in delegate) vote."
    )
