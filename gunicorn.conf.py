"""Gunicorn's settings for the platform: `gunicorn wsgi:app` reads this file.

Sized for the host it runs on: one worker process per core (WEB_CONCURRENCY), each
with a few threads (GUNICORN_THREADS) so that a page waiting on PostgreSQL or on SMTP
does not hold a core. The figures behind these defaults are in benchmarks/WEB.md.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is killed and logged; no page should.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Graceful shutdown (SIGTERM, a deploy): stop accepting, let requests in flight
# finish for up to this long, then stop. Give the orchestrator's own grace period
# a few seconds more (Kubernetes terminationGracePeriodSeconds, systemd
# TimeoutStopSec). A request cut short after it rolls back: nothing half-written.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
keepalive = 5
# Workers' heartbeat files in memory: a slow or full disk must not get them killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Recycle workers now and then (jittered so they do not restart together). Not
# often: a new worker pays its start (~4 s of CPU, importing the app) and begins
# with empty caches of kept pages, and every cache in a worker is bounded anyway.
# At 2,000 the benchmark's workers restarted every few seconds under load; at
# 50,000, every 70 s, both within seconds of each other (a 3 s run served nothing).
# At a million: hours at the benchmark's load, days at an ordinary day's.
max_requests = 1_000_000
max_requests_jitter = 100_000
# Access log on standard output ("-"), the error log on standard error.
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
# The request id the app returned (X-Request-ID) ties this line to the app's and
# the jobs' log lines (LOG_FORMAT=json).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
# Behind one proxy that sets X-Forwarded-*; the app's PROXY_HOPS decides what to trust.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
