"""Programmes and enrolment: the Secretariat's pages, settings versions, enrolment."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import url_for

from mentorship.audit.models import AuditEvent
from mentorship.core import translated
from mentorship.db import db
from mentorship.profiles.models import Profile
from mentorship.programmes import services
from mentorship.programmes.models import Enrolment, Programme, ProgrammeSettings

TODAY = date(2030, 3, 15)
MENTEE_GOALS = "I want to lead an exploration team within two years."
MENTOR_GOALS = "Exploration geology and leading field teams in remote places."


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The views ask services.today(); every test runs on the same day."""
    monkeypatch.setattr(services, "today", lambda: TODAY)


def days(n):
    return TODAY + timedelta(days=n)


def programme_form(**overrides):
    """A valid programme form; `None` in overrides leaves the field out."""
    data = {
        "name-en": "Pilot cohort",
        "name-fr": "Cohorte pilote",
        "name-es": "Cohorte piloto",
        "description-en": " Six months of mentoring across organisations.\r\n",
        "enrol_opens_on": days(-5).isoformat(),
        "enrol_closes_on": days(10).isoformat(),
        "starts_on": days(20).isoformat(),
        "ends_on": days(200).isoformat(),
        "duration_months": "6",
        "all_organisations": "y",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def settings_form(**overrides):
    data = {f"weight_{c}": str(w) for c, w in services.default_weights().items()}
    data.update(
        cross_organisation_required="y",
        proposals_per_mentee="1",
        max_timezone_gap_hours="",
    )
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def make_programme(status="published", organisations=None, **fields):
    """A programme whose enrolment is open on TODAY, unless `fields` say otherwise."""
    names = {"en": "Pilot cohort", "fr": "Cohorte pilote", "es": "Cohorte piloto"}
    names.update(
        {key[5:]: fields.pop(key) for key in list(fields) if key.startswith("name_")}
    )
    values = {
        "name": translated.new_text("en" if names["en"] else "es", **names),
        "enrol_opens_on": days(-5),
        "enrol_closes_on": days(10),
        "starts_on": days(20),
        "ends_on": days(200),
        **fields,
    }
    programme = Programme(status=status, **values)
    if organisations is not None:
        programme.all_organisations = False
        programme.organisations = list(organisations)
    programme.settings_versions.append(
        ProgrammeSettings(version=1, weights=services.default_weights())
    )
    db.session.add(programme)
    db.session.commit()
    return programme


def make_profile(user, role, paused=False):
    profile = Profile(
        user_id=user.id,
        role=role,
        headline="Geologist",
        focus=MENTOR_GOALS if role == "mentor" else MENTEE_GOALS,
        tags=["geology"],
        discipline="geology",
        career_stage="senior" if role == "mentor" else "early_career",
        commodity="gold",
        operation_type="open_pit",
        country="ZA",
        timezone="Africa/Johannesburg",
        languages=["en"],
        capacity=3 if role == "mentor" else None,
        paused=paused,
    )
    db.session.add(profile)
    db.session.commit()
    return profile


def enrolments(user=None):
    db.session.expire_all()
    query = sa.select(Enrolment)
    if user is not None:
        query = query.where(Enrolment.user_id == user.id)
    return {e.role: e for e in db.session.scalars(query)}


def audit(action):
    db.session.expire_all()
    query = sa.select(AuditEvent).where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def count(model):
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def page_text(response):
    return response.get_data(as_text=True)


@pytest.fixture
def org(make_org):
    return make_org(name="WIM South Africa")


@pytest.fixture
def other_org(make_org):
    return make_org(name="WIM Peru", country="PE", region="latin_america")


@pytest.fixture
def secretariat(make_user, auth):
    user = make_user(roles=["secretariat"], name="Sara Secretariat")
    auth.login(user.email)
    return user


@pytest.fixture
def member(make_user, org, auth):
    """A signed-in, verified member of `org` with a mentor and a mentee profile."""
    user = make_user(org=org, name="Thandi Mokoena")
    make_profile(user, "mentor")
    make_profile(user, "mentee")
    auth.login(user.email)
    return user


def enrol(client, programme, role, follow_redirects=False, **fields):
    if role == "mentor":
        data = {"mentor-goals": MENTOR_GOALS, "mentor-capacity": "2"}
    else:
        data = {"mentee-goals": MENTEE_GOALS}
    data.update(fields)
    url = f"/programmes/{programme.id}/enrol/{role}"
    return client.post(url, data=data, follow_redirects=follow_redirects)


# --- The Secretariat creates, edits, publishes ---------------------------------------


def test_secretariat_creates_a_draft_with_default_settings(client, secretariat):
    assert client.get("/admin/programmes/new").status_code == 200
    response = client.post("/admin/programmes/new", data=programme_form())
    assert response.status_code == 302
    programme = db.session.scalar(sa.select(Programme))
    assert programme.status == "draft"
    assert programme.name.body("fr") == "Cohorte pilote"
    assert programme.name.status("fr") == "draft"
    assert programme.name.source_lang == "en"
    assert programme.description.body("en") == (
        "Six months of mentoring across organisations."
    )
    assert programme.enrol_opens_on == days(-5)
    assert programme.all_organisations and programme.organisations == []
    assert programme.created_by_id == secretariat.id
    [settings] = programme.settings_versions
    assert settings.version == 1
    assert settings.weights == services.default_weights()
    assert settings.weights["tags"] == 3.0
    assert settings.cross_organisation_required is True
    assert [e.entity_id for e in audit("created")] == [programme.id]
    page = client.get(response.headers["Location"])
    assert "Pilot cohort" in page_text(page)


def test_secretariat_chooses_participating_organisations(
    client, secretariat, org, other_org
):
    form = programme_form(all_organisations=None, organisation_ids=[str(org.id)])
    assert client.post("/admin/programmes/new", data=form).status_code == 302
    programme = db.session.scalar(sa.select(Programme))
    assert programme.all_organisations is False
    assert [o.id for o in programme.organisations] == [org.id]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"enrol_closes_on": days(-6).isoformat()}, "cannot close before it opens"),
        ({"ends_on": days(20).isoformat()}, "must end after it starts"),
        ({"ends_on": days(10).isoformat()}, "must end after it starts"),
        ({"starts_on": days(-6).isoformat()}, "cannot start before enrolment opens"),
        ({"name-en": "", "name-fr": " ", "name-es": ""}, "at least one language"),
        ({"starts_on": "31/03/2030"}, "Enter a date such as"),
        ({"starts_on": ""}, "Enter the start date."),
        ({"duration_months": "six"}, "Enter a whole number."),
        ({"duration_months": "0"}, "between 1 and 36 months"),
        ({"name-en": "x" * 161}, "At most 160 characters."),
        ({"all_organisations": None}, "Choose the organisations that take part"),
        (
            {"all_organisations": None, "organisation_ids": ["999999"]},
            "Not on the list",
        ),
        ({"all_organisations": None, "organisation_ids": ["abc"]}, ""),
    ],
)
def test_bad_programme_input_changes_nothing(client, secretariat, overrides, message):
    response = client.post("/admin/programmes/new", data=programme_form(**overrides))
    assert response.status_code == 400
    assert message in page_text(response)
    assert count(Programme) == 0
    assert count(AuditEvent) == 0


