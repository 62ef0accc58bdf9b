"""Work that waits for the commit: held on the database session, dropped on rollback.

`after_commit(task, *args)` calls `task` once the current transaction commits; a
rollback drops it, so nobody hears of a change that did not happen. Every job
(`mentorship.jobs.job`) is enqueued through it, so emails and background work leave
only after a successful commit. Outside a transaction, or while the transaction has
only read, there is nothing to undo: the work goes out at once.

Savepoints (`begin_nested`) are honoured: work queued inside a savepoint that rolls
back is dropped with it; work queued inside one that is released waits for the outer
commit.
"""

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from ..db import db

HELD = "kernel.after_commit"  # session.info key: [(transaction, task, args, kwargs)]
WROTE = "kernel.wrote"  # session.info key: the transaction changed something


def after_commit(task, *args, **kwargs):
    """Call `task` once the current transaction commits (at once outside one, and
    then return what it returned)."""
    session = db.session()
    if not _has_written(session):
        return task(*args, **kwargs)  # nothing this transaction could undo
    current = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(HELD, []).append((current, task, args, kwargs))


def _has_written(session):
    """True once the open transaction has changed something (or is about to); a
    savepoint counts, as it exists to be rolled back."""
    if not session.in_transaction():
        return False
    return bool(
        session.info.get(WROTE)
        or session.in_nested_transaction()
        or session.new
        or session.dirty
        or session.deleted
    )


def _run(items):
    """Run released work in a fresh app context: its own database session, as a
    worker would have, since this one can emit no SQL inside its commit."""
    if not items:
        return
    with current_app.app_context():
        for _transaction, task, args, kwargs in items:
            task(*args, **kwargs)


@sa.event.listens_for(Session, "after_flush")
def _mark_flush(session, _flush_context):
    session.info[WROTE] = True


@sa.event.listens_for(Session, "do_orm_execute")
def _mark_dml(state):
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


@sa.event.listens_for(Session, "after_commit")
def _send_on_commit(session):
    session.info.pop(WROTE, None)
    _run(session.info.pop(HELD, []))


@sa.event.listens_for(Session, "after_soft_rollback")
def _drop_on_rollback(session, previous_transaction):
    held_items = session.info.get(HELD, [])
    if previous_transaction.nested:
        # Work queued in this savepoint, or in one released inside it, is undone.
        held_items[:] = [
            item for item in held_items if not _within(item[0], previous_transaction)
        ]
        return
    held_items.clear()
    session.info.pop(WROTE, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session, transaction):
    if transaction.parent is None:  # the end of a transaction that did not commit
        session.info.pop(HELD, None)
        session.info.pop(WROTE, None)


def _within(transaction, ancestor):
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False
