"""The onboarding checklist and each organisation's progress. Services flush; the
request commits; every change is audited.

Which organisations are onboarding: those with status applicant or member whose
membership started less than ONBOARDING_MONTHS ago (or has not started), or that
still have an item undone.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..audit import record
from ..core import checks, transitions, translated
from ..db import db, utcnow
from ..organisations.models import Organisation, OrganisationStatus
from .models import ItemKind, OnboardingItem, OnboardingTick

ONBOARDING_DAYS = 365
PROGRESS_PER_PAGE = 25
ONBOARDING_STATUSES = (OrganisationStatus.APPLICANT, OrganisationStatus.MEMBER)


# --- The checklist ------------------------------------------------------------------


def items(include_retired=False):
    """The checklist in its order (the retired items last, when asked for)."""
    query = sa.select(OnboardingItem).order_by(
        OnboardingItem.retired_at.is_not(None),
        OnboardingItem.position,
        OnboardingItem.id,
    )
    if not include_retired:
        query = query.where(OnboardingItem.retired_at.is_(None))
    return db.session.scalars(query).all()


def add_item(label, help_text, kind, check_key, by):
    """Append an item to the checklist."""
    last = db.session.scalar(sa.select(sa.func.max(OnboardingItem.position))) or 0
    item = OnboardingItem(position=last + 1)
    _write(item, label, help_text, kind, check_key)
    db.session.add(item)
    db.session.flush()
    record(item, "created", actor=by)
    return item


def update_item(item, label, help_text, kind, check_key, by):
    """Change an item's words or kind."""
    _write(item, label, help_text, kind, check_key)
    db.session.flush()
    record(item, "updated", actor=by)


def _write(item, label, help_text, kind, check_key):
    item.label = translated.set_text(item.label, label)
    if help_text is None or help_text.is_empty():
        item.help_text = None
    else:
        item.help_text = translated.set_text(item.help_text, help_text)
    item.kind = kind
    item.check_key = check_key if kind == ItemKind.AUTOMATIC else None


def retire(item, by):
    """Take an item off the checklist (its ticks are kept); False if it was."""
    won = transitions.update_if(
        OnboardingItem, item, OnboardingItem.retired_at.is_(None), retired_at=utcnow()
    )
    if won:
        record(item, "retired", actor=by)
    return won


def restore(item, by):
    """Put a retired item back on the checklist; False if it was not retired."""
    won = transitions.update_if(
        OnboardingItem, item, OnboardingItem.retired_at.is_not(None), retired_at=None
    )
    if won:
        record(item, "restored", actor=by)
    return won


def move(item, direction, by):
    """Swap the item with its neighbour above ("up") or below ("down")."""
    current = items()
    if item not in current:
        return False
    index = current.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(current):
        return False
    for position, row in enumerate(current, start=1):
        row.position = position
    neighbour = current[other]
    item.position, neighbour.position = neighbour.position, item.position
    db.session.flush()
    record(item, "moved", actor=by, data={"direction": direction})
    return True


# --- Progress -----------------------------------------------------------------------


@dataclass
class ItemState:
    """One item for one organisation: done, not done, or None when its check is
    not registered (not counted)."""

    item: OnboardingItem
    done: bool | None
    tick: OnboardingTick | None = None

    @property
    def counted(self):
        return self.done is not None


@dataclass
class Progress:
    organisation: Organisation
    states: list

    @property
    def done(self):
        return sum(1 for state in self.states if state.done)

    @property
    def total(self):
        return sum(1 for state in self.states if state.counted)

    @property
    def complete(self):
        return self.done == self.total


def progress(org, checklist=None, ticks=None, answers=None):
    """Where the organisation stands on each item of the current checklist.

    `answers` ({check key: {organisation id: bool}}, from `_answers`) carries the
    automatic checks already answered for a whole list of organisations."""
    checklist = items() if checklist is None else checklist
    if ticks is None:
        ticks = _ticks([org.id]).get(org.id, {})
    states = []
    for item in checklist:
        if item.kind == ItemKind.MANUAL:
            tick = ticks.get(item.id)
            states.append(ItemState(item, tick is not None, tick))
            continue
        check = checks.get("onboarding", item.check_key)
        if check is None:
            done = None
        elif answers is not None and item.check_key in answers:
            done = answers[item.check_key][org.id]
        else:
            done = bool(check.test(org))
        states.append(ItemState(item, done))
    return Progress(org, states)


