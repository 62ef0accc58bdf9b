"""A group's creation, charter and status (the `charter` part).

The Secretariat convenes a group (name, address, theme, charter); its runners edit
the charter, each text in three languages with its translation status
(`core.translated`); the Secretariat moves it forming -> active -> closed. Closing
needs a reason, shown on the group's page, and makes the group read-only. A closed
group is never reopened: the Secretariat convenes a new group instead, so that what
the closed one decided stays as it was.

Services add and flush, the request commits; a refused change raises GroupError
with a translated message and changes nothing.
"""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..core.models import Body, BodyKind
from ..core.transitions import transition
from ..db import db, utcnow
from ..organisations.models import Theme
from .models import GroupStatus, WorkingGroup

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
RESERVED_SLUGS = {"new"}
"""Addresses a group cannot take: /groups/new is the form that creates one."""

NEXT_STATUSES = {
    GroupStatus.FORMING: (GroupStatus.ACTIVE, GroupStatus.CLOSED),
    GroupStatus.ACTIVE: (GroupStatus.CLOSED,),
    GroupStatus.CLOSED: (),
}
"""Where each status may go: never back, and a closed group stays closed."""


REOPEN_REFUSED = _l(
    "A closed group is not reopened: the Secretariat convenes a new group instead."
)


class GroupError(ServiceError):
    """A change to a group that cannot be made (translated message)."""


@dataclass
class Charter:
    """The charter as an editor submitted it: three translated texts."""

    purpose: translated.Edit
    scope: translated.Edit
    deliverables: translated.Edit


def create_group(name, slug, theme_id, charter, by):
    """A new group (forming) with its body; the address must be free."""
    slug = (slug or "").strip().lower()
    if not SLUG_PATTERN.match(slug) or len(slug) > SLUG_MAX or slug in RESERVED_SLUGS:
        raise GroupError(
            _l("Choose an address of lowercase letters, digits and hyphens.")
        )
    if name.is_empty():
        raise GroupError(_l("Enter the name in at least one language."))
    theme = _active_theme(theme_id)
    group = WorkingGroup(
        body=Body(
            kind=BodyKind.WORKING_GROUP,
            slug=slug,
            name=translated.set_text(None, name),
        ),
        theme=theme,
        status=GroupStatus.FORMING,
    )
    _write_charter(group, charter)
    try:
        with db.session.begin_nested():
            db.session.add(group)
            db.session.flush()
    except IntegrityError:
        raise GroupError(_l("This address is already taken: choose another.")) from None
    record(group, "group_created", actor=by, to_state=GroupStatus.FORMING)
    return group


def _active_theme(theme_id):
    theme = db.session.get(Theme, theme_id) if theme_id else None
    if theme is None or not theme.active:
        raise GroupError(_l("Choose one of the active themes."))
    return theme


def _write_charter(group, charter):
    group.purpose = translated.set_text(group.purpose, charter.purpose)
    group.scope = translated.set_text(group.scope, charter.scope)
    group.deliverables = translated.set_text(group.deliverables, charter.deliverables)


def edit_charter(group, charter, by):
    """Write the charter (the policy says who; a closed group only by the
    Secretariat, to correct it)."""
    _write_charter(group, charter)
    group.updated_at = utcnow()
    db.session.flush()
    record(group, "charter_edited", actor=by)
    return group


def allowed_statuses(group):
    """The statuses the group may move to from where it is."""
    return NEXT_STATUSES.get(GroupStatus(group.status), ())


def change_status(group, to_status, reason, by, now=None):
    """Move the group on (one conditional UPDATE); closing needs `reason` (an Edit)."""
    if group.is_closed:
        raise GroupError(REOPEN_REFUSED)
    if to_status not in allowed_statuses(group):
        raise GroupError(_l("The group cannot move to this status."))
    values = {}
    text = ""
    if to_status == GroupStatus.CLOSED:
        if reason is None or reason.is_empty():
            raise GroupError(_l("Say why the group closes, in at least one language."))
        closed_reason = translated.set_text(None, reason)
        db.session.add(closed_reason)
        db.session.flush()
        values = {"closed_reason_id": closed_reason.id, "closed_at": now or utcnow()}
        text = reason.bodies.get(reason.source_lang, "")
    froms = [s for s, nexts in NEXT_STATUSES.items() if to_status in nexts]
    if not transition(
        WorkingGroup, group, froms, to_status, actor=by, reason=text, **values
    ):
        raise GroupError(
            _l("Someone changed the group's status meanwhile: nothing was changed.")
        )
    return group


def themes():
    """The active themes, for the form."""
    return db.session.scalars(
        sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.id)
    ).all()


def panel(group, reader):
    """The controls of the group's page: edit the charter, change the status."""
    can_edit = policy.can_edit_charter(reader, group)
    can_status = policy.can_change_group_status(reader, group) and bool(
        allowed_statuses(group)
    )
    if not (can_edit or can_status):
        return None
    return {"group": group, "can_edit": can_edit, "can_status": can_status}
