"""Working groups' rows. The world's group ("matrix-group", active, on a theme) is
chaired by `member_other` (of organisation B); `member_own` (of A) is one of its
members; nobody else belongs to it. The Secretariat runs every group; `steering`
sits on the Steering Committee (its role). The features of the groups (members,
meetings, discussion, recommendations, results) add their rows in their own
modules, on this world."""

from datetime import timedelta

from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.groups.models import WorkingGroup
from mentorship.organisations.themes import active_themes, ensure_themes

from ..policy_rows import PUBLIC

PUBLIC_ENDPOINTS = {"groups.index", "groups.group", "groups.theme"}

ROWS = {
    ("groups.index", "GET"): ("/groups", {}, PUBLIC),
    ("groups.group", "GET"): ("/groups/{group_slug}", {}, PUBLIC),
    ("groups.theme", "GET"): ("/themes/{theme_slug}", {}, PUBLIC),
}


def world(ids, people, make_org, make_user):
    ensure_themes()
    theme = active_themes()[0]
    body = Body(
        kind="working_group",
        slug="matrix-group",
        name=translated.new_text("en", en="Matrix group", fr="Groupe matrice"),
    )
    group = WorkingGroup(
        body=body,
        theme=theme,
        status="active",
        purpose=translated.new_text("en", en="To test every route."),
    )
    db.session.add(group)
    db.session.flush()
    since = utcnow().date() - timedelta(days=90)
    memberships.start(people["member_other"], "chair", body=body, starts_on=since)
    memberships.start(people["member_own"], "member", body=body, starts_on=since)
    db.session.commit()
    return {
        "group_slug": body.slug,
        "group_id": group.id,
        "group_body_id": body.id,
        "theme_slug": theme.slug,
    }