def test_a_name_in_one_language_is_enough(client, secretariat):
    form = programme_form(**{"name-en": "", "name-fr": "", "name-es": "Cohorte andina"})
    assert client.post("/admin/programmes/new", data=form).status_code == 302
    programme = db.session.scalar(sa.select(Programme))
    assert programme.name.body("es") == "Cohorte andina"
    assert programme.name.source_lang == "es"


def test_secretariat_edits_a_programme(client, secretariat, org):
    programme = make_programme(status="draft")
    url = f"/admin/programmes/{programme.id}/edit"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Cohorte pilote"' in page_text(page)
    form = programme_form(
        **{"name-en": "Andes cohort"},
        all_organisations=None,
        organisation_ids=[str(org.id)],
    )
    assert client.post(url, data=form).status_code == 302
    db.session.expire_all()
    programme = db.session.get(Programme, programme.id)
    assert programme.name.body("en") == "Andes cohort"
    # The source changed; the translations nobody touched are now outdated.
    assert programme.name.status("fr") == "outdated"
    assert [o.id for o in programme.organisations] == [org.id]
    bad = client.post(url, data=programme_form(ends_on=days(1).isoformat()))
    assert bad.status_code == 400
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).ends_on == days(200)


def test_secretariat_publishes_then_archives(client, secretariat):
    programme = make_programme(status="draft")
    response = client.post(f"/admin/programmes/{programme.id}/publish")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).status == "published"
    [event] = audit("published")
    assert (event.from_state, event.to_state) == ("draft", "published")
    assert event.actor_id == secretariat.id
    # Publishing twice is refused, with a message.
    again = client.post(
        f"/admin/programmes/{programme.id}/publish", follow_redirects=True
    )
    assert "Only a draft programme can be published." in page_text(again)
    assert len(audit("published")) == 1
    client.post(f"/admin/programmes/{programme.id}/archive")
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).status == "archived"
    assert len(audit("archived")) == 1


