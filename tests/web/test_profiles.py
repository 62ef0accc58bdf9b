"""Mentor and mentee profiles: create, edit, pause, delete, validation and access."""

import re

import flask_babel
import pytest
import sqlalchemy as sa

from mentorship.db import db
from mentorship.profiles import services
from mentorship.profiles.models import Profile


def profile_form(role, **overrides):
    """A valid profile form; `None` in overrides leaves the field out."""
    data = {
        "headline": "Mine geologist in gold exploration",
        "bio": "Ten years on exploration projects in southern Africa.",
        "focus": "Moving from field geology into managing exploration projects.",
        "tags": ["mining_engineering", "project_management", "role_models_mentors"],
        "discipline": "mining_engineering",
        "career_stage": "mid_career",
        "years_experience": "8",
        "commodity": "gold",
        "operation_type": "open_pit",
        "country": "ZA",
        "timezone": "Africa/Johannesburg",
        "languages": ["en", "zu"],
        "availability_hours": "3",
        "meeting_mode": "online",
        "same_region_preferred": "y",
    }
    if role == "mentor":
        data["capacity"] = "2"
    else:
        data["cross_org_only"] = "y"
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def profiles_of(user_id):
    """Her profile rows as the database holds them now."""
    db.session.expire_all()
    query = sa.select(Profile).where(Profile.user_id == user_id)
    return {p.role: p for p in db.session.scalars(query)}


@pytest.fixture
def org(make_org):
    return make_org(country="ZA")


@pytest.fixture
def member(org, make_user, auth):
    """A signed-in member of `org`."""
    user = make_user(org=org, name="Thandi Mokoena")
    auth.login(user.email)
    return user


def speak_french(client):
    """Switch the reader's language, as the language switcher does."""
    client.post("/language", data={"locale": "fr", "next": "/profile"})
    # Requests share the test's app context (make_user pushes one), so drop the
    # locale Flask-Babel cached on `g` during earlier requests.
    flask_babel.refresh()


def create(client, role, **overrides):
    return client.post(f"/profile/{role}", data=profile_form(role, **overrides))


# --- create, edit, pause, delete -------------------------------------------------


def test_overview_welcomes_her_and_offers_both_roles(client, member):
    page = client.get("/profile")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Welcome, Thandi Mokoena" in text
    assert "Create my mentor profile" in text
    assert "Create my mentee profile" in text


def test_create_mentee_profile_stores_codes(client, member):
    response = create(client, "mentee", capacity="3")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile")
    mentee = profiles_of(member.id)["mentee"]
    assert mentee.tags == [
        "mining_engineering",
        "project_management",
        "role_models_mentors",
    ]
    assert mentee.languages == ["en", "zu"]
    assert (mentee.discipline, mentee.country) == ("mining_engineering", "ZA")
    assert mentee.timezone == "Africa/Johannesburg"
    assert (mentee.years_experience, mentee.availability_hours) == (8, 3)
    assert mentee.capacity is None  # mentors only, even when a form sends one
    assert mentee.cross_org_only and mentee.same_region_preferred
    assert not mentee.paused


def test_create_mentor_profile_with_capacity(client, member):
    assert create(client, "mentor", capacity="4").status_code == 302
    mentor = profiles_of(member.id)["mentor"]
    assert mentor.capacity == 4
    assert mentor.focus.startswith("Moving from field geology")


def test_mentor_and_mentee_profiles_coexist(client, member):
    create(client, "mentor")
    create(client, "mentee")
    assert set(profiles_of(member.id)) == {"mentor", "mentee"}


def test_unticked_preferences_are_stored_as_false(client, member):
    create(client, "mentee", cross_org_only=None, same_region_preferred=None)
    mentee = profiles_of(member.id)["mentee"]
    assert mentee.cross_org_only is False
    assert mentee.same_region_preferred is False


def test_overview_shows_labels_not_codes(client, member):
    create(client, "mentor")
    text = client.get("/profile").get_data(as_text=True)
    assert "Mining engineering" in text
    assert "Role Models &amp; Mentors" in text
    assert "Open pit" in text
    assert "South Africa" in text
    assert "Zulu" in text
    assert "mining_engineering" not in text
    assert "Edit my mentor profile" in text
    assert "Create my mentee profile" in text


