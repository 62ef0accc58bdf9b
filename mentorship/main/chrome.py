"""The site's header menu, rendered once per (language, what the reader may open).

Every page shows the menu, and rendering it (a dozen links, translated labels,
seven policy questions) cost a signed-in page about a millisecond. What it shows
depends only on the reader's language and on the answers to those questions, so
its HTML is kept per such key; only the log-out form's CSRF token, which is the
reader's own, is put in on each view. The questions are still asked on every view
(they read her roles, already loaded), so a granted or withdrawn role shows on the
next page.
"""

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from flask import current_app, render_template
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .. import policy
from ..i18n import get_locale

CACHE_SIZE = 256
_CSRF = "\x00csrf-token\x00"  # no CSRF token or translation can contain NUL
_lock = Lock()


@dataclass(frozen=True)
class NavFlags:
    """What the menu shows: the answers of `policy` for the reader."""

    signed_in: bool
    alliance_overview: bool = False
    approval_queue: bool = False
    dashboards: bool = False
    my_organisation: int | None = None
    registry: bool = False
    people: bool = False


def nav_flags(user):
    if not user.is_authenticated:
        return NavFlags(signed_in=False)
    return NavFlags(
        signed_in=True,
        alliance_overview=policy.can_view_alliance_overview(user),
        approval_queue=policy.has_approval_queue(user),
        dashboards=policy.can_open_dashboards(user),
        my_organisation=policy.my_organisation(user),
        registry=policy.can_manage_organisations(user),
        people=policy.can_manage_people(user),
    )


def site_nav():
    """The menu's HTML for the current reader (a Jinja global)."""
    flags = nav_flags(current_user)
    key = (str(get_locale()), flags)
    cache = current_app.extensions.setdefault("site_nav", OrderedDict())
    with _lock:
        html = cache.get(key)
        if html is not None:
            cache.move_to_end(key)
    if html is None:
        html = render_template(
            "_partials/nav.html", nav=flags, csrf_token=lambda: _CSRF
        )
        with _lock:
            cache[key] = html
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
    if flags.signed_in:
        html = html.replace(_CSRF, generate_csrf())
    return Markup(html)


def init_app(app):
    app.jinja_env.globals["site_nav"] = site_nav
