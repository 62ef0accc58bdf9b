"""The AGM's life: created as a session of the AGM series, opened and closed; its
agenda written, motions tabled, amended, put to the vote and closed.

Services add and flush, the request commits. Each state change is one conditional
UPDATE with its audit row (`core.transitions`); a refused change raises AgmError
with a translated message and changes nothing. A motion's vote is a decision of
the decisions core, put and closed by `voting`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from ..decisions.models import Abstentions, Majority
from ..events import organising, times
from ..events.models import DEFAULT_REMINDERS, Audience, EventSeries, SeriesKind
from .models import (
    SETTLED,
    AgendaItem,
    Agm,
    AgmStatus,
    ItemKind,
    MotionStatus,
    Proposer,
)

SERIES_SLUG = "agm"
LANGUAGES = ("en", "fr", "es")
DURATIONS = (60, 90, 120, 180, 240, 300, 360)
VOTE_MINUTES = (5, 10, 15, 20, 30, 45, 60)


class AgmError(ServiceError):
    """An AGM, agenda item or vote that cannot be changed as asked."""


# --- The AGM ---------------------------------------------------------------------


@dataclass
class AgmValues:
    """An AGM as the Secretariat entered it (local times in `timezone`)."""

    year: int
    day: date
    starts: time
    duration: int  # minutes
    timezone: str
    language: str = "en"
    join_url: str = ""
    quorum_percent: int = 50
    majority: str = Majority.SIMPLE
    abstentions: str = Abstentions.EXCLUDED
    secret: bool = False


def ensure_series(by):
    """The Alliance's AGM series (kind "other", slug "agm"), made when missing."""
    series = db.session.scalar(
        sa.select(EventSeries).where(EventSeries.slug == SERIES_SLUG)
    )
    if series is not None:
        return series
    series = EventSeries(
        slug=SERIES_SLUG,
        kind=SeriesKind.OTHER,
        default_audience=Audience.MEMBERS,
        reminder_minutes=list(DEFAULT_REMINDERS),
        created_by_id=by.id,
    )
    series.name = translated.set_text(None, _in_three(_l("Annual General Meetings")))
    db.session.add(series)
    db.session.flush()
    record(series, "series_created", actor=by)
    return series


def _in_three(message, **values):
    """A translated.Edit of a catalogue message (a lazy string) in each language."""
    bodies = {}
    for lang in LANGUAGES:
        with force_locale(lang):
            bodies[lang] = str(message) % values if values else str(message)
    return translated.Edit("en", bodies, reviewed=set(LANGUAGES))


def _check_values(values):
    if not isinstance(values.year, int) or not 2000 <= values.year <= 2100:
        raise AgmError(_l("Enter the year of the AGM."))
    if values.duration not in DURATIONS:
        raise AgmError(_l("Choose how long the AGM lasts."))
    if not isinstance(values.quorum_percent, int) or not (
        0 <= values.quorum_percent <= 100
    ):
        raise AgmError(_l("The quorum is a share from 0 to 100%."))
    if values.majority not in set(Majority) or values.abstentions not in set(
        Abstentions
    ):
        raise AgmError(_l("These rules are not valid: nothing was saved."))
    if times.valid_zone(values.timezone) is None:
        raise AgmError(_l("Choose a time zone from the list."))


