"""The header menu is rendered once per language and per answers of the policy
(`main.chrome`): a role granted or withdrawn shows on the next page, readers with
different powers or languages never share a menu, and each reader's log-out form
carries her own CSRF token."""

import re

from mentorship.auth import services
from mentorship.db import db

from ..factories import sign_in


def nav_of(client, path="/account"):
    html = client.get(path).data.decode()
    return re.search(r'<nav aria-label="[^"]*" class="site-nav">.*?</nav>', html, re.S)[
        0
    ]


def test_a_granted_role_shows_in_the_menu_on_the_next_page(app, make_org, make_user):
    org = make_org()
    person = make_user(org=org)
    client = app.test_client()
    sign_in(client, person)
    assert "Approvals" not in nav_of(client)
    services.grant_role(person, "coordinator")
    db.session.commit()
    nav = nav_of(client)
    assert "Approvals" in nav
    assert f'href="/organisations/{org.id}/members"' in nav
    services.revoke_role(person, "coordinator")
    db.session.commit()
    assert "Approvals" not in nav_of(client)


def test_readers_of_other_powers_and_languages_get_their_own_menu(
    app, make_org, make_user
):
    one, two = make_org(), make_org()
    coordinator_one = make_user(org=one, roles=("coordinator",))
    coordinator_two = make_user(org=two, roles=("coordinator",))
    staff = make_user(org=one, roles=("secretariat",))
    menus = {}
    for person in (coordinator_one, coordinator_two, staff):
        client = app.test_client()
        sign_in(client, person)
        menus[person.id] = nav_of(client)
    assert f"/organisations/{one.id}/members" in menus[coordinator_one.id]
    assert f"/organisations/{one.id}/members" not in menus[coordinator_two.id]
    assert f"/organisations/{two.id}/members" in menus[coordinator_two.id]
    assert "Alliance" in menus[staff.id] and "Alliance" not in menus[coordinator_one.id]
    french = app.test_client()
    sign_in(french, coordinator_one, locale="fr")
    assert "Se déconnecter" in nav_of(french)
    assert "Log out" not in nav_of(french)
    english = app.test_client()
    sign_in(english, coordinator_one, locale="en")
    assert "Log out" in nav_of(english)


def test_each_reader_logs_out_with_her_own_token(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        tokens = []
        clients = []
        for person in (make_user(), make_user()):
            client = app.test_client()
            sign_in(client, person)
            nav = nav_of(client)
            assert "\x00" not in nav
            token = re.search(r'name="csrf_token" value="([^"]+)"', nav)[1]
            tokens.append(token)
            clients.append(client)
        assert tokens[0] != tokens[1]
        # Her own token logs her out; the other reader's is refused.
        assert (
            clients[0].post("/logout", data={"csrf_token": tokens[1]}).status_code
            == 400
        )
        assert (
            clients[0].post("/logout", data={"csrf_token": tokens[0]}).status_code
            == 302
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_anonymous_readers_get_the_sign_in_links(app):
    nav = nav_of(app.test_client(), "/")
    assert "/login" in nav and "/register" in nav and "Log out" not in nav