def test_archive_asks_first_and_states_what_it_leaves(client, secretariat, org):
    from mentorship.auth import services as auth_services

    programme = make_programme()
    admin_page = page_text(client.get(f"/admin/programmes/{programme.id}"))
    # No one-click archive: a link to a confirmation, after the programme's content.
    assert f'action="/admin/programmes/{programme.id}/archive"' not in admin_page
    link = f'href="/admin/programmes/{programme.id}/archive"'
    assert admin_page.index(link) > admin_page.index("Enrolments</h2>")
    for i in range(3):
        person = auth_services.create_user(
            email=f"enrolled{i}@example.org",
            name=f"Enrolled {i}",
            password="a long enough passphrase",
            locale="en",
            organisation=org,
            verified=True,
        )
        db.session.add(
            Enrolment(programme_id=programme.id, user_id=person.id, role="mentee")
        )
    db.session.commit()
    page = page_text(client.get(f"/admin/programmes/{programme.id}/archive"))
    assert "3 people are enrolled: their enrolments can no longer change" in page
    assert "0 proposals still waiting" in page
    assert "0 active mentorships continue" in page
    assert "This cannot be undone" in page
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).status == "published"
    client.post(f"/admin/programmes/{programme.id}/archive")
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).status == "archived"
    again = client.get(
        f"/admin/programmes/{programme.id}/archive", follow_redirects=True
    )
    assert "This programme is already archived." in page_text(again)


def test_unknown_programme_is_404(client, secretariat):
    assert client.get("/admin/programmes/999").status_code == 404
    assert client.get("/admin/programmes/999/edit").status_code == 404
    assert client.get("/programmes/999").status_code == 404


# --- Matching settings ---------------------------------------------------------------


def test_settings_page_lists_translated_criteria(client, secretariat):
    programme = make_programme()
    page = page_text(client.get(f"/admin/programmes/{programme.id}/settings"))
    assert "Shared topics (tags)" in page
    assert "Expertise matches goals (text)" in page
    assert "More shared languages" in page
    assert 'name="weight_tags"' in page and 'value="3"' in page


def test_unchanged_settings_make_no_version(client, secretariat):
    programme = make_programme()
    url = f"/admin/programmes/{programme.id}/settings"
    response = client.post(url, data=settings_form(), follow_redirects=True)
    assert "Nothing changed" in page_text(response)
    assert count(ProgrammeSettings) == 1
    assert audit("settings_changed") == []


