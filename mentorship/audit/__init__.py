"""The audit trail: every state change of the flow, with who, when and why."""

from ..db import db
from .models import AuditEvent


def record(
    entity, action, *, actor=None, from_state=None, to_state=None, reason="", data=None
):
    """Add one audit event for `entity` (any model with an `id`); the caller commits."""
    event = AuditEvent(
        entity_type=entity.__tablename__,
        entity_id=entity.id,
        action=action,
        actor_id=getattr(actor, "id", None),
        from_state=from_state,
        to_state=to_state,
        reason=(reason or "")[:1000],
        data=data or {},
    )
    db.session.add(event)
    return event
