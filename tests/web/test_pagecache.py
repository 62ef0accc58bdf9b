"""Pages kept per data version (`core.pagecache`).

Public pages (`public_page`): a second anonymous view is served from the cache, a
commit anywhere shows on the next view, each reader's forms carry her own CSRF
token, a flashed message is never kept, and signed-in readers are never served a
kept public page: they get their own. A signed-in reader's pages (`reader_page`,
under every `policy.requires`): kept for her alone, a
commit shows on the next view, her access is checked on every view, her forms carry
a token that works, and the view's own headers come with the kept page."""

import re
import threading

import pytest
from flask import session
from flask_login import login_user

from mentorship.auth import services
from mentorship.core import pagecache
from mentorship.db import db

from ..factories import PASSWORD, sign_in


def test_a_second_anonymous_view_is_kept_until_data_changes(app, make_org):
    make_org(name="Women in Mining Alpha")
    client = app.test_client()
    first = client.get("/organisations")
    assert "Women in Mining Alpha" in first.text
    assert "X-Page-Cache" not in first.headers
    second = client.get("/organisations")
    assert second.headers.get("X-Page-Cache") == "hit"
    assert second.text == first.text
    make_org(name="Women in Mining Beta")  # committed: the version changes
    third = client.get("/organisations")
    assert "X-Page-Cache" not in third.headers
    assert "Women in Mining Beta" in third.text
    # The query string is part of the key.
    assert "X-Page-Cache" not in client.get("/organisations?region=europe").headers


def test_each_anonymous_reader_gets_her_own_csrf_token(app, make_user):
    person = make_user(email="ana@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        clients = [app.test_client(), app.test_client()]
        tokens = []
        for client in clients:
            page = client.get("/login")
            assert "\x00" not in page.text
            tokens.append(
                re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)[1]
            )
        assert clients[1].get("/login").headers.get("X-Page-Cache") == "hit"
        assert tokens[0] != tokens[1]
        # The other reader's token is refused; her own signs her in.
        data = {"email": person.email, "password": PASSWORD}
        refused = clients[0].post("/login", data={**data, "csrf_token": tokens[1]})
        assert refused.status_code == 400
        accepted = clients[0].post("/login", data={**data, "csrf_token": tokens[0]})
        assert accepted.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_flashed_message_is_never_kept(app, make_user):
    person = make_user()
    client = app.test_client()
    sign_in(client, person)
    client.post("/logout")
    shown = client.get("/")
    assert "You are logged out." in shown.text
    other = app.test_client().get("/")
    assert "You are logged out." not in other.text


def test_a_signed_in_reader_of_a_public_page_gets_her_own_copy(
    app, make_org, make_user
):
    org = make_org(name="Women in Mining Gamma")
    ana, bea = make_user(org=org), make_user(org=org)
    url = f"/organisations/{org.slug}"
    app.test_client().get(url)
    assert app.test_client().get(url).headers.get("X-Page-Cache") == "hit"
    first, second = app.test_client(), app.test_client()
    sign_in(first, ana)
    sign_in(second, bea)
    hers = first.get(url)  # not the anonymous copy
    assert "X-Page-Cache" not in hers.headers
    assert "Log out" in hers.text
    assert first.get(url).headers.get("X-Page-Cache") == "hit"
    assert "X-Page-Cache" not in second.get(url).headers  # not Ana's either
    anonymous = app.test_client().get(url)
    assert anonymous.headers.get("X-Page-Cache") == "hit"
    assert "Log out" not in anonymous.text


def test_nothing_is_kept_while_the_transaction_has_uncommitted_writes(app, make_org):
    org = make_org(name="Women in Mining Delta")
    with app.test_request_context("/organisations"):
        assert pagecache.key("/organisations") is not None
        org.name = "Women in Mining Epsilon"
        db.session.flush()  # written, not committed
        assert pagecache.key("/organisations") is None
        db.session.rollback()


def test_the_login_page_reads_no_data_and_stays_kept_across_writes(app, make_org):
    client = app.test_client()
    client.get("/login")
    make_org()  # a commit: pages reading data are computed afresh, not this one
    assert client.get("/login").headers.get("X-Page-Cache") == "hit"
    assert "X-Page-Cache" not in client.get("/login?next=/programmes").headers


# --- A signed-in reader's pages (reader_page) ------------------------------------