def test_a_change_makes_version_2_and_keeps_version_1(client, secretariat):
    programme = make_programme()
    url = f"/admin/programmes/{programme.id}/settings"
    form = settings_form(
        weight_tags="5,5", proposals_per_mentee="2", max_timezone_gap_hours="4"
    )
    response = client.post(url, data=form, follow_redirects=True)
    assert "version 2" in page_text(response)
    db.session.expire_all()
    programme = db.session.get(Programme, programme.id)
    first, second = programme.settings_versions
    assert first.weights["tags"] == 3.0 and first.proposals_per_mentee == 1
    assert second.version == 2 and programme.current_settings is second
    assert second.weights["tags"] == 5.5
    assert second.proposals_per_mentee == 2
    assert second.max_timezone_gap_hours == 4
    assert second.created_by_id == secretariat.id
    [event] = audit("settings_changed")
    assert (event.from_state, event.to_state) == ("v1", "v2")
    # Saving the same values again changes nothing.
    client.post(url, data=form)
    assert count(ProgrammeSettings) == 2
    assert "Sara Secretariat" in page_text(client.get(url))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {f"weight_{c}": "0" for c in services.default_weights()},
            "at least one criterion a weight above zero",
        ),
        ({"weight_tags": "-1"}, "Enter a weight from 0 to 10."),
        ({"weight_tags": "11"}, "Enter a weight from 0 to 10."),
        ({"weight_tags": "lots"}, "Enter a number from 0 to 10"),
        ({"weight_tags": "nan"}, "Enter a number from 0 to 10"),
        ({"weight_tags": "inf"}, "Enter a number from 0 to 10"),
        ({"weight_tags": ""}, "Enter a weight from 0 to 10."),
        ({"proposals_per_mentee": "4"}, "Enter 1, 2 or 3."),
        ({"proposals_per_mentee": "two"}, "Enter a whole number."),
        ({"max_timezone_gap_hours": "13"}, "Enter between 1 and 12 hours."),
    ],
)
def test_bad_settings_change_nothing(client, secretariat, overrides, message):
    programme = make_programme()
    url = f"/admin/programmes/{programme.id}/settings"
    response = client.post(url, data=settings_form(**overrides))
    assert response.status_code == 400
    assert message in page_text(response)
    assert count(ProgrammeSettings) == 1


# --- Members enrol -------------------------------------------------------------------


def test_member_enrols_as_mentor_and_mentee(client, member):
    programme = make_programme()
    page = page_text(client.get(f"/programmes/{programme.id}"))
    assert "Pilot cohort" in page
    assert MENTEE_GOALS in page  # pre-filled from her profile
    assert enrol(client, programme, "mentor").status_code == 302
    assert enrol(client, programme, "mentee").status_code == 302
    mine = enrolments(member)
    assert mine["mentor"].status == "enrolled" and mine["mentor"].capacity == 2
    assert mine["mentor"].goals == MENTOR_GOALS
    assert mine["mentee"].capacity == 1 and mine["mentee"].goals == MENTEE_GOALS
    assert {e.entity_id for e in audit("enrolled")} == {
        mine["mentor"].id,
        mine["mentee"].id,
    }
    page = page_text(client.get(f"/programmes/{programme.id}"))
    assert "Enrolled as a mentor" in page and "Enrolled as a mentee" in page
    listing = page_text(client.get("/programmes"))
    assert "Enrolled as a mentor" in listing


def test_mentor_goals_are_optional(client, member):
    programme = make_programme()
    assert enrol(client, programme, "mentor", **{"mentor-goals": ""}).status_code == 302
    assert enrolments(member)["mentor"].goals == ""


