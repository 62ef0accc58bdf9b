"""Flask's signed-cookie sessions, each cookie verified once a minute per process.

Opening a session checks the cookie's signature, decompresses and parses it: a
twentieth of a kept page's CPU, for the same cookie on every page a reader opens. A
cookie this process opened in the last minute is opened from what it gave then (a
copy: a view may change her session). Only the exact cookie verified before is
found: a forged or changed one is verified as ever. A cookie past its lifetime
(`PERMANENT_SESSION_LIFETIME`) may be accepted for at most that minute more.
"""

import copy

from flask.sessions import SecureCookieSessionInterface

from .pagecache import LRU

OPENED = 4096  # cookies per worker process
FOR = 60  # seconds


class KeptCookieSessions(SecureCookieSessionInterface):
    def __init__(self):
        super().__init__()
        self._opened = LRU(OPENED, max_age=FOR)

    def open_session(self, app, request):
        cookie = request.cookies.get(self.get_cookie_name(app))
        if cookie:
            found = self._opened.get(cookie)
            if found is not None:
                return self.session_class(copy.deepcopy(found))
        opened = super().open_session(app, request)
        if cookie and opened:  # verified (a refused cookie opens an empty session)
            self._opened.put(cookie, copy.deepcopy(dict(opened)))
        return opened
