"""The AGM pack (reports, election results, the accounts: texts in three languages,
each optionally linking a library resource) and the AGM's minutes, which are the
events engine's minutes of its session, its resolutions recorded there as
decisions."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..db import db
from ..events import minutes as engine_minutes
from ..events.minutes_models import ItemKind as MinutesItemKind
from ..library.models import Resource, ResourceStatus
from .models import AgendaItem, Agm, MotionStatus, PackSection, SectionKind
from .services import AgmError
from .voting import copy_edit


def check_section(kind, title, resource_id):
    if kind not in set(SectionKind):
        raise AgmError(_l("Choose what kind of section this is."))
    if title.is_empty():
        raise AgmError(_l("Enter the title in at least one language."))
    if resource_id is not None:
        resource = db.session.get(Resource, resource_id)
        if resource is None or resource.status != ResourceStatus.PUBLISHED:
            raise AgmError(_l("Choose a published resource of the library."))


def add_section(agm, kind, title, text, by, resource_id=None):
    """A new section at the end of the pack."""
    check_section(kind, title, resource_id)
    db.session.execute(sa.select(Agm.id).where(Agm.id == agm.id).with_for_update())
    last = db.session.scalar(
        sa.select(sa.func.max(PackSection.position)).where(PackSection.agm_id == agm.id)
    )
    section = PackSection(
        agm_id=agm.id, position=(last or 0) + 1, kind=kind, resource_id=resource_id
    )
    section.title = translated.set_text(None, title)
    section.text = translated.set_text(None, text)
    db.session.add(section)
    db.session.flush()
    record(section, "section_added", actor=by, data={"agm_id": agm.id})
    return section


def edit_section(section, kind, title, text, by, resource_id=None):
    """Change a section's texts (translations become outdated when the source
    changes, as everywhere)."""
    check_section(kind, title, resource_id)
    section.kind = kind
    section.resource_id = resource_id
    section.title = translated.set_text(section.title, title)
    section.text = translated.set_text(section.text, text)
    db.session.flush()
    record(section, "section_edited", actor=by)
    return section


def resources():
    """(id, title) of the library's published resources, for the pack's links."""
    return db.session.scalars(
        sa.select(Resource)
        .where(Resource.status == ResourceStatus.PUBLISHED)
        .order_by(Resource.id.desc())
        .limit(200)
    ).all()


# --- Minutes -------------------------------------------------------------------------


def minutes_of(agm):
    """The minutes of the AGM's session (the events engine's), or None."""
    return engine_minutes.minutes_of(agm.session)


def unrecorded_resolutions(agm):
    """The carried motions not yet recorded in the minutes."""
    return db.session.scalars(
        sa.select(AgendaItem)
        .where(
            AgendaItem.agm_id == agm.id,
            AgendaItem.status == MotionStatus.CARRIED,
            AgendaItem.minutes_item_id.is_(None),
        )
        .order_by(AgendaItem.position)
    ).all()


def unrecorded_in(items):
    """`unrecorded_resolutions` from agenda items already read."""
    return [
        item
        for item in items
        if item.status == MotionStatus.CARRIED and item.minutes_item_id is None
    ]


def record_resolutions(agm, by):
    """Each carried motion becomes a decision of the AGM's draft minutes (once).
    Returns how many were recorded."""
    minutes = minutes_of(agm)
    if minutes is None or minutes.is_approved:
        raise AgmError(
            _l("Open the AGM's minutes first: resolutions go into draft minutes.")
        )
    carried = unrecorded_resolutions(agm)
    if not carried:
        raise AgmError(_l("Every resolution is already in the minutes."))
    for item in carried:
        db.session.refresh(minutes)
        try:
            entry = engine_minutes.add_item(
                minutes,
                MinutesItemKind.DECISION,
                copy_edit(item.title),
                by,
                minutes.revision,
            )
        except engine_minutes.MinutesError as error:
            raise AgmError(str(error)) from None
        item.minutes_item_id = entry.id
    db.session.flush()
    return len(carried)
