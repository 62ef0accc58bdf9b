"""Theme proposals (issue 15, item 5): proposed by an organisation or a working
group, translated, commented on in a window, shortlisted by the organisations' vote
(quorum, majority, a proxy), adopted as a theme with its working group; bad input
changes nothing and never answers 500."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, translated
from mentorship.db import db, utcnow
from mentorship.decisions import ballots, proxies
from mentorship.decisions import services as decisions
from mentorship.decisions.models import Decision
from mentorship.groups import charter
from mentorship.groups.models import WorkingGroup
from mentorship.mydata import export as mydata_export
from mentorship.organisations.models import Theme
from mentorship.organisations.themes import ensure_themes
from mentorship.theme_proposals import services
from mentorship.theme_proposals.models import ThemeComment, ThemeProposal

from ..factories import sign_in


def today():
    """Today, asked at each use: a run crossing midnight must not use yesterday."""
    return datetime.now(UTC).date()


def edit(source, **bodies):
    return translated.Edit(source, bodies)


@pytest.fixture
def world(make_org, make_user):
    ensure_themes()
    orgs = {k: make_org(name=f"WIM {k.upper()}") for k in ("a", "b", "c", "d")}
    orgs["e"] = make_org(name="WIM Applicant", status="applicant")
    people = {
        "staff": make_user(roles=["secretariat"]),
        "leader": make_user(org=orgs["a"], name="Léa Leader", locale="fr"),
        "member_b": make_user(org=orgs["b"], name="Bea Member"),
        "plain": make_user(org=orgs["a"]),
        "chair": make_user(org=orgs["c"], name="Chloé Chair", locale="es"),
        "outsider": make_user(org=orgs["e"]),
    }
    memberships.start(people["leader"], "leader", organisation=orgs["a"])
    for key in ("a", "b", "c", "d"):
        people[f"delegate_{key}"] = make_user(org=orgs[key])
        memberships.start(
            people[f"delegate_{key}"], "voting_delegate", organisation=orgs[key]
        )
    theme = db.session.scalars(sa.select(Theme).order_by(Theme.id)).first()
    group = charter.create_group(
        edit("en", en="Data group"),
        "data-group",
        theme.id,
        charter.Charter(edit("en", en="Data"), edit("en"), edit("en")),
        people["staff"],
    )
    memberships.start(people["chair"], "chair", body=group.body)
    db.session.commit()
    return {**orgs, **people, "group": group}


def propose(world, who="leader", org="a", title=None, rationale=None):
    owner = {"organisation": world[org]} if org != "group" else {"group": world[org]}
    proposal = services.propose(
        title or edit("fr", fr="Femmes et transition énergétique"),
        rationale or edit("fr", fr="Les minerais critiques changent les métiers."),
        world[who],
        **owner,
    )
    db.session.commit()
    return proposal


def open_window(proposal, world, days=7):
    services.set_window(
        proposal,
        utcnow() - timedelta(hours=1),
        utcnow() + timedelta(days=days),
        world["staff"],
    )
    db.session.commit()


def end_window(proposal):
    proposal.comments_open_at = utcnow() - timedelta(days=10)
    proposal.comments_close_at = utcnow() - timedelta(minutes=1)
    db.session.commit()


def ready(world, n=3):
    """`n` proposals whose window is over (the last one by the working group)."""
    made = []
    for i in range(n):
        org = "group" if i == n - 1 else "a"
        who = "chair" if org == "group" else "leader"
        proposal = propose(
            world, who, org, title=edit("en", en=f"Theme {i}", fr=f"Thème {i}")
        )
        open_window(proposal, world)
        end_window(proposal)
        made.append(proposal)
    return made


def vote_form(chosen, **extra):
    return {
        "proposals": [str(p.id) for p in chosen],
        "quorum_percent": "50",
        "majority": "two_thirds",
        "abstentions": "excluded",
        "winners": "2",
        "closes_on": (today() + timedelta(days=3)).isoformat(),
        **extra,
    }


def approve(decision, world, org, *proposals, via="delegate", proxy=None, by=None):
    ids = {o.ref: o.id for o in decision.options}
    choices = {"approved": sorted(ids[p.option_ref] for p in proposals)}
    voter = by or world[f"delegate_{org}"]
    ballots.cast(decision, world[org], voter, choices, via, proxy=proxy)
    db.session.commit()


def audit(row, action):
    return db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == row.__tablename__,
            AuditEvent.entity_id == row.id,
            AuditEvent.action == action,
        )
    ).all()


# --- Proposing ------------------------------------------------------------------------


def test_an_organisations_leader_proposes_in_her_language(client, world):
    sign_in(client, world["leader"], locale="fr")
    page = client.get("/themes/proposals/new")
    assert page.status_code == 200
    assert f'value="org:{world["a"].id}"' in page.text
    assert "group:" not in page.text  # she chairs no group
    response = client.post(
        "/themes/proposals/new",
        data={
            "on_behalf": f"org:{world['a'].id}",
            "title-source": "fr",
            "title-fr": "Femmes et minerais critiques",
            "rationale-source": "fr",
            "rationale-fr": "La transition énergétique change les métiers.",
        },
    )
    assert response.status_code == 302
    proposal = db.session.scalars(sa.select(ThemeProposal)).one()
    assert proposal.status == "proposed"
    assert proposal.organisation_id == world["a"].id and proposal.group_id is None
    assert proposal.title.source_lang == "fr"
    assert proposal.title.status("en") == "missing"
    assert audit(proposal, "proposed")
    sign_in(client, world["member_b"], locale="en")
    page = client.get(f"/themes/proposals/{proposal.id}")
    assert "Femmes et minerais critiques" in page.text
    assert "Not available in your language" in page.text
    assert "Missing" in page.text  # the translation status


def test_a_working_groups_chair_proposes_for_the_group(client, world):
    sign_in(client, world["chair"])
    page = client.get("/themes/proposals/new")
    assert f'value="group:{world["group"].id}"' in page.text
    response = client.post(
        "/themes/proposals/new",
        data={
            "on_behalf": f"group:{world['group'].id}",
            "title-source": "es",
            "title-es": "Datos abiertos",
            "rationale-source": "es",
            "rationale-es": "Publicar los datos.",
        },
    )
    assert response.status_code == 302
    proposal = db.session.scalars(sa.select(ThemeProposal)).one()
    assert proposal.group_id == world["group"].id
    assert proposal.organisation_id is None
    page = client.get("/themes/proposals")
    assert "Datos abiertos" in page.text and "Data group" in page.text


def test_who_may_propose_and_bad_proposals_change_nothing(client, world):
    sign_in(client, world["plain"])
    assert client.get("/themes/proposals/new").status_code == 403
    sign_in(client, world["leader"])
    for data in (
        {"on_behalf": f"org:{world['b'].id}", "title-en": "X", "rationale-en": "Y"},
        {"on_behalf": "org:99999999999", "title-en": "X", "rationale-en": "Y"},
        {"on_behalf": f"org:{world['a'].id}", "title-en": "", "rationale-en": "Y"},
        {"on_behalf": f"org:{world['a'].id}", "title-en": "X" * 300},
        {"on_behalf": f"org:{world['a'].id}", "title-source": "xx"},
    ):
        response = client.post("/themes/proposals/new", data=data)
        assert response.status_code == 400, data
    assert db.session.scalar(sa.select(sa.func.count(ThemeProposal.id))) == 0
    # An applicant organisation's people do not propose.
    memberships.start(world["outsider"], "leader", organisation=world["e"])
    db.session.commit()
    sign_in(client, world["outsider"])
    assert client.get("/themes/proposals/new").status_code == 403


def test_the_secretariat_completes_the_translations(client, world):
    proposal = propose(world)
    sign_in(client, world["leader"])
    assert (
        client.get(f"/themes/proposals/{proposal.id}/translations").status_code == 403
    )
    sign_in(client, world["staff"])
    assert (
        client.get(f"/themes/proposals/{proposal.id}/translations").status_code == 200
    )
    response = client.post(
        f"/themes/proposals/{proposal.id}/translations",
        data={
            "title-source": "fr",
            "title-fr": "Femmes et transition énergétique",
            "title-en": "Women and the energy transition",
            "title-es": "Mujeres y transición energética",
            "title-es_reviewed": "y",
            "rationale-source": "fr",
            "rationale-fr": "Les minerais critiques changent les métiers.",
            "rationale-en": "Critical minerals change the trades.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    proposal = db.session.get(ThemeProposal, proposal.id)
    assert proposal.title.status("en") == "draft"
    assert proposal.title.status("es") == "reviewed"
    assert proposal.rationale.status("es") == "missing"
    sign_in(client, world["member_b"], locale="en")
    page = client.get(f"/themes/proposals/{proposal.id}")
    assert "Women and the energy transition" in page.text
    # Only the Secretariat and the translators; emptying the source is refused.
    response = client.post(
        f"/themes/proposals/{proposal.id}/translations",
        data={"title-source": "fr", "title-fr": "", "rationale-source": "fr"},
    )
    assert response.status_code == 403
    sign_in(client, world["staff"])
    response = client.post(
        f"/themes/proposals/{proposal.id}/translations",
        data={"title-source": "fr", "title-fr": "", "rationale-source": "fr"},
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(ThemeProposal, proposal.id).title.body("fr")


# --- The comment window ---------------------------------------------------------------


def test_the_comment_window(client, world, outbox):
    proposal = propose(world)
    sign_in(client, world["member_b"])
    response = client.post(
        f"/themes/proposals/{proposal.id}/comments", data={"body": "Too early?"}
    )
    assert response.status_code == 400
    assert "Comments are closed" in response.text
    sign_in(client, world["plain"])
    assert client.get(f"/themes/proposals/{proposal.id}/window").status_code == 403
    sign_in(client, world["staff"])
    bad = client.post(
        f"/themes/proposals/{proposal.id}/window",
        data={"opens_on": today().isoformat(), "closes_on": "2020-01-01"},
    )
    assert bad.status_code == 400
    assert (
        client.post(
            f"/themes/proposals/{proposal.id}/window",
            data={"opens_on": "not a date", "closes_on": ""},
        ).status_code
        == 400
    )
    outbox.clear()
    response = client.post(
        f"/themes/proposals/{proposal.id}/window",
        data={
            "opens_on": today().isoformat(),
            "closes_on": (today() + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert [m.to for m in outbox] == [[world["leader"].email]]
    assert "Femmes et transition énergétique" in outbox[0].subject  # in French
    db.session.expire_all()
    assert db.session.get(ThemeProposal, proposal.id).status == "commenting"

    sign_in(client, world["member_b"])
    response = client.post(
        f"/themes/proposals/{proposal.id}/comments",
        data={"body": "Include artisanal mining."},
    )
    assert response.status_code == 302
    sign_in(client, world["leader"])
    client.post(
        f"/themes/proposals/{proposal.id}/comments", data={"body": "Agreed, added."}
    )
    rows = db.session.scalars(sa.select(ThemeComment).order_by(ThemeComment.id)).all()
    assert [(r.body, r.by_proposer) for r in rows] == [
        ("Include artisanal mining.", False),
        ("Agreed, added.", True),
    ]
    page = client.get(f"/themes/proposals/{proposal.id}")
    assert "Bea Member" in page.text and "Include artisanal mining." in page.text
    # Anonymous readers see how many comments, not who wrote them.
    client.post("/logout")
    anonymous = client.application.test_client().get(f"/themes/proposals/{proposal.id}")
    assert "Bea Member" not in anonymous.text
    # Applicants' people do not comment; empty or overlong comments change nothing.
    sign_in(client, world["outsider"])
    assert (
        client.post(
            f"/themes/proposals/{proposal.id}/comments", data={"body": "Hi"}
        ).status_code
        == 403
    )
    sign_in(client, world["member_b"])
    for body in ("", "   ", "x" * 4001):
        assert (
            client.post(
                f"/themes/proposals/{proposal.id}/comments", data={"body": body}
            ).status_code
            == 400
        )
    end_window(db.session.get(ThemeProposal, proposal.id))
    late = client.post(
        f"/themes/proposals/{proposal.id}/comments", data={"body": "Late."}
    )
    assert late.status_code == 400 and "Comments are closed" in late.text
    assert db.session.scalar(sa.select(sa.func.count(ThemeComment.id))) == 2


def test_her_comments_are_exported_as_hers(world):
    proposal = propose(world)
    open_window(proposal, world)
    services.comment(proposal, world["member_b"], "My words.")
    db.session.commit()
    exported = mydata_export._theme_comments(world["member_b"])
    assert [row["comment"] for row in exported] == ["My words."]
    assert mydata_export._theme_comments(world["leader"]) == []


def test_the_proposer_withdraws_before_the_vote_only(client, world):
    proposal = propose(world)
    sign_in(client, world["member_b"])
    assert client.get(f"/themes/proposals/{proposal.id}/withdraw").status_code == 403
    sign_in(client, world["leader"])
    assert client.post(f"/themes/proposals/{proposal.id}/withdraw").status_code == 400
    response = client.post(
        f"/themes/proposals/{proposal.id}/withdraw", data={"confirm": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ThemeProposal, proposal.id).status == "withdrawn"
    again = client.post(
        f"/themes/proposals/{proposal.id}/withdraw", data={"confirm": "y"}
    )
    assert again.status_code == 400


# --- The shortlist vote ---------------------------------------------------------------


def open_vote(client, world, proposals, **extra):
    sign_in(client, world["staff"])
    response = client.post("/themes/proposals/vote", data=vote_form(proposals, **extra))
    assert response.status_code == 302, response.text
    decision_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return db.session.get(Decision, decision_id)


def test_done_when_a_theme_vote_with_quorum_majority_and_a_proxy(client, world, outbox):
    """The Secretariat opens a theme vote with a 50% quorum and a 2/3 majority;
    delegates of several organisations vote, one hands a proxy; participation
    moves, results stay hidden; at close the outcome is computed and published
    in three languages."""
    first, second, third = ready(world)
    sign_in(client, world["staff"])
    assert client.get("/themes/proposals/vote").status_code == 200
    decision = open_vote(client, world, [first, second, third])
    assert decision.kind == "approval" and decision.is_open
    assert (decision.quorum_percent, decision.majority) == (50, "two_thirds")
    assert decision.winners == 2 and decision.electorate_size == 4
    assert {o.ref for o in decision.options} == {
        p.option_ref for p in (first, second, third)
    }
    assert sorted(decision.title.translations) == ["en", "es", "fr"]
    db.session.expire_all()
    assert {p.status for p in db.session.scalars(sa.select(ThemeProposal))} == {
        "in_vote"
    }
    page = f"/themes/proposals/{first.id}"
    assert "0 of 4 member organisations have voted" in client.get(page).text
    assert f'href="/decisions/{decision.id}"' in client.get(page).text

    approve(decision, world, "a", first, second)
    approve(decision, world, "b", first)
    text = client.get(page).text
    assert "2 of 4 member organisations have voted" in text
    assert "Organisations approving" not in text  # results hidden while open
    # D hands its vote to C's delegate, who votes for D and for C.
    proxy = proxies.grant(
        world["d"], world["delegate_c"], world["delegate_d"], decision=decision
    )
    db.session.commit()
    approve(
        decision,
        world,
        "d",
        first,
        second,
        via="proxy",
        proxy=proxy,
        by=world["delegate_c"],
    )
    approve(decision, world, "c", first, second)
    assert "4 of 4 member organisations have voted" in client.get(page).text

    outbox.clear()
    assert decisions.close(decision, world["staff"])
    db.session.commit()
    db.session.expire_all()
    statuses = {p.id: p.status for p in db.session.scalars(sa.select(ThemeProposal))}
    # 4/4 and 3/4 reach two thirds; 0/4 does not.
    assert statuses == {
        first.id: "shortlisted",
        second.id: "shortlisted",
        third.id: "not_shortlisted",
    }
    decision = db.session.get(Decision, decision.id)
    assert decision.outcome == "passed" and decision.counts["quorum_met"]
    text = client.get(page).text
    assert "Passed" in text and "Organisations approving this proposal: 4." in text
    # The proposers hear in their language: the leader (fr) twice, not the chair
    # (the other emails are the vote's own: its opening, receipts and outcome).
    news = [m for m in outbox if "/decisions/" not in m.body]
    assert sorted(m.to[0] for m in news) == sorted([world["leader"].email] * 2)
    assert any("/decisions/" in m.body for m in outbox)
    for lang in ("en", "fr", "es"):
        sign_in(client, world["member_b"], locale=lang)
        assert client.get(page).status_code == 200


def test_without_a_quorum_the_proposals_wait_for_a_new_vote(client, world):
    proposals = ready(world, 2)
    decision = open_vote(client, world, proposals, winners="1")
    approve(decision, world, "a", *proposals)
    decisions.close(decision, world["staff"])
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Decision, decision.id).outcome == "no_quorum"
    assert {p.status for p in db.session.scalars(sa.select(ThemeProposal))} == {
        "commenting"
    }
    assert {p.id for p in services.votable()} == {p.id for p in proposals}
    again = open_vote(client, world, proposals, winners="1")
    assert again.id != decision.id


def test_bad_shortlist_votes_change_nothing(client, world):
    proposals = ready(world, 2)
    fresh = propose(world)
    open_window(fresh, world)  # its window is still open
    sign_in(client, world["leader"])
    assert (
        client.post("/themes/proposals/vote", data=vote_form(proposals)).status_code
        == 403
    )
    sign_in(client, world["staff"])
    for extra in (
        {"proposals": [str(proposals[0].id)], "winners": "1"},
        {"proposals": [str(p.id) for p in (*proposals, fresh)]},
        {"proposals": ["abc", "-1"]},
        {"quorum_percent": "101"},
        {"quorum_percent": "half"},
        {"majority": "most"},
        {"abstentions": "maybe"},
        {"winners": "5"},
        {"winners": "0"},
        {"closes_on": "2020-01-01"},
        {"closes_on": "tomorrow"},
    ):
        response = client.post(
            "/themes/proposals/vote", data=vote_form(proposals, **extra)
        )
        assert response.status_code == 400, extra
    assert db.session.scalar(sa.select(sa.func.count(Decision.id))) == 0
    db.session.expire_all()
    assert {p.status for p in db.session.scalars(sa.select(ThemeProposal))} == {
        "commenting"
    }


# --- Adoption -------------------------------------------------------------------------


def shortlisted(client, world, title=None):
    proposals = ready(world, 2)
    if title is not None:
        proposals[0].title = translated.set_text(proposals[0].title, title)
        db.session.commit()
    decision = open_vote(client, world, proposals, winners="1", majority="simple")
    for org in ("a", "b", "c"):
        approve(decision, world, org, proposals[0])
    decisions.close(decision, world["staff"])
    db.session.commit()
    db.session.expire_all()
    return db.session.get(ThemeProposal, proposals[0].id)


def adoption_form(**extra):
    return {
        "result": "adopted",
        "adopted_by": "steering_committee",
        "adopted_on": today().isoformat(),
        "note": "Steering Committee meeting of this month.",
        **extra,
    }


def test_adoption_creates_the_theme_and_its_forming_group(client, world, outbox):
    proposal = shortlisted(client, world)
    assert proposal.status == "shortlisted"
    sign_in(client, world["staff"])
    assert client.get(f"/themes/proposals/{proposal.id}/adoption").status_code == 200
    outbox.clear()
    response = client.post(
        f"/themes/proposals/{proposal.id}/adoption",
        data=adoption_form(slug="theme-0"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    proposal = db.session.get(ThemeProposal, proposal.id)
    assert proposal.status == "adopted"
    assert proposal.adopted_by == "steering_committee"
    theme, group = proposal.theme, proposal.working_group
    assert theme.slug == "theme-0" and theme.active
    assert theme.name.body("fr") == "Thème 0" and theme.name.body("en") == "Theme 0"
    assert group.status == "forming" and group.theme_id == theme.id
    assert group.purpose.body(proposal.rationale.source_lang)
    assert audit(group, "group_created")
    assert [m.to for m in outbox] == [[world["leader"].email]]
    page = client.get("/themes/theme-0")
    assert page.status_code == 200
    assert f"/themes/proposals/{proposal.id}" in page.text
    assert client.get(f"/groups/{group.slug}").status_code == 200
    again = client.post(
        f"/themes/proposals/{proposal.id}/adoption", data=adoption_form(slug="x")
    )
    assert again.status_code == 400


def test_adoption_by_the_agm_names_a_passed_decision(client, world):
    proposal = shortlisted(client, world)
    sign_in(client, world["staff"])
    bad = client.post(
        f"/themes/proposals/{proposal.id}/adoption",
        data=adoption_form(adopted_by="agm", agm_decision_id="987654"),
    )
    assert bad.status_code == 400 and "Name a closed decision" in bad.text
    passed = proposal.decision_id  # the shortlist vote: closed and passed
    response = client.post(
        f"/themes/proposals/{proposal.id}/adoption",
        data=adoption_form(adopted_by="agm", agm_decision_id=str(passed)),
    )
    assert response.status_code == 302
    db.session.expire_all()
    proposal = db.session.get(ThemeProposal, proposal.id)
    assert proposal.adoption_decision_id == passed
    assert (
        f'href="/decisions/{passed}"'
        in client.get(f"/themes/proposals/{proposal.id}").text
    )


def test_a_theme_name_clash_or_taken_address_is_refused(client, world):
    existing = db.session.scalars(sa.select(Theme).order_by(Theme.id)).first()
    proposal = shortlisted(
        client, world, title=edit("en", en=existing.name.body("en").upper())
    )
    sign_in(client, world["staff"])
    themes_before = db.session.scalar(sa.select(sa.func.count(Theme.id)))
    groups_before = db.session.scalar(sa.select(sa.func.count(WorkingGroup.id)))
    clash = client.post(
        f"/themes/proposals/{proposal.id}/adoption", data=adoption_form()
    )
    assert clash.status_code == 400
    assert "A theme with this name already exists" in clash.text
    assert db.session.scalar(sa.select(sa.func.count(Theme.id))) == themes_before
    assert db.session.scalar(sa.select(sa.func.count(WorkingGroup.id))) == groups_before
    db.session.expire_all()
    assert db.session.get(ThemeProposal, proposal.id).status == "shortlisted"


def test_proposals_is_never_a_theme_address(client, world):
    proposal = shortlisted(client, world)
    sign_in(client, world["staff"])
    for slug in ("proposals", "data-group", "Not A Slug"):
        response = client.post(
            f"/themes/proposals/{proposal.id}/adoption", data=adoption_form(slug=slug)
        )
        assert response.status_code == 400, slug
    page = client.get("/themes/proposals")
    assert page.status_code == 200 and "Theme proposals" in page.text
    existing = db.session.scalars(sa.select(Theme).order_by(Theme.id)).first()
    assert client.get(f"/themes/{existing.slug}").status_code == 200
    assert "See the theme proposals" in client.get(f"/themes/{existing.slug}").text


def test_not_adopted_and_bad_adoption_inputs(client, world):
    proposal = shortlisted(client, world)
    sign_in(client, world["staff"])
    for extra in (
        {"result": "maybe"},
        {"adopted_by": "the_board"},
        {"adopted_on": (today() + timedelta(days=2)).isoformat()},
        {"adopted_on": "yesterday"},
        {"agm_decision_id": "x"},
        {"agm_decision_id": str(proposal.decision_id)},  # not by the AGM
        {"note": "n" * 501},
    ):
        response = client.post(
            f"/themes/proposals/{proposal.id}/adoption", data=adoption_form(**extra)
        )
        assert response.status_code == 400, extra
    response = client.post(
        f"/themes/proposals/{proposal.id}/adoption",
        data=adoption_form(result="not_adopted", note="Not a priority this year."),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ThemeProposal, proposal.id).status == "not_adopted"


def test_unknown_proposals_are_404(client, world):
    sign_in(client, world["staff"])
    for path in ("/themes/proposals/999999", "/themes/proposals/999999/adoption"):
        assert client.get(path).status_code == 404
    assert client.get("/themes/proposals/99999999999999").status_code == 404


def test_the_demo_has_an_open_theme_vote_with_a_proxy(app_ctx):
    from mentorship import demo
    from mentorship.decisions.models import Participation

    demo.seed(n_members=60)
    db.session.commit()
    proposals = db.session.scalars(sa.select(ThemeProposal)).all()
    assert len(proposals) == 6 and any(p.group_id for p in proposals)
    statuses = sorted(p.status for p in proposals)
    assert statuses == ["commenting"] * 2 + ["in_vote"] * 4  # two ready for a vote
    decision = db.session.scalars(
        sa.select(Decision).where(Decision.kind == "approval")
    ).one()
    assert decision.is_open
    assert (decision.quorum_percent, decision.majority) == (50, "two_thirds")
    vias = db.session.scalars(
        sa.select(Participation.via).where(Participation.decision_id == decision.id)
    ).all()
    assert len(vias) >= 5 and vias.count("proxy") == 1
    assert db.session.scalar(sa.select(sa.func.count(ThemeComment.id))) >= 4
    demo.seed(n_members=60)  # twice: nothing added
    assert db.session.scalar(sa.select(sa.func.count(ThemeProposal.id))) == 6


def test_the_alliance_overview_lists_what_waits_for_the_secretariat(client, world):
    waiting = propose(world, title=edit("en", en="Needs a window"))
    ready(world, 2)
    sign_in(client, world["staff"])
    page = client.get("/admin/alliance")
    assert page.status_code == 200
    assert "Needs a window" in page.text and "Ready for a shortlist vote" in page.text
    assert f"/themes/proposals/{waiting.id}" in page.text


def test_a_proposal_left_in_a_cancelled_vote_is_offered_again(client, world):
    proposals = ready(world, 2)
    decision = open_vote(client, world, proposals, winners="1")
    assert services.votable() == []
    decisions.cancel(decision, world["staff"], "Wrong closing day.")
    db.session.commit()
    assert {p.id for p in services.votable()} == {p.id for p in proposals}
    again = open_vote(client, world, proposals, winners="1")
    db.session.expire_all()
    assert {p.decision_id for p in db.session.scalars(sa.select(ThemeProposal))} == {
        again.id
    }


@pytest.mark.commits
def test_two_votes_opened_at_once_take_each_proposal_once(
    app, make_org, make_user, monkeypatch
):
    """Two Secretariat members open a vote on the same proposals at once; the
    friendly pre-check is skipped so that both reach the conditional UPDATEs."""
    import threading

    from mentorship.auth.models import User

    monkeypatch.setattr(services, "votable", lambda now=None: list(_all()))
    org = make_org()
    leader = make_user(org=org)
    memberships.start(leader, "leader", organisation=org)
    staff = [make_user(roles=["secretariat"]) for _ in range(2)]
    db.session.commit()
    ids = []
    for i in range(2):
        proposal = services.propose(
            edit("en", en=f"Race {i}"), edit("en", en="Why"), leader, organisation=org
        )
        proposal.status = "commenting"
        proposal.comments_open_at = utcnow() - timedelta(days=9)
        proposal.comments_close_at = utcnow() - timedelta(days=1)
        ids.append(proposal.id)
    db.session.commit()
    staff_ids = [s.id for s in staff]
    barrier, results = threading.Barrier(2), {}

    def open_one(name, person_id):
        with app.test_request_context():
            try:
                person = db.session.get(User, person_id)
                chosen = [db.session.get(ThemeProposal, i) for i in ids]
                barrier.wait(5)
                services.open_shortlist(
                    chosen,
                    person,
                    closes_at=utcnow() + timedelta(days=3),
                    quorum_percent=50,
                    majority="two_thirds",
                    winners=1,
                )
                db.session.commit()
                results[name] = "won"
            except services.ThemeError as error:
                db.session.rollback()
                results[name] = str(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=open_one, args=(n, i))
        for n, i in zip(("one", "two"), staff_ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert sorted(results.values())[1] == "won", results
    assert "changed meanwhile" in sorted(results.values())[0], results
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Decision.id))) == 1
    taken = {p.decision_id for p in db.session.scalars(sa.select(ThemeProposal))}
    assert len(taken) == 1


def _all():
    return db.session.scalars(sa.select(ThemeProposal).order_by(ThemeProposal.id))
