"""The AGM's parts of other pages (`core.panels`): for a delegate, the AGM she may
check in to or vote at ("awaiting"), a notice on her home page, and the way from
the AGM's session page to the AGM."""

from .. import policy
from ..core import panels
from ..db import utcnow
from ..events import times
from ..roles.voices import member_organisations
from . import queries


def init_app(app):
    panels.register(app, "awaiting", "agm", "agm/_awaiting.html", data, order=50)
    panels.register(app, "home.notices", "agm", "agm/_home.html", data, order=45)
    panels.register(app, "event.session", "agm", "agm/_session.html", session_panel)


def session_panel(session, _reader):
    """On the AGM's session page: the way to its agenda, quorum and pack."""
    agm = queries.agm_of_session(session.id)
    return {"agm": agm} if agm is not None else None


def data(user, today=None):
    """For a delegate or alternate (or a leader who may hand the vote): the next
    AGM, whether her organisations are checked in, and what she may do; None when
    there is no AGM ahead or she speaks for no organisation."""
    speaks = policy.agm_speaker_ids(user)
    hands = policy.agm_granting_ids(user)
    if not (speaks or hands):
        return None
    ahead = queries.upcoming(utcnow())
    if not ahead:
        return None
    agm = ahead[0]
    present = queries.present_ids(agm)
    return {
        "agm": agm,
        "when": times.of(agm.session, times.reader_zone(user)),
        "waiting": [
            org for org in member_organisations(speaks) if org.id not in present
        ]
        if speaks
        else [],
        "can_check_in": policy.can_use_check_in_desk(user, agm) and bool(speaks),
        "can_hand": bool(hands),
    }
