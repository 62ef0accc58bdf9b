"""Two app hosts, two job consumers, one database: what must hold across them,
proven with real HTTP requests."""

import threading
import time
import uuid
from collections import Counter

import pytest

from mentorship.core import schedule
from mentorship.matches import runs
from mentorship.mentorships import jobs as mentorship_jobs
from mentorship.surveys import jobs as survey_jobs

from . import world
from .harness import Browser, read_outbox, wait_for

pytestmark = pytest.mark.multihost


@pytest.fixture(scope="module")
def secretariat(cluster):
    """The Secretariat, signed in once on host A (logins are rate limited)."""
    browser = Browser("198.51.100.10")
    response = browser.login(cluster.a.url, world.SECRETARIAT, world.PASSWORD)
    assert response.status == 302, response.text[:500]
    return browser


def test_a_session_started_on_one_host_works_on_the_other(cluster):
    browser = Browser("198.51.100.1")
    assert browser.login(cluster.a.url, world.MEMBER, world.PASSWORD).status == 302
    assert browser.get(cluster.b.url + "/account").status == 200

    # Logging out on B ends the session on A, even for a copy of the old cookie.
    copy = browser.clone()
    page = browser.get(cluster.b.url + "/account")
    assert browser.post_token(cluster.b.url + "/logout", page).status == 302
    for who in (browser, copy):
        response = who.get(cluster.a.url + "/account")
        assert response.status == 302
        assert "/login" in response.location


def test_the_login_limit_counts_attempts_on_both_hosts(cluster):
    """RATELIMIT_LOGIN is 6 a minute here: the 7th attempt is refused, whichever
    host gets it (per-host counting would allow 12)."""
    browser = Browser("198.51.100.2")
    statuses = []
    for attempt in range(7):
        host = cluster.hosts[attempt % 2]
        response = browser.post_form(
            host.url + "/login",
            {"email": "limit-test@multihost.example.org", "password": "a guess"},
            headers={"Accept-Language": "fr"},
        )
        statuses.append(response.status)
    assert 429 not in statuses[:6], statuses
    assert statuses[6] == 429
    assert "Trop de tentatives" in response.text


def test_a_match_run_started_on_one_host_executes_once(cluster, secretariat):
    programme_id = cluster.ids["to_match"]
    request_id = f"test-run-{uuid.uuid4().hex[:12]}"
    page = cluster.a.url + f"/admin/programmes/{programme_id}"
    response = secretariat.post_form(
        page,
        {},
        action_url=page + "/runs",
        headers={"X-Request-ID": request_id},
    )
    assert response.status == 302, response.text[:500]
    assert response.headers["X-Request-ID"] == request_id
    run_id = int(response.location.rstrip("/").rsplit("/", 1)[1])

    def status():
        return cluster.scalar("SELECT status FROM match_runs WHERE id = :id", id=run_id)

    wait_for(lambda: status() == "preview", 90, "the run computed")
    proposals = cluster.scalar(
        "SELECT count(*) FROM proposals WHERE run_id = :id", id=run_id
    )
    assert proposals == 4

    # A second delivery of the same job (a consumer that died after taking it,
    # a retry...) finds the run claimed and does nothing.
    with cluster.queue():
        runs.execute_run_job.task(run_id)
    wait_for(lambda: _job_lines(cluster, "execute_run_job", ""), 30, "redelivery run")
    time.sleep(1)
    assert status() == "preview"
    assert (
        cluster.scalar("SELECT count(*) FROM proposals WHERE run_id = :id", id=run_id)
        == proposals
    )

    # The request's id followed it from the host into exactly one consumer.
    ran_on = [
        consumer.name
        for consumer in cluster.consumers
        if any(
            line.get("request_id") == request_id
            and line.get("job", "").endswith("execute_run_job")
            for line in consumer.json_lines()
        )
    ]
    assert len(ran_on) == 1, ran_on
    assert any(
        line.get("request_id") == request_id and line.get("path", "").endswith("/runs")
        for host in cluster.hosts
        for line in host.json_lines()
    )


def _job_lines(cluster, job, request_id):
    return [
        line
        for consumer in cluster.consumers
        for line in consumer.json_lines()
        if line.get("job", "").endswith(job) and line.get("request_id") == request_id
    ]


REMINDERS = {
    "A short survey about your mentorship waits for you": 2 * world.PAIRS,
    "Time for your next mentoring meeting?": 2 * world.PAIRS,
    "Reminder: your next mentoring meeting": 2 * world.PAIRS,
}


def test_reminder_sweeps_on_both_consumers_at_once_send_each_reminder_once(cluster):
    with cluster.queue():
        for _ in range(4):  # 2 consumers x 2 threads: four sweeps of each at once
            survey_jobs.daily_sweep()
            mentorship_jobs.daily_sweep()
            schedule.sweep_reminders()

    def reminders():
        return [m for m in read_outbox(cluster.outbox) if m[1] in REMINDERS]

    wait_for(
        lambda: len(reminders()) >= sum(REMINDERS.values()), 60, "every reminder sent"
    )
    time.sleep(3)  # let any duplicate arrive
    sent = reminders()
    by_subject = Counter(subject for _to, subject in sent)
    assert by_subject == REMINDERS
    assert max(Counter(sent).values()) == 1  # nobody got the same reminder twice
    sweeps = {
        consumer.name
        for consumer in cluster.consumers
        for line in consumer.json_lines()
        if line.get("job") == "daily_sweep"
    }
    assert sweeps == {"jobs-1", "jobs-2"}  # both consumers swept


def test_claims_of_a_mentors_last_places_through_both_hosts_stay_exact(
    cluster, secretariat
):
    programme_id, mentor = cluster.ids["race"], cluster.ids["race_mentor"]
    path = f"/admin/programmes/{programme_id}/pairs/new"
    page = secretariat.get(cluster.a.url + path)
    assert page.status == 200
    start, results = threading.Barrier(len(cluster.ids["racers"])), []

    def claim(index, mentee):
        host = cluster.hosts[index % 2]
        browser = secretariat.clone()
        start.wait(10)
        response = browser.post_token(
            host.url + path, page, {"mentee": mentee, "mentor": mentor}
        )
        results.append(response.status)

    threads = [
        threading.Thread(target=claim, args=(i, mentee))
        for i, mentee in enumerate(cluster.ids["racers"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == sorted(
        [302] * world.MENTOR_PLACES + [400] * (len(threads) - world.MENTOR_PLACES)
    ), results
    taken = cluster.scalar(
        "SELECT slots_taken FROM enrolments WHERE id = :id", id=mentor
    )
    live = cluster.scalar(
        "SELECT count(*) FROM proposals WHERE mentor_enrolment_id = :id"
        " AND status = 'awaiting_approval'",
        id=mentor,
    )
    assert taken == live == world.MENTOR_PLACES
