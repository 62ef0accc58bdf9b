"""Operations: backup and restore as the README says (`pg_dump -Fc`, then
`pg_restore` into an empty database, and the app serves what was saved); a
graceful shutdown that lets requests in flight finish."""

import signal
import subprocess
import threading
import time

import pytest

from . import world
from .conftest import create_database, empty_database, host_env
from .harness import Browser, Host, postgres_bin, psql, wait_for

pytestmark = pytest.mark.multihost
TABLES = ("users", "organisations", "enrolments", "proposals", "audit_events")


def test_a_dump_restored_into_an_empty_database_is_served(cluster, tmp_path):
    dump = tmp_path / "wim.dump"
    subprocess.run(
        [
            postgres_bin("pg_dump"),
            "-Fc",
            "--no-owner",
            "-f",
            str(dump),
            cluster.database_url,
        ],
        check=True,
        timeout=120,
    )
    restored_url = create_database("test_multihost_restore")
    host = None
    try:
        subprocess.run(
            [
                postgres_bin("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "-d",
                restored_url,
                str(dump),
            ],
            check=True,
            timeout=120,
        )
        for table in TABLES:
            count = f"SELECT count(*) FROM {table}"
            assert psql(restored_url, count) == psql(cluster.database_url, count)
        assert psql(restored_url, "SELECT version_num FROM alembic_version") == (
            psql(cluster.database_url, "SELECT version_num FROM alembic_version")
        )

        env = host_env(restored_url, cluster.redis.url[:-1] + "3", tmp_path)
        host = Host("host-restored", env, cluster.logs).start().wait_ready()
        assert Browser().get(host.url + "/readyz").status == 200
        staff = Browser("198.51.100.50")
        assert staff.login(host.url, world.SECRETARIAT, world.PASSWORD).status == 302
        page = staff.get(host.url + f"/admin/programmes/{cluster.ids['to_match']}")
        assert page.status == 200
        assert "Pilot cohort" in page.text
    finally:
        if host:
            host.stop()
        empty_database(restored_url)


def test_a_graceful_shutdown_finishes_the_requests_in_flight(cluster, tmp_path):
    env = host_env(cluster.database_url, cluster.redis.url, cluster.outbox)
    host = Host("host-graceful", env, cluster.logs).start()
    try:
        host.wait_ready()
        staff = Browser("198.51.100.60")
        assert staff.login(host.url, world.SECRETARIAT, world.PASSWORD).status == 302
        heavy = host.url + f"/admin/programmes/{cluster.ids['to_match']}"
        results, sent = [], threading.Barrier(5)

        def ask():
            browser = staff.clone()
            sent.wait(10)
            results.append(browser.get(heavy).status)

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for thread in threads:
            thread.start()
        sent.wait(10)
        time.sleep(0.15)  # the requests are in the workers' hands
        stopping = time.monotonic()
        host.signal(signal.SIGTERM)
        for thread in threads:
            thread.join(40)
        wait_for(lambda: not host.alive(), 40, "gunicorn stopped")
        print(f"graceful stop took {time.monotonic() - stopping:.1f} s: {results}")
        assert results == [200] * 4
        assert host.process.returncode == 0
    finally:
        host.stop()
