"""Who is at the AGM: an organisation checked in through its delegate (once), and
the AGM proxies that let another organisation's delegate carry its vote.

One check-in per organisation and AGM (a unique constraint decides every race:
two check-ins at once leave one, the other gets a translated message). Proxies are
the decisions core's (`decisions.proxies.grant(..., session=agm.session)`): one in
force per organisation and AGM, capped per holder, audited.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..audit import record
from ..auth.models import User
from ..db import db, utcnow
from ..decisions import proxies
from ..decisions.services import DecisionError
from ..organisations.models import Organisation
from ..roles.voices import member_organisations
from . import queries
from .models import AgmCheckIn
from .services import AgmError


def check_in(agm, organisation, delegate, by, now=None):
    """Check `organisation` in at `agm` through `delegate` (its voting delegate or
    alternate); refused with the reason when not allowed or already done."""
    position = (
        queries.delegate_position(delegate, organisation.id)
        if delegate is not None and organisation is not None
        else None
    )
    refusal = policy.check_in_refusal(by, agm, organisation, position)
    if refusal is not None:
        raise AgmError(refusal)
    row = AgmCheckIn(
        agm_id=agm.id,
        organisation_id=organisation.id,
        delegate_id=delegate.id,
        position=position,
        checked_in_by_id=by.id,
        checked_in_at=now or utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise AgmError(
            _l(
                "%(name)s is already checked in: nothing changed.",
                name=organisation.name,
            )
        ) from None
    record(
        row,
        "checked_in",
        actor=by,
        to_state=position,
        data={"agm_id": agm.id, "organisation_id": organisation.id},
    )
    return row


def undo_check_in(agm, checkin_id, by):
    """The Secretariat takes back a check-in (a mistake at the desk, a delegate
    who left): the organisation no longer counts as present; audited."""
    if agm.is_closed:
        raise AgmError(_l("This AGM is closed: nothing changed."))
    row = db.session.get(AgmCheckIn, checkin_id)
    if row is None or row.agm_id != agm.id:
        raise AgmError(_l("This check-in was already taken back."))
    data = {
        "agm_id": agm.id,
        "organisation_id": row.organisation_id,
        "delegate_id": row.delegate_id,
    }
    removed = db.session.execute(
        sa.delete(AgmCheckIn).where(AgmCheckIn.id == row.id)
    ).rowcount
    if not removed:
        raise AgmError(_l("This check-in was already taken back."))
    db.session.expunge(row)
    record(agm, "check_in_undone", actor=by, data=data)
    return data


def desk_rows(agm, reader):
    """(organisation, its check-in or None, its delegates) for each organisation
    the reader may check in: every member for the Secretariat, hers otherwise."""
    staff = policy.can_manage_agm(reader)
    ids = None if staff else policy.agm_speaker_ids(reader)
    done = {row.organisation_id: row for row in queries.checkins(agm)}
    delegates = queries.delegates_by_organisation(ids)
    rows = []
    for organisation in member_organisations(ids):
        hers = delegates.get(organisation.id, [])
        if not staff:
            hers = [(person, pos) for person, pos in hers if person.id == reader.id]
        rows.append((organisation, done.get(organisation.id), hers))
    return rows


# --- AGM proxies ---------------------------------------------------------------------


def grant(agm, organisation, holder, by):
    """`organisation` hands its AGM vote to `holder` (another member organisation's
    delegate) until the AGM ends."""
    if agm.is_closed:
        raise AgmError(_l("This AGM is closed: nothing changed."))
    if not policy.can_hand_agm_vote(by, organisation):
        raise AgmError(_l("Only its delegate or leader hands an organisation's vote."))
    try:
        return proxies.grant(organisation, holder, by, session=agm.session)
    except DecisionError as error:
        raise AgmError(str(error)) from None


def revoke(proxy, by):
    """Take an AGM proxy back (audited)."""
    try:
        return proxies.revoke(proxy, by)
    except DecisionError as error:
        raise AgmError(str(error)) from None


def proxy_of(agm, proxy_id):
    """The AGM proxy with this id, or None (another AGM's included)."""
    from ..decisions.models import Proxy, ProxyScope

    proxy = db.session.get(Proxy, proxy_id)
    if proxy is None or proxy.scope != ProxyScope.AGM:
        return None
    return proxy if proxy.session_id == agm.session_id else None


def record_for(model, record_id):
    """The row of `model` with this id (a form's hidden or chosen id), or None."""
    if record_id is None:
        return None
    return db.session.get(model, record_id)


def organisation_of(record_id):
    return record_for(Organisation, record_id)


def person_of(record_id):
    return record_for(User, record_id)
