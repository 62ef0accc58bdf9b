"""Organisations: directory, registry, coordinators, member lists and invitations."""

import re

import flask_babel
import pytest
import sqlalchemy as sa
from flask import url_for

from mentorship.audit.models import AuditEvent
from mentorship.auth.models import User
from mentorship.core import memberships, pagecache
from mentorship.core.models import Membership
from mentorship.db import db, utcnow
from mentorship.organisations import services
from mentorship.organisations.models import Invitation, Organisation
from mentorship.profiles.models import Profile

from ..factories import statements_run


def _coordinating(person):
    """How many current coordinator memberships she holds."""
    return _count(
        Membership,
        Membership.user_id == person.id,
        memberships.holding("coordinator"),
    )


def _count(model, *where):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(*where)
    )


def _org_data(**overrides):
    data = {
        "name": "Women in Mining Ghana",
        "country": "GH",
        "region": "africa",
        "website": "https://wim-ghana.example.org",
        "description-en": "Supporting women across Ghana's mining sector.",
        "description-fr": "",
        "description-es": "",
        "status": "member",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff(make_user, auth):
    user = make_user(email="secretariat@example.org", roles=["secretariat"])
    auth.login(user.email)
    return user


@pytest.fixture
def two_orgs(make_org, make_user):
    """Two member organisations, each with a coordinator and one plain member."""
    own = make_org(name="WIM South Africa")
    other = make_org(name="WIM Canada", region="north_america", country="CA")
    people = {
        "coordinator": make_user(
            email="coord@example.org", org=own, roles=["coordinator"], name="Coco"
        ),
        "member": make_user(email="member@example.org", org=own, name="Mbali"),
        "other_coordinator": make_user(
            email="othercoord@example.org", org=other, roles=["coordinator"]
        ),
        "other_member": make_user(
            email="othermember@example.org", org=other, name="Olivia"
        ),
    }
    return own, other, people


# --- Directory and detail ------------------------------------------------------------


def test_directory_lists_only_member_organisations(client, make_org):
    make_org(
        name="Alpha WIM",
        website="https://alpha.example.org",
        description={"en": "Alpha supports women geologists."},
    )
    make_org(name="Beta WIM", region="europe", country="FR")
    make_org(name="Gamma WIM", status="applicant")
    make_org(name="Delta WIM", status="paused")

    page = client.get("/organisations")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Alpha WIM" in html and "Beta WIM" in html
    assert "Gamma WIM" not in html and "Delta WIM" not in html
    assert "South Africa" in html and "Europe" in html
    assert "Alpha supports women geologists." in html
    assert 'href="https://alpha.example.org" rel="noopener"' in html
    assert html.index("Alpha WIM") < html.index("Beta WIM")


def test_directory_filters_by_region_and_ignores_unknown_regions(client, make_org):
    make_org(name="Alpha WIM")
    make_org(name="Beta WIM", region="europe", country="FR")

    europe = client.get("/organisations?region=europe").get_data(as_text=True)
    assert "Beta WIM" in europe and "Alpha WIM" not in europe

    unknown = client.get("/organisations?region=atlantis")
    assert unknown.status_code == 200
    assert "Alpha WIM" in unknown.get_data(as_text=True)


def test_directory_shows_the_description_in_the_readers_language(client, make_org):
    make_org(name="Alpha WIM", description={"en": "In English.", "fr": "En français."})

    html = client.get("/organisations", headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )

    assert "En français." in html and "In English." not in html


def test_detail_of_member_organisation_is_public(client, make_org):
    org = make_org(name="Alpha WIM", description={"en": "Who we are."})
    page = client.get(f"/organisations/{org.slug}")
    assert page.status_code == 200
    assert "Who we are." in page.get_data(as_text=True)


@pytest.mark.parametrize("status", ["paused", "left", "applicant"])
def test_detail_is_404_for_non_members_unless_staff(
    client, make_org, make_user, auth, status
):
    org = make_org(status=status)
    assert client.get(f"/organisations/{org.slug}").status_code == 404
    make_user(email="member@example.org")
    auth.login("member@example.org")
    assert client.get(f"/organisations/{org.slug}").status_code == 404
    auth.logout()
    make_user(email="sec@example.org", roles=["secretariat"])
    auth.login("sec@example.org")
    assert client.get(f"/organisations/{org.slug}").status_code == 200


def test_detail_of_unknown_slug_is_404(client, app_ctx):
    assert client.get("/organisations/nobody-here").status_code == 404


# --- Registry, create and edit -------------------------------------------------------


def test_registry_lists_every_organisation_with_counts_and_coordinators(
    client, staff, two_orgs, make_org
):
    make_org(name="Applicant WIM", status="applicant")
    html = client.get("/admin/organisations").get_data(as_text=True)
    assert "WIM South Africa" in html and "Applicant WIM" in html
    assert "Coco" in html
    rows = {org.name: (count, names) for org, count, names in services.registry_rows()}
    assert rows["WIM South Africa"] == (2, ["Coco"])
    assert rows["Applicant WIM"] == (0, [])

    applicants = client.get("/admin/organisations?status=applicant").get_data(
        as_text=True
    )
    assert "Applicant WIM" in applicants and "WIM South Africa" not in applicants
    assert client.get("/admin/organisations?status=bogus").status_code == 200


def test_registry_needs_two_queries_however_many_organisations(
    app_ctx, two_orgs, make_org
):
    for n in range(5):
        make_org(name=f"Extra {n}")
    with statements_run() as statements:
        rows = services.registry_rows()
    assert len(rows) == 7
    assert len(statements) == 2


def test_secretariat_creates_an_organisation(client, staff):
    response = client.post("/admin/organisations/new", data=_org_data())

    assert response.status_code == 302
    org = db.session.scalar(sa.select(Organisation))
    assert org.name == "Women in Mining Ghana"
    assert org.slug == "women-in-mining-ghana"
    assert (org.country, org.region, org.status) == ("GH", "africa", "member")
    assert org.website == "https://wim-ghana.example.org"


def test_create_form_offers_translated_countries(client, staff):
    client.post("/language", data={"locale": "es"})
    flask_babel.refresh()  # the tests share one app context, where Babel caches
    html = client.get("/admin/organisations/new").get_data(as_text=True)
    assert '<option value="ES">España</option>' in html


def test_duplicate_name_is_refused_with_a_clear_message(client, staff, make_org):
    make_org(name="Women in Mining Ghana")

    response = client.post(
        "/admin/organisations/new", data=_org_data(name="women in mining ghana")
    )

    assert response.status_code == 400
    assert "Another organisation already has this name." in response.get_data(
        as_text=True
    )
    assert _count(Organisation) == 1


def test_duplicate_name_race_is_a_clear_message_not_a_500(
    client, staff, make_org, monkeypatch
):
    make_org(name="Women in Mining Ghana")
    # Another request inserts the same name between our check and our insert.
    monkeypatch.setattr(services, "name_taken", lambda *a, **k: False)

    response = client.post("/admin/organisations/new", data=_org_data())

    assert response.status_code == 400
    assert "Another organisation already has this name." in response.get_data(
        as_text=True
    )
    assert _count(Organisation) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "javascript:alert(1)", "starting with http:// or https://"),
        ("website", "ftp://files.example.org", "starting with http:// or https://"),
        ("website", "https://" + "a" * 300 + ".org", "At most 300 characters."),
        ("name", "N" * 161, "At most 160 characters."),
        ("name", "   ", "Enter the organisation"),
        ("description-en", "d" * 5001, "At most 5000 characters."),
        ("country", "XX", "Not a valid choice"),
        ("region", "atlantis", "Not a valid choice"),
        ("status", "founder", "Not a valid choice"),
    ],
)
def test_create_rejects_bad_input_and_changes_nothing(
    client, staff, field, value, message
):
    response = client.post("/admin/organisations/new", data=_org_data(**{field: value}))

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(Organisation) == 0


