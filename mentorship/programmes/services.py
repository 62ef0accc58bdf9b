"""Programme and enrolment services: they add and flush; the request commits."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from .. import policy
from ..audit import record
from ..auth.models import User
from ..core import signals, translated
from ..db import db, utcnow
from ..matches.adapter import CRITERIA, DEFAULT_WEIGHTS
from ..organisations.models import Organisation
from .models import Enrolment, Programme, ProgrammeSettings

ROLES = ("mentor", "mentee")
TRANSLATED_FIELDS = ("name", "description")
PROGRAMME_FIELDS = (
    *TRANSLATED_FIELDS,
    "enrol_opens_on",
    "enrol_closes_on",
    "starts_on",
    "ends_on",
    "duration_months",
    "all_organisations",
)
SETTINGS_FIELDS = (
    "weights",
    "cross_organisation_required",
    "proposals_per_mentee",
    "max_timezone_gap_hours",
)
WEIGHT_MAX = 10
ENROLMENTS_PER_PAGE = 50
# Which status a programme may move to, and from where.
TRANSITIONS = {"published": ("draft",), "archived": ("draft", "published")}
MISSING_PROFILE = {
    "mentor": _l("To enrol as a mentor, please first create your mentor profile."),
    "mentee": _l("To enrol as a mentee, please first create your mentee profile."),
}
CREATE_PROFILE = {
    "mentor": _l("Create my mentor profile"),
    "mentee": _l("Create my mentee profile"),
}
PAUSED_PROFILE = {
    "mentor": _l("Your mentor profile is paused: resume it to enrol as a mentor."),
    "mentee": _l("Your mentee profile is paused: resume it to enrol as a mentee."),
}
# Order of the member's programme list: open for enrolment first.
PHASES = ("open", "upcoming", "running", "ended")


class AlreadyEnrolled(ValueError):
    """She is already enrolled in this programme in this role."""


class CapacityBelowSlots(ValueError):
    """A mentor's capacity cannot drop below the mentees she already has."""


class SettingsConflict(ValueError):
    """Someone saved another settings version at the same moment."""


class InvalidTransition(ValueError):
    """The programme cannot move to that status from its current one."""


@dataclass(frozen=True)
class Refusal:
    """Why she cannot enrol, and where she can fix it (an endpoint and its label)."""

    message: str
    fix_endpoint: str | None = None
    fix_args: dict = field(default_factory=dict)
    fix_label: str = ""

    def __str__(self):
        return self.message


def today():
    """Today's date; views pass it to the services so tests can choose another."""
    return date.today()


# --- Programmes ----------------------------------------------------------------------


def default_weights():
    """The library's default shares, on the 0-10 scale the Secretariat types."""
    return {c: round(DEFAULT_WEIGHTS[c] * WEIGHT_MAX, 2) for c in CRITERIA}


def create_programme(data, by):
    """A draft programme with settings version 1 (the library's defaults)."""
    programme = Programme(status="draft", created_by_id=by.id)
    _apply(programme, data)
    programme.settings_versions.append(
        ProgrammeSettings(
            version=1,
            weights=default_weights(),
            cross_organisation_required=True,
            proposals_per_mentee=1,
            max_timezone_gap_hours=None,
            created_by_id=by.id,
        )
    )
    db.session.add(programme)
    db.session.flush()
    record(programme, "created", actor=by, to_state="draft")
    return programme


def update_programme(programme, data, by):
    """Change a programme's names, dates and participating organisations."""
    _apply(programme, data)
    db.session.flush()
    record(programme, "updated", actor=by, from_state=programme.status)
    return programme


def _apply(programme, data):
    for name in TRANSLATED_FIELDS:
        setattr(
            programme, name, translated.set_text(getattr(programme, name), data[name])
        )
    for name in PROGRAMME_FIELDS[len(TRANSLATED_FIELDS) :]:
        value = data[name]
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").strip()
        setattr(programme, name, value)
    if programme.all_organisations:
        programme.organisations = []
    else:
        ids = set(data.get("organisation_ids") or ())
        query = sa.select(Organisation).where(Organisation.id.in_(ids))
        programme.organisations = list(
            db.session.scalars(query.order_by(Organisation.name))
        )


def organisation_choices(programme=None):
    """Member organisations (and any already in the programme), by name."""
    condition = Organisation.status == "member"
    if programme is not None and programme.organisations:
        ids = [org.id for org in programme.organisations]
        condition = sa.or_(condition, Organisation.id.in_(ids))
    query = sa.select(Organisation).where(condition).order_by(Organisation.name)
    return list(db.session.scalars(query))


def set_status(programme, status, by):
    """Publish or archive a programme; raises InvalidTransition otherwise."""
    if programme.status not in TRANSITIONS.get(status, ()):
        raise InvalidTransition(status)
    before = programme.status
    programme.status = status
    db.session.flush()
    record(programme, status, actor=by, from_state=before, to_state=status)


def phase(programme, on):
    """Where a published programme stands on a date: open, upcoming, running, ended."""
    if programme.enrolment_open(on):
        return "open"
    if on < programme.enrol_opens_on:
        return "upcoming"
    return "running" if on <= programme.ends_on else "ended"


