"""Her loaded object kept by the thread for a data version (`auth.load_user`):
reused while nothing changed, never carrying a change that was not committed.

Committing tests: in the suite's shared transaction a request's session ends with a
commit of its savepoint, which expires what it loaded, and nothing is ever reused."""

import pytest
import sqlalchemy as sa

from mentorship.auth import load_user
from mentorship.auth.models import User
from mentorship.db import db

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
