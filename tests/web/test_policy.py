"""The policy package's own promises: powers that combine, the close note, the
deciders. (The matrix of every route is in test_policy_matrix.py.)"""

import pytest

from mentorship import policy
from mentorship.db import db, utcnow
from mentorship.matches import notify, queries
from mentorship.matches.models import Proposal

from .flow import enrol, make_mentorship, make_programme, released_proposal


def sign_in(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def _proposal(programme, mentee, mentor):
    return released_proposal(
        programme,
        enrol(programme, mentee, "mentee"),
        enrol(programme, mentor, "mentor"),
    )


@pytest.fixture
def stand_in_world(make_org, make_user):
    """Org A's coordinator is also Secretariat; org B has no coordinator; C and D
    have their own coordinators."""
    org_a, org_b, org_c, org_d = (make_org() for _ in range(4))
    both = make_user(org=org_a, roles=["coordinator", "secretariat"])
    make_user(org=org_c, roles=["coordinator"])
    make_user(org=org_d, roles=["coordinator"])
    programme = make_programme()
    return {
        "both": both,
        "own": _proposal(programme, make_user(org=org_a), make_user(org=org_c)),
        "stand_in": _proposal(programme, make_user(org=org_b), make_user(org=org_c)),
        "independent": _proposal(programme, make_user(), make_user(org=org_d)),
        "others": _proposal(programme, make_user(org=org_c), make_user(org=org_d)),
    }


def test_coordinator_who_is_secretariat_keeps_the_stand_in_queue(app, stand_in_world):
    both = stand_in_world["both"]
    sides = {
        name: policy.decidable_sides(both, stand_in_world[name])
        for name in ("own", "stand_in", "independent", "others")
    }
    assert sides == {
        "own": ["mentee"],  # her own organisation
        "stand_in": ["mentee"],  # organisation B has no coordinator
        "independent": ["mentee"],  # an independent member
        "others": [],  # C and D decide for themselves
    }
    assert queries.waiting_count(both) == 3
    waiting = set(
        db.session.scalars(
            db.select(Proposal.id).where(policy.decidable_proposals(both))
        )
    )
    assert waiting == {stand_in_world[n].id for n in ("own", "stand_in", "independent")}
    # As Secretariat she lists every released proposal, not only her organisation's.
    reachable = set(
        db.session.scalars(
            db.select(Proposal.id).where(policy.reachable_proposals(both))
        )
    )
    assert stand_in_world["others"].id in reachable


def test_coordinator_who_is_secretariat_approves_as_stand_in(app, stand_in_world):
    both, proposal = stand_in_world["both"], stand_in_world["stand_in"]
    client = app.test_client()
    sign_in(client, both)
    page = client.get("/approvals")
    assert page.status_code == 200
    client.post(f"/proposals/{proposal.id}/approve")
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).mentee_org_decision == "approved"


def test_deciders_are_coordinators_or_the_secretariat(app, stand_in_world):
    both = stand_in_world["both"]
    own, stand_in = stand_in_world["own"], stand_in_world["stand_in"]
    assert [p.id for p in notify.deciders(own.mentee_organisation_id)] == [both.id]
    assert both.id in {p.id for p in notify.deciders(stand_in.mentee_organisation_id)}
    others = stand_in_world["others"]
    assert both.id not in queries.deciders_of([others.mentee_organisation_id])


@pytest.fixture
def closed(make_org, make_user):
    """A mentorship of organisation A closed early by its mentee, with a note."""
    org_a = make_org()
    mentee = make_user(org=org_a, name="Amina Diallo")
    mentorship, mentee, mentor = make_mentorship(make_org, make_user, mentee=mentee)
    mentorship.status = "closed_early"
    mentorship.closed_at = utcnow()
    mentorship.closed_by_id = mentee.id
    mentorship.close_reason = "no_time"
    mentorship.close_note = "Night shifts at the mine this quarter"
    db.session.commit()
    return {"mentorship": mentorship, "org": org_a, "mentee": mentee, "mentor": mentor}


def _page(app, user, url):
    client = app.test_client()
    sign_in(client, user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_secretariat_reads_why_a_mentorship_closed_early(app, closed, make_user):
    url = f"/dashboard/organisations/{closed['org'].id}"
    html = _page(app, make_user(roles=["secretariat"]), url)
    assert "Why it closed early" in html
    assert "One of us no longer has the time" in html
    assert "Night shifts at the mine this quarter" in html


@pytest.mark.parametrize("role", ["coordinator", "steering"])
def test_others_do_not_read_why_it_closed(app, closed, make_user, role):
    reader = make_user(org=closed["org"], roles=[role])
    html = _page(app, reader, f"/dashboard/organisations/{closed['org'].id}")
    assert "Night shifts" not in html
    assert "Why it closed early" not in html


def test_mentorship_page_shows_the_close_note_to_the_secretariat_only(
    app, closed, make_user
):
    """The page is the pair's: a Secretariat member who closed it reads her reason
    there; her partner never does, even when the partner works at the Secretariat."""
    mentorship = closed["mentorship"]
    url = f"/mentorships/{mentorship.id}"
    assert "Night shifts" not in _page(app, closed["mentee"], url)
    assert "Night shifts" not in _page(app, closed["mentor"], url)
    for person in (closed["mentee"], closed["mentor"]):
        from mentorship.auth.services import grant_role

        grant_role(person, "secretariat")
    db.session.commit()
    assert "Night shifts" in _page(app, closed["mentee"], url)  # she wrote it
    assert "Night shifts" not in _page(app, closed["mentor"], url)  # her partner
    assert policy.can_read_close_note(make_user(roles=["admin"]), mentorship)


def test_home_offers_only_programmes_she_may_enrol_in(app, make_org, make_user):
    """The home page's open programmes and the enrolment check ask one question: an
    applicant organisation's member sees none, as she may enrol in none."""
    from datetime import date

    from mentorship.programmes.models import Programme

    programme = make_programme()
    member = make_user(org=make_org())
    applicant = make_user(org=make_org(status="applicant"))
    independent = make_user()
    today = date.today()

    def offered(user):
        query = db.select(Programme.id).where(policy.enrolable_programmes(user, today))
        return list(db.session.scalars(query))

    assert offered(member) == [programme.id]
    assert offered(independent) == [programme.id]
    assert offered(applicant) == []
    enrol(programme, member, "mentor")  # gives her a mentor profile
    refusal = policy.enrolment_refusal(applicant, programme, "mentee", today)
    assert refusal == "organisation"
    assert policy.enrolment_refusal(member, programme, "mentee", today) == "no_profile"