@pytest.mark.parametrize(
    ("role", "fields", "message"),
    [
        ("mentor", {"mentor-capacity": "6"}, "Choose between 1 and 5 mentees."),
        ("mentor", {"mentor-capacity": "0"}, "Choose between 1 and 5 mentees."),
        ("mentor", {"mentor-capacity": "two"}, "Enter a whole number."),
        ("mentor", {"mentor-goals": "x" * 2001}, "At most 2000 characters."),
        ("mentee", {"mentee-goals": "Too short"}, "Write between 20 and 2000"),
        ("mentee", {"mentee-goals": ""}, "Please describe your goals."),
    ],
)
def test_bad_enrolment_input_changes_nothing(client, member, role, fields, message):
    programme = make_programme()
    response = enrol(client, programme, role, **fields)
    assert response.status_code == 400
    assert message in page_text(response)
    assert enrolments(member) == {}


@pytest.mark.parametrize(
    "dates",
    [
        {"enrol_opens_on": days(1), "enrol_closes_on": days(5)},
        {"enrol_opens_on": days(-20), "enrol_closes_on": days(-1)},
    ],
)
def test_enrolment_outside_the_window_is_refused(client, member, dates):
    programme = make_programme(**dates)
    response = enrol(client, programme, "mentee")
    assert response.status_code == 302
    follow = client.get(response.headers["Location"])
    assert "Enrolment in this programme is not open." in page_text(follow)
    assert enrolments(member) == {}


def test_enrolment_on_the_last_day_is_accepted(client, member):
    programme = make_programme(enrol_opens_on=days(-3), enrol_closes_on=TODAY)
    enrol(client, programme, "mentee")
    assert enrolments(member)["mentee"].status == "enrolled"


def test_draft_programme_is_hidden_from_members(client, member):
    programme = make_programme(status="draft")
    assert client.get(f"/programmes/{programme.id}").status_code == 404
    assert enrol(client, programme, "mentee").status_code == 404
    assert "Pilot cohort" not in page_text(client.get("/programmes"))
    assert enrolments(member) == {}


def test_staff_see_drafts(client, secretariat):
    programme = make_programme(status="draft")
    assert client.get(f"/programmes/{programme.id}").status_code == 200
    listing = page_text(client.get("/programmes"))
    assert "Pilot cohort" in listing and "New programme" in listing


def test_unknown_role_is_404(client, member):
    programme = make_programme()
    assert client.post(f"/programmes/{programme.id}/enrol/boss").status_code == 404


def test_unverified_member_is_asked_to_confirm_her_email(client, make_user, org, auth):
    user = make_user(org=org, verified=False)
    make_profile(user, "mentee")
    auth.login(user.email)
    programme = make_programme()
    response = enrol(client, programme, "mentee", follow_redirects=True)
    page = page_text(response)
    assert "Please confirm your email address before you enrol." in page
    assert enrolments(user) == {}


def test_refusal_links_to_the_fix(client, make_user, org, auth):
    user = make_user(org=org, verified=False)
    auth.login(user.email)
    programme = make_programme()
    response = enrol(client, programme, "mentee")
    page = page_text(client.get(response.headers["Location"]))
    with client.application.test_request_context():
        resend = url_for("auth.resend_verification")
    assert f'href="{resend}"' in page


@pytest.mark.parametrize("paused", [None, True])
def test_missing_or_paused_profile_is_refused(client, make_user, org, auth, paused):
    user = make_user(org=org)
    if paused:
        make_profile(user, "mentor", paused=True)
    auth.login(user.email)
    programme = make_programme()
    response = enrol(client, programme, "mentor")
    page = page_text(client.get(response.headers["Location"]))
    if paused:
        assert "Your mentor profile is paused" in page
        assert 'href="/profile"' in page
    else:
        assert "please first create your mentor profile" in page
        assert 'href="/profile/mentor"' in page
    assert enrolments(user) == {}


def test_organisation_not_taking_part_is_refused(client, member, other_org):
    programme = make_programme(organisations=[other_org])
    response = enrol(client, programme, "mentee")
    page = page_text(client.get(response.headers["Location"]))
    assert "Your organisation does not take part in this programme." in page
    assert enrolments(member) == {}


