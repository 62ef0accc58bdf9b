"""Joining the Alliance: the application, her private link, the Secretariat's
review (request information, approve, decline), each step emailed and audited."""

import re
import threading

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.auth.models import User
from mentorship.core import memberships
from mentorship.core.models import Membership
from mentorship.db import db
from mentorship.joining import services
from mentorship.joining.models import (
    DECLARATION_VERSION,
    ApplicationStatus,
    OrganisationApplication,
)
from mentorship.organisations.models import Organisation

from ..factories import sign_in


def _form(**overrides):
    data = {
        "name": "Mujeres en Minería Bolivia",
        "country": "BO",
        "region": "latin_america_caribbean",
        "website": "https://mmb.example.org",
        "description": "Nous réunissons les femmes des mines boliviennes.",
        "description_lang": "fr",
        "working_languages": ["es", "fr"],
        "founding_year": "2015",
        "size_band": "25_99",
        "contact_name": "Ana Quispe",
        "contact_email": "ana@mmb.example.org",
        "contact_title": "Présidente",
        "contact_locale": "fr",
        "agree": "y",
    }
    data.update(overrides)
    return data


def _values(**overrides):
    """What the form hands the service, for applications made in setup."""
    data = _form(**overrides)
    data.pop("agree")
    data["founding_year"] = int(data["founding_year"])
    return data


@pytest.fixture
def sent(monkeypatch):
    """Every notification of the joining flow: (template, address, locale, context)."""
    calls = []
    real = services.notify

    def spy(recipient, template, **context):
        calls.append((template, recipient[0], recipient[1], context))
        return real(recipient, template, **context)

    monkeypatch.setattr(services, "notify", spy)
    return calls


@pytest.fixture
def staff(make_user, client):
    user = make_user(email="secretariat@example.org", roles=["secretariat"])
    sign_in(client, user)
    return user


def _application(**overrides):
    application = services.submit(_values(**overrides))
    db.session.commit()
    return application


def _count(model, *where):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(*where)
    )


def _audits(application):
    return db.session.scalars(
        sa.select(AuditEvent)
        .where(
            AuditEvent.entity_type == "organisation_applications",
            AuditEvent.entity_id == application.id,
        )
        .order_by(AuditEvent.id)
    ).all()


# --- Applying ------------------------------------------------------------------------


def test_the_form_is_public_and_linked(client, app_ctx):
    page = client.get("/join")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "without integration, control or affiliation" in text
    assert "ratify common priorities and positions" in text
    assert 'href="/join"' in client.get("/organisations").get_data(as_text=True)
    assert 'href="/join"' in client.get("/").get_data(as_text=True)


def test_a_visitor_applies_and_gets_her_link_in_her_language(
    client, app_ctx, sent, outbox
):
    response = client.post("/join", data=_form())
    assert response.status_code == 200
    application = db.session.scalar(sa.select(OrganisationApplication))
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.name == "Mujeres en Minería Bolivia"
    assert application.description_lang == "fr"
    assert application.working_languages == ["es", "fr"]
    assert application.founding_year == 2015
    assert application.declaration_version == DECLARATION_VERSION
    assert application.declaration_agreed_at is not None
    [(template, address, locale, context)] = sent
    assert (template, address, locale) == (
        "joining_received",
        "ana@mmb.example.org",
        "fr",
    )
    assert outbox[0].to == ["ana@mmb.example.org"]
    token = re.search(r"/join/([\w.-]+)", outbox[0].body).group(1)
    page = client.get(f"/join/{token}")
    assert page.status_code == 200
    assert "Mujeres en Minería Bolivia" in page.get_data(as_text=True)
    [event] = _audits(application)
    assert event.action == "submitted"


def test_a_signed_in_person_may_apply_too(client, make_user, make_org):
    person = make_user(org=make_org())
    sign_in(client, person)
    assert client.post("/join", data=_form()).status_code == 200
    [event] = _audits(db.session.scalar(sa.select(OrganisationApplication)))
    assert event.actor_id == person.id


def test_the_declaration_must_be_agreed_to(client, app_ctx, sent):
    data = _form()
    del data["agree"]
    response = client.post("/join", data=data)
    assert response.status_code == 400
    assert "must agree to the Declaration" in response.get_data(as_text=True)
    assert _count(OrganisationApplication) == 0
    assert sent == []


