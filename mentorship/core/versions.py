"""Data versions: a stamp that changes with every commit writing some tables.

A feature names the tables (and, for a table it reads little of, the columns) its
cached results are computed from: `watch("outcomes", Mentorship)`,
`watch("outcomes", User, columns=("organisation_id", "locale"))`. Any flush or
ORM-executed INSERT, UPDATE or DELETE touching them marks the transaction; just
before it commits, the name's stamp in `data_versions` is replaced by a fresh random
one, in that same transaction. So a cache keyed by `current(name)` is never stale,
whichever process wrote, and a stamp is never reused (a rolled-back transaction's
stamp was never seen by anyone else).

The stamp is written last, after the commit's final flush: the row lock it takes is
held only while committing, and writers never wait on it while holding other locks.

Readers: call `current(name)` BEFORE reading the data it versions (each later
statement then sees at least what that stamp stands for). It returns None while the
reader's own transaction has written watched tables it has not committed: such a
result must not be cached.
"""

import functools
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..db import db, first_row_before_transaction
from .models import DataVersion

WATCHED = {}  # table name -> {version name: frozenset of columns, or None: all}
PENDING = "kernel.versions.pending"  # session.info: names written, not stamped yet
READ = "kernel.versions.read"  # session.info: stamps read in this transaction
COMMITTING = "kernel.versions.committing"
WRITES = "kernel.versions.writes"  # session.info: commits begun that wrote a table


def watch(name, model, columns=None):
    """Version `name` changes when `model`'s rows (or these columns) change."""
    for table in sa.inspect(model).tables:
        names = WATCHED.setdefault(table.name, {})
        names[name] = None if columns is None else frozenset(columns)


def current(name):
    """The stamp of `name` as this transaction sees it (0: never written), or None
    when this transaction has uncommitted changes to it."""
    session = db.session()
    if name in session.info.get(PENDING, ()):
        return None  # nothing to read: her own writes are not in any stamp yet
    known = session.info.get(READ, {}).get(name)
    if known is not None:
        return known
    row = first_row_before_transaction(_stamp_by_name(), {"name": name})
    return (row[0] if row else 0) or 0


@functools.cache
def _stamp_by_name():
    return sa.select(DataVersion.stamp).where(DataVersion.name == sa.bindparam("name"))


def stamp_of(name):
    """The stamp of `name` as a scalar subquery: a column to read beside other data,
    in the same statement, then hand to `seen` (one round trip less per request)."""
    return (
        sa.select(DataVersion.stamp).where(DataVersion.name == name).scalar_subquery()
    )


def writes_committed():
    """How many commits of this session wrote a watched table (begun: one that then
    failed counts too). Compare before and after: a change means a write."""
    return db.session().info.get(WRITES, 0)


def seen(name, stamp):
    """`current(name)` is `stamp` for the rest of this transaction: it was read (by
    `stamp_of`) in this transaction, before the data it versions."""
    db.session().info.setdefault(READ, {})[name] = stamp or 0


def _changed(obj, columns):
    if columns is None:
        return True
    attrs = sa.inspect(obj).attrs
    return any(attrs[column].history.has_changes() for column in columns)


def _written(session, names):
    if not names:
        return
    if session.info.get(COMMITTING):  # a flush inside the commit, after the stamps
        _stamp(session, names)
        return
    session.info.setdefault(PENDING, set()).update(names)


def _stamp(session, names):
    for name in sorted(names):
        stamp = secrets.randbits(62) + 1
        updated = session.execute(
            sa.update(DataVersion).where(DataVersion.name == name).values(stamp=stamp)
        )
        if updated.rowcount == 0:
            _insert(session, name, stamp)


def _insert(session, name, stamp):
    """The name's first stamp; a concurrent first writer's row wins (either is new)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the two supported databases
        session.execute(sa.insert(DataVersion).values(name=name, stamp=stamp))
        return
    statement = insert(DataVersion).values(name=name, stamp=stamp)
    session.execute(
        statement.on_conflict_do_update(index_elements=["name"], set_={"stamp": stamp})
    )


@sa.event.listens_for(Session, "after_flush")
def _mark_flush(session, _flush_context):
    names = set()
    for obj in (*session.new, *session.deleted):
        for table in sa.inspect(obj).mapper.tables:
            names.update(WATCHED.get(table.name, ()))
    for obj in session.dirty:
        for table in sa.inspect(obj).mapper.tables:
            for name, columns in WATCHED.get(table.name, {}).items():
                if _changed(obj, columns):
                    names.add(name)
    _written(session, names)


@sa.event.listens_for(Session, "do_orm_execute")
def _mark_dml(state):
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    watched = WATCHED.get(getattr(table, "name", None), {})
    _written(state.session, set(watched))


@sa.event.listens_for(Session, "before_commit")
def _stamp_before_commit(session):
    if session.in_nested_transaction():
        return
    session.flush()
    names = session.info.pop(PENDING, set())
    if names:
        session.info[WRITES] = session.info.get(WRITES, 0) + 1
    session.info[COMMITTING] = True
    _stamp(session, names)


@sa.event.listens_for(Session, "after_commit")
def _committed(session):
    session.info.pop(COMMITTING, None)
    session.info.pop(PENDING, None)
    session.info.pop(READ, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session, transaction):
    if transaction.parent is None:
        session.info.pop(COMMITTING, None)
        session.info.pop(PENDING, None)
        session.info.pop(READ, None)