def test_independent_members_only_when_all_organisations(client, make_user, auth, org):
    user = make_user(org=None)
    make_profile(user, "mentee")
    auth.login(user.email)
    limited = make_programme(organisations=[org])
    enrol(client, limited, "mentee")
    assert enrolments(user) == {}
    open_to_all = make_programme()
    enrol(client, open_to_all, "mentee")
    assert enrolments(user)["mentee"].programme_id == open_to_all.id


def test_member_of_a_listed_organisation_may_enrol(client, member, org, other_org):
    programme = make_programme(organisations=[org, other_org])
    enrol(client, programme, "mentee")
    assert enrolments(member)["mentee"].status == "enrolled"


def test_duplicate_enrolment_is_refused(client, member):
    programme = make_programme()
    enrol(client, programme, "mentor")
    response = enrol(client, programme, "mentor", **{"mentor-capacity": "4"})
    follow = client.get(response.headers["Location"])
    assert "already enrolled as a mentor" in page_text(follow)
    assert enrolments(member)["mentor"].capacity == 2
    assert count(Enrolment) == 1
    assert len(audit("enrolled")) == 1


def test_concurrent_duplicate_is_caught_by_the_database(make_user, org, monkeypatch):
    """Two requests both find no enrolment; the unique constraint stops the second."""
    user = make_user(org=org)
    programme = make_programme()
    data = {"goals": MENTEE_GOALS, "capacity": 1}
    services.enrol(user, programme, "mentee", data)
    db.session.commit()
    monkeypatch.setattr(services, "find_enrolment", lambda *args: None)
    with pytest.raises(services.AlreadyEnrolled):
        services.enrol(user, programme, "mentee", data)
    assert count(Enrolment) == 1


def test_csrf_is_required_to_enrol(app, client, member):
    programme = make_programme()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = enrol(client, programme, "mentee")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert enrolments(member) == {}


# --- Editing and withdrawing ---------------------------------------------------------


def test_member_edits_her_enrolment(client, member):
    programme = make_programme()
    enrol(client, programme, "mentor")
    url = f"/programmes/{programme.id}/enrolments/mentor"
    data = {"mentor-goals": "Mine closure this time.", "mentor-capacity": "4"}
    assert client.post(url, data=data).status_code == 302
    mentor = enrolments(member)["mentor"]
    assert (mentor.goals, mentor.capacity) == ("Mine closure this time.", 4)


def test_capacity_never_below_slots_taken(client, member):
    programme = make_programme()
    enrol(client, programme, "mentor", **{"mentor-capacity": "3"})
    mentor = enrolments(member)["mentor"]
    mentor.slots_taken = 2
    db.session.commit()
    url = f"/programmes/{programme.id}/enrolments/mentor"
    data = {"mentor-goals": "Other goals", "mentor-capacity": "1"}
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "your capacity cannot be lower" in page_text(response)
    mentor = enrolments(member)["mentor"]
    assert (mentor.capacity, mentor.goals) == (3, MENTOR_GOALS)
    data["mentor-capacity"] = "2"
    assert client.post(url, data=data).status_code == 302
    assert enrolments(member)["mentor"].capacity == 2


def test_withdraw_then_enrol_again(client, member):
    programme = make_programme()
    enrol(client, programme, "mentee")
    response = client.post(f"/programmes/{programme.id}/withdraw/mentee")
    assert response.status_code == 302
    mentee = enrolments(member)["mentee"]
    assert mentee.status == "withdrawn" and mentee.withdrawn_at is not None
    [event] = audit("withdrawn")
    assert (event.entity_id, event.actor_id) == (mentee.id, member.id)
    again = "I now want to move into a management role in my company."
    enrol(client, programme, "mentee", **{"mentee-goals": again})
    mentee = enrolments(member)["mentee"]
    assert (mentee.status, mentee.goals, mentee.withdrawn_at) == (
        "enrolled",
        again,
        None,
    )
    assert count(Enrolment) == 1
    assert audit("enrolled")[-1].from_state == "withdrawn"


