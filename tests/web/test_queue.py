"""The approval queue as a work queue: pages, filters, sort, tick-all, bulk approval
confirmed with real counts, and where a decision returns."""

import re
from datetime import timedelta

import pytest

from mentorship.db import db, utcnow
from mentorship.matches.models import Proposal

from ..factories import sign_in, statements_run
from .flow import enrol, make_programme, released_proposal
from .test_matches import act, fresh


@pytest.fixture
def queue(app, make_org, make_user):
    """25 proposals waiting for organisation A, against B (15) and C (10)."""
    org_a, org_b, org_c = make_org(name="WIM Alpha"), make_org(), make_org()
    outside = make_org(name="WIM Outside")
    coord_a = make_user(org=org_a, roles=["coordinator"])
    coord_b = make_user(org=org_b, roles=["coordinator"])
    first, second = make_programme(), make_programme()
    proposals = []
    for i in range(25):
        programme = first if i < 20 else second
        other = org_b if i % 5 else org_c
        mentee = enrol(
            programme, make_user(org=org_a, name=f"Mentee {i:02d}"), "mentee"
        )
        mentor = enrol(
            programme, make_user(org=other, name=f"Mentor {i:02d}"), "mentor"
        )
        proposal = released_proposal(programme, mentee, mentor)
        proposal.score = i / 100
        proposal.expires_at = utcnow() + timedelta(days=2 if i == 7 else 10 + i)
        proposals.append(proposal)
    # A pair between two other organisations: never in A's queue or filters.
    hidden = released_proposal(
        first,
        enrol(first, make_user(org=outside, name="Outsider"), "mentee"),
        enrol(first, make_user(org=org_b, name="Mentor B"), "mentor"),
    )
    db.session.commit()
    return dict(
        coord_a=coord_a,
        coord_b=coord_b,
        orgs=(org_a, org_b, org_c, outside),
        programmes=(first, second),
        proposals=proposals,
        hidden=hidden,
    )