def listing(include_staff_views, on):
    """Programmes for the list page: published ones by phase, then drafts, archive."""
    statuses = ["published"]
    if include_staff_views:
        statuses += ["draft", "archived"]
    query = (
        sa.select(Programme)
        .options(*translated.name_only(None, Programme.name, Programme.description))
        .where(Programme.status.in_(statuses))
        .order_by(Programme.starts_on, Programme.id)
    )
    groups = {name: [] for name in (*PHASES, "draft", "archived")}
    # The list shows names (their languages joined in), not descriptions.
    for programme in db.session.scalars(query).unique():
        if programme.status == "published":
            groups[phase(programme, on)].append(programme)
        else:
            groups[programme.status].append(programme)
    return groups


def enrolments_of(user, programme_ids=None):
    """Her enrolments, keyed by programme id then role."""
    query = sa.select(Enrolment).where(Enrolment.user_id == user.id)
    if programme_ids is not None:
        query = query.where(Enrolment.programme_id.in_(programme_ids))
    found = {}
    for enrolment in db.session.scalars(query):
        found.setdefault(enrolment.programme_id, {})[enrolment.role] = enrolment
    return found


# --- Matching settings ---------------------------------------------------------------


def settings_data(settings):
    """A settings version as the plain values the settings form edits."""
    stored = (settings.weights or {}) if settings else {}
    weights = {**default_weights(), **stored}
    return {
        "weights": {c: float(weights.get(c, 0)) for c in CRITERIA},
        "cross_organisation_required": bool(
            settings.cross_organisation_required if settings else True
        ),
        "proposals_per_mentee": settings.proposals_per_mentee if settings else 1,
        "max_timezone_gap_hours": settings.max_timezone_gap_hours if settings else None,
    }


def _normalised(data):
    return {
        "weights": {c: round(float(data["weights"][c]), 2) for c in CRITERIA},
        "cross_organisation_required": bool(data["cross_organisation_required"]),
        "proposals_per_mentee": int(data["proposals_per_mentee"]),
        "max_timezone_gap_hours": data["max_timezone_gap_hours"],
    }


def save_settings(programme, data, by):
    """Add a settings version when something changed; returns (settings, changed)."""
    current = programme.current_settings
    wanted = _normalised(data)
    if current is not None and _normalised(settings_data(current)) == wanted:
        return current, False
    version = current.version + 1 if current else 1
    settings = ProgrammeSettings(version=version, created_by_id=by.id, **wanted)
    programme.settings_versions.append(settings)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Another version with this number was saved between our read and our insert.
        db.session.rollback()
        raise SettingsConflict(version) from error
    record(
        programme,
        "settings_changed",
        actor=by,
        from_state=f"v{current.version}" if current else None,
        to_state=f"v{version}",
        data={"settings_id": settings.id, **wanted},
    )
    return settings, True


def settings_history(programme):
    """Every settings version, newest first, with the name of who saved it."""
    query = (
        sa.select(ProgrammeSettings, User.name)
        .outerjoin(User, User.id == ProgrammeSettings.created_by_id)
        .where(ProgrammeSettings.programme_id == programme.id)
        .order_by(ProgrammeSettings.version.desc())
    )
    return db.session.execute(query).all()


# --- Enrolment -----------------------------------------------------------------------


def eligibility(user, programme, role, today):
    """Why she cannot enrol in `role` today (a Refusal), or None when she can."""
    refusal = policy.enrolment_refusal(user, programme, role, today)
    if refusal is None:
        return None
    if refusal == "unverified":
        return Refusal(
            _("Please confirm your email address before you enrol."),
            "auth.resend_verification",
            fix_label=_("Send the confirmation link again"),
        )
    if refusal == "closed":
        return Refusal(_("Enrolment in this programme is not open."))
    if refusal == "organisation":
        return Refusal(_("Your organisation does not take part in this programme."))
    if refusal == "no_profile":
        return Refusal(
            str(MISSING_PROFILE[role]),
            "profiles.edit",
            {"role": role},
            str(CREATE_PROFILE[role]),
        )
    return Refusal(
        str(PAUSED_PROFILE[role]),
        "profiles.overview",
        fix_label=_("Resume it on your profiles page"),
    )


def find_enrolment(user, programme, role):
    """Her enrolment in this programme and role (enrolled or withdrawn), or None."""
    query = sa.select(Enrolment).filter_by(
        programme_id=programme.id, user_id=user.id, role=role
    )
    return db.session.scalar(query)


def enrolment_prefill(user, role):
    """Starting values of the enrolment form: her profile's goals or expertise."""
    profile = user.profile(role)
    if profile is None:
        return {}
    data = {"goals": (profile.focus or "")[:2000]}
    if role == "mentor":
        data["capacity"] = profile.capacity or 1
    return data


