"""Her loaded object kept by the thread for a data version (`auth.load_user`):
reused while nothing changed, never carrying a change that was not committed.

Committing tests: in the suite's shared transaction a request's session ends with a
commit of its savepoint, which expires what it loaded, and nothing is ever reused."""

import pytest
import sqlalchemy as sa

from mentorship.auth import load_user
from mentorship.auth.models import User
from mentorship.db import db

from ..factories import sign_in

pytestmark = pytest.mark.commits


def _load(app, cookie_id):
    """One request's load, then the request's end (its session removed)."""
    with app.test_request_context("/"):
        user = load_user(cookie_id)
        name = user.name if user else None
        db.session.remove()
    return user, name


def test_her_object_is_reused_while_nothing_changes(app, make_user):
    person = make_user(name="Ana Quispe")
    cookie_id = person.get_id()
    db.session.remove()  # as a worker starts: nothing of hers loaded yet
    first, _ = _load(app, cookie_id)
    second, name = _load(app, cookie_id)
    assert second is first and name == "Ana Quispe"
    make_user()  # a commit anywhere: a new data version, a fresh load
    third, _ = _load(app, cookie_id)
    assert third is not first


def test_a_change_never_flushed_does_not_come_back(app, make_user):
    person = make_user(name="Ana Quispe")
    cookie_id = person.get_id()
    db.session.remove()  # as a worker starts: nothing of hers loaded yet
    with app.test_request_context("/"):
        user = load_user(cookie_id)
        user.name = "Not saved"  # a form filled in, refused, never flushed
        db.session.remove()
    again, name = _load(app, cookie_id)
    assert name == "Ana Quispe"
    assert again is not user


def test_a_write_rolled_back_does_not_come_back(app, make_user):
    person = make_user(name="Ana Quispe")
    cookie_id = person.get_id()
    db.session.remove()  # as a worker starts: nothing of hers loaded yet
    with app.test_request_context("/"):
        user = load_user(cookie_id)
        user.name = "Rolled back"
        user.profiles  # noqa: B018  (loaded)
        db.session.flush()  # written, then the request ends without a commit
        db.session.remove()
    _, name = _load(app, cookie_id)
    assert name == "Ana Quispe"


def test_an_ended_session_is_refused_even_when_kept(app, make_user):
    person = make_user()
    cookie_id = person.get_id()
    db.session.remove()  # as a worker starts: nothing of hers loaded yet
    assert _load(app, cookie_id)[0] is not None
    db.session.execute(  # "log out everywhere"
        sa.update(User)
        .where(User.id == int(cookie_id.partition(":")[0]))
        .values(session_version=User.session_version + 1)
    )
    db.session.commit()
    assert _load(app, cookie_id)[0] is None


# --- PostgreSQL: a kept page opens no transaction ------------------------------------