def test_withdraw_refused_with_a_proposal(client, member):
    programme = make_programme()
    enrol(client, programme, "mentee")
    mentee = enrolments(member)["mentee"]
    mentee.slots_taken = 1
    db.session.commit()
    response = client.post(
        f"/programmes/{programme.id}/withdraw/mentee", follow_redirects=True
    )
    assert "decline it instead" in page_text(response)
    assert enrolments(member)["mentee"].status == "enrolled"
    assert audit("withdrawn") == []


def test_withdraw_without_enrolment(client, member):
    programme = make_programme()
    response = client.post(
        f"/programmes/{programme.id}/withdraw/mentor", follow_redirects=True
    )
    assert "You are not enrolled as a mentor" in page_text(response)


# --- Coordinators and access ---------------------------------------------------------


def test_coordinator_sees_her_organisations_enrolments(
    client, make_user, auth, org, other_org
):
    programme = make_programme()
    ours = make_user(org=org, name="Naledi Ours")
    theirs = make_user(org=other_org, name="Rosa Theirs")
    for person in (ours, theirs):
        db.session.add(
            Enrolment(
                programme_id=programme.id,
                user_id=person.id,
                role="mentee",
                goals=MENTEE_GOALS,
                slots_taken=1 if person is ours else 0,
            )
        )
    db.session.commit()
    coordinator = make_user(org=org, roles=["coordinator"])
    auth.login(coordinator.email)
    url = f"/programmes/{programme.id}/organisations/{org.id}/enrolments"
    detail = page_text(client.get(f"/programmes/{programme.id}"))
    assert url in detail
    page = client.get(url)
    assert page.status_code == 200
    assert "Naledi Ours" in page_text(page) and "Rosa Theirs" not in page_text(page)
    assert f'href="/people/{ours.id}"' in page_text(page)
    other = f"/programmes/{programme.id}/organisations/{other_org.id}/enrolments"
    assert client.get(other).status_code == 404


def test_members_do_not_see_organisation_enrolments(client, member, org):
    programme = make_programme()
    url = f"/programmes/{programme.id}/organisations/{org.id}/enrolments"
    assert client.get(url).status_code == 404
    assert url not in page_text(client.get(f"/programmes/{programme.id}"))


def test_secretariat_sees_any_organisations_enrolments(client, secretariat, org):
    programme = make_programme()
    url = f"/programmes/{programme.id}/organisations/{org.id}/enrolments"
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("roles", [(), ("coordinator",), ("steering",)])
def test_admin_pages_are_403_for_others(client, make_user, auth, org, roles):
    user = make_user(org=org, roles=roles)
    auth.login(user.email)
    programme = make_programme(status="draft")
    base = f"/admin/programmes/{programme.id}"
    for url in ("/admin/programmes/new", base, f"{base}/edit", f"{base}/settings"):
        assert client.get(url).status_code == 403, url
    for url in (f"{base}/publish", f"{base}/archive", f"{base}/settings"):
        assert client.post(url, data=settings_form()).status_code == 403, url
    assert (
        client.post("/admin/programmes/new", data=programme_form()).status_code == 403
    )
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).status == "draft"
    assert count(Programme) == 1 and count(ProgrammeSettings) == 1


def test_anonymous_is_sent_to_login(client):
    assert client.get("/programmes").status_code == 302
    assert client.get("/admin/programmes/new").status_code == 302


