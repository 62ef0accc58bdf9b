"""The approval flow: coordinators approve, the pair accepts, a mentorship starts.

Every transition, the emails it sends, the audit trail, and the bad inputs.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.auth.services import revoke_role
from mentorship.db import db, utcnow
from mentorship.matches import approvals
from mentorship.matches.models import Proposal
from mentorship.mentorships.models import Mentorship
from mentorship.programmes.models import Enrolment

from ..factories import sign_in
from .flow import enrol, make_programme, released_proposal


@pytest.fixture
def world(app, make_org, make_user):
    org_a, org_b, org_c = make_org(), make_org(region="europe"), make_org()
    people = {
        "mentee": make_user(org=org_a, name="Amina"),
        "mentor": make_user(org=org_b, name="Lucia", locale="es"),
        "coord_a": make_user(org=org_a, roles=["coordinator"]),
        "coord_b": make_user(org=org_b, roles=["coordinator"]),
        "coord_c": make_user(org=org_c, roles=["coordinator"]),
        "secretariat": make_user(roles=["secretariat"]),
        "stranger": make_user(org=org_a),
    }
    programme = make_programme()
    mentee = enrol(programme, people["mentee"], "mentee", languages=["fr", "en"])
    mentor = enrol(programme, people["mentor"], "mentor", languages=["fr"], capacity=2)
    proposal = released_proposal(programme, mentee, mentor)
    return {
        **people,
        "programme": programme,
        "proposal": proposal,
        "mentee_enrolment": mentee,
        "mentor_enrolment": mentor,
    }


def act(app, user, url, data=None):
    client = app.test_client()
    sign_in(client, user)
    return client.post(url, data=data or {}, follow_redirects=True)


def fresh(proposal):
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def slots(enrolment):
    return db.session.scalar(
        sa.select(Enrolment.slots_taken).where(Enrolment.id == enrolment.id)
    )


def test_both_coordinators_approve_then_offer_goes_out(app, world, outbox):
    proposal = world["proposal"]
    response = act(app, world["coord_a"], f"/proposals/{proposal.id}/approve")
    assert response.status_code == 200
    assert fresh(proposal).status == "awaiting_approval"
    assert fresh(proposal).mentee_org_decision == "approved"
    assert outbox == []
    act(app, world["coord_b"], f"/proposals/{proposal.id}/approve")
    proposal = fresh(proposal)
    assert proposal.status == "offered"
    assert proposal.offered_at is not None and proposal.expires_at > utcnow()
    assert sorted(m.to[0] for m in outbox) == sorted(
        [world["mentee"].email, world["mentor"].email]
    )


def test_queue_lists_only_what_waits_for_me(app, world):
    client = app.test_client()
    sign_in(client, world["coord_a"])
    assert b"Amina" in client.get("/approvals").data
    sign_in(client, world["coord_c"])
    page = client.get("/approvals").data
    assert b"Amina" not in page and b"Nothing waits for your decision" in page


def test_other_organisation_and_members_cannot_decide(app, world):
    proposal = world["proposal"]
    for who in ("coord_c", "stranger"):
        response = act(app, world[who], f"/proposals/{proposal.id}/approve")
        assert response.status_code == 404
    assert fresh(proposal).mentee_org_decision is None


def test_deciding_twice_is_refused_and_changes_nothing(app, world):
    proposal = world["proposal"]
    act(app, world["coord_a"], f"/proposals/{proposal.id}/approve")
    response = act(app, world["coord_a"], f"/proposals/{proposal.id}/approve")
    assert b"nothing left for you to decide" in response.data
    response = act(
        app,
        world["coord_a"],
        f"/proposals/{proposal.id}/reject",
        {"reason": "not_suitable"},
    )
    assert b"nothing left for you to decide" in response.data
    assert fresh(proposal).status == "awaiting_approval"


def test_secretariat_stands_in_for_an_organisation_without_coordinator(
    app, world, make_user
):
    proposal = world["proposal"]
    revoke_role(world["coord_b"], "coordinator")
    db.session.commit()
    act(app, world["secretariat"], f"/proposals/{proposal.id}/approve")
    proposal = fresh(proposal)
    assert proposal.mentor_org_decision == "approved"
    assert proposal.mentee_org_decision is None  # org A has its own coordinator


def test_reject_returns_both_to_the_pool(app, world, outbox):
    proposal = world["proposal"]
    assert slots(world["mentor_enrolment"]) == 1
    act(
        app,
        world["coord_b"],
        f"/proposals/{proposal.id}/reject",
        {"reason": "conflict_of_interest", "note": "Same project"},
    )
    proposal = fresh(proposal)
    assert proposal.status == "rejected"
    assert proposal.close_reason == "conflict_of_interest"
    assert slots(world["mentee_enrolment"]) == 0
    assert slots(world["mentor_enrolment"]) == 0
    events = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.entity_type == "proposals", AuditEvent.entity_id == proposal.id
        )
    )
    assert "rejected" in list(events)


def test_reject_needs_a_known_reason(app, world):
    proposal = world["proposal"]
    response = act(
        app, world["coord_b"], f"/proposals/{proposal.id}/reject", {"reason": "because"}
    )
    assert b"Please choose a reason" in response.data
    assert fresh(proposal).status == "awaiting_approval"


def _offer(app, world):
    proposal = world["proposal"]
    act(app, world["coord_a"], f"/proposals/{proposal.id}/approve")
    act(app, world["coord_b"], f"/proposals/{proposal.id}/approve")
    return fresh(proposal)


def test_both_accept_and_the_mentorship_starts(app, world, outbox):
    proposal = _offer(app, world)
    outbox.clear()
    act(app, world["mentee"], f"/offers/{proposal.id}/accept")
    assert fresh(proposal).status == "offered"
    assert db.session.scalar(sa.select(sa.func.count(Mentorship.id))) == 0
    act(app, world["mentor"], f"/offers/{proposal.id}/accept")
    assert fresh(proposal).status == "accepted"
    mentorship = db.session.scalar(sa.select(Mentorship))
    assert mentorship.mentee_user_id == world["mentee"].id
    assert mentorship.mentor_user_id == world["mentor"].id
    assert mentorship.status == "active"
    intro = {m.to[0]: m.body for m in outbox}
    assert world["mentor"].email in intro[world["mentee"].email]
    assert world["mentee"].email in intro[world["mentor"].email]
    assert slots(world["mentor_enrolment"]) == 1  # the place stays taken


def test_decline_frees_both_and_tells_the_other(app, world, outbox):
    proposal = _offer(app, world)
    outbox.clear()
    act(
        app,
        world["mentor"],
        f"/offers/{proposal.id}/decline",
        {"reason": "no_time", "note": "Travelling"},
    )
    proposal = fresh(proposal)
    assert proposal.status == "declined"
    assert proposal.close_reason == "mentor:no_time"
    assert slots(world["mentee_enrolment"]) == 0
    assert [m.to[0] for m in outbox] == [world["mentee"].email]


def test_only_the_addressee_answers(app, world):
    proposal = _offer(app, world)
    for who in ("stranger", "coord_a"):
        response = act(app, world[who], f"/offers/{proposal.id}/accept")
        assert response.status_code == 404
    assert fresh(proposal).mentee_answer is None


def test_offer_page_is_private(app, world):
    proposal = _offer(app, world)
    client = app.test_client()
    sign_in(client, world["mentee"])
    page = client.get(f"/offers/{proposal.id}")
    assert page.status_code == 200 and b"Lucia" in page.data
    sign_in(client, world["stranger"])
    assert client.get(f"/offers/{proposal.id}").status_code == 404


def test_expired_offer_cannot_be_accepted(app, world):
    proposal = _offer(app, world)
    proposal.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = act(app, world["mentee"], f"/offers/{proposal.id}/accept")
    assert b"no longer open" in response.data
    assert fresh(proposal).mentee_answer is None


def test_sweep_reminds_once_then_expires(app, world, outbox):
    proposal = world["proposal"]
    proposal.released_at = utcnow() - timedelta(days=5)
    db.session.commit()
    assert approvals.send_reminders() == 1
    db.session.commit()
    assert {m.to[0] for m in outbox} == {world["coord_a"].email, world["coord_b"].email}
    assert approvals.send_reminders() == 0
    assert approvals.expire_overdue(utcnow() + timedelta(days=30)) == 1
    db.session.commit()
    assert fresh(proposal).status == "expired"
    assert slots(world["mentee_enrolment"]) == 0


def test_sweep_command(runner, world):
    result = runner.invoke(args=["matches", "sweep"])
    assert result.exit_code == 0
    assert "0 proposal(s) expired" in result.output


def test_bulk_approve_skips_what_is_not_mine(app, world, make_user, make_org):
    other_mentee = make_user(org=world["coord_c"].organisation)
    enrolment = enrol(world["programme"], other_mentee, "mentee")
    second = released_proposal(world["programme"], enrolment, world["mentor_enrolment"])
    response = act(
        app,
        world["coord_b"],
        "/approvals/bulk",
        {"proposal": [world["proposal"].id, second.id, 999999], "confirmed": "y"},
    )
    assert b"2 approved, 0 skipped" in response.data
    response = act(
        app,
        world["coord_a"],
        "/approvals/bulk",
        {"proposal": [world["proposal"].id, second.id], "confirmed": "y"},
    )
    assert b"1 approved, 0 skipped" in response.data
    assert fresh(world["proposal"]).status == "offered"
    assert fresh(second).status == "awaiting_approval"


def test_every_transition_is_audited(app, world):
    proposal = _offer(app, world)
    act(app, world["mentee"], f"/offers/{proposal.id}/accept")
    act(app, world["mentor"], f"/offers/{proposal.id}/accept")
    rows = db.session.execute(
        sa.select(AuditEvent.to_state, AuditEvent.actor_id)
        .where(
            AuditEvent.entity_type == "proposals", AuditEvent.entity_id == proposal.id
        )
        .order_by(AuditEvent.id)
    ).all()
    assert [r.to_state for r in rows] == ["offered", "accepted"]
    assert rows[0].actor_id == world["coord_b"].id


def test_home_page_shows_the_offer_waiting_for_her(app, world):
    proposal = _offer(app, world)
    client = app.test_client()
    sign_in(client, world["mentee"])
    page = client.get("/").data
    assert (
        b"waits for your answer" in page and f"/offers/{proposal.id}".encode() in page
    )
    act(app, world["mentee"], f"/offers/{proposal.id}/accept")
    assert b"waits for your answer" not in client.get("/").data


def test_approval_queue_query_count_does_not_grow_with_the_queue(
    app, make_org, make_user
):
    secretariat = make_user(roles=["secretariat"])
    programme = make_programme()

    def queries_for_queue():
        count = []

        def counter(*_args, **_kwargs):
            count.append(1)

        sa.event.listen(db.engine, "before_cursor_execute", counter)
        try:
            client = app.test_client()
            sign_in(client, secretariat)
            assert client.get("/approvals").status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", counter)
        return len(count)

    def add_proposals(n):
        for _ in range(n):
            mentee = enrol(programme, make_user(org=make_org()), "mentee")
            mentor = enrol(programme, make_user(org=make_org()), "mentor")
            released_proposal(programme, mentee, mentor)

    add_proposals(2)
    few = queries_for_queue()
    add_proposals(8)
    assert queries_for_queue() == few