def _on_postgresql(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("psycopg's transactions: proven on PostgreSQL (DATABASE_URL)")


def test_her_read_and_the_pools_check_open_no_transaction(app, make_user):
    from psycopg.pq import TransactionStatus

    from mentorship.db import first_row_before_transaction

    _on_postgresql(app)
    cookie_id = make_user().get_id()
    db.session.remove()
    _load(app, cookie_id)  # an earlier page: this thread keeps her
    with app.test_request_context("/"):
        connection = db.session.connection()
        raw = connection.connection.driver_connection
        assert db.engine.dialect.do_ping(raw)  # the pool's check
        assert load_user(cookie_id) is not None
        assert raw.info.transaction_status == TransactionStatus.IDLE
        assert raw.autocommit is False  # as it was
        db.session.scalar(sa.select(User.id).limit(1))  # the page's own reads
        assert raw.info.transaction_status == TransactionStatus.INTRANS
        # Once a transaction is open, the same read is made inside it.
        statement = sa.select(User.id).where(User.id == sa.bindparam("user_id"))
        assert first_row_before_transaction(statement, {"user_id": 0}) is None
        assert raw.info.transaction_status == TransactionStatus.INTRANS
        db.session.remove()


def _side_reads(monkeypatch):
    """Record each read `SideReads` answers."""
    from mentorship.db import SideReads

    answered = []
    original = SideReads.first_row

    def first_row(self, statement, params):
        row = original(self, statement, params)
        answered.append(row)
        return row

    monkeypatch.setattr(SideReads, "first_row", first_row)
    return answered


def test_a_kept_page_reads_her_versions_beside_the_pool(app, make_user, monkeypatch):
    _on_postgresql(app)
    client = app.test_client()
    person = make_user()
    sign_in(client, person)
    db.session.remove()
    client.get("/account")
    through_the_pool = []

    def record(_conn, _cursor, statement, *_):
        through_the_pool.append(statement)

    def checkout(*_):
        through_the_pool.append("checkout")

    answered = _side_reads(monkeypatch)
    sa.event.listen(db.engine, "after_cursor_execute", record)
    sa.event.listen(db.engine.pool, "checkout", checkout)
    try:
        kept = client.get("/account")
    finally:
        sa.event.remove(db.engine, "after_cursor_execute", record)
        sa.event.remove(db.engine.pool, "checkout", checkout)
    assert kept.headers.get("X-Page-Cache") == "hit"
    assert through_the_pool == []  # no connection taken, no BEGIN, no ROLLBACK
    [(session_version, stamp)] = answered  # her versions: one prepared statement
    assert session_version == person.session_version and stamp


def _side(app):
    from mentorship.db import SideReads

    with app.app_context():
        return SideReads.of(db.engine)


def _terminate(connections):
    pids = [connection.info.backend_pid for connection in connections]
    db.session.execute(
        sa.text("SELECT pg_terminate_backend(pid) FROM unnest(:pids) AS pid"),
        {"pids": pids},
    )
    db.session.commit()


def test_a_lost_side_connection_falls_back_to_the_session(app, make_user, monkeypatch):
    _on_postgresql(app)
    client = app.test_client()
    sign_in(client, make_user())
    db.session.remove()
    assert client.get("/account").status_code == 200
    side = _side(app)
    lost = list(side.idle)
    assert lost
    _terminate(lost)  # PostgreSQL restarted, or the connections were ended
    answered = _side_reads(monkeypatch)
    for _ in lost:  # each lost one is found out once, and the page still answers
        assert client.get("/account").status_code == 200
    assert all(connection.closed for connection in lost)
    assert answered[: len(lost)] == [side.FAILED] * len(lost)
    assert client.get("/account").status_code == 200
    assert answered[-1] is not side.FAILED  # a new connection of its own
    assert not any(connection in side.idle for connection in lost)


def test_disposing_the_engine_closes_the_side_connections(app, make_user):
    _on_postgresql(app)
    client = app.test_client()
    sign_in(client, make_user())
    db.session.remove()
    client.get("/account")
    side = _side(app)
    idle = list(side.idle)
    assert idle
    with app.app_context():
        db.engine.dispose()
    assert side.idle == [] and all(connection.closed for connection in idle)


def test_side_reads_refuse_a_column_that_needs_a_conversion(app):
    from mentorship.db import SideReads

    with app.app_context():
        side = SideReads(db.engine)
        side.rendered(sa.select(User.session_version))  # an integer: as it comes
        with pytest.raises(ValueError, match="created_at"):
            side.rendered(sa.select(User.created_at))  # UTC datetimes are converted


def test_what_a_kept_object_was_loaded_with_is_attached_too(app, make_user):
    """Her current terms come through a view-only relationship, which SQLAlchemy's
    cascade does not follow: reattached alone, her object left them detached and the
    committee's pages failed on the policy's lazy read of a term's body."""
    from datetime import date, timedelta

    from mentorship.core import memberships
    from mentorship.elections.services import committee

    person = make_user()
    memberships.start(
        person, "member", body=committee(), starts_on=date.today() - timedelta(days=9)
    )
    db.session.commit()
    cookie_id = person.get_id()
    db.session.remove()
    with app.test_request_context("/"):
        first = load_user(cookie_id)
        assert first.current_memberships  # loaded with her; their bodies are not
        db.session.remove()
    with app.test_request_context("/"):
        again = load_user(cookie_id)
        assert again is first  # kept
        assert [m.body.kind for m in again.current_memberships] == [
            "steering_committee"
        ]
        db.session.remove()
    client = app.test_client()
    sign_in(client, person)
    db.session.remove()
    for _ in range(3):  # her object kept from the first view on
        assert client.get("/committee/space").status_code == 200