def test_admin_overview_counts_by_organisation(client, make_user, org, other_org, auth):
    programme = make_programme()
    people = [
        (make_user(org=org, name="Ama One"), "mentor", 3),
        (make_user(org=org, name="Ama Two"), "mentee", 1),
        (make_user(org=other_org, name="Bea Three"), "mentor", 2),
        (make_user(org=None, name="Cleo Four"), "mentee", 1),
    ]
    for person, role, capacity in people:
        db.session.add(
            Enrolment(
                programme_id=programme.id,
                user_id=person.id,
                role=role,
                capacity=capacity,
            )
        )
    withdrawn = make_user(org=org, name="Dora Gone")
    db.session.add(
        Enrolment(
            programme_id=programme.id,
            user_id=withdrawn.id,
            role="mentor",
            capacity=5,
            status="withdrawn",
        )
    )
    db.session.commit()
    counts = services.enrolment_counts(programme)
    assert (counts["mentors"], counts["mentees"], counts["capacity"]) == (2, 2, 5)
    by_org = {
        row.name: (row.mentors, row.mentees, row.capacity) for row in counts["rows"]
    }
    assert by_org == {
        "WIM South Africa": (1, 1, 3),
        "WIM Peru": (1, 0, 2),
        None: (0, 1, 0),
    }
    staff = make_user(roles=["secretariat"])
    auth.login(staff.email)
    page = page_text(client.get(f"/admin/programmes/{programme.id}"))
    for name in ("Ama One", "Bea Three", "Cleo Four", "Dora Gone", "WIM Peru"):
        assert name in page


# --- Languages -----------------------------------------------------------------------


def test_programme_names_follow_the_readers_language(client, member):
    programme = make_programme()
    make_programme(name_en="English only", name_fr="", name_es="")
    assert "Pilot cohort" in page_text(client.get("/programmes"))
    client.post("/language", data={"locale": "es", "next": "/"})
    page = page_text(client.get("/programmes"))
    assert "Cohorte piloto" in page and "English only" in page
    client.post("/language", data={"locale": "fr", "next": "/"})
    assert "Cohorte pilote" in page_text(client.get(f"/programmes/{programme.id}"))


def test_programme_list_puts_open_ones_first(client, member):
    make_programme(
        name_en="Running one",
        enrol_opens_on=days(-60),
        enrol_closes_on=days(-30),
        starts_on=days(-20),
    )
    make_programme(name_en="Upcoming one", enrol_opens_on=days(5), starts_on=days(30))
    make_programme(name_en="Open one")
    page = page_text(client.get("/programmes"))
    assert (
        page.index("Open one") < page.index("Upcoming one") < page.index("Running one")
    )


def test_archived_programme_is_read_only_for_members(client, member):
    programme = make_programme()
    enrol(client, programme, "mentor")
    programme.status = "archived"
    db.session.commit()
    assert client.get(f"/programmes/{programme.id}").status_code == 200
    url = f"/programmes/{programme.id}/enrolments/mentor"
    data = {"mentor-goals": "Changed", "mentor-capacity": "5"}
    response = client.post(url, data=data, follow_redirects=True)
    assert "This programme is archived" in page_text(response)
    assert enrolments(member)["mentor"].capacity == 2
    enrol(client, programme, "mentee")
    assert "mentee" not in enrolments(member)


def test_out_of_range_page_numbers_are_harmless(client, secretariat, org):
    programme = make_programme()
    huge = "9" * 30
    assert (
        client.get(f"/admin/programmes/{programme.id}?page={huge}").status_code == 200
    )
    url = f"/programmes/{programme.id}/organisations/{org.id}/enrolments?page=-3"
    assert client.get(url).status_code == 200


def test_programmes_list_takes_four_queries_however_many_programmes(
    app, make_org, make_user
):
    """Her, the page's data version (`core.pagecache.reader_page`), the programmes
    with their names' languages (not their descriptions), her enrolments in them."""
    from ..factories import make_programme, sign_in, statements_run

    for _ in range(4):
        programme = make_programme()
        programme.description = translated.new_text("en", en="DESCRIPTION-NOT-SHOWN")
    db.session.commit()
    her = make_user(org=make_org())
    client = app.test_client()
    sign_in(client, her, locale="fr")
    with statements_run() as statements:
        html = client.get("/programmes").get_data(as_text=True)
    assert html.count("Cohorte pilote") == 4
    assert "DESCRIPTION-NOT-SHOWN" not in html
    assert len(statements) <= 4, "\n".join(s[:100] for s in statements)