def create_agm(values, by):
    """The AGM of `values.year`: a session of the AGM series (members' audience),
    with its quorum and default rules."""
    _check_values(values)
    if db.session.scalar(sa.select(Agm.id).where(Agm.year == values.year)):
        raise AgmError(_l("There is already an AGM in %(year)d.", year=values.year))
    series = ensure_series(by)
    starts_local = datetime.combine(values.day, values.starts)
    session_values = organising.SessionValues(
        title=_in_three(_l("Annual General Meeting %(year)d"), year=values.year),
        description=translated.Edit("en", {}),
        agenda=translated.Edit("en", {}),
        theme_id=None,
        language=values.language,
        interpretations=[lang for lang in LANGUAGES if lang != values.language],
        timezone=values.timezone,
        starts_local=starts_local,
        ends_local=starts_local + timedelta(minutes=values.duration),
        join_url=values.join_url,
        audience=Audience.MEMBERS,
        capacity=None,
    )
    try:
        session = organising.save_session(None, series, session_values, by)
    except organising.OrganisingError as error:
        raise AgmError(str(error)) from None
    agm = Agm(
        session_id=session.id,
        year=values.year,
        quorum_percent=values.quorum_percent,
        majority=values.majority,
        abstentions=values.abstentions,
        secret=values.secret,
        created_by_id=by.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(agm)
            db.session.flush()
    except IntegrityError:
        raise AgmError(
            _l("There is already an AGM in %(year)d.", year=values.year)
        ) from None
    record(agm, "created", actor=by, to_state=AgmStatus.PLANNED)
    return agm


def change_rules(agm, quorum_percent, majority, abstentions, secret, by):
    """The quorum and the default rules, until the AGM opens (then they are
    fixed: its votes are counted by them)."""
    if not isinstance(quorum_percent, int) or not 0 <= quorum_percent <= 100:
        raise AgmError(_l("The quorum is a share from 0 to 100%."))
    if majority not in set(Majority) or abstentions not in set(Abstentions):
        raise AgmError(_l("These rules are not valid: nothing was saved."))
    won = update_if(
        Agm,
        agm,
        Agm.status == AgmStatus.PLANNED,
        quorum_percent=quorum_percent,
        majority=majority,
        abstentions=abstentions,
        secret=bool(secret),
    )
    if not won:
        raise AgmError(_l("The rules are fixed once the AGM opens: nothing changed."))
    record(agm, "rules_changed", actor=by)
    return agm


def open_agm(agm, by):
    """The chair opens the meeting: check-ins by delegates and votes begin."""
    if not transition(Agm, agm, [AgmStatus.PLANNED], AgmStatus.IN_SESSION, actor=by):
        raise AgmError(_l("Only a planned AGM can be opened."))
    return agm


def close_agm(agm, by):
    """The chair closes the meeting once no motion is being voted."""
    voting = db.session.scalar(
        sa.select(AgendaItem.id).where(
            AgendaItem.agm_id == agm.id, AgendaItem.status == MotionStatus.VOTING
        )
    )
    if voting is not None:
        raise AgmError(_l("Close the vote in progress before closing the AGM."))
    if not transition(Agm, agm, [AgmStatus.IN_SESSION], AgmStatus.CLOSED, actor=by):
        raise AgmError(_l("Only an AGM in session can be closed."))
    return agm


# --- The agenda ----------------------------------------------------------------------


@dataclass
class ItemValues:
    """An agenda item as entered: rules None take the AGM's defaults."""

    kind: str
    title: translated.Edit
    text: translated.Edit
    proposer: str = Proposer.SECRETARIAT
    proposer_organisation_id: int | None = None
    parent_id: int | None = None
    majority: str | None = None
    abstentions: str | None = None
    secret: bool | None = None


def _ensure_open(agm):
    if agm.is_closed:
        raise AgmError(_l("This AGM is closed: nothing changed."))


def _check_item(agm, values):
    if values.kind not in set(ItemKind):
        raise AgmError(_l("Choose what kind of item this is."))
    if values.proposer not in set(Proposer):
        raise AgmError(_l("Choose who proposes the motion."))
    if (values.proposer == Proposer.ORGANISATION) != (
        values.proposer_organisation_id is not None
    ):
        raise AgmError(_l("Name the organisation that proposes the motion."))
    if values.majority not in (None, *Majority) or values.abstentions not in (
        None,
        *Abstentions,
    ):
        raise AgmError(_l("These rules are not valid: nothing was saved."))
    if values.title.is_empty():
        raise AgmError(_l("Enter the title in at least one language."))


def _parent(agm, parent_id):
    """The motion an amendment amends, if it may still be amended."""
    parent = db.session.get(AgendaItem, parent_id)
    if parent is None or parent.agm_id != agm.id or not parent.is_motion:
        raise AgmError(_l("An amendment amends a motion of this AGM."))
    if parent.is_amendment:
        raise AgmError(_l("An amendment amends a motion, not another amendment."))
    if parent.status in SETTLED:
        raise AgmError(
            _l("This motion has already been voted or withdrawn: it cannot be amended.")
        )
    return parent


def add_item(agm, values, by):
    """A new agenda item at the end of the agenda (a motion starts as a draft;
    an amendment is a motion with its parent)."""
    _ensure_open(agm)
    _check_item(agm, values)
    if values.parent_id is not None:
        values.kind = ItemKind.MOTION
        _parent(agm, values.parent_id)
    db.session.execute(sa.select(Agm.id).where(Agm.id == agm.id).with_for_update())
    last = db.session.scalar(
        sa.select(sa.func.max(AgendaItem.position)).where(AgendaItem.agm_id == agm.id)
    )
    item = AgendaItem(
        agm_id=agm.id,
        position=(last or 0) + 1,
        kind=values.kind,
        status=MotionStatus.DRAFT
        if values.kind == ItemKind.MOTION
        else MotionStatus.TABLED,
    )
    _apply(item, values)
    db.session.add(item)
    db.session.flush()
    record(item, "item_added", actor=by, data={"agm_id": agm.id, "kind": item.kind})
    return item


def _apply(item, values):
    item.title = translated.set_text(item.title, values.title)
    item.text = translated.set_text(item.text, values.text)
    item.parent_id = values.parent_id
    item.proposer = values.proposer
    item.proposer_organisation_id = values.proposer_organisation_id
    item.majority, item.abstentions = values.majority, values.abstentions
    item.secret = values.secret


def edit_item(item, values, by):
    """Change an item's texts and rules until it is put to the vote."""
    _ensure_open(item.agm)
    if item.status in SETTLED:
        raise AgmError(
            _l("This motion has been put to the vote: it can no longer be changed.")
        )
    values.kind = item.kind
    values.parent_id = item.parent_id
    _check_item(item.agm, values)
    won = update_if(
        AgendaItem,
        item,
        AgendaItem.status.in_([MotionStatus.DRAFT, MotionStatus.TABLED]),
        updated_at=utcnow(),
    )
    if not won:
        raise AgmError(
            _l("This motion has been put to the vote: it can no longer be changed.")
        )
    _apply(item, values)
    db.session.flush()
    record(item, "item_edited", actor=by)
    return item


def table(item, by):
    """Put a draft motion on the agenda (seen by everyone, open to amendment)."""
    _ensure_open(item.agm)
    if item.is_amendment and item.parent.status in SETTLED:
        raise AgmError(
            _l("This motion has already been voted or withdrawn: it cannot be amended.")
        )
    if not transition(
        AgendaItem, item, [MotionStatus.DRAFT], MotionStatus.TABLED, actor=by
    ):
        raise AgmError(_l("Only a draft motion can be tabled."))
    return item


def withdraw(item, by):
    """Withdraw a draft or tabled motion (with its amendments still pending)."""
    _ensure_open(item.agm)
    if not transition(
        AgendaItem,
        item,
        [MotionStatus.DRAFT, MotionStatus.TABLED],
        MotionStatus.WITHDRAWN,
        AgendaItem.kind == ItemKind.MOTION,
        actor=by,
    ):
        raise AgmError(_l("Only a motion not yet voted can be withdrawn."))
    for amendment in item.amendments:
        if amendment.status in (MotionStatus.DRAFT, MotionStatus.TABLED):
            transition(
                AgendaItem,
                amendment,
                [MotionStatus.DRAFT, MotionStatus.TABLED],
                MotionStatus.WITHDRAWN,
                actor=by,
            )
    return item
