"""The member's home page: what waits for her and what comes next.

The page is made of panels that features register (`core.panels`): in "home.notices"
what waits for her (decisions, offers, surveys due), in "home.sections" her
mentorships and the programmes open for enrolment. Each panel's data is gathered
here, before rendering: the template runs no query of its own.

Everyone lands here, and the panels cost a dozen features' queries. Their HTML is
kept per data version (`core.pagecache.ANY`: every table is watched, so any commit
that writes anything gives a new stamp, in the same transaction), per reader and
browser session (the forms carry her session's CSRF token), language, and minute:
a page is never older than the data it was rendered after, and at most a minute
older than the clock ("open for registration", "due today"). While the request's
own transaction has uncommitted writes, nothing is kept.
"""

from dataclasses import dataclass

from flask import render_template, session
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..core import pagecache, panels
from ..db import utcnow

CACHE_SIZE = 2048  # entries of a few KB each, per worker process


@dataclass(frozen=True)
class Home:
    notices: list  # of core.panels.Shown
    sections: list


def member_home(user, today):
    """Every panel of her home page, for the signed-in `user`."""
    # Her mentorships first: the surveys' mentorships are then already loaded.
    sections = panels.gather("home.sections", user, today)
    return Home(notices=panels.gather("home.notices", user, today), sections=sections)


_cache = pagecache.LRU(CACHE_SIZE)


def panels_html(user):
    """The HTML of her home page's panels, from the cache when it is current."""
    generate_csrf()  # her session's token exists before it is part of the key
    key = pagecache.key(user.id, session.get("csrf_token"))  # before the data
    if key is not None:
        html = _cache.get(key)
        if html is not None:
            return html
    home = member_home(user, utcnow().date())
    html = Markup(render_template("main/_home_panels.html", home=home))
    if key is not None:
        _cache.put(key, html)
    return html
