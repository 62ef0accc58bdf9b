"""Pages kept per data version: public pages for anonymous readers, and the parts
of a signed-in page that are expensive and hers alone (her home's panels).

`ANY` is a data version (`core.versions`) over every table: any commit that writes
anything stamps it anew, in the same transaction, so an entry keyed by it is never
older than the data it was rendered after. Keys also carry the language and the
minute, so what moves with the clock ("upcoming", "open until") is at most a minute
old. Nothing is kept while the request's own transaction has uncommitted writes.

`public_page` keeps the whole HTML of a GET answered to an anonymous reader, per
path and query string; the CSRF token in its forms is the reader's own (stored
without it, put in on each view). A page showing a flashed message is not kept.
A signed-in reader of a public page gets her own copy, as below.

`reader_page` keeps the HTML of a signed-in reader's GET for her alone: per reader,
host, path and query string, language and the browser's time-zone hints, with the
same token substitution. `policy.requires` puts it under every guarded view, so
the view's access check runs on every view; a check made inside the view reads
data, so a change to her roles gives a new version and the page is rendered again.
A page may therefore read only her, its address, the browser's hints, the data
and the clock (to the minute): nothing from a file, the job queue or the session.

The caches are in-process and bounded (least recently used out first); each worker
keeps its own, and all agree through the version in the database.
"""

import functools
import threading
import time
from collections import OrderedDict

from flask import current_app, g, make_response, request, session
from flask.globals import request_ctx
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..db import db, utcnow
from . import versions

ANY = "any"
PUBLIC_PAGES = 512  # whole pages of 5-30 KB, per worker process
READER_PAGES = 4096  # a signed-in reader's pages, per worker process,
READER_BYTES = 32 * 2**20  # and at most this many characters of them (3-50 K each)
_TOKEN = "\x00csrf\x00"  # never in a page: NUL is not valid HTML text


class LRU:
    """A bounded, thread-safe mapping; the least recently used entry goes first.
    With `max_age` (seconds), an older entry is gone (figures that move with the
    clock: `outcomes.cache`). With `weigh` (value -> a size) and `max_weight`, the
    entries' sizes add up to at most that (kept pages: their characters)."""

    def __init__(self, size, max_age=None, weigh=None, max_weight=None):
        self.size = size
        self.max_age = max_age
        self.weigh = weigh or (lambda _value: 0)
        self.max_weight = max_weight
        self.weight = 0
        self._entries = OrderedDict()  # key -> (born, weight, value)
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            born, _weight, value = found
            if self.max_age is not None and time.monotonic() - born > self.max_age:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key, value):
        weight = self.weigh(value)
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic(), weight, value)
            self.weight += weight
            while len(self._entries) > self.size or (
                self.max_weight is not None
                and self.weight > self.max_weight
                and len(self._entries) > 1
            ):
                self._drop(next(iter(self._entries)))

    def _drop(self, key):
        _born, weight, _value = self._entries.pop(key)
        self.weight -= weight

    def clear(self):
        with self._lock:
            self._entries.clear()
            self.weight = 0

    def __len__(self):
        return len(self._entries)


def watch_everything():
    """Version `ANY` over every table (call once every model is imported)."""
    from .models import DataVersion

    for mapper in db.Model.registry.mappers:
        if mapper.class_ is not DataVersion:
            versions.watch(ANY, mapper.class_)


def key(*parts, data=True):
    """(stamp, language, minute, *parts), or None when nothing may be kept (this
    transaction wrote data it has not committed). Read it before the data.
    `data=False`: a page that reads no data (the login form) has no stamp."""
    from flask_babel import get_locale

    stamp = versions.current(ANY) if data else "-"
    if stamp is None:
        return None
    minute = utcnow().replace(second=0, microsecond=0)
    return (stamp, str(get_locale()), minute, *parts)


_pages = LRU(PUBLIC_PAGES)
_reader_pages = LRU(
    READER_PAGES, weigh=lambda kept: len(kept[0]), max_weight=READER_BYTES
)