def test_her_page_is_kept_for_her_until_data_changes(app, make_user):
    person = make_user(name="Ana Quispe")
    client = app.test_client()
    sign_in(client, person)
    first = client.get("/account")
    assert "Ana Quispe" in first.text
    assert "X-Page-Cache" not in first.headers
    second = client.get("/account")
    assert second.headers.get("X-Page-Cache") == "hit"
    person.name = "Ana Quispe Mamani"
    db.session.commit()  # a new version: the next view is rendered again
    third = client.get("/account")
    assert "X-Page-Cache" not in third.headers
    assert "Ana Quispe Mamani" in third.text
    # Another language, another query string: other entries.
    assert "X-Page-Cache" not in client.get("/account?tab=1").headers
    other_language = client.get("/account", headers={"Accept-Language": "fr"})
    assert "X-Page-Cache" not in other_language.headers


def test_another_reader_never_gets_her_kept_page(app, make_user):
    ana, bea = make_user(name="Ana Quispe"), make_user(name="Beatriz Flores")
    first, second = app.test_client(), app.test_client()
    sign_in(first, ana)
    sign_in(second, bea)
    assert "Ana Quispe" in first.get("/account").text
    hers = second.get("/account")
    assert "X-Page-Cache" not in hers.headers
    assert "Beatriz Flores" in hers.text and "Ana Quispe" not in hers.text
    # Nothing was written meanwhile: Ana's own page is still kept for her.
    assert first.get("/account").headers.get("X-Page-Cache") == "hit"


def test_her_access_is_checked_on_every_view(app, make_org, make_user):
    org = make_org()
    person = make_user(org=org, roles=("coordinator",))
    client = app.test_client()
    sign_in(client, person)
    url = f"/organisations/{org.id}/members"
    assert client.get(url).status_code == 200
    assert client.get(url).headers.get("X-Page-Cache") == "hit"
    services.revoke_role(person, "coordinator")
    db.session.commit()
    assert client.get(url).status_code in (403, 404)


def test_a_kept_page_carries_a_token_that_works(app, make_user):
    person = make_user(name="Ana Quispe")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        sign_in(client, person)
        client.get("/account")
        kept = client.get("/account")
        assert kept.headers.get("X-Page-Cache") == "hit"
        assert "\x00" not in kept.text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', kept.text)[1]
        assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
        assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_flashed_message_is_never_kept_for_her(app, make_user):
    person = make_user()
    client = app.test_client()
    sign_in(client, person)
    client.get("/account")
    with client.session_transaction() as her_session:
        her_session["_flashes"] = [("message", "Saved for the test.")]
    shown = client.get("/account")
    assert "Saved for the test." in shown.text
    assert "X-Page-Cache" not in shown.headers
    again = client.get("/account")
    assert "Saved for the test." not in again.text


def test_the_views_own_headers_come_with_the_kept_page(app, make_user):
    client = app.test_client()
    sign_in(client, make_user())
    first = client.get("/account/data")
    kept = client.get("/account/data")
    assert kept.headers.get("X-Page-Cache") == "hit"
    assert kept.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert "no-store" in kept.headers["Cache-Control"]


def test_the_kept_pages_are_bounded_in_size_too():
    kept = pagecache.LRU(10, weigh=len, max_weight=10)
    kept.put("a", "xxxx")
    kept.put("b", "xxxx")
    assert kept.weight == 8
    kept.get("a")  # used: "b" is now the least recent
    kept.put("c", "xxxx")
    assert kept.get("b") is None and kept.get("a") == kept.get("c") == "xxxx"
    assert kept.weight == 8
    kept.put("a", "xx")  # replaced, not counted twice
    assert kept.weight == 6
    kept.put("huge", "x" * 50)  # alone over the bound: kept, everything else goes
    assert len(kept) == 1 and kept.weight == 50
    kept.clear()
    assert kept.weight == 0 and len(kept) == 0


def test_every_guarded_page_is_kept_for_her(app, make_user):
    """`policy.requires` keeps the page: here the coordination half's "my events"."""
    client = app.test_client()
    sign_in(client, make_user())
    assert "X-Page-Cache" not in client.get("/events/mine").headers
    assert client.get("/events/mine").headers.get("X-Page-Cache") == "hit"
    make_user()  # a commit anywhere
    assert "X-Page-Cache" not in client.get("/events/mine").headers


def test_a_page_whose_view_wrote_to_the_session_is_not_kept(app, make_user):
    person = make_user()
    calls = []

    def shown_once():
        calls.append("shown once")
        session["secret"] = "shown once"
        return "<p>Your new secret: shown once.</p>"

    def plain():
        calls.append("plain")
        return "<p>Her page.</p>"

    views = {"/secret": shown_once, "/plain": plain}
    for path, view in (*views.items(), *views.items()):
        with app.test_request_context(path):
            login_user(person)
            assert pagecache.reader_page(view)().status_code == 200
    assert calls == ["shown once", "plain", "shown once"]  # the plain page was kept


