"""State changes that succeed for exactly one caller, each with its audit row.

A change is one `UPDATE ... WHERE <what must still be true>`; the row count says
whether this caller won. PostgreSQL re-checks the WHERE clause after waiting on a
concurrent writer's row lock; SQLite serialises writers. Back such changes with CHECKs
and partial unique indexes, and prove them with threaded tests on PostgreSQL.
"""

import sqlalchemy as sa

from ..audit import record
from ..db import db


def update_if(model, row, *conditions, **values):
    """UPDATE `row` (an instance of `model`) only if `conditions` still hold.

    Returns True when this call won; `row` is expired so that it reads the new state.
    """
    stmt = (
        sa.update(model)
        .where(model.id == row.id, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    won = db.session.execute(stmt).rowcount == 1
    db.session.expire(row)
    return won


def transition(
    model,
    row,
    from_states,
    to_state,
    *conditions,
    actor=None,
    reason="",
    column="status",
    **values,
):
    """Move `row` to `to_state` if it is still in one of `from_states` (and the
    extra `conditions` hold), with an audit row; True when this call won."""
    state = getattr(model, column)
    before = getattr(row, column)
    won = update_if(
        model,
        row,
        state.in_(from_states),
        *conditions,
        **{column: to_state},
        **values,
    )
    if won:
        record(
            row,
            to_state,
            actor=actor,
            from_state=before,
            to_state=to_state,
            reason=reason,
        )
    return won
