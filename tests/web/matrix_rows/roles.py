"""The roles' rows of the policy matrix: organisation A's roles page and its forms,
the Secretariat's list of leaders and delegates."""

from mentorship.core import memberships

from ..policy_rows import LOGIN, STAFF_PAGE, row

# Who may see A's roles: its members (steering and the pair are members of A), its
# coordinators and leader, the Secretariat; people of B get 404.
ROLES_PAGE = row(LOGIN, 200, 404, 200, 404, 200, 200, 200, 200, 200)
# Who may change them: A's leader and the Secretariat; the others are refused at the
# door (403), a leader of another organisation would get 404.
ROLES_POST = row(LOGIN, 403, 403, 403, 403, 302, 403, 302, 302, 403, leader=302)
ROLES_FORM = row(LOGIN, 403, 403, 403, 403, 200, 403, 200, 200, 403, leader=200)

ROWS = {
    ("roles.index", "GET"): ("/organisations/{org_slug}/roles", {}, ROLES_PAGE),
    ("roles.grant", "POST"): (
        "/organisations/{org_slug}/roles",
        {
            "user_id": "{member_own_id}",
            "position": "event_contact",
            "starts_on": "{today}",
        },
        ROLES_POST,
    ),
    ("roles.end", "GET"): (
        "/organisations/{org_slug}/roles/{term_id}/end",
        {},
        ROLES_FORM,
    ),
    ("roles.end", "POST"): (
        "/organisations/{org_slug}/roles/{term_id}/end",
        {"ends_on": "{today}", "reason": "Moved on"},
        ROLES_POST,
    ),
    ("roles.delegates", "GET"): ("/admin/delegates", {}, STAFF_PAGE),
}


def world(ids, people, make_org, make_user):
    """A's data submitter (member_own): the term the end form is about."""
    from mentorship.db import db
    from mentorship.organisations.models import Organisation

    org = db.session.get(Organisation, ids["org_id"])
    term = memberships.start(people["member_own"], "data_submitter", organisation=org)
    db.session.commit()
    return {"term_id": term.id, "today": memberships.today().isoformat()}