def reader_page(view):
    """Keep the HTML this view answers the signed-in reader's GETs with, for her
    alone (see the module's docstring). Put it under the view's access check."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if (
            request.method != "GET"
            or not current_user.is_authenticated
            or "_flashes" in session
        ):
            return view(*args, **kwargs)
        return _kept(_reader_pages, _reader_key(), view, args, kwargs)

    return wrapped


def _reader_key():
    return key(
        "reader",
        current_user.get_id(),
        request.host,
        request.full_path,
        *_hints(),
    )


def _hints():
    """What a page may read of the browser besides the path: the time-zone hints
    of `events.times.browser_zone`."""
    return request.cookies.get("tz"), request.headers.get("Accept-Language")


def _kept(pages, page_key, view, args, kwargs):
    """The kept page under `page_key`, else the view's answer (kept if it may be).

    One thread of the process renders a missing page; another asking for the same
    page meanwhile waits for its copy instead of rendering it too. Pages expire
    together (a new minute, any write): without this, each of a worker's threads
    rendered the same page at once, sharing one core, and every one of them waited
    the whole of it (a programme's admin page at 100,000 members: ~150 ms alone,
    stalls of ~1 s at 50 connections)."""
    if page_key is None:
        return view(*args, **kwargs)
    found = pages.get(page_key)
    if found is None:
        found, mine = _claim(pages, page_key)
        if mine is not None:
            try:
                return _render(pages, page_key, view, args, kwargs)
            finally:
                with _rendering_lock:
                    del _rendering[page_key]
                mine.set()
    if found is None:  # the other thread's answer was not kept (or was too slow)
        return _render(pages, page_key, view, args, kwargs)
    body, headers = found
    response = make_response(body.replace(_TOKEN, _form_token()))
    response.headers.pop("Content-Type")
    response.headers.extend(headers)
    response.headers["X-Page-Cache"] = "hit"
    return response


_rendering = {}  # page key -> an Event set when this process's rendering of it ends
_rendering_lock = threading.Lock()
RENDER_WAIT = 10  # seconds at most spent waiting for another thread's rendering


def _claim(pages, page_key):
    """(its copy, None) when another thread rendered the page meanwhile, waiting for
    it if it is rendering now (None if that kept nothing); (None, an Event) when this
    thread is to render it, the Event to set when done."""
    with _rendering_lock:
        other = _rendering.get(page_key)
        if other is None:
            found = pages.get(page_key)  # rendered between the first look and now
            if found is not None:
                return found, None
            mine = _rendering[page_key] = threading.Event()
            return None, mine
    other.wait(RENDER_WAIT)
    return pages.get(page_key), None


def _render(pages, page_key, view, args, kwargs):
    """The view's answer, kept under `page_key` if it may be."""
    before, writes = _session_state(), versions.writes_committed()
    response = make_response(view(*args, **kwargs))
    if (
        _keepable(response)
        and _session_state() == before
        and versions.writes_committed() == writes  # its copy would never be found
    ):
        html = response.get_data(as_text=True)
        token = g.get("csrf_token")
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name not in _MADE_AGAIN
        ]
        pages.put(page_key, (html.replace(token, _TOKEN) if token else html, headers))
    return response


_signed_tokens = LRU(8192)  # a session's form token -> its signed form


def _form_token():
    """The reader's signed form token, as `generate_csrf` gives it, signed once per
    session token in this process (signing cost a twentieth of a kept page). The
    signature carries a time, but tokens do not expire (`WTF_CSRF_TIME_LIMIT` None):
    an earlier signed form is as valid. With a time limit set, each is signed anew."""
    if current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    raw = session.get("csrf_token")
    if raw is not None and "csrf_token" not in g:
        signed = _signed_tokens.get(raw)
        if signed is not None:
            g.csrf_token = signed
            return signed
    signed = generate_csrf()
    _signed_tokens.put(session["csrf_token"], signed)
    return signed


def public_page(view=None, *, data=True):
    """Keep the HTML this public view answers GETs with: one copy per path for
    anonymous readers and, as `reader_page` does, her own for a signed-in reader
    (a public page may show what is hers: her registration, her vote). `data=False`
    when the anonymous page reads nothing from the database (kept per language and
    minute, whatever is written meanwhile)."""
    if view is None:
        return functools.partial(public_page, data=data)

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if request.method != "GET" or "_flashes" in session:
            return view(*args, **kwargs)
        if current_user.is_authenticated:
            return _kept(_reader_pages, _reader_key(), view, args, kwargs)
        page_key = key(request.host, request.full_path, *_hints(), data=data)
        return _kept(_pages, page_key, view, args, kwargs)

    return wrapped


_MADE_AGAIN = {"Content-Length"}  # the kept body's own
# Pages, a session's calendar file, and CSV exports. An export that is audited
# commits its audit row: like any answer of a request that committed a write, it is
# not kept (it would be kept under the version it began with, never found again),
# and each download is recorded.
KEPT_TYPES = {"text/html", "text/calendar", "text/csv"}


def _keepable(response):
    """A 200 page (HTML, a calendar file or CSV) showing no flashed message and setting
    no cookie (its other headers, such as Cache-Control, are kept with it)."""
    flashed = request_ctx.flashes
    return (
        response.status_code == 200
        and response.mimetype in KEPT_TYPES
        and not response.direct_passthrough
        and not flashed
        and "Set-Cookie" not in response.headers
    )


def _session_state():
    """The session but its CSRF token (a view that wrote to the session, a value
    shown once say, answered with a page that is not kept)."""
    return {name: value for name, value in session.items() if name != "csrf_token"}


def clear():
    _pages.clear()
    _reader_pages.clear()
    _signed_tokens.clear()
