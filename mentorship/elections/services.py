"""An election's life: drafted with its seat model, nominations opened, the vote
opened as an organisation ballot, counted by STV, cancelled.

Services add and flush, the request commits. Each state change is one conditional
UPDATE with its audit row (`core.transitions`); a refused change raises ElectionError
with a translated message and changes nothing. The seat model never changes once
nominations open.
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..core.models import Body, BodyKind
from ..core.transitions import transition
from ..db import db, utcnow
from ..vocab import REGIONS
from .models import Election, ElectionRegion, ElectionStatus, Office, OfficersBy

COMMITTEE_SLUG = "steering-committee"
MAX_SEATS = 30


class ElectionError(ServiceError):
    """An election, nomination or seat that cannot be changed as asked."""


def committee():
    """The Steering Committee's body (made the first time it is needed)."""
    body = db.session.scalar(sa.select(Body).where(Body.slug == COMMITTEE_SLUG))
    if body is None:
        body = Body(
            kind=BodyKind.STEERING_COMMITTEE,
            slug=COMMITTEE_SLUG,
            name=translated.new_text(
                "en",
                en="Steering Committee",
                fr="Comité de pilotage",
                es="Comité Directivo",
            ),
        )
        db.session.add(body)
        db.session.flush()
    return body


def create(title, by, **model):
    """A draft election with its seat model (`set_model`'s arguments) and windows."""
    election = Election(created_by_id=getattr(by, "id", None), offices=[])
    election.title = translated.set_text(None, title)
    db.session.add(election)
    set_model(election, **model)
    db.session.flush()
    record(election, "drafted", actor=by, to_state=ElectionStatus.DRAFT)
    return election


def update_draft(election, title, by, **model):
    """Change a draft's title, seat model and windows."""
    _ensure_draft(election)
    election.title = translated.set_text(election.title, title)
    set_model(election, **model)
    db.session.flush()
    record(election, "draft_updated", actor=by, from_state=ElectionStatus.DRAFT)
    return election


MODEL_CHECKS = {
    "seats": lambda v: _whole(v, 1, MAX_SEATS),
    "nominations_per_org": lambda v: _whole(v, 1, 10),
    "term_years": lambda v: _whole(v, 1, 5),
    "consecutive_terms": lambda v: v is None or _whole(v, 1, 10),
    "term_starts_on": lambda v: v is None or isinstance(v, date),
    "officers_by": lambda v: v in set(OfficersBy),
    "offices": lambda v: (
        isinstance(v, list | tuple) and len(set(v)) == len(v) and set(v) <= set(Office)
    ),
    "agm_decision_id": lambda v: v is None or isinstance(v, int),
    "nominations_open_at": lambda v: v is None or isinstance(v, datetime),
    "nominations_close_at": lambda v: v is None or isinstance(v, datetime),
    "voting_closes_at": lambda v: v is None or isinstance(v, datetime),
}


def _whole(value, low, high):
    return (
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    )


def set_model(election, regions=None, **model):
    """Check and set the seat model given (what is not given keeps its value):
    `regions` is {region: (minimum, maximum or None)}."""
    for name, value in model.items():
        if name not in MODEL_CHECKS or not MODEL_CHECKS[name](value):
            raise ElectionError(_l("This seat model is not valid: nothing was saved."))
        setattr(election, name, list(value) if name == "offices" else value)
    if regions is not None:
        _set_regions(election, regions)
    check_model(election)


def _set_regions(election, regions):
    for region, limits in regions.items():
        minimum, maximum = limits
        if region not in REGIONS or not _whole(minimum, 0, MAX_SEATS):
            raise ElectionError(_l("This seat model is not valid: nothing was saved."))
        if maximum is not None and not _whole(maximum, minimum, MAX_SEATS):
            raise ElectionError(
                _l("A region's maximum cannot be below its minimum: nothing was saved.")
            )
    for old in list(election.regions):
        election.regions.remove(old)
    db.session.flush()
    for region, (minimum, maximum) in sorted(regions.items()):
        if minimum or maximum is not None:
            election.regions.append(
                ElectionRegion(region=region, minimum=minimum, maximum=maximum)
            )


def check_model(election):
    """Refuse a seat model no committee can meet."""
    minimum, maximum = election.limits()
    if sum(minimum.values()) > election.seats:
        raise ElectionError(
            _l(
                "The regional minimums add up to more than the %(seats)s seats:"
                " nothing was saved.",
                seats=election.seats,
            )
        )
    if (
        maximum
        and len(maximum) == len(REGIONS)
        and sum(maximum.values()) < (election.seats)
    ):
        raise ElectionError(
            _l(
                "The regional maximums leave some of the %(seats)s seats unfillable:"
                " nothing was saved.",
                seats=election.seats,
            )
        )
    opens, closes = election.nominations_open_at, election.nominations_close_at
    if opens and closes and closes <= opens:
        raise ElectionError(
            _l("Nominations must close after they open: nothing was saved.")
        )
    if closes and election.voting_closes_at and election.voting_closes_at <= closes:
        raise ElectionError(
            _l("The vote must close after nominations close: nothing was saved.")
        )


def _ensure_draft(election):
    if election.status != ElectionStatus.DRAFT:
        raise ElectionError(
            _l("The seat model is fixed once nominations open: nothing changed.")
        )


def open_nominations(election, by):
    """Open the nomination window as set; the seat model is fixed from now on."""
    if election.nominations_open_at is None or election.nominations_close_at is None:
        raise ElectionError(_l("Set the nomination window first: nothing changed."))
    if election.nominations_close_at <= utcnow():
        raise ElectionError(
            _l("The nomination window is already over: set a later one.")
        )
    if election.title is None or not election.title.body(election.title.source_lang):
        raise ElectionError(_l("Give the election a title first: nothing changed."))
    won = transition(
        Election,
        election,
        [ElectionStatus.DRAFT],
        ElectionStatus.NOMINATING,
        actor=by,
    )
    if not won:
        raise ElectionError(_l("This election's nominations were opened meanwhile."))
    return election


def cancel(election, by, reason):
    """Cancel an election before it is counted (with a reason); its open vote is
    cancelled with it."""
    reason = (reason or "").strip()[:1000]
    if not reason:
        raise ElectionError(_l("Say why the election is cancelled."))
    won = transition(
        Election,
        election,
        [ElectionStatus.DRAFT, ElectionStatus.NOMINATING, ElectionStatus.VOTING],
        ElectionStatus.CANCELLED,
        actor=by,
        reason=reason,
    )
    if not won:
        raise ElectionError(_l("A counted election cannot be cancelled."))
    if election.decision is not None and election.decision.status in ("draft", "open"):
        from ..decisions import services as decisions

        decisions.cancel(election.decision, by, reason)
    return election
