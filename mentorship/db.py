"""The SQLAlchemy handle, the declarative base and small column helpers."""

import enum
import logging
import os
import threading
import weakref
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


def end_sessions_quietly(app):
    """Close the request's session even when the database has just gone away.

    Flask-SQLAlchemy's own teardown rolls the session back; if PostgreSQL is shutting
    down at that moment, the ROLLBACK fails and the error escapes the request after
    its answer was made, and the server sends a bare 500 instead. Registered after
    `db.init_app`, this teardown runs first: a failed close is logged, the connection
    is already invalidated by SQLAlchemy, and the session is dropped.
    """

    @app.teardown_appcontext
    def _end_session(_error):
        try:
            db.session.remove()
        except sa.exc.DBAPIError as error:
            db.session.registry.clear()
            logging.getLogger(__name__).warning(
                "session closed on a lost connection: %s", error.__class__.__name__
            )


def pings_outside_transactions(app):
    """PostgreSQL (psycopg): the pool's check of each connection before use runs
    without opening a transaction. psycopg begins one before any statement, so the
    check cost two round trips (BEGIN, then the check), and left the connection in a
    transaction even for a request that then read nothing else."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.driver != "psycopg":
        return

    def do_ping(dbapi_connection):
        with _autocommit_while_idle(dbapi_connection):
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(";")  # as SQLAlchemy pings psycopg: an empty statement
            finally:
                cursor.close()
        return True

    engine.dialect.do_ping = do_ping


def first_row_before_transaction(statement, params):
    """The first row of a read made at the start of a request, before its
    transaction: on PostgreSQL it runs on its own (READ COMMITTED: what a later
    statement of the request sees is at least as new), so a request that reads
    nothing else sends no BEGIN and no ROLLBACK. Inside a transaction already begun,
    an ordinary read.

    Before the session has a connection, the read goes through `SideReads`: one
    prepared statement on a connection of its own, without the pool's check, the
    session's transaction or SQLAlchemy's result processing (a kept page's only
    statement: a third of that page's CPU went to them). Its columns must need no
    conversion (`SideReads.rendered` refuses a statement whose columns do)."""
    session = db.session()
    bind = session.get_bind()
    if (
        isinstance(bind, sa.Engine)
        and bind.dialect.driver == "psycopg"
        and not session.in_transaction()
    ):
        row = SideReads.of(bind).first_row(statement, params)
        if row is not SideReads.FAILED:
            return row
    connection = session.connection()
    if connection.dialect.driver != "psycopg":
        return connection.execute(statement, params).first()
    with _autocommit_while_idle(connection.connection.driver_connection):
        return connection.execute(statement, params).first()


class SideReads:
    """Connections of their own, in autocommit, for `first_row_before_transaction`
    on PostgreSQL: a worker's threads take one, read and give it back (so a worker
    holds about one per thread; at most `IDLE` wait, more are closed). A connection
    that fails is closed and the read reported `FAILED`, so the caller reads
    through the session (the pool's check, and the error page when the database
    is down). They are closed when the engine is (`engine.dispose()`)."""

    IDLE = 16
    FAILED = object()
    _by_engine = weakref.WeakKeyDictionary()
    _forked_away = []
    _registry = threading.Lock()  # guards `_by_engine`

    def __init__(self, engine):
        self.engine = engine
        self.idle = []
        self.pid = os.getpid()
        self._lock = threading.Lock()
        self._rendered = {}

    @classmethod
    def of(cls, engine):
        found = cls._by_engine.get(engine)
        if found is None or found.pid != os.getpid():
            with cls._registry:
                found = cls._by_engine.get(engine)
                if found is not None and found.pid != os.getpid():
                    # Forked: the parent's connections are never closed from here
                    # (closing tells the server to end them), only set aside.
                    cls._forked_away.append(found)
                    found = None
                if found is None:
                    found = cls._by_engine[engine] = cls(engine)
                    sa.event.listen(engine, "engine_disposed", found._disposed)
        return found

    def first_row(self, statement, params):
        import psycopg

        sql, defaults = self.rendered(statement)
        connection = self._take()
        try:
            if connection is None:
                connection = self._connect()
            row = connection.execute(
                sql, {**defaults, **params}, prepare=True
            ).fetchone()
        except psycopg.Error as error:
            logging.getLogger(__name__).info(
                "side read failed (%s): through the session", error.__class__.__name__
            )
            if connection is not None:
                connection.close()
            return self.FAILED
        self._give_back(connection)
        return row

    def rendered(self, statement):
        """The statement's SQL for psycopg and its bound defaults, made once."""
        found = self._rendered.get(statement)
        if found is None:
            dialect = self.engine.dialect
            for column in statement.selected_columns:
                if column.type.result_processor(dialect, None):
                    raise ValueError(f"{column.name}: its values need a conversion")
            compiled = statement.compile(dialect=dialect)
            found = self._rendered[statement] = (str(compiled), dict(compiled.params))
        return found

    def _connect(self):
        import psycopg

        cargs, cparams = self.engine.dialect.create_connect_args(self.engine.url)
        return psycopg.connect(*cargs, **cparams, autocommit=True)

    def _take(self):
        with self._lock:
            return self.idle.pop() if self.idle else None

    def _give_back(self, connection):
        with self._lock:
            if len(self.idle) < self.IDLE:
                self.idle.append(connection)
                return
        connection.close()

    def _disposed(self, _engine):
        with self._lock:
            idle, self.idle = self.idle, []
        for connection in idle:
            connection.close()


@contextmanager
def _autocommit_while_idle(dbapi_connection):
    """psycopg in autocommit for the block, if no transaction is open on it."""
    from psycopg.pq import TransactionStatus

    idle = (
        not dbapi_connection.autocommit
        and dbapi_connection.info.transaction_status == TransactionStatus.IDLE
    )
    if idle:
        dbapi_connection.autocommit = True
    try:
        yield
    finally:
        if idle and not dbapi_connection.closed:
            dbapi_connection.autocommit = False


def utcnow():
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator):
    """Stores naive UTC, returns aware UTC: the same on SQLite and PostgreSQL."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def enum_values(enum_cls):
    """The stored values of a state enum, in declaration order."""
    return tuple(member.value for member in enum_cls)


def sql_in(column, values):
    """`column IN ('a', 'b')` for a CHECK or a partial index, from our own codes."""
    values = [v.value if isinstance(v, enum.Enum) else v for v in values]
    for value in values:
        if not value.replace("_", "").isalnum():
            raise ValueError(f"not a state code: {value!r}")
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def enum_check(column, enum_cls, name=None):
    """The CHECK that keeps `column` to the members of `enum_cls`.

    Generated from the enum, so adding a state changes one place (plus a migration
    that replaces the constraint). A NULL passes a CHECK, so nullable columns need no
    extra clause. The name defaults to the column's: `ck_<table>_<column>`.
    """
    sql = sql_in(column, enum_values(enum_cls))
    return sa.CheckConstraint(
        sql, name=name or column, info={"enum": enum_cls, "column": column}
    )
