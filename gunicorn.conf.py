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
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (jittered so they do not restart together).
max_requests = 2000
max_requests_jitter = 200
# Access log on standard output ("-"), the error log on standard error.
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# Behind one proxy that sets X-Forwarded-*; the app's PROXY_HOPS decides what to trust.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