def test_overview_in_french_uses_french_names(client, member):
    create(client, "mentee")
    speak_french(client)
    page = client.get("/profile")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<html lang="fr">' in text
    assert "Afrique du Sud" in text
    assert "anglais" in text


def test_edit_form_in_french_renders(client, member):
    speak_french(client)
    page = client.get("/profile/mentor")
    assert page.status_code == 200
    assert "Afrique du Sud" in page.get_data(as_text=True)


def test_edit_updates_the_same_row(client, member):
    create(client, "mentor")
    first = profiles_of(member.id)["mentor"].id
    page = client.get("/profile/mentor")
    assert page.status_code == 200
    assert "Mine geologist in gold exploration" in page.get_data(as_text=True)
    response = create(
        client, "mentor", headline="Chief geologist", capacity="5", tags=["esg"]
    )
    assert response.status_code == 302
    mentor = profiles_of(member.id)["mentor"]
    assert mentor.id == first
    assert (mentor.headline, mentor.capacity, mentor.tags) == (
        "Chief geologist",
        5,
        ["esg"],
    )


def test_edit_form_groups_tags_and_offers_time_zones(client, member):
    text = client.get("/profile/mentee").get_data(as_text=True)
    for legend in ("Disciplines", "Alliance themes", "Other topics"):
        assert f"<legend>{legend}</legend>" in text
    assert 'type="checkbox"' in text
    assert 'value="Africa/Johannesburg"' in text
    assert "Only a mentor from another organisation" in text
    assert 'name="capacity"' not in text
    mentor_form = client.get("/profile/mentor").get_data(as_text=True)
    assert 'name="capacity"' in mentor_form
    assert 'name="cross_org_only"' not in mentor_form


def test_new_profile_is_prefilled_from_her_other_profile(client, member):
    create(client, "mentor", country="CL", timezone="America/Santiago")
    profiles_of(member.id)  # reload her profiles
    prefill = services.prefill_from_other(member, "mentee")
    assert prefill["country"] == "CL"
    assert prefill["timezone"] == "America/Santiago"
    assert prefill["languages"] == ["en", "zu"]
    assert prefill["discipline"] == "mining_engineering"
    assert "focus" not in prefill and "tags" not in prefill
    text = client.get("/profile/mentee").get_data(as_text=True)
    assert re.search(r'<option[^>]*selected[^>]*value="America/Santiago"', text)


def test_first_profile_is_prefilled_from_her_organisation(member):
    prefill = services.prefill_from_other(member, "mentor")
    assert prefill == {
        "languages": ["en"],
        "country": "ZA",
        "timezone": "Africa/Johannesburg",
    }


def test_pause_and_resume(client, member):
    create(client, "mentor")
    response = client.post("/profile/mentor/pause")
    assert response.status_code == 302
    assert profiles_of(member.id)["mentor"].paused is True
    page = client.get("/profile").get_data(as_text=True)
    assert "Paused: not open to matching" in page
    assert "Resume my mentor profile" in page
    assert client.post("/profile/mentor/resume").status_code == 302
    assert profiles_of(member.id)["mentor"].paused is False


def test_pause_without_that_profile_is_404(client, member):
    create(client, "mentor")
    assert client.post("/profile/mentee/pause").status_code == 404
    assert client.post("/profile/mentee/resume").status_code == 404


def test_pause_needs_the_csrf_token(app, client, member):
    create(client, "mentor")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/profile/mentor/pause").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert profiles_of(member.id)["mentor"].paused is False


def test_delete_asks_first_then_removes_only_that_profile(client, member):
    create(client, "mentor")
    create(client, "mentee")
    page = client.get("/profile/mentee/delete")
    assert page.status_code == 200
    assert "Delete your mentee profile?" in page.get_data(as_text=True)
    assert set(profiles_of(member.id)) == {"mentor", "mentee"}
    response = client.post("/profile/mentee/delete")
    assert response.status_code == 302
    assert set(profiles_of(member.id)) == {"mentor"}


