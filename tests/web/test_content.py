"""The kernel's translated content and memberships with terms, and the migration that
moved the per-language columns and the coordinator grants to them."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import render_template_string
from flask_babel import refresh
from sqlalchemy.exc import IntegrityError

from mentorship import policy
from mentorship.audit.models import AuditEvent
from mentorship.auth.models import RoleGrant, User
from mentorship.auth.services import grant_role, revoke_role
from mentorship.core import memberships, translated
from mentorship.core.models import Body, Membership, Translation
from mentorship.db import db
from mentorship.organisations.models import Organisation
from mentorship.programmes.models import Programme

from ..factories import statements_run


def today():
    """Today, asked at each use: a run crossing midnight must not use yesterday."""
    return memberships.today()


# --- Translated content --------------------------------------------------------------


def test_reader_gets_her_language_else_the_source_marked_as_a_fallback(app_ctx):
    text = translated.new_text("fr", fr="Bonjour", es="Hola")
    assert translated.resolve(text, "es") == translated.Shown("Hola", "es")
    shown = translated.resolve(text, "en")
    assert (shown.body, shown.lang, shown.fallback) == ("Bonjour", "fr", True)
    assert translated.resolve(None, "en").body == ""


def test_statuses_per_language(app_ctx):
    text = translated.new_text("en", en="Hello", fr="Bonjour")
    assert text.status("en") == "source"
    assert text.status("fr") == "draft"
    assert text.status("es") == "missing"
    translated.mark_reviewed(text, "fr")
    assert text.status("fr") == "reviewed"
    with pytest.raises(ValueError):
        translated.mark_reviewed(text, "es")


def test_editing_the_source_marks_other_languages_outdated(app_ctx):
    text = translated.new_text("en", en="Hello", fr="Bonjour", es="Hola")
    translated.mark_reviewed(text, "fr")
    edit = translated.Edit("en", {"en": "Hello all", "fr": "Bonjour", "es": "Hola"})
    translated.set_text(text, edit)
    assert text.status("fr") == "outdated" and text.status("es") == "outdated"
    # Rewriting or reviewing a translation in the same edit keeps it current.
    edit = translated.Edit(
        "en",
        {"en": "Hello everyone", "fr": "Bonjour à toutes", "es": "Hola"},
        reviewed={"es"},
    )
    translated.set_text(text, edit)
    assert text.status("fr") == "draft" and text.status("es") == "reviewed"
    # Saving without a change to the source changes no status.
    translated.set_text(text, translated.Edit("en", dict(edit.bodies)))
    assert text.status("fr") == "draft" and text.status("es") == "reviewed"


def test_text_is_queryable_in_sql(app_ctx, make_org):
    org = make_org(description={"es": "Mujeres en la minería", "en": "Women"})
    found = db.session.scalar(
        sa.select(Organisation.id).where(
            translated.body_in(Organisation.description_id, "es").like("Mujeres%")
        )
    )
    assert found == org.id


def test_fallback_is_rendered_with_lang_and_a_visible_note(app, make_org):
    org = make_org(description={"en": "Who we are."})
    source = (
        '{% from "_macros/translated.html" import translated_paragraphs %}'
        '{{ translated_paragraphs(org, "description") }}'
    )
    with app.test_request_context(headers={"Accept-Language": "es"}):
        html = render_template_string(source, org=org)
    assert '<div lang="en">' in html and "<p>Who we are.</p>" in html
    assert 'class="translated-note"' in html and "inglés" in html
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()  # the locale is cached on the app context
        html = render_template_string(source, org=org)
    assert "<div>" in html and "translated-note" not in html


def test_languages_come_from_configuration(app, client, auth, make_user, monkeypatch):
    """Adding Portuguese to LANGUAGES adds its box to every form; no model changes."""
    monkeypatch.setitem(app.config, "LANGUAGES", ["en", "fr", "es", "pt"])
    staff = make_user(roles=["secretariat"])
    auth.login(staff.email)
    page = client.get("/admin/organisations/new").get_data(as_text=True)
    assert 'name="description-pt"' in page
    data = {
        "name": "Mulheres na Mineração Brasil",
        "country": "BR",
        "region": "latin_america_caribbean",
        "description-source": "pt",
        "description-pt": "Mulheres na mineração.",
        "status": "member",
    }
    assert client.post("/admin/organisations/new", data=data).status_code == 302
    org = db.session.scalar(sa.select(Organisation))
    assert org.description.source_lang == "pt"
    assert org.description.body("pt") == "Mulheres na mineração."
    shown = translated.resolve(org.description, "fr")
    assert (shown.lang, shown.fallback) == ("pt", True)


def test_edit_pages_show_the_status_per_language(client, auth, make_user, make_org):
    org = make_org(description={"en": "Who we are.", "fr": "Qui nous sommes."})
    auth.login(make_user(roles=["secretariat"]).email)
    page = client.get(f"/admin/organisations/{org.id}/edit").get_data(as_text=True)
    assert "Description: status per language" in page
    assert "Source" in page and "Draft" in page and "Missing" in page


def test_an_editor_marks_a_translation_reviewed(client, auth, make_user, make_org):
    org = make_org(description={"en": "Who we are.", "fr": "Qui nous sommes."})
    auth.login(make_user(roles=["secretariat"]).email)
    data = {
        "name": org.name,
        "country": org.country,
        "region": org.region,
        "description-source": "en",
        "description-en": "Who we are.",
        "description-fr": "Qui nous sommes.",
        "description-fr_reviewed": "y",
        "status": "member",
    }
    url = f"/admin/organisations/{org.id}/edit"
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    text = db.session.get(Organisation, org.id).description
    assert (text.status("en"), text.status("fr")) == ("source", "reviewed")
    data.pop("description-fr_reviewed")
    data["description-en"] = "Who we are, today."
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).description.status("fr") == "outdated"
    page = client.get(url).get_data(as_text=True)
    assert "The translation into French is reviewed" in page


def test_the_source_language_must_hold_text(client, auth, make_user):
    auth.login(make_user(roles=["secretariat"]).email)
    data = {
        "name": "WIM Ghana",
        "country": "GH",
        "region": "africa",
        "description-source": "fr",
        "description-en": "Only English.",
        "status": "member",
    }
    response = client.post("/admin/organisations/new", data=data)
    assert response.status_code == 400
    assert "source language" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


# --- Memberships with terms ----------------------------------------------------------


def _holding(user, on=None):
    return db.session.scalars(
        sa.select(Membership.position).where(
            Membership.user_id == user.id, memberships.current(on)
        )
    ).all()


def test_current_is_a_query_over_the_term(app_ctx, make_org, make_user):
    org = make_org()
    person = make_user(org=org)
    memberships.start(person, "leader", organisation=org, starts_on=today())
    later = memberships.start(
        person, "voting_delegate", organisation=org, starts_on=today() + timedelta(3)
    )
    assert _holding(person) == ["leader"]
    assert sorted(_holding(person, today() + timedelta(3))) == [
        "leader",
        "voting_delegate",
    ]
    memberships.end(later, ends_on=today() + timedelta(10))
    assert "voting_delegate" not in _holding(person, today() + timedelta(10))
    assert "voting_delegate" in _holding(person, today() + timedelta(9))


def test_ending_keeps_the_history_and_is_audited(app_ctx, make_org, make_user):
    org, body = make_org(), _body()
    person, chair = make_user(org=org), make_user()
    first = memberships.start(person, "member", body=body, actor=chair)
    assert memberships.start(person, "member", body=body) is first  # already holds it
    assert memberships.end(first, actor=chair)
    assert not memberships.end(first)  # ended once
    second = memberships.start(person, "member", body=body)
    db.session.commit()
    assert [m.id for m in memberships.of(person)] == [second.id, first.id]
    assert first.ends_on == today() and second.ends_on is None
    assert [m.id for m in memberships.of(person, on=today())] == [second.id]
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.entity_type == "memberships")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["membership_started", "membership_ended", "membership_started"]


def test_positions_are_a_controlled_vocabulary(app_ctx, make_org, make_user):
    org, body = make_org(), _body()
    person = make_user(org=org)
    with pytest.raises(ValueError):
        memberships.start(person, "chair", organisation=org)  # a body's position
    with pytest.raises(ValueError):
        memberships.start(person, "member", organisation=org, body=body)
    for values in (
        {"organisation_id": org.id, "position": "chair"},
        {"body_id": body.id, "position": "coordinator"},
        {"organisation_id": org.id, "body_id": body.id, "position": "member"},
        {"organisation_id": org.id, "position": "queen"},
    ):
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(Membership(user_id=person.id, starts_on=today(), **values))
            db.session.flush()


def test_coordinator_is_a_current_membership(app_ctx, make_org, make_user):
    org = make_org()
    coordinator = make_user(org=org, roles=["coordinator"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoleGrant)) == 0
    [term] = memberships.of(coordinator)
    assert (term.position, term.organisation_id) == ("coordinator", org.id)
    assert coordinator.has_role("coordinator")
    assert policy.coordinates(coordinator, org.id)
    revoke_role(coordinator, "coordinator")
    db.session.commit()
    db.session.expire_all()
    coordinator = db.session.get(User, coordinator.id)
    assert not coordinator.has_role("coordinator")
    assert not policy.coordinates(coordinator, org.id)
    assert len(memberships.of(coordinator)) == 1  # the ended term stays


def test_a_coordinator_needs_an_organisation(app_ctx, make_user):
    with pytest.raises(ValueError):
        grant_role(make_user(), "coordinator")


def test_a_term_that_has_not_started_grants_nothing(app_ctx, make_org, make_user):
    org = make_org()
    person = make_user(org=org)
    memberships.start(
        person, "coordinator", organisation=org, starts_on=today() + timedelta(1)
    )
    db.session.commit()
    assert not db.session.get(User, person.id).has_role("coordinator")


def test_roles_load_with_the_signed_in_user(app, make_org, make_user):
    """Loading the signed-in person reads her roles in the same query as her:
    grants and current memberships (after the statement reading her session and
    data versions; a thread that loaded her at that version reuses her)."""
    from mentorship.auth import load_user

    org = make_org()
    coordinator = make_user(org=org, roles=["coordinator", "steering"])
    cookie = coordinator.get_id()
    with app.app_context(), statements_run() as statements:
        user = load_user(cookie)
        assert user.roles == {"member", "coordinator", "steering"}
        assert policy.coordinates(user, org.id)
    assert "session_version" in statements[0] and "data_versions" in statements[0]
    assert "FROM users" in statements[1] and "memberships" in statements[1]
    later = statements[2:]
    assert not [s for s in later if "role_grants" in s or "memberships" in s], later


def _body():
    body = Body(
        kind="working_group",
        slug="data",
        name=translated.new_text("en", en="Data working group"),
    )
    db.session.add(body)
    db.session.flush()
    return body


# --- The migration -------------------------------------------------------------------


@pytest.mark.commits  # migrations run DDL on the real engine
def test_migration_moves_columns_and_coordinator_grants(app):
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        db.session.remove()
        downgrade(revision="0006_kernel")
        try:
            with db.engine.begin() as conn:
                _insert_0006_rows(conn)
        finally:
            upgrade()
        org = db.session.scalar(sa.select(Organisation))
        assert org.description.source_lang == "fr"  # English was empty
        assert org.description.body("fr") == "Femmes des mines."
        assert org.description.body("es") == "Mujeres mineras."
        assert org.description.status("es") == "reviewed"
        programme = db.session.scalar(sa.select(Programme))
        assert programme.name.source_lang == "en"
        assert {lang: programme.name.body(lang) for lang in ("en", "fr", "es")} == {
            "en": "Pilot",
            "fr": "Pilote",
            "es": "",
        }
        assert programme.description.translations == {}
        coordinator = db.session.get(User, 1)
        [term] = memberships.of(coordinator)
        assert (term.position, term.organisation_id) == ("coordinator", org.id)
        assert term.starts_on.isoformat() == "2026-01-15"
        assert coordinator.has_role("coordinator", "steering")
        assert not db.session.get(User, 2).has_role("coordinator")  # no organisation
        assert set(db.session.scalars(sa.select(RoleGrant.role))) == {"steering"}
        # The organisation's and the programme's texts (0021 adds the themes' own).
        texts = {org.description_id, programme.name_id, programme.description_id}
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Translation.id)).where(
                    Translation.text_id.in_(texts)
                )
            )
            == 4
        )
        db.session.remove()


def _insert_0006_rows(conn):
    conn.execute(
        sa.text(
            "INSERT INTO organisations (id, name, slug, country, region, website, "
            "description_en, description_fr, description_es, status, created_at) "
            "VALUES (1, 'WIM CI', 'wim-ci', 'CI', 'africa', '', '', "
            "'Femmes des mines.', 'Mujeres mineras.', 'member', '2026-01-01')"
        )
    )
    for user_id, org_id in ((1, 1), (2, None)):
        conn.execute(
            sa.text(
                "INSERT INTO users (id, email, name, password_hash, locale, "
                "organisation_id, consent_version, consent_at, session_version, "
                "created_at) VALUES (:id, :email, 'P', 'x', 'en', :org, '1', "
                "'2026-01-01', 1, '2026-01-01')"
            ),
            {"id": user_id, "email": f"p{user_id}@example.org", "org": org_id},
        )
    conn.execute(
        sa.text(
            "INSERT INTO role_grants (user_id, role, granted_at) VALUES "
            "(1, 'coordinator', '2026-01-15 10:00:00'), "
            "(1, 'steering', '2026-01-15 10:00:00'), "
            "(2, 'coordinator', '2026-01-15 10:00:00')"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO programmes (id, name_en, name_fr, name_es, description_en, "
            "description_fr, description_es, enrol_opens_on, enrol_closes_on, "
            "starts_on, ends_on, duration_months, all_organisations, status, "
            "created_at) VALUES (1, 'Pilot', 'Pilote', '', '', '', '', "
            "'2026-01-01', '2026-01-10', '2026-02-01', '2026-08-01', 6, :yes, "
            "'draft', '2026-01-01')"
        ),
        {"yes": True},
    )
    if conn.dialect.name == "postgresql":  # explicit ids: move the sequences on
        for table in ("organisations", "users", "programmes"):
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