def test_a_calendar_file_is_kept_with_its_own_type(app, make_user):
    from datetime import timedelta

    from mentorship.core import translated
    from mentorship.db import utcnow
    from mentorship.events.models import EventSeries, EventSession

    series = EventSeries(
        slug="rt-kept", kind="round_table", name=translated.new_text("en", en="RT")
    )
    starts = utcnow().replace(microsecond=0) + timedelta(days=7)
    event = EventSession(
        series=series,
        title=translated.new_text("en", en="Round table"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        timezone="America/Lima",
        audience="public",
    )
    db.session.add_all([series, event])
    db.session.commit()
    client = app.test_client()
    first = client.get(f"/events/{event.id}.ics")
    assert first.status_code == 200
    kept = client.get(f"/events/{event.id}.ics")
    assert kept.headers.get("X-Page-Cache") == "hit"
    assert kept.headers["Content-Type"] == first.headers["Content-Type"]
    assert kept.headers["Content-Type"].startswith("text/calendar")
    assert kept.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    assert kept.data == first.data


def _token(page):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)[1]


def test_a_kept_pages_token_is_signed_once_per_session(app, make_user, monkeypatch):
    signed = []
    generate = pagecache.generate_csrf

    def counted():
        signed.append(1)
        return generate()

    monkeypatch.setattr(pagecache, "generate_csrf", counted)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        sign_in(client, make_user())
        client.get("/account")
        signed.clear()
        pages = [client.get("/account") for _ in range(3)]
        assert {page.headers.get("X-Page-Cache") for page in pages} == {"hit"}
        assert len(signed) == 1 and len({_token(page) for page in pages}) == 1
        other = app.test_client()  # another session: its own token
        sign_in(other, make_user())
        other.get("/account")
        assert _token(other.get("/account")) != _token(pages[0])
        assert (
            client.post("/logout", data={"csrf_token": _token(pages[2])}).status_code
            == 302
        )
        # Tokens that expire are signed on every view.
        app.config["WTF_CSRF_TIME_LIMIT"] = 3600
        other.get("/account")  # rendered afresh (the logout was a commit)
        signed.clear()
        kept = [other.get("/account") for _ in range(2)]
        assert {page.headers.get("X-Page-Cache") for page in kept} == {"hit"}
        assert len(signed) == 2
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
        app.config["WTF_CSRF_TIME_LIMIT"] = None


class _CountingLRU(pagecache.LRU):
    """Counts the looks, so a test knows every thread has missed."""

    def __init__(self):
        super().__init__(8)
        self.looks = threading.Semaphore(0)

    def get(self, key):
        self.looks.release()
        return super().get(key)


def _ask(app, pages, view, answers):
    with app.test_request_context("/somewhere"):
        response = pagecache._kept(pages, ("a page",), view, (), {})
        answers.append(response.get_data(as_text=True))


def test_a_missing_page_is_rendered_by_one_thread_while_the_others_wait(app):
    """Pages expire together: the threads asking for one meanwhile take the first
    thread's copy instead of each rendering it."""
    pages, rendering, release = _CountingLRU(), threading.Event(), threading.Event()
    renders, answers = [], []

    def view():
        renders.append(1)
        rendering.set()
        assert release.wait(10)
        return "<p>the page</p>"

    first = threading.Thread(target=_ask, args=(app, pages, view, answers))
    first.start()
    assert rendering.wait(10)
    others = [
        threading.Thread(target=_ask, args=(app, pages, view, answers))
        for _ in range(3)
    ]
    for thread in others:
        thread.start()
    for _ in range(4):  # the first thread's look, then each other one's miss
        assert pages.looks.acquire(timeout=10)
    release.set()
    for thread in (first, *others):
        thread.join(10)
    assert answers == ["<p>the page</p>"] * 4
    assert len(renders) == 1
    assert pagecache._rendering == {}


def test_when_the_first_rendering_keeps_nothing_the_others_render_it_themselves(app):
    pages, calls, answers = pagecache.LRU(8), [], []

    def view():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the first rendering failed")
        return "<p>the page</p>"

    with pytest.raises(RuntimeError):
        _ask(app, pages, view, answers)
    assert pagecache._rendering == {}  # released when it failed
    _ask(app, pages, view, answers)
    assert answers == ["<p>the page</p>"] and len(calls) == 2