def test_delete_without_that_profile_is_404(client, member):
    assert client.get("/profile/mentor/delete").status_code == 404
    assert client.post("/profile/mentor/delete").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/profile/boss"),
        ("post", "/profile/boss"),
        ("post", "/profile/boss/pause"),
        ("post", "/profile/boss/resume"),
        ("get", "/profile/boss/delete"),
    ],
)
def test_unknown_role_is_404(client, member, method, path):
    assert getattr(client, method)(path).status_code == 404


def test_profile_pages_need_login(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.get("/profile/mentor").status_code == 302


# --- validation: a clear message, status 400, nothing saved ---------------------

ELEVEN_TAGS = [
    "geology",
    "mining_engineering",
    "metallurgy",
    "environment",
    "health_safety",
    "finance",
    "legal",
    "esg",
    "negotiation",
    "public_speaking",
    "mine_closure",
]


@pytest.mark.parametrize(
    ("role", "overrides", "message"),
    [
        ("mentee", {"focus": ""}, "Please describe your goals."),
        ("mentor", {"focus": None}, "Please describe your expertise."),
        ("mentee", {"focus": "Grow."}, "Write between 20 and 2000 characters."),
        ("mentee", {"bio": "x" * 2001}, "Keep your bio to 2000 characters."),
        ("mentee", {"headline": "x" * 141}, "Keep the headline to 140 characters."),
        ("mentee", {"headline": "   "}, "Please write a headline."),
        ("mentor", {"capacity": "0"}, "Choose between 1 and 5 mentees."),
        ("mentor", {"capacity": "6"}, "Choose between 1 and 5 mentees."),
        ("mentor", {"capacity": None}, "Please say how many mentees you can take."),
        (
            "mentee",
            {"tags": ["geology", "astrology"]},
            "Not on the list: astrology. Please choose from the list.",
        ),
        ("mentee", {"tags": ELEVEN_TAGS}, "Choose at most 10 topics."),
        ("mentee", {"tags": None}, "Choose at least one topic."),
        (
            "mentee",
            {"languages": ["en", "klingon"]},
            "Not on the list: klingon. Please choose from the list.",
        ),
        ("mentee", {"languages": None}, "Choose at least one language you speak."),
        ("mentee", {"timezone": "Mars/Olympus_Mons"}, "Please choose from the list."),
        ("mentee", {"timezone": ""}, "Please choose your time zone."),
        ("mentee", {"country": "XX"}, "Please choose from the list."),
        ("mentee", {"discipline": "astrology"}, "Please choose from the list."),
        ("mentee", {"years_experience": "61"}, "Enter a number between 0 and 60."),
        ("mentee", {"years_experience": "many"}, "Not a valid integer value."),
        (
            "mentee",
            {"availability_hours": "0"},
            "Enter between 1 and 40 hours a month.",
        ),
        ("mentee", {"meeting_mode": "telepathy"}, "Please choose from the list."),
    ],
)
def test_invalid_profile_is_refused(client, member, role, overrides, message):
    response = create(client, role, **overrides)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert message in text
    assert "Please correct the fields marked below." in text
    assert profiles_of(member.id) == {}


def test_invalid_edit_leaves_the_profile_unchanged(client, member):
    create(client, "mentor")
    response = create(client, "mentor", headline="New headline", capacity="9")
    assert response.status_code == 400
    mentor = profiles_of(member.id)["mentor"]
    assert (mentor.headline, mentor.capacity) == (
        "Mine geologist in gold exploration",
        2,
    )


# --- a person's page: herself, her coordinators, the Secretariat ----------------


@pytest.fixture
def thandi(org, make_user, client, auth):
    """A member of `org` with a mentor profile (signed out afterwards)."""
    user = make_user(org=org, name="Thandi Mokoena")
    auth.login(user.email)
    create(client, "mentor")
    auth.logout()
    return user


def test_she_sees_her_own_person_page(client, auth, thandi):
    auth.login(thandi.email)
    page = client.get(f"/people/{thandi.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Thandi Mokoena" in text
    assert "Mining engineering" in text
    assert "No mentee profile." in text


def test_her_coordinator_sees_her(client, auth, make_user, org, thandi):
    coordinator = make_user(org=org, roles=("coordinator",))
    auth.login(coordinator.email)
    page = client.get(f"/people/{thandi.id}")
    assert page.status_code == 200
    assert thandi.email in page.get_data(as_text=True)


def test_coordinator_of_another_organisation_gets_404(
    client, auth, make_user, make_org, thandi
):
    other = make_user(org=make_org(), roles=("coordinator",))
    auth.login(other.email)
    assert client.get(f"/people/{thandi.id}").status_code == 404


def test_another_member_gets_404(client, auth, make_user, org, thandi):
    colleague = make_user(org=org)
    auth.login(colleague.email)
    assert client.get(f"/people/{thandi.id}").status_code == 404


def test_secretariat_sees_everyone_and_unknown_ids_are_404(
    client, auth, make_user, thandi
):
    staff = make_user(roles=("secretariat",))
    auth.login(staff.email)
    assert client.get(f"/people/{thandi.id}").status_code == 200
    assert client.get(f"/people/{thandi.id + 1000}").status_code == 404


def test_person_page_needs_login(client, thandi):
    response = client.get(f"/people/{thandi.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# --- The time-zone picker: today's zones, named in her language ----------------------


def _zone_options(text):
    """(value, label) of every option of the time-zone select."""
    select = re.search(r'<select[^>]*name="timezone".*?</select>', text, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_time_zone_picker_offers_todays_zones_in_her_language(client, member):
    client.post("/language", data={"locale": "fr", "next": "/"})
    text = client.get("/profile/mentee").get_data(as_text=True)
    options = dict(_zone_options(text))
    assert options["Africa/Dar_es_Salaam"].startswith("Tanzanie (UTC+03:00)")
    assert options["America/Chicago"].startswith("États-Unis, Chicago (UTC")
    assert "Asia/Kolkata" in options
    obsolete = ("Asia/Calcutta", "US/Eastern", "Etc/GMT+5", "America/Indiana/Knox")
    assert not set(obsolete) & set(options)
    # A person reads places, never a zone code.
    assert not [label for label in options.values() if "/" in label or "_" in label]
    assert '<optgroup label="Afrique">' in text
    assert len(options) < 330  # one per country and clock, not 507
    select = re.search(r'<select[^>]*name="timezone".*?</select>', text, re.S)
    assert len(select.group(0).encode()) < 24_000  # was 32 KB


def test_time_zone_stored_under_an_old_name_shows_as_todays(client, member):
    assert (
        client.post("/profile/mentee", data=profile_form("mentee")).status_code == 302
    )
    profile = profiles_of(member.id)["mentee"]
    profile.timezone = "Asia/Calcutta"
    db.session.commit()
    text = client.get("/profile/mentee").get_data(as_text=True)
    assert re.search(r'<option selected value="Asia/Kolkata">', text)
    assert "Calcutta" not in text
    overview = client.get("/profile").get_data(as_text=True)
    assert "India (UTC+05:30)" in overview and "Calcutta" not in overview


def test_new_profile_suggests_the_zone_of_her_country(
    client, make_org, make_user, auth
):
    user = make_user(org=make_org(country="US"))
    auth.login(user.email)
    text = client.get("/profile/mentee").get_data(as_text=True)
    assert re.search(r'<option selected value="America/New_York">', text)
    # The browser may suggest better: a small script, external (CSP), optional.
    assert 'src="/static/js/timezone.js?v=' in text  # versioned (assets.py)
    assert "data-browser-zone" in text


def test_an_old_zone_name_is_not_accepted_from_a_form(client, member):
    form = profile_form("mentee", timezone="Asia/Calcutta")
    response = client.post("/profile/mentee", data=form)
    assert response.status_code == 400
    assert "Please choose from the list." in response.get_data(as_text=True)