@pytest.mark.parametrize(
    "name",
    [
        "Mujeres en Minería Bolivia",
        "MUJERES EN MINERÍA BOLIVIA",
        "mujeres en mineria bolivia",
        "  Mujeres  en Mineria Bolivia ",
    ],
)
def test_a_member_organisations_name_is_refused(client, make_org, sent, name):
    make_org(name="Mujeres en Minería Bolivia")
    response = client.post("/join", data=_form(name=name))
    assert response.status_code == 400
    assert "already a member or has applied" in response.get_data(as_text=True)
    assert _count(OrganisationApplication) == 0
    assert sent == []


def test_an_open_applications_name_is_refused(client, app_ctx):
    _application()
    response = client.post("/join", data=_form(name="MUJERES en mineria BOLIVIA"))
    assert response.status_code == 400
    assert _count(OrganisationApplication) == 1


def test_the_database_refuses_two_open_applications_of_one_name(app_ctx):
    _application()
    db.session.add(
        OrganisationApplication(
            **_values(name="Mujeres en Mineria Bolivia"),
            name_key=services.name_key("Mujeres en Mineria Bolivia"),
            declaration_version=DECLARATION_VERSION,
            declaration_agreed_at=db.func.now(),
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_declined_name_may_apply_again(client, app_ctx, staff):
    application = _application()
    services.decline(application, "Not a WIM organisation yet.", staff)
    db.session.commit()
    assert client.post("/join", data=_form()).status_code == 200
    assert _count(OrganisationApplication) == 2


def test_a_robot_filling_the_hidden_field_stores_nothing(client, app_ctx, sent):
    response = client.post("/join", data=_form(fax_number="+1 555"))
    assert response.status_code == 200
    assert _count(OrganisationApplication) == 0
    assert sent == []


def test_a_bad_link_is_refused_with_a_message(client, app_ctx):
    response = client.get("/join/not-a-token", follow_redirects=True)
    assert "This link is invalid or has expired." in response.get_data(as_text=True)
    assert client.get("/join/not-a-token").status_code == 302


# --- Her answer ----------------------------------------------------------------------


def test_she_answers_the_secretariats_question(client, app_ctx, staff, sent):
    application = _application()
    services.request_info(application, "Combien de membres ?", staff)
    db.session.commit()
    token = services.application_token(application)
    client.get("/logout")  # the link needs no account
    page = client.get(f"/join/{token}").get_data(as_text=True)
    assert "Combien de membres ?" in page
    assert client.post(f"/join/{token}", data={"answer": ""}).status_code == 400
    response = client.post(f"/join/{token}", data={"answer": "Quarante."})
    assert response.status_code == 302
    db.session.expire_all()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.answer == "Quarante."
    assert [e.to_state for e in _audits(application)][-2:] == [
        "info_requested",
        "submitted",
    ]
    # Nothing is asked any more: a second answer changes nothing.
    assert client.post(f"/join/{token}", data={"answer": "Encore"}).status_code == 400
    assert [t for t, *_ in sent] == ["joining_received", "joining_info_requested"]


# --- The Secretariat's review --------------------------------------------------------


def test_the_review_list_filters_oldest_first(client, app_ctx, staff):
    first = _application()
    _application(name="WIM Kenya", region="africa", country="KE")
    page = client.get("/admin/applications").get_data(as_text=True)
    assert page.index("Mujeres en Minería Bolivia") < page.index("WIM Kenya")
    page = client.get("/admin/applications?region=africa").get_data(as_text=True)
    assert "WIM Kenya" in page and "Bolivia" not in page
    services.decline(first, "No.", staff)
    db.session.commit()
    page = client.get("/admin/applications?status=declined").get_data(as_text=True)
    assert "Bolivia" in page and "WIM Kenya" not in page
    assert client.get("/admin/applications?status=junk&page=99999").status_code == 200


def test_request_info_needs_a_message_and_emails_her(client, app_ctx, staff, sent):
    application = _application()
    url = f"/admin/applications/{application.id}"
    bad = client.post(url, data={"action": "request_info", "info-question": ""})
    assert bad.status_code == 400
    assert application.status == ApplicationStatus.SUBMITTED
    response = client.post(
        url, data={"action": "request_info", "info-question": "Vos statuts ?"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert application.status == ApplicationStatus.INFO_REQUESTED
    assert application.info_request == "Vos statuts ?"
    template, address, locale, context = sent[-1]
    assert (template, address, locale) == (
        "joining_info_requested",
        "ana@mmb.example.org",
        "fr",
    )
    assert context["question"] == "Vos statuts ?"
    event = _audits(application)[-1]
    assert (event.actor_id, event.reason) == (staff.id, "Vos statuts ?")


def test_decline_needs_a_reason_sent_to_her(client, app_ctx, staff, sent):
    application = _application(contact_locale="es")
    url = f"/admin/applications/{application.id}"
    bad = client.post(url, data={"action": "decline", "decline-reason": " "})
    assert bad.status_code == 400
    response = client.post(
        url, data={"action": "decline", "decline-reason": "Fuera del ámbito."}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert application.status == ApplicationStatus.DECLINED
    assert application.decided_by_id == staff.id
    template, address, locale, context = sent[-1]
    assert (template, locale, context["reason"]) == (
        "joining_declined",
        "es",
        "Fuera del ámbito.",
    )
    assert _audits(application)[-1].reason == "Fuera del ámbito."
    # Decided: no second decision.
    again = client.post(url, data={"action": "approve"})
    assert again.status_code == 400
    assert "decided on this application meanwhile" in again.get_data(as_text=True)
    assert _count(Organisation) == 0


def test_an_unknown_action_changes_nothing(client, app_ctx, staff):
    application = _application()
    url = f"/admin/applications/{application.id}"
    assert client.post(url, data={"action": "explode"}).status_code == 400
    assert client.get("/admin/applications/999999").status_code == 404
    assert application.status == ApplicationStatus.SUBMITTED


def test_approval_with_a_fresh_email_creates_her_account(
    client, app, app_ctx, staff, sent
):
    application = _application()
    response = client.post(
        f"/admin/applications/{application.id}", data={"action": "approve"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    org = db.session.scalar(sa.select(Organisation))
    assert (org.name, org.status, org.slug) == (
        "Mujeres en Minería Bolivia",
        "member",
        "mujeres-en-mineria-bolivia",
    )
    assert org.description.source_lang == "fr"
    assert org.working_languages == ["es", "fr"]
    assert (org.founding_year, org.size_band) == (2015, "25_99")
    assert application.status == ApplicationStatus.APPROVED
    assert application.organisation_id == org.id
    leader = db.session.scalar(sa.select(User).filter_by(email="ana@mmb.example.org"))
    assert leader.organisation_id == org.id
    assert not leader.is_verified
    assert leader.locale == "fr"
    assert _holds_leader(leader, org)
    template, address, locale, context = sent[-1]
    assert (template, address, locale) == (
        "joining_approved",
        "ana@mmb.example.org",
        "fr",
    )
    # The set-password link works once.
    token = re.search(r"/reset/([\w.-]+)", context["set_password_url"]).group(1)
    fresh = app.test_client()
    assert fresh.get(f"/reset/{token}").status_code == 200
    chosen = "une phrase de passe solide"
    done = fresh.post(f"/reset/{token}", data={"password": chosen, "confirm": chosen})
    assert done.status_code == 302
    assert app.test_client().get(f"/reset/{token}").status_code == 302


def _holds_leader(user, org):
    return (
        _count(
            Membership,
            Membership.user_id == user.id,
            memberships.holding("leader", organisation_id=org.id),
        )
        == 1
    )


def test_approval_with_an_existing_account_makes_her_leader(
    client, app_ctx, staff, make_user, sent
):
    ana = make_user(email="ana@mmb.example.org", locale="es")
    application = _application()
    response = client.post(
        f"/admin/applications/{application.id}", data={"action": "approve"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    org = db.session.scalar(sa.select(Organisation))
    assert ana.organisation_id == org.id
    assert _holds_leader(ana, org)
    assert _count(User, User.email == "ana@mmb.example.org") == 1
    template, _address, locale, context = sent[-1]
    assert (template, locale) == ("joining_approved", "fr")
    assert context["set_password_url"] is None


def test_approval_refused_when_her_account_is_in_another_organisation(
    client, app_ctx, staff, make_user, make_org, sent
):
    other = make_org(name="WIM Peru")
    ana = make_user(email="ana@mmb.example.org", org=other)
    application = _application()
    response = client.post(
        f"/admin/applications/{application.id}", data={"action": "approve"}
    )
    assert response.status_code == 400
    assert "belongs to another organisation" in response.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == ApplicationStatus.SUBMITTED
    assert ana.organisation_id == other.id
    assert _count(Organisation) == 1
    assert [t for t, *_ in sent] == ["joining_received"]


def test_approval_refused_when_the_name_was_taken_meanwhile(
    client, app_ctx, staff, make_org
):
    application = _application()
    make_org(name="MUJERES EN MINERIA BOLIVIA")
    response = client.post(
        f"/admin/applications/{application.id}", data={"action": "approve"}
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == ApplicationStatus.SUBMITTED
    assert _count(Organisation) == 1
    assert _count(User, User.email == "ana@mmb.example.org") == 0


def test_a_stale_second_approval_gets_a_message(app_ctx, staff, make_user):
    """Two Secretariat members who loaded the application as open: one wins."""
    application = _application()
    other = make_user(roles=["secretariat"])
    services.approve(application, staff)
    db.session.commit()
    with pytest.raises(services.AlreadyDecided):
        services.approve(application, other)
    db.session.rollback()
    assert _count(Organisation) == 1
    assert [e.to_state for e in _audits(application)] == ["submitted", "approved"]


def test_the_alliance_overview_lists_what_waits(client, app_ctx, staff):
    assert "Applications to join" not in client.get("/admin/alliance").get_data(
        as_text=True
    )
    first = _application()
    _application(name="WIM Kenya", region="africa", country="KE")
    services.request_info(first, "?", staff)
    db.session.commit()
    page = client.get("/admin/alliance").get_data(as_text=True)
    assert "Applications to join" in page
    assert "1 application waits for the Secretariat" in page
    assert "1 application awaits the applicant" in page
    assert 'href="/admin/applications"' in page
    assert 'href="/admin/alliance"' in client.get("/").get_data(
        as_text=True
    )  # the menu


# --- Two approvals at once -----------------------------------------------------------


@pytest.mark.commits
def test_two_approvals_at_once_create_one_organisation(app, make_user):
    """Each Secretariat member in her own thread, session and connection; the first
    holds her transaction open while the second tries: exactly one wins."""
    with app.app_context():
        one = make_user(roles=["secretariat"]).id
        two = make_user(roles=["secretariat"]).id
        application_id = _application().id
        db.session.remove()
    started, results = threading.Event(), {}

    def run(name, actor_id, before=None, after=None):
        with app.app_context():
            if before:
                before.wait(5)
            try:
                row = db.session.get(OrganisationApplication, application_id)
                services.approve(row, db.session.get(User, actor_id))
                if after:
                    after.set()
                    threading.Event().wait(0.5)
                db.session.commit()
                results[name] = "won"
            except (services.JoiningError, sa.exc.OperationalError) as error:
                db.session.rollback()
                results[name] = type(error).__name__
                if after:
                    after.set()
            finally:
                db.session.remove()

    first = threading.Thread(target=run, args=("first", one, None, started))
    second = threading.Thread(target=run, args=("second", two, started, None))
    first.start(), second.start()
    first.join(15), second.join(15)
    assert sorted(results.values()) == ["AlreadyDecided", "won"], results
    with app.app_context():
        assert _count(Organisation) == 1
        assert _count(Membership, Membership.position == "leader") == 1
        row = db.session.get(OrganisationApplication, application_id)
        assert row.status == ApplicationStatus.APPROVED
        db.session.remove()


# --- Demo ----------------------------------------------------------------------------


def test_the_demo_has_an_application_in_each_state(app_ctx, make_user):
    from mentorship.demo.joining import seed_joining

    make_user(roles=["secretariat"])
    seed_joining()
    seed_joining()  # twice is harmless
    db.session.commit()
    rows = db.session.scalars(sa.select(OrganisationApplication)).all()
    assert sorted(row.status for row in rows) == sorted(ApplicationStatus)
    [approved] = [row for row in rows if row.status == ApplicationStatus.APPROVED]
    assert approved.organisation.status == "member"
    leader = db.session.scalar(sa.select(User).filter_by(email=approved.contact_email))
    assert _holds_leader(leader, approved.organisation)
    assert all(row.contact_email.endswith(".example.org") for row in rows)


@pytest.mark.parametrize("locale", ["fr", "es"])
def test_the_confirmation_is_written_in_her_language(client, app, outbox, locale):
    """Subject and body in her language (the catalogue's words once merged)."""
    from flask_babel import force_locale, gettext

    client.post("/join", data=_form(contact_locale=locale))
    [message] = outbox
    with app.test_request_context(), force_locale(locale):
        subject = gettext("Your application to join the International WIM Alliance")
    assert message.subject == subject
    html = message.alternatives[0][0]
    assert f'<html lang="{locale}">' in html
