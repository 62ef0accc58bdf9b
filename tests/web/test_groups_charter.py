"""A group's creation, charter and status: the Secretariat convenes a group (name,
address, active theme, charter in three languages), its runners edit the charter
with each text's translation status, the Secretariat activates and closes it (with
a reason shown on its page; a closed group is read-only and never reopened)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.groups import charter as service
from mentorship.groups.models import WorkingGroup
from mentorship.organisations.models import Theme
from mentorship.organisations.themes import active_themes, ensure_themes

from .. import factories


def sign_in(client, user):
    factories.sign_in(client, user, locale="en")


def edit(**bodies):
    return translated.Edit(next(iter(bodies)), bodies)


def charter_form(**changes):
    data = {
        "purpose-source": "en",
        "purpose-en": "Count women in mining.",
        "purpose-fr": "Compter les femmes dans les mines.",
        "scope-source": "en",
        "scope-en": "Indicators.",
        "deliverables-source": "en",
        "deliverables-en": "",
    }
    data.update(changes)
    return data


def new_form(theme, **changes):
    data = {
        "name-source": "en",
        "name-en": "Critical minerals",
        "name-es": "Minerales críticos",
        "slug": "critical-minerals",
        "theme_id": str(theme.id),
        **charter_form(),
    }
    data.update(changes)
    return data


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def world(app, make_org, make_user):
    with app.test_request_context():
        ensure_themes()
        org = make_org(name="WIM Peru")
        people = {
            "staff": make_user(roles=["secretariat"], name="Sara Secretariat"),
            "chair": make_user(org=org, name="Carla Chair"),
            "member": make_user(org=org, name="Mina Member"),
            "outsider": make_user(org=org, name="Olga Outsider"),
        }
        body = Body(
            kind="working_group",
            slug="data-group",
            name=translated.new_text("en", en="Data group"),
        )
        group = WorkingGroup(
            body=body,
            theme=active_themes()[0],
            status="forming",
            purpose=translated.new_text("en", en="Count.", fr="Compter."),
        )
        db.session.add(group)
        db.session.flush()
        since = utcnow().date() - timedelta(days=30)
        memberships.start(people["chair"], "chair", body=body, starts_on=since)
        memberships.start(people["member"], "member", body=body, starts_on=since)
        db.session.commit()
        yield {"group": group, "theme": active_themes()[0], **people}


def close(world, **reason):
    reason = reason or {"en": "Work done."}
    service.change_status(world["group"], "closed", edit(**reason), world["staff"])
    db.session.commit()


# --- Creating a group --------------------------------------------------------------


def test_the_secretariat_creates_a_forming_group(client, world):
    sign_in(client, world["staff"])
    assert client.get("/groups/new").status_code == 200
    response = client.post("/groups/new", data=new_form(world["theme"]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/groups/critical-minerals")
    group = db.session.scalar(
        sa.select(WorkingGroup).join(Body).where(Body.slug == "critical-minerals")
    )
    assert group.status == "forming" and group.theme_id == world["theme"].id
    assert group.body.kind == "working_group"
    assert group.body.name.body("es") == "Minerales críticos"
    assert group.purpose.body("fr") == "Compter les femmes dans les mines."
    assert group.purpose.status("fr") == "draft"
    page = client.get("/groups/critical-minerals").get_data(as_text=True)
    assert "Critical minerals" in page and "Forming" in page
    assert "Edit the charter" in page and "Change the group's status" in page


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"slug": "data-group"}, "This address is already taken"),
        ({"slug": "new"}, "lowercase letters, digits and hyphens"),
        ({"slug": "Bad Slug!"}, "lowercase letters, digits and hyphens"),
        ({"slug": ""}, "Enter the group"),
        ({"name-en": "", "name-es": ""}, "Enter the name in at least one language"),
        ({"theme_id": "999999"}, "Choose one of the active themes."),
        ({"theme_id": "x"}, "Choose one of the active themes."),
    ],
)
def test_bad_new_groups_change_nothing(client, world, changes, message):
    sign_in(client, world["staff"])
    before = count(WorkingGroup)
    response = client.post("/groups/new", data=new_form(world["theme"], **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(WorkingGroup) == before


def test_a_retired_theme_is_refused_by_the_service(world):
    theme = db.session.get(Theme, world["theme"].id)
    theme.active = False
    db.session.flush()
    charter = service.Charter(edit(en="a"), edit(en=""), edit(en=""))
    with pytest.raises(service.GroupError, match="active themes"):
        service.create_group(edit(en="X"), "x-group", theme.id, charter, world["staff"])
    db.session.rollback()


def test_only_the_secretariat_creates_groups(client, world):
    sign_in(client, world["chair"])
    assert client.get("/groups/new").status_code == 403
    response = client.post("/groups/new", data=new_form(world["theme"]))
    assert response.status_code == 403
    assert count(WorkingGroup) == 1


# --- The charter -------------------------------------------------------------------


def test_the_chair_edits_the_charter_and_translations_go_outdated(client, world):
    sign_in(client, world["chair"])
    page = client.get("/groups/data-group/charter").get_data(as_text=True)
    assert "Purpose: status per language" in page
    data = charter_form(
        **{"purpose-en": "Count every woman.", "purpose-fr": "Compter."}
    )
    response = client.post("/groups/data-group/charter", data=data)
    assert response.status_code == 302
    group = db.session.get(WorkingGroup, world["group"].id)
    assert group.purpose.body("en") == "Count every woman."
    assert group.purpose.status("fr") == "outdated"  # the source changed
    assert group.scope.body("en") == "Indicators."
    assert db.session.scalar(
        sa.select(AuditEvent.id).where(AuditEvent.action == "charter_edited")
    )


def test_members_and_outsiders_do_not_edit_the_charter(client, world):
    for who in ("member", "outsider"):
        sign_in(client, world[who])
        assert client.get("/groups/data-group/charter").status_code == 403
        response = client.post("/groups/data-group/charter", data=charter_form())
        assert response.status_code == 403
    assert client.get("/groups/no-such-group/charter").status_code == 404
    group = db.session.get(WorkingGroup, world["group"].id)
    assert group.purpose.body("en") == "Count."


def test_an_empty_source_text_is_refused(client, world):
    sign_in(client, world["chair"])
    data = charter_form(**{"purpose-source": "es"})
    response = client.post("/groups/data-group/charter", data=data)
    assert response.status_code == 400
    assert "is empty" in response.get_data(as_text=True)


# --- The status --------------------------------------------------------------------


def test_forming_then_active_then_closed_with_a_reason(client, world):
    sign_in(client, world["staff"])
    assert client.get("/groups/data-group/status").status_code == 200
    response = client.post("/groups/data-group/status", data={"status": "active"})
    assert response.status_code == 302
    assert db.session.get(WorkingGroup, world["group"].id).status == "active"
    response = client.post("/groups/data-group/status", data={"status": "closed"})
    assert response.status_code == 400
    assert "Say why the group closes" in response.get_data(as_text=True)
    data = {
        "status": "closed",
        "reason-source": "en",
        "reason-en": "The review is published.",
        "reason-fr": "Le bilan est publié.",
    }
    assert client.post("/groups/data-group/status", data=data).status_code == 302
    db.session.expire_all()
    group = db.session.get(WorkingGroup, world["group"].id)
    assert group.status == "closed" and group.closed_at is not None
    assert group.closed_reason.body("fr") == "Le bilan est publié."
    page = client.get("/groups/data-group").get_data(as_text=True)
    assert "This group is closed." in page and "The review is published." in page


def test_a_closed_group_is_read_only_and_not_reopened(client, world):
    close(world)
    sign_in(client, world["staff"])
    page = client.get("/groups/data-group/status").get_data(as_text=True)
    assert "A closed group is not reopened" in page
    for status in ("active", "forming"):
        response = client.post("/groups/data-group/status", data={"status": status})
        assert response.status_code == 400
        assert "A closed group is not reopened" in response.get_data(as_text=True)
    assert db.session.get(WorkingGroup, world["group"].id).status == "closed"
    sign_in(client, world["chair"])
    assert client.get("/groups/data-group/charter").status_code == 403
    assert "Edit the charter" not in client.get("/groups/data-group").get_data(
        as_text=True
    )
    with pytest.raises(service.GroupError, match="not reopened"):
        service.change_status(world["group"], "active", None, world["staff"])


def test_status_moves_only_forward(world):
    with pytest.raises(service.GroupError, match="cannot move"):
        service.change_status(world["group"], "forming", None, world["staff"])
    service.change_status(world["group"], "active", None, world["staff"])
    with pytest.raises(service.GroupError, match="cannot move"):
        service.change_status(world["group"], "forming", None, world["staff"])
    db.session.rollback()


def test_only_the_secretariat_changes_the_status(client, world):
    sign_in(client, world["chair"])
    assert client.get("/groups/data-group/status").status_code == 403
    response = client.post("/groups/data-group/status", data={"status": "active"})
    assert response.status_code == 403
    assert db.session.get(WorkingGroup, world["group"].id).status == "forming"


def test_a_bad_status_is_refused(client, world):
    sign_in(client, world["staff"])
    response = client.post("/groups/data-group/status", data={"status": "party"})
    assert response.status_code == 400
    assert "Choose the new status." in response.get_data(as_text=True)
    assert db.session.get(WorkingGroup, world["group"].id).status == "forming"