def test_at_least_one_description_is_required(client, staff):
    response = client.post(
        "/admin/organisations/new", data=_org_data(**{"description-en": "   "})
    )
    assert response.status_code == 400
    assert "Write the description in at least one language." in response.get_data(
        as_text=True
    )
    assert _count(Organisation) == 0


def test_a_description_in_one_language_is_enough(client, staff):
    data = _org_data(
        **{"description-en": "", "description-es": "Mujeres en la minería."}
    )
    assert client.post("/admin/organisations/new", data=data).status_code == 302
    description = db.session.scalar(sa.select(Organisation)).description
    assert description.body("es") == "Mujeres en la minería."
    assert description.source_lang == "es"


def test_secretariat_edits_an_organisation(client, staff, make_org):
    org = make_org(name="Old Name", status="applicant")

    response = client.post(
        f"/admin/organisations/{org.id}/edit",
        data=_org_data(name="New Name", status="member", status_reason="Approved."),
    )

    assert response.status_code == 302
    db.session.refresh(org)
    assert (org.name, org.slug, org.status) == ("New Name", "new-name", "member")


def test_edit_keeping_the_name_keeps_the_slug(client, staff, make_org):
    org = make_org(name="Same Name")
    slug = org.slug
    response = client.post(
        f"/admin/organisations/{org.id}/edit", data=_org_data(name="Same Name")
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.slug == slug


def test_edit_with_bad_input_changes_nothing(client, staff, make_org):
    make_org(name="Taken Name")
    org = make_org(name="Mine", website="https://mine.example.org")
    url = f"/admin/organisations/{org.id}/edit"

    duplicate = client.post(url, data=_org_data(name="Taken Name"))
    bad_url = client.post(url, data=_org_data(name="Mine", website="javascript:x"))

    assert duplicate.status_code == 400 and bad_url.status_code == 400
    assert "Another organisation already has this name." in duplicate.get_data(
        as_text=True
    )
    db.session.refresh(org)
    assert (org.name, org.website) == ("Mine", "https://mine.example.org")


def test_edit_of_unknown_organisation_is_404(client, staff):
    assert client.get("/admin/organisations/999/edit").status_code == 404


def test_slug_drops_accents_and_avoids_collisions(client, staff):
    first = client.post(
        "/admin/organisations/new", data=_org_data(name="Mujeres en Minería Perú")
    )
    second = client.post(
        "/admin/organisations/new", data=_org_data(name="Mujeres en Mineria Peru!")
    )

    assert first.status_code == second.status_code == 302
    slugs = db.session.scalars(sa.select(Organisation.slug).order_by(Organisation.id))
    assert list(slugs) == ["mujeres-en-mineria-peru", "mujeres-en-mineria-peru-2"]


def test_slugify_edge_cases(app_ctx):
    assert services.slugify("Femmes & Mines — Côte d'Ivoire") == (
        "femmes-mines-cote-d-ivoire"
    )
    assert services.slugify("女性と鉱業") == "organisation"
    assert len(services.slugify("x" * 200)) <= 80


# --- Coordinators --------------------------------------------------------------------


def test_secretariat_appoints_a_coordinator_who_is_emailed(
    client, staff, two_orgs, outbox
):
    own, _, people = two_orgs
    member = people["member"]

    response = client.post(
        f"/admin/organisations/{own.id}/coordinators",
        data={"action": "appoint", "user_id": member.id},
    )

    assert response.status_code == 302
    assert _coordinating(member) == 1
    assert [message.to for message in outbox] == [["member@example.org"]]
    assert "WIM South Africa" in outbox[0].subject
    assert f"/organisations/{own.id}/members" in outbox[0].body


def test_appointing_a_coordinator_again_sends_no_email(client, staff, two_orgs, outbox):
    own, _, people = two_orgs
    response = client.post(
        f"/admin/organisations/{own.id}/coordinators",
        data={"action": "appoint", "user_id": people["coordinator"].id},
    )
    assert response.status_code == 302
    assert _coordinating(people["coordinator"]) == 1
    assert outbox == []


def test_member_of_another_organisation_cannot_be_appointed(
    client, staff, two_orgs, outbox
):
    own, _, people = two_orgs
    outsider = people["other_member"]

    response = client.post(
        f"/admin/organisations/{own.id}/coordinators",
        data={"action": "appoint", "user_id": outsider.id},
    )

    assert response.status_code == 400
    assert "Only a member of this organisation can be its coordinator." in (
        response.get_data(as_text=True)
    )
    assert _coordinating(outsider) == 0
    assert outbox == []


def test_coordinator_page_offers_only_her_members(client, staff, two_orgs):
    own, _, _ = two_orgs
    html = client.get(f"/admin/organisations/{own.id}/coordinators").get_data(
        as_text=True
    )
    assert "member@example.org" in html
    assert "othermember@example.org" not in html


def test_secretariat_removes_a_coordinator(client, staff, two_orgs):
    own, other, people = two_orgs
    coordinator = people["coordinator"]

    refused = client.post(
        f"/admin/organisations/{other.id}/coordinators",
        data={"action": "remove", "user_id": coordinator.id},
    )
    assert refused.status_code == 302
    assert _coordinating(coordinator) == 1

    response = client.post(
        f"/admin/organisations/{own.id}/coordinators",
        data={"action": "remove", "user_id": coordinator.id},
    )
    assert response.status_code == 302
    assert _coordinating(coordinator) == 0
    # The term is ended, not deleted, and both its start and end are audited.
    db.session.expire_all()
    [term] = db.session.scalars(
        sa.select(Membership).where(Membership.user_id == coordinator.id)
    )
    assert term.ends_on is not None and term.organisation_id == own.id
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.entity_type == "memberships", AuditEvent.entity_id == term.id
        )
    ).all()
    assert sorted(actions) == ["membership_ended", "membership_started"]