def enrol(user, programme, role, data):
    """Enrol her (or enrol her again after a withdrawal); raises AlreadyEnrolled."""
    enrolment = find_enrolment(user, programme, role)
    if enrolment is not None and enrolment.status == "enrolled":
        raise AlreadyEnrolled(role)
    before = enrolment.status if enrolment is not None else None
    if enrolment is None:
        enrolment = Enrolment(programme_id=programme.id, user_id=user.id, role=role)
        db.session.add(enrolment)
    enrolment.goals = (data.get("goals") or "").strip()
    enrolment.capacity = (data.get("capacity") or 1) if role == "mentor" else 1
    enrolment.status = "enrolled"
    enrolment.enrolled_at = utcnow()
    enrolment.withdrawn_at = None
    try:
        db.session.flush()
    except IntegrityError as error:
        # The same enrolment was inserted by a concurrent request (a double click).
        db.session.rollback()
        raise AlreadyEnrolled(role) from error
    record(enrolment, "enrolled", actor=user, from_state=before, to_state="enrolled")
    signals.enrolled.send(enrolment, actor=user)
    return enrolment


def update_enrolment(enrolment, data, by):
    """Change her goals or capacity; raises CapacityBelowSlots when too low."""
    capacity = (data.get("capacity") or 1) if enrolment.role == "mentor" else 1
    goals = (data.get("goals") or "").strip()
    # Conditional on the row as it is now, so a concurrent proposal cannot leave
    # a capacity below the slots it took.
    result = db.session.execute(
        sa.update(Enrolment)
        .where(
            Enrolment.id == enrolment.id,
            Enrolment.status == "enrolled",
            Enrolment.slots_taken <= capacity,
        )
        .values(goals=goals, capacity=capacity)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(enrolment)
    if result.rowcount != 1:
        raise CapacityBelowSlots(enrolment.slots_taken)
    record(enrolment, "updated", actor=by, data={"capacity": capacity})
    return enrolment


def withdraw(enrolment, by):
    """Withdraw while she has no proposal nor mentorship here; False when she has."""
    result = db.session.execute(
        sa.update(Enrolment)
        .where(
            Enrolment.id == enrolment.id,
            Enrolment.status == "enrolled",
            Enrolment.slots_taken == 0,
        )
        .values(status="withdrawn", withdrawn_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(enrolment)
    if result.rowcount != 1:
        return False
    record(
        enrolment, "withdrawn", actor=by, from_state="enrolled", to_state="withdrawn"
    )
    return True


# --- Overviews -----------------------------------------------------------------------


_IS_MENTOR = Enrolment.role == "mentor"
# Built once: the statement cache keys on them, rebuilding them costs every view.
_COUNT_COLUMNS = (
    Organisation.id,
    Organisation.name,
    sa.func.sum(sa.case((_IS_MENTOR, 1), else_=0)).label("mentors"),
    sa.func.sum(sa.case((_IS_MENTOR, 0), else_=1)).label("mentees"),
    sa.func.sum(sa.case((_IS_MENTOR, Enrolment.capacity), else_=0)).label("capacity"),
    sa.func.sum(sa.case((_IS_MENTOR, Enrolment.slots_taken), else_=0)).label(
        "slots_taken"
    ),
)


def enrolment_counts(programme):
    """Enrolled mentors, mentees and mentor capacity per organisation, and totals."""
    query = (
        sa.select(*_COUNT_COLUMNS)
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(Enrolment.programme_id == programme.id, Enrolment.status == "enrolled")
        .group_by(Organisation.id, Organisation.name)
        .order_by(Organisation.name)
    )
    rows = db.session.execute(query).all()
    totals = {
        key: sum(getattr(row, key) or 0 for row in rows)
        for key in ("mentors", "mentees", "capacity", "slots_taken")
    }
    return {"rows": rows, **totals}


# The enrolment lists show a person's name (and organisation's name): her roles,
# memberships, profiles and the organisation's description are not loaded.
_LISTED_PERSON = (
    contains_eager(Enrolment.user).lazyload(User.profiles),
    contains_eager(Enrolment.user).lazyload(User.role_grants),
    contains_eager(Enrolment.user).lazyload(User.current_memberships),
)
_LISTED_PEOPLE = (
    *_LISTED_PERSON,
    contains_eager(Enrolment.user)
    .joinedload(User.organisation)
    .lazyload(Organisation.description),
)


def programme_enrolments(programme, page=1):
    """One page of every enrolment in the programme, by name, with organisations."""
    query = (
        sa.select(Enrolment)
        .join(Enrolment.user)
        .options(*_LISTED_PEOPLE)
        .where(Enrolment.programme_id == programme.id)
        .order_by(User.name, User.id, Enrolment.role)
    )
    return db.paginate(query, page=page, per_page=ENROLMENTS_PER_PAGE, error_out=False)


def organisation_enrolments(
    programme, organisation_id, page=1, per_page=ENROLMENTS_PER_PAGE
):
    """One page of an organisation's people in the programme, by name."""
    query = (
        sa.select(Enrolment)
        .join(Enrolment.user)
        .options(*_LISTED_PERSON)
        .where(
            Enrolment.programme_id == programme.id,
            User.organisation_id == organisation_id,
        )
        .order_by(User.name, User.id, Enrolment.role)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def programme_organisations(programme):
    """The organisations taking part when the programme names them."""
    return sorted(programme.organisations, key=lambda org: org.name.casefold())
