"""Computed figures, kept per data version: a dashboard costs its queries and charts
once per change of the data, not once per view.

An entry is keyed by everything the figures depend on: the data version
(`core.versions`, stamped by every commit that writes a table the metrics read), the
day (the 45-day activity window), the reader's scope (`policy.outcome_scope`: survey
disclosure control considers every group within it), the filters, the breakdown and
the locale (labels and number formats). Two readers share an entry only when all of
these are equal, that is when they would be shown the same figures.

Figures that move with the clock alone (months active to now) are at most `MAX_AGE`
seconds old. The cache is in-process and bounded (least recently used out first);
each worker process keeps its own, and all agree through the version in the database.
"""

import threading
from contextlib import contextmanager

from flask import g, has_app_context
from flask_babel import get_locale

from ..core import versions
from ..core.pagecache import LRU
from ..db import utcnow
from .metrics import VERSION

MAX_ENTRIES = 128
MAX_AGE = 600  # seconds


_entries = LRU(MAX_ENTRIES, max_age=MAX_AGE)


def key(*parts):
    """The key of a result for this request: None when it must not be cached (the
    request's own transaction changed the data)."""
    version = _version()
    if version is None:
        return None
    return (version, utcnow().date(), str(get_locale()), *parts)


def _version():
    """The data version, read once per request (before any figure is computed)."""
    if not has_app_context():
        return versions.current(VERSION)
    if "outcomes_version" not in g:
        g.outcomes_version = versions.current(VERSION)
    return g.outcomes_version


def cached(what, compute, *parts):
    """`compute()`, or its result for the same key if already computed."""
    found_key = key(what, *parts)
    if found_key is None:
        return compute()
    found = _entries.get(found_key)
    if found is not None:
        return found
    # One thread computes a missing entry; the others asking for it wait for it
    # (a burst of views after a change costs one computation per process, not one
    # per view).
    with _computing(found_key):
        found = _entries.get(found_key)
        if found is None:
            found = compute()
            _entries.put(found_key, found)
    return found


_locks = {}  # key -> [lock, number of threads holding or waiting for it]
_locks_guard = threading.Lock()


@contextmanager
def _computing(found_key):
    with _locks_guard:
        entry = _locks.setdefault(found_key, [threading.Lock(), 0])
        entry[1] += 1
    try:
        with entry[0]:
            yield
    finally:
        with _locks_guard:
            entry[1] -= 1
            if entry[1] == 0:
                del _locks[found_key]


def clear():
    _entries.clear()