# --- Access rules --------------------------------------------------------------------


def test_coordinator_sees_only_her_member_list(client, auth, two_orgs, make_user):
    own, other, people = two_orgs
    member = people["member"]
    db.session.add(
        Profile(
            user=member,
            role="mentee",
            headline="Geologist",
            discipline="geology",
            career_stage="early_career",
            commodity="gold",
            operation_type="open_pit",
            country="ZA",
            timezone="Africa/Johannesburg",
            paused=True,
        )
    )
    db.session.commit()
    auth.login("coord@example.org")

    page = client.get(f"/organisations/{own.id}/members")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "member@example.org" in html and "Mbali" in html
    person_url = url_for("profiles.person", user_id=member.id, _external=False)
    assert f'href="{person_url}"' in html
    assert "Mentee" in html and "paused" in html
    assert "othermember@example.org" not in html
    assert client.get(f"/organisations/{other.id}/members").status_code == 404
    assert client.get("/organisations/999/members").status_code == 404


def test_member_list_search_and_pagination(client, staff, make_org, make_user):
    org = make_org(name="Large WIM")
    for n in range(51):
        make_user(email=f"m{n:02d}@example.org", org=org, name=f"Member {n:02d}")
    url = f"/organisations/{org.id}/members"

    first = client.get(url).get_data(as_text=True)
    second = client.get(url + "?page=2").get_data(as_text=True)
    assert "m00@example.org" in first and "m50@example.org" not in first
    assert "m50@example.org" in second and "m00@example.org" not in second

    found = client.get(url + "?q=member 07").get_data(as_text=True)
    assert "m07@example.org" in found and "m08@example.org" not in found
    wildcard = client.get(url + "?q=%25").get_data(as_text=True)
    assert "m00@example.org" not in wildcard