def page(app, user, url):
    client = app.test_client()
    sign_in(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return response.data.decode()


def shown(html):
    """The names of the mentees on the page, in order."""
    return re.findall(r'<h2 id="proposal-\d+">(Mentee \d\d|Outsider) with', html)


def test_queue_shows_twenty_a_page(app, queue):
    first = page(app, queue["coord_a"], "/approvals")
    assert len(shown(first)) == 20 and "25 proposals" in first
    assert "Page 1 of 2" in first
    second = page(app, queue["coord_a"], "/approvals?page=2")
    assert len(shown(second)) == 5
    assert not set(shown(first)) & set(shown(second))
    assert "Outsider" not in first + second


def test_queue_sorts_by_deadline_score_or_newest(app, queue):
    by_deadline = shown(page(app, queue["coord_a"], "/approvals"))
    assert by_deadline[:2] == ["Mentee 07", "Mentee 00"]
    by_score = shown(page(app, queue["coord_a"], "/approvals?sort=score"))
    assert by_score[:3] == ["Mentee 24", "Mentee 23", "Mentee 22"]
    assert shown(page(app, queue["coord_a"], "/approvals?sort=junk")) == by_deadline


def test_queue_filters_by_programme_organisation_and_deadline(app, queue):
    second = queue["programmes"][1]
    html = page(app, queue["coord_a"], f"/approvals?programme={second.id}")
    assert sorted(shown(html)) == [f"Mentee {i}" for i in range(20, 25)]
    org_c = queue["orgs"][2]
    html = page(app, queue["coord_a"], f"/approvals?organisation={org_c.id}")
    assert sorted(shown(html)) == [
        "Mentee 00",
        "Mentee 05",
        "Mentee 10",
        "Mentee 15",
    ] + ["Mentee 20"]
    html = page(app, queue["coord_a"], "/approvals?due=3")
    assert shown(html) == ["Mentee 07"] and "Deadline soon" in html
    for junk in ("programme=abc", "organisation=-4", "due=99999999999999999999"):
        assert len(shown(page(app, queue["coord_a"], f"/approvals?{junk}"))) == 20


def test_organisation_filter_offers_only_organisations_within_reach(app, queue):
    html = page(app, queue["coord_a"], "/approvals")
    select = html[
        html.index('name="organisation"') : html.index(
            "</select>", html.index('name="organisation"')
        )
    ]
    names = {org.name for org in queue["orgs"][:3]}
    assert all(name in select for name in names)
    assert "WIM Outside" not in select
    outside = queue["orgs"][3]
    html = page(app, queue["coord_a"], f"/approvals?organisation={outside.id}")
    assert shown(html) == [] and "No proposal matches these filters" in html


def test_status_filter_other_organisation_and_decided(app, queue):
    proposals = queue["proposals"]
    act(app, queue["coord_a"], f"/proposals/{proposals[3].id}/approve")
    act(
        app,
        queue["coord_a"],
        f"/proposals/{proposals[4].id}/reject",
        {"reason": "not_suitable"},
    )
    other = page(app, queue["coord_a"], "/approvals?status=other")
    assert shown(other) == ["Mentee 03"]
    assert "Approve the ticked" not in other  # nothing of hers to decide there
    decided = page(app, queue["coord_a"], "/approvals?status=decided")
    assert shown(decided) == ["Mentee 04"]
    assert "23 proposals" in page(app, queue["coord_a"], "/approvals")


def test_tick_every_proposal_on_the_page_without_javascript(app, queue):
    html = page(app, queue["coord_a"], "/approvals?sort=score")
    assert html.count('name="proposal"') == 20
    assert " checked" not in html
    link = re.search(r'href="([^"]*select=page[^"]*)"', html).group(1)
    assert "sort=score" in link
    ticked = page(app, queue["coord_a"], link.replace("&amp;", "&"))
    assert ticked.count('name="proposal"') == 20
    assert ticked.count(" checked") == 20


def test_bulk_approval_is_confirmed_with_its_consequences(app, queue, outbox):
    ids = [p.id for p in queue["proposals"][:3]]
    act(app, queue["coord_b"], f"/proposals/{ids[1]}/approve")  # B already said yes
    response = act(app, queue["coord_a"], "/approvals/bulk", {"proposal": ids})
    html = response.data.decode()
    assert "3 proposals will be approved for your side" in html
    assert "1 of them then has both approvals" in html
    assert "2 people will be emailed their offer" in html
    assert "2 proposals still wait for the other organisation" in html
    assert all(fresh(p).mentee_org_decision is None for p in queue["proposals"][:3])
    assert fresh(queue["proposals"][1]).status == "awaiting_approval"
    assert outbox == []
    response = act(
        app,
        queue["coord_a"],
        "/approvals/bulk",
        {"proposal": ids, "confirmed": "y", "next": "/approvals?sort=score"},
    )
    assert "3 approved, 0 skipped" in response.data.decode()
    assert fresh(queue["proposals"][1]).status == "offered"
    assert len(outbox) == 2


def test_approve_all_shown_asks_first_then_approves_exactly_those(app, queue):
    second = queue["programmes"][1]
    client = app.test_client()
    sign_in(client, queue["coord_a"])
    html = client.get(f"/approvals/confirm?programme={second.id}").data.decode()
    assert "5 proposals will be approved for your side" in html
    ids = re.findall(r'name="proposal" value="(\d+)"', html)
    assert sorted(map(int, ids)) == sorted(p.id for p in queue["proposals"][20:])
    assert (
        db.session.query(Proposal).filter_by(mentee_org_decision="approved").count()
        == 0
    )
    response = client.post(
        "/approvals/bulk",
        data={"proposal": ids, "confirmed": "y"},
        follow_redirects=True,
    )
    assert "5 approved, 0 skipped" in response.data.decode()
    db.session.expire_all()
    assert (
        db.session.query(Proposal).filter_by(mentee_org_decision="approved").count()
        == 5
    )


@pytest.mark.parametrize(
    "values",
    [
        ["abc"],
        ["0"],
        ["-1"],
        ["2147483648"],
        ["9" * 5000],
        ["١٢"],  # digits, but not ASCII ones
        ["1.5"],
        [""],
        [],
        [str(i) for i in range(1, 502)],  # more than one bulk may hold
    ],
    ids=[
        "word",
        "zero",
        "negative",
        "2^31",
        "huge",
        "arabic",
        "decimal",
        "empty",
        "none",
        "too-many",
    ],
)
def test_bulk_approval_junk_gets_a_message_and_changes_nothing(app, queue, values):
    client = app.test_client()
    sign_in(client, queue["coord_a"])
    response = client.post(
        "/approvals/bulk", data={"proposal": values, "confirmed": "y"}
    )
    assert response.status_code == 302
    follow = client.get(response.headers["Location"]).data.decode()
    assert re.search(
        "not understood|at least one proposal|at most 500 proposals", follow
    )
    db.session.expire_all()
    assert (
        db.session.query(Proposal).filter_by(mentee_org_decision="approved").count()
        == 0
    )


def test_a_decision_returns_to_the_queue_page_it_came_from(app, queue):
    proposal = queue["proposals"][0]
    client = app.test_client()
    sign_in(client, queue["coord_a"])
    response = client.post(
        f"/proposals/{proposal.id}/approve", data={"next": "/approvals?sort=score"}
    )
    assert response.headers["Location"].endswith("/approvals?sort=score")
    for evil in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post(
            f"/proposals/{queue['proposals'][1].id}/reject",
            data={"reason": "other", "next": evil},
        )
        assert "evil" not in response.headers["Location"]
        assert "javascript" not in response.headers["Location"]


def test_remove_proposal_never_redirects_off_site(app, queue, make_user):
    secretariat = make_user(roles=["secretariat"])
    client = app.test_client()
    sign_in(client, secretariat)
    proposal = queue["proposals"][0]
    response = client.post(
        f"/admin/proposals/{proposal.id}/remove",
        data={"next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]
    assert fresh(proposal).status == "removed"
    response = client.post(
        f"/admin/proposals/{queue['proposals'][1].id}/remove",
        data={"next": "/admin/programmes/1/proposals?status=offered"},
    )
    assert response.headers["Location"].endswith(
        "/admin/programmes/1/proposals?status=offered"
    )


def _queue_statements(app, user, url):
    client = app.test_client()
    sign_in(client, user)
    client.get(url)  # warm: the login and first-request work is not the page's
    with app.app_context(), statements_run() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_queue_reads_a_fixed_number_of_statements_however_many_proposals(app, queue):
    """N+1 guard: a page of 20 proposals (40 people, their profiles, organisations
    and programmes) costs what a page of 5 costs."""
    full = _queue_statements(app, queue["coord_a"], "/approvals")
    last = _queue_statements(app, queue["coord_a"], "/approvals?page=2")
    assert full == last
    assert full <= 10
