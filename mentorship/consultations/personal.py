"""Her data in consultations: what her export lists, what her erasure removes.

Her comments on her organisations' drafts are her own words; the responses she
prepared or submitted are her organisation's statements and stay with it."""

import sqlalchemy as sa

from ..db import db
from .models import Comment, Consultation, Extension, Response


def export_of(user):
    """Her comments on her organisations' drafts and the responses she submitted
    (their answers are her organisation's; anonymous ones lead back to no one)."""
    comments = db.session.scalars(
        sa.select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)
    ).all()
    submitted = db.session.scalars(
        sa.select(Response)
        .where(Response.submitted_by_id == user.id)
        .order_by(Response.id)
    ).all()
    return {
        "comments": [
            {
                "consultation": comment.response.consultation_id,
                "organisation": comment.response.organisation.name,
                "text": comment.body,
                "written_at": comment.created_at.isoformat(),
            }
            for comment in comments
        ],
        "submitted": [
            {
                "consultation": response.consultation_id,
                "organisation": response.organisation.name,
                "submitted_at": response.submitted_at.isoformat(),
            }
            for response in submitted
        ],
    }


def erase_for(user, **_extra):
    """Her account is erased (core.signals.person_erased): her comments go; the
    responses she prepared or submitted stay her organisation's, without her."""
    db.session.execute(sa.delete(Comment).where(Comment.author_id == user.id))
    for model, columns in (
        (Response, ("updated_by_id", "submitted_by_id")),
        (Extension, ("requested_by_id", "decided_by_id")),
        (Consultation, ("created_by_id",)),
    ):
        for column in columns:
            db.session.execute(
                sa.update(model)
                .where(getattr(model, column) == user.id)
                .values({column: None})
                .execution_options(synchronize_session=False)
            )
    db.session.flush()
