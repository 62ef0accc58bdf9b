"""Sessions opened once a minute per cookie (`core.sessions`): the same cookie opens
the same session, each request gets its own copy, and a cookie changed in any way is
verified, and refused, as ever."""

from flask import session

from mentorship.core.sessions import KeptCookieSessions

from ..factories import sign_in


def _cookie(client):
    return client.get_cookie("session").value


def test_a_cookie_opened_before_opens_the_same_session_without_verifying(
    app, make_user, monkeypatch
):
    assert isinstance(app.session_interface, KeptCookieSessions)
    client = app.test_client()
    person = make_user()
    sign_in(client, person)
    cookie = _cookie(client)
    with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}):
        first = dict(session)
    verified = []
    serializer = app.session_interface.get_signing_serializer

    def counted(app_):
        verified.append(1)
        return serializer(app_)

    monkeypatch.setattr(app.session_interface, "get_signing_serializer", counted)
    with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}):
        assert dict(session) == first and first["_user_id"] == person.get_id()
        session["_user_id"] = "0:0"  # a view changes her session: only this copy
        session["csrf_token"] = "changed"
    with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}):
        assert dict(session) == first
    assert verified == []


def test_a_changed_or_forged_cookie_is_refused_after_the_real_one_was_opened(
    app, make_user
):
    client = app.test_client()
    sign_in(client, make_user())
    cookie = _cookie(client)
    assert client.get("/account").status_code == 200  # opened: kept
    payload, _, signature = cookie.rpartition(".")
    forged = f"{payload}.{'A' * len(signature)}"
    client.set_cookie("session", forged)
    assert client.get("/account").status_code == 302  # to sign in: no session
    with app.test_request_context("/", headers={"Cookie": f"session={forged}"}):
        assert dict(session) == {}
    client.set_cookie("session", cookie)
    assert client.get("/account").status_code == 200
