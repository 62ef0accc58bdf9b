"""Bad input gets a clear answer and changes nothing: the cases of the audit, one by
one (the fuzz test in test_fuzz.py sweeps every form and route)."""

import inspect
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm

from mentorship import forms as shared_forms
from mentorship.auth.models import User
from mentorship.db import db
from mentorship.mentorships.models import Goal, Meeting, MeetingNote
from mentorship.organisations.models import Organisation
from mentorship.programmes.models import Enrolment

from .flow import enrol, make_mentorship, make_programme

BIG, HUGE = 2**31, 2**63
NUL_TEXT = "Mine\x00 closure\x1b plan\x7f for\x85 gold"
CLEAN_TEXT = "Mine closure plan for gold"
RTL = "Amina \u202eillaiD"


def as_user(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def fresh(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


@pytest.fixture
def pair(app, make_org, make_user):
    mentorship, mentee, mentor = make_mentorship(make_org, make_user)
    return mentorship, mentee, mentor


# --- One filter for every text field ---------------------------------------------


def test_every_form_of_the_site_gets_the_text_filter():
    """A form that bypasses BaseForm would let NUL reach PostgreSQL again."""
    import mentorship.auth.routes  # noqa: F401  (load every feature's forms)
    import mentorship.matches.routes  # noqa: F401
    import mentorship.mentorships.routes  # noqa: F401
    import mentorship.mydata.routes  # noqa: F401
    import mentorship.organisations.routes  # noqa: F401
    import mentorship.outcomes.routes  # noqa: F401
    import mentorship.profiles.routes  # noqa: F401
    import mentorship.programmes.routes  # noqa: F401
    import mentorship.surveys.routes  # noqa: F401

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [
        form
        for form in subclasses(FlaskForm)
        if inspect.getmodule(form).__name__.startswith("mentorship.")
    ]
    assert len(ours) > 20
    assert [f for f in ours if not issubclass(f, shared_forms.BaseForm)] == []


def test_one_line_fields_lose_controls_text_areas_keep_line_breaks():
    assert shared_forms.clean_line("a\x00b\tc\r\nd\x9f") == "abcd"
    assert shared_forms.clean_area("a\x00b\tc\r\nd\x9f\x0b") == "ab\tc\r\nd"
    assert shared_forms.clean_line("Lucía Quispe \u00e9") == "Lucía Quispe \u00e9"


def test_nul_in_registration_is_dropped(client, app_ctx):
    response = client.post(
        "/register",
        data={
            "name": "Amina\x00 Diallo\x1b",
            "email": "amina@example.org",
            "password": "a long enough passphrase",
            "confirm": "a long enough passphrase",
            "organisation": "0",
            "locale": "en",
            "consent": "y",
        },
    )
    assert response.status_code == 200  # "check your email", whoever registers
    name = db.session.scalar(sa.select(User.name).where(User.email.like("amina@%")))
    assert name == "Amina Diallo"


def test_right_to_left_override_in_a_name_is_refused(app, make_user):
    user = make_user(name="Amina Diallo")
    response = as_user(app, user).post(
        "/account/details", data={"account-name": RTL, "account-locale": "en"}
    )
    assert response.status_code == 400
    assert "change the writing direction" in response.text
    assert fresh(User, user.id).name == "Amina Diallo"


def test_right_to_left_override_in_an_organisation_name_is_refused(
    app, make_org, make_user
):
    org = make_org(name="WIM Alpha")
    client = as_user(app, make_user(roles=["secretariat"]))
    data = {
        "name": "WIM \u2066Alpha\u2069",
        "country": "ZA",
        "region": "africa",
        "description-en": "Women in mining.",
        "status": "member",
    }
    response = client.post(f"/admin/organisations/{org.id}/edit", data=data)
    assert response.status_code == 400
    assert "change the writing direction" in response.text
    assert fresh(Organisation, org.id).name == "WIM Alpha"


def test_nul_in_account_and_organisation_edit_is_dropped(app, make_org, make_user):
    org = make_org(name="WIM Alpha")
    admin = make_user(roles=["admin"])
    client = as_user(app, admin)
    response = client.post(
        "/account/details", data={"account-name": "Ad\x00min", "account-locale": "en"}
    )
    assert response.status_code == 302
    assert fresh(User, admin.id).name == "Admin"
    data = {
        "name": "WIM\x00 Alpha",
        "country": "ZA",
        "region": "africa",
        "description-en": f"Line one\n{NUL_TEXT}",
        "status": "member",
    }
    response = client.post(f"/admin/organisations/{org.id}/edit", data=data)
    assert response.status_code == 302
    org = fresh(Organisation, org.id)
    assert org.name == "WIM Alpha"
    assert org.description.body("en") == f"Line one\n{CLEAN_TEXT}"


def test_nul_in_goals_notes_and_meetings_is_dropped(app, pair):
    mentorship, mentee, _mentor = pair
    client = as_user(app, mentee)
    url = f"/mentorships/{mentorship.id}"
    assert client.post(f"{url}/goals", data={"goal-title": NUL_TEXT}).status_code == 302
    goal = db.session.scalars(sa.select(Goal)).one()
    assert goal.title == CLEAN_TEXT
    response = client.post(
        f"{url}/meetings",
        data={
            "meeting-held_on": date.today().isoformat(),
            "meeting-duration_minutes": "60",
            "meeting-mode": "online",
            "meeting-topics": NUL_TEXT,
        },
    )
    assert response.status_code == 302
    meeting = db.session.scalars(sa.select(Meeting)).one()
    assert meeting.topics == CLEAN_TEXT
    field = f"note-{meeting.id}-body"
    response = client.post(f"{url}/meetings/{meeting.id}/note", data={field: NUL_TEXT})
    assert response.status_code == 302
    assert db.session.scalars(sa.select(MeetingNote.body)).one() == CLEAN_TEXT


def test_nul_in_enrolment_goals_is_dropped(app, make_user):
    member = make_user()
    programme = make_programme()
    enrol(programme, member, "mentee")
    response = as_user(app, member).post(
        f"/programmes/{programme.id}/enrolments/mentee",
        data={"mentee-goals": NUL_TEXT},
    )
    assert response.status_code == 302
    assert db.session.scalars(sa.select(Enrolment.goals)).one() == CLEAN_TEXT


@pytest.mark.parametrize("query", ["q=%00", "q=%00%1b%FF", "q=a%00b&page=2"])
def test_nul_in_search_boxes_is_harmless(app, make_org, make_user, query):
    org = make_org()
    client = as_user(app, make_user(roles=["admin"]))
    for url in ("/admin/users", f"/organisations/{org.id}/members"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, url
        assert "\x00" not in response.text


def test_search_arg_cleans_and_bounds(app):
    with app.test_request_context("/?q=%20a%00b%0Ac%20&long=" + "x" * 300):
        assert shared_forms.search_arg() == "abc"
        assert len(shared_forms.search_arg("long")) == 100


# --- Ids and page numbers ------------------------------------------------------------


@pytest.mark.parametrize("value", [BIG, HUGE, 2**64, 0])
def test_out_of_range_ids_in_urls_are_404(app, make_user, value):
    client = as_user(app, make_user(roles=["admin"]))
    for url in (
        f"/people/{value}",
        f"/organisations/{value}/members",
        f"/admin/programmes/{value}",
        f"/mentorships/{value}",
        f"/programmes/1/organisations/{value}/enrolments",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/admin/users/{value}/roles").status_code == 404


def test_control_characters_in_a_path_segment_are_404(client, app_ctx):
    assert client.get("/organisations/%00").status_code == 404
    assert client.get("/verify/abc%00def").status_code == 404


@pytest.mark.parametrize("value", [str(BIG), str(HUGE), "-1", "0", "x"])
def test_coordinator_picker_refuses_ids_out_of_range(app, make_org, make_user, value):
    org = make_org()
    client = as_user(app, make_user(roles=["secretariat"]))
    url = f"/admin/organisations/{org.id}/coordinators"
    response = client.post(url, data={"user_id": value})
    assert response.status_code in (200, 400)
    assert "Choose a member." in response.text
    response = client.post(url, data={"action": "remove", "user_id": value})
    assert response.status_code == 302
    assert "is not a coordinator" in client.get(url).text


def test_db_id_bounds():
    assert shared_forms.db_id("42") == 42
    for value in (str(BIG), str(HUGE), "0", "-1", "4.5", ""):
        with pytest.raises(ValueError):
            shared_forms.db_id(value)


@pytest.mark.parametrize("page", [str(HUGE), str(BIG), "-1", "0", "x", "1e9"])
def test_huge_page_numbers_show_a_page(app, make_org, make_user, page):
    org = make_org()
    programme = make_programme()
    client = as_user(app, make_user(roles=["admin"]))
    for url in (
        "/admin/users",
        f"/organisations/{org.id}/members",
        f"/admin/programmes/{programme.id}",
        f"/programmes/{programme.id}/organisations/{org.id}/enrolments",
        f"/dashboard/organisations/{org.id}",
    ):
        assert client.get(f"{url}?page={page}").status_code == 200, url


# --- Dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00", "9999-12-31T23:59", "1899-12-31T10:00"]
)
def test_next_meeting_out_of_range_is_refused(app, pair, value):
    mentorship, mentee, _mentor = pair
    response = as_user(app, mentee).post(
        f"/mentorships/{mentorship.id}/next-meeting", data={"next-at": value}
    )
    assert response.status_code == 400
    assert "Enter a date between" in response.text
    db.session.expire_all()
    assert mentorship.next_meeting_at is None


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_meeting_date_out_of_range_is_refused(app, pair, value):
    mentorship, mentee, _mentor = pair
    response = as_user(app, mentee).post(
        f"/mentorships/{mentorship.id}/meetings",
        data={
            "meeting-held_on": value,
            "meeting-duration_minutes": "60",
            "meeting-mode": "online",
        },
    )
    assert response.status_code == 400
    assert db.session.scalars(sa.select(Meeting)).all() == []


@pytest.mark.parametrize("field", ["enrol_opens_on", "ends_on"])
@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_programme_dates_out_of_range_are_refused(app, make_user, field, value):
    client = as_user(app, make_user(roles=["secretariat"]))
    today = date.today()
    data = {
        "name-en": "Cohort",
        "description-en": "A cohort.",
        "enrol_opens_on": today.isoformat(),
        "enrol_closes_on": (today + timedelta(days=10)).isoformat(),
        "starts_on": (today + timedelta(days=20)).isoformat(),
        "ends_on": (today + timedelta(days=200)).isoformat(),
        "duration_months": "6",
        "all_organisations": "y",
        field: value,
    }
    response = client.post("/admin/programmes/new", data=data)
    assert response.status_code == 400
    assert "Enter a date between 2000-01-01 and 2100-12-31." in response.text


def test_json_bodies_and_uploads_are_not_form_data(app, make_user):
    """Flask-WTF would hand a JSON body's lists and numbers, or an uploaded file,
    to fields that expect text."""
    import io

    user = make_user(name="Amina Diallo")
    client = as_user(app, user)
    response = client.post(
        "/account/details", json={"account-name": [2**63], "account-locale": "en"}
    )
    assert response.status_code == 400
    response = client.post(
        "/account/details",
        data={"account-name": (io.BytesIO(b"\x00"), "x.txt"), "account-locale": "en"},
    )
    assert response.status_code == 400
    assert fresh(User, user.id).name == "Amina Diallo"
