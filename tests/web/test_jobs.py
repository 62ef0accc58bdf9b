"""The job queue is built from the app's configuration, not from the environment."""

import multiprocessing

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


def _open_queue(path, barrier, answers):
    barrier.wait()  # every process opens the new file at the same moment
    try:
        jobs.configure("sqlite", filename=path)
        huey.pending_count()
        answers.put("ok")
    except Exception as error:  # noqa: BLE001 - the answer is what the test reads
        answers.put(repr(error))


def test_processes_opening_a_new_sqlite_queue_at_once_all_succeed(tmp_path):
    """gunicorn's workers boot together: three processes opening a new queue file
    at once failed with "database is locked" in 5 rounds of 30 before they took
    turns (jobs._one_process_at_a_time); 20 rounds here."""
    fork = multiprocessing.get_context("fork")
    failures = []
    for round_ in range(20):
        path = str(tmp_path / f"round{round_}" / "jobs.db")
        barrier, answers = fork.Barrier(3), fork.Queue()
        processes = [
            fork.Process(target=_open_queue, args=(path, barrier, answers))
            for _ in range(3)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join(30)
            if process.is_alive():  # never left behind, whatever happened
                process.kill()
        failures += [
            a for a in (answers.get(timeout=5) for _ in processes) if a != "ok"
        ]
    assert failures == []


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
