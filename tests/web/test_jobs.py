"""The job queue is built from the app's configuration, not from the environment."""

import pytest
from huey.storage import RedisStorage, SqliteStorage

from mentorship import jobs
from mentorship.jobs import huey, job

from ..conftest import _test_config


@job()
def _record(value):
    return value


@pytest.fixture
def restore_queue(app):
    yield
    jobs.init_app(app)  # back to inline jobs for the rest of the suite


def test_tests_run_jobs_inline(app):
    assert huey.immediate
    assert app.extensions["huey"] is huey


def test_sqlite_backend_from_configuration(tmp_path, restore_queue):
    path = tmp_path / "queue" / "jobs.db"
    jobs.configure("sqlite", filename=str(path))
    assert not huey.immediate
    assert isinstance(huey.storage, SqliteStorage)
    _record(42)
    assert huey.pending_count() == 1
    assert path.exists()
    task = huey.dequeue()
    assert huey.execute(task) == 42


def test_redis_backend_from_configuration(restore_queue):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    jobs.configure("redis", redis_url=url)
    assert isinstance(huey.storage, RedisStorage)
    huey.flush()
    _record(7)
    assert huey.pending_count() == 1
    huey.flush()


def test_unknown_backend_is_refused(restore_queue):
    with pytest.raises(ValueError):
        jobs.configure("carrier-pigeon")


def test_a_non_testing_app_uses_its_configured_backend(
    tmp_path, tmp_path_factory, restore_queue
):
    from mentorship import create_app

    config = _test_config(tmp_path_factory)
    config.update(TESTING=False, JOBS_BACKEND="sqlite", JOBS_DB=str(tmp_path / "j.db"))
    other = create_app(config)
    try:
        assert isinstance(huey.storage, SqliteStorage)
        assert jobs._app() is other  # jobs run in the app that configured the queue
    finally:
        from mentorship.db import db

        with other.app_context():
            db.engine.dispose()