def test_coordinator_cannot_invite_into_another_organisation(
    client, auth, two_orgs, outbox
):
    _, other, _ = two_orgs
    auth.login("coord@example.org")

    response = client.post(
        f"/organisations/{other.id}/invite",
        data={"emails": "new@example.org", "locale": "en"},
    )

    assert response.status_code == 404
    assert _count(Invitation) == 0 and outbox == []


def test_member_gets_404_for_member_lists_and_403_for_staff_pages(
    client, auth, two_orgs
):
    own, _, _ = two_orgs
    auth.login("member@example.org")

    assert client.get(f"/organisations/{own.id}/members").status_code == 404
    assert (
        client.post(
            f"/organisations/{own.id}/invite", data={"emails": "x@example.org"}
        ).status_code
        == 404
    )
    assert client.get("/admin/organisations").status_code == 403
    assert client.get("/admin/organisations/new").status_code == 403
    assert client.get(f"/admin/organisations/{own.id}/edit").status_code == 403
    assert client.get(f"/admin/organisations/{own.id}/coordinators").status_code == 403


def test_coordinator_gets_403_for_the_registry(client, auth, two_orgs):
    auth.login("coord@example.org")
    assert client.get("/admin/organisations").status_code == 403


def test_anonymous_is_sent_to_login(client, two_orgs):
    own, _, _ = two_orgs
    for url in (
        f"/organisations/{own.id}/members",
        "/admin/organisations",
        "/admin/organisations/new",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


# --- Invitations ---------------------------------------------------------------------


def _invite(client, org, emails, locale="en"):
    return client.post(
        f"/organisations/{org.id}/invite", data={"emails": emails, "locale": locale}
    )


def test_coordinator_invites_several_addresses(client, auth, two_orgs, outbox):
    own, _, _ = two_orgs
    auth.login("coord@example.org")

    response = _invite(
        client, own, "ana@example.org\nbea@example.org, Cleo@Example.org", "fr"
    )

    assert response.status_code == 302
    invitations = db.session.scalars(
        sa.select(Invitation).order_by(Invitation.id)
    ).all()
    assert [i.email for i in invitations] == [
        "ana@example.org",
        "bea@example.org",
        "cleo@example.org",
    ]
    assert {i.locale for i in invitations} == {"fr"}
    assert {i.organisation_id for i in invitations} == {own.id}
    assert sorted(m.to[0] for m in outbox) == [
        "ana@example.org",
        "bea@example.org",
        "cleo@example.org",
    ]
    assert all("/invitations/" in m.body for m in outbox)
    listing = client.get(f"/organisations/{own.id}/members").get_data(as_text=True)
    assert "bea@example.org" in listing


def test_invitations_skip_members_and_pending_invitations(
    client, auth, two_orgs, outbox
):
    own, _, _ = two_orgs
    auth.login("coord@example.org")
    _invite(client, own, "ana@example.org")
    outbox.clear()

    response = _invite(
        client,
        own,
        "ana@example.org\nmember@example.org\nnew@example.org\nNEW@example.org\n"
        "othermember@example.org",
    )

    assert response.status_code == 302
    emails = db.session.scalars(sa.select(Invitation.email)).all()
    assert sorted(emails) == [
        "ana@example.org",
        "new@example.org",
        "othermember@example.org",
    ]
    assert sorted(m.to[0] for m in outbox) == [
        "new@example.org",
        "othermember@example.org",
    ]
    flashed = client.get(f"/organisations/{own.id}/members").get_data(as_text=True)
    assert "2 invitations sent." in flashed
    assert "ana@example.org, member@example.org" in flashed


def test_invalid_address_rejects_the_whole_submission(client, auth, two_orgs, outbox):
    own, _, _ = two_orgs
    auth.login("coord@example.org")

    response = _invite(client, own, "good@example.org, not-an-email")

    assert response.status_code == 400
    assert "These addresses are not valid: not-an-email" in response.get_data(
        as_text=True
    )
    assert _count(Invitation) == 0 and outbox == []


def test_invalid_addresses_are_shown_escaped(client, auth, two_orgs):
    own, _, _ = two_orgs
    auth.login("coord@example.org")

    response = _invite(client, own, "<script>alert(1)</script>")

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_more_than_fifty_addresses_are_refused(client, auth, two_orgs, outbox):
    own, _, _ = two_orgs
    auth.login("coord@example.org")
    addresses = "\n".join(f"p{n}@example.org" for n in range(51))

    response = _invite(client, own, addresses)

    assert response.status_code == 400
    assert "At most 50 addresses at a time." in response.get_data(as_text=True)
    assert _count(Invitation) == 0 and outbox == []


def test_inviting_needs_a_csrf_token(app, client, auth, two_orgs):
    own, _, _ = two_orgs
    auth.login("coord@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _invite(client, own, "ana@example.org")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert _count(Invitation) == 0


@pytest.mark.parametrize("status", ["paused", "left"])
def test_paused_or_left_organisation_cannot_invite(
    client, staff, make_org, outbox, status
):
    org = make_org(status=status)
    response = _invite(client, org, "ana@example.org")
    assert response.status_code == 302
    assert _count(Invitation) == 0 and outbox == []


def _invitation(org, email, **fields):
    invitation = Invitation(organisation=org, email=email, locale="en", **fields)
    db.session.add(invitation)
    db.session.commit()
    return invitation, services.invitation_token(invitation)


def test_signed_in_invited_person_accepts_and_joins(client, auth, two_orgs, make_user):
    own, other, _ = two_orgs
    person = make_user(email="mover@example.org", org=other)
    invitation, token = _invitation(own, "mover@example.org")
    auth.login("mover@example.org")

    confirm = client.get(f"/invitations/{token}")
    assert confirm.status_code == 200
    assert "WIM South Africa" in confirm.get_data(as_text=True)
    assert "WIM Canada" in confirm.get_data(as_text=True)  # she will leave it
    db.session.refresh(person)
    assert person.organisation_id == other.id  # a GET changes nothing

    response = client.post(f"/invitations/{token}")

    assert response.status_code == 302
    db.session.refresh(person)
    db.session.refresh(invitation)
    assert person.organisation_id == own.id
    assert invitation.accepted_at is not None


def test_a_coordinator_who_moves_stops_coordinating(client, auth, two_orgs):
    own, other, people = two_orgs
    mover = people["other_coordinator"]
    _, token = _invitation(own, mover.email)
    auth.login(mover.email)

    client.post(f"/invitations/{token}")

    db.session.refresh(mover)
    assert mover.organisation_id == own.id
    assert not mover.has_role("coordinator")


def test_signed_in_with_another_address_is_told_so(client, auth, two_orgs):
    own, _, people = two_orgs
    invitation, token = _invitation(own, "someone@example.org")
    auth.login("othermember@example.org")

    page = client.get(f"/invitations/{token}")
    posted = client.post(f"/invitations/{token}")

    assert page.status_code == posted.status_code == 403
    assert "sent to a different email address" in page.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.accepted_at is None
    assert people["other_member"].organisation_id != own.id


def test_anonymous_is_sent_to_register_with_the_invitation(client, two_orgs):
    own, _, _ = two_orgs
    _, token = _invitation(own, "newcomer@example.org")

    response = client.get(f"/invitations/{token}")

    assert response.status_code == 302
    assert "/register" in response.headers["Location"]
    assert f"invitation={token}" in response.headers["Location"]


def test_anonymous_with_an_account_is_sent_to_login(client, two_orgs):
    own, _, _ = two_orgs
    _, token = _invitation(own, "othermember@example.org")

    response = client.get(f"/invitations/{token}")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_tampered_token_is_refused_clearly(client, two_orgs):
    own, _, _ = two_orgs
    _, token = _invitation(own, "newcomer@example.org")

    response = client.get(f"/invitations/{token[:-2]}xx")

    assert response.status_code == 400
    assert "This invitation link is not valid." in response.get_data(as_text=True)


def test_expired_token_is_refused_clearly(app, client, two_orgs):
    own, _, _ = two_orgs
    _, token = _invitation(own, "newcomer@example.org")
    max_age = app.config["INVITATION_MAX_AGE"]
    app.config["INVITATION_MAX_AGE"] = -1
    try:
        response = client.get(f"/invitations/{token}")
        assert services.load_invitation(token) is None
    finally:
        app.config["INVITATION_MAX_AGE"] = max_age
    assert response.status_code == 400
    assert "This invitation has expired." in response.get_data(as_text=True)


def test_used_token_is_refused_clearly(client, auth, two_orgs, make_user):
    own, _, _ = two_orgs
    make_user(email="newcomer@example.org")
    _, token = _invitation(own, "newcomer@example.org", accepted_at=utcnow())
    auth.login("newcomer@example.org")

    response = client.post(f"/invitations/{token}")

    assert response.status_code == 400
    assert "already been accepted" in response.get_data(as_text=True)
    assert services.load_invitation(token) is None


def test_invitation_to_a_paused_organisation_cannot_be_used(client, two_orgs, make_org):
    org = make_org(status="paused")
    _, token = _invitation(org, "newcomer@example.org")
    assert services.load_invitation(token) is None
    response = client.get(f"/invitations/{token}")
    assert response.status_code == 400


def test_services_for_the_accounts_engineer(app_ctx, two_orgs, make_user):
    own, _, _ = two_orgs
    invitation, token = _invitation(own, "newcomer@example.org")
    assert services.load_invitation(token) == invitation
    assert services.load_invitation("garbage") is None

    person = make_user(email="newcomer@example.org")
    services.accept_invitation(invitation, person)
    db.session.commit()

    assert person.organisation_id == own.id
    assert services.load_invitation(token) is None
    assert re.fullmatch(r"[\w.-]+", token)
    assert _count(User, User.organisation_id == own.id) == 3


def test_member_list_reads_a_fixed_number_of_statements_however_many_members(
    client, auth, make_org, make_user
):
    """N+1 guard: a page of 50 members (their roles, memberships and profiles)
    costs what a page of one costs."""
    org = make_org(name="Large WIM")
    make_user(email="coord@example.org", org=org, roles=["coordinator"], name="A")
    for n in range(50):
        person = make_user(
            email=f"m{n:02d}@example.org",
            org=org,
            name=f"Member {n:02d}",
            roles=["coordinator"] if n % 10 == 0 else (),
        )
        if n % 2:
            db.session.add(
                Profile(
                    user=person,
                    role="mentee",
                    headline="Geologist",
                    discipline="geology",
                    career_stage="early_career",
                    commodity="gold",
                    operation_type="open_pit",
                    country="ZA",
                    timezone="Africa/Johannesburg",
                )
            )
    db.session.add(Invitation(organisation=org, email="new@example.org", locale="en"))
    db.session.commit()
    auth.login("coord@example.org")
    url = f"/organisations/{org.id}/members"

    def statements(page_url):
        client.get(page_url)  # warm
        pagecache.clear()  # the rendering's statements, not the kept page's
        with statements_run() as run:
            html = client.get(page_url).get_data(as_text=True)
        return len(run), html

    full, first = statements(url)
    last, second = statements(url + "?page=2")
    assert "m48@example.org" in first and "m49@example.org" in second
    # Herself and one member in ten.
    assert first.count('<span class="tag">Coordinator</span>') == 6
    assert full == last <= 9