def _answers(checklist, organisations):
    """Each automatic item's check answered for every organisation of the list, one
    query per check where the feature offers it (`core.checks.Check.answer_many`)."""
    answers = {}
    for item in checklist:
        check = checks.get("onboarding", item.check_key)
        wanted = item.kind != ItemKind.MANUAL and item.check_key not in answers
        if wanted and check is not None:
            answers[item.check_key] = check.answer_many(organisations)
    return answers


def _ticks(organisation_ids):
    """{organisation id: {item id: tick}} in one query."""
    query = sa.select(OnboardingTick).where(
        OnboardingTick.organisation_id.in_(organisation_ids)
    )
    found = {}
    for tick in db.session.scalars(query):
        found.setdefault(tick.organisation_id, {})[tick.item_id] = tick
    return found


def is_onboarding(org, complete, today=None):
    """Applicant or member, and recently a member (or not yet) or not complete."""
    if org.status not in ONBOARDING_STATUSES:
        return False
    today = today or date.today()
    recent = org.member_since is None or org.member_since > today - timedelta(
        days=ONBOARDING_DAYS
    )
    return recent or not complete


def progress_of(organisations):
    """`progress` for each of these organisations, in their order: the checklist,
    the ticks and each automatic check read once for all of them."""
    checklist = items()
    ticks = _ticks([org.id for org in organisations])
    answers = _answers(checklist, organisations)
    return [
        progress(org, checklist, ticks.get(org.id, {}), answers)
        for org in organisations
    ]


def onboarding_progress(region=None, state=None):
    """Progress of every organisation onboarding (optionally in a region; state
    'complete' or 'incomplete'), by name."""
    query = sa.select(Organisation).where(Organisation.status.in_(ONBOARDING_STATUSES))
    if region:
        query = query.where(Organisation.region == region)
    query = query.options(selectinload(Organisation.themes))  # profile_complete
    organisations = db.session.scalars(query.order_by(Organisation.name)).unique().all()
    rows = []
    for row in progress_of(organisations):
        if not is_onboarding(row.organisation, row.complete):
            continue
        if state == "complete" and not row.complete:
            continue
        if state == "incomplete" and row.complete:
            continue
        rows.append(row)
    return rows


def tick(org, item, by):
    """Mark a manual item done for the organisation; False if it already was."""
    if item.kind != ItemKind.MANUAL or item.retired_at is not None:
        raise ValueError("only a current manual item is ticked")
    try:
        with db.session.begin_nested():
            db.session.add(
                OnboardingTick(
                    item_id=item.id, organisation_id=org.id, ticked_by_id=by.id
                )
            )
    except IntegrityError:
        return False  # ticked meanwhile: the unique constraint keeps one
    record(org, "onboarding_ticked", actor=by, data={"item_id": item.id})
    return True


def untick(org, item, by):
    """Mark a manual item not done again; False if it was not done."""
    deleted = db.session.execute(
        sa.delete(OnboardingTick).where(
            OnboardingTick.item_id == item.id, OnboardingTick.organisation_id == org.id
        )
    ).rowcount
    if deleted:
        record(org, "onboarding_unticked", actor=by, data={"item_id": item.id})
    return bool(deleted)


# --- The default checklist (demo, first run) -----------------------------------------

DEFAULT_ITEMS = [
    (
        "automatic",
        "profile_complete",
        {
            "en": "Profile complete",
            "fr": "Profil complet",
            "es": "Perfil completo",
        },
    ),
    (
        "automatic",
        "roles_named",
        {
            "en": "Roles named (leader and voting delegate)",
            "fr": "Rôles attribués (dirigeante et déléguée votante)",
            "es": "Funciones asignadas (líder y delegada con voto)",
        },
    ),
    (
        "manual",
        None,
        {
            "en": "First event attended",
            "fr": "Premier événement suivi",
            "es": "Primer evento al que asistió",
        },
    ),
    (
        "automatic",
        "buddy_introduced",
        {
            "en": "Introduced to a buddy organisation",
            "fr": "Présentée à une organisation marraine",
            "es": "Presentada a una organización madrina",
        },
    ),
    (
        "manual",
        None,
        {
            "en": "Starter templates read",
            "fr": "Modèles de démarrage lus",
            "es": "Plantillas de inicio leídas",
        },
    ),
]


def ensure_default_items():
    """The five default items, when the checklist is empty; returns them."""
    if db.session.scalar(sa.select(sa.func.count(OnboardingItem.id))):
        return items()
    for position, (kind, key, labels) in enumerate(DEFAULT_ITEMS, start=1):
        db.session.add(
            OnboardingItem(
                label=translated.new_text("en", **labels),
                kind=kind,
                check_key=key,
                position=position,
            )
        )
    db.session.flush()
    return items()
