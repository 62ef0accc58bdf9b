"""Match runs: queued as a job, previewed, released; the engine's rules and reasons."""

import pytest
import sqlalchemy as sa

from mentorship.db import db
from mentorship.matches import runs
from mentorship.matches.models import MatchRun, Proposal
from mentorship.programmes.models import Enrolment

from ..factories import sign_in
from .flow import enrol, make_programme
from .test_matches import act


@pytest.fixture
def cohort(app, make_org, make_user):
    orgs = [make_org(), make_org(region="europe"), make_org(region="north_america")]
    secretariat = make_user(roles=["secretariat"])
    coordinators = [make_user(org=o, roles=["coordinator"]) for o in orgs]
    programme = make_programme()
    mentees = [
        enrol(
            programme,
            make_user(org=orgs[i % 3], name=f"Mentee {i}"),
            "mentee",
            languages=["fr", "en"] if i % 2 else ["es"],
        )
        for i in range(6)
    ]
    mentors = [
        enrol(
            programme,
            make_user(org=orgs[(i + 1) % 3], name=f"Mentor {i}"),
            "mentor",
            languages=["fr", "es"],
            capacity=3,
        )
        for i in range(3)
    ]
    return dict(
        programme=programme,
        secretariat=secretariat,
        mentees=mentees,
        mentors=mentors,
        coordinators=coordinators,
        orgs=orgs,
    )


def start(app, cohort):
    response = act(
        app, cohort["secretariat"], f"/admin/programmes/{cohort['programme'].id}/runs"
    )
    assert response.status_code == 200
    return db.session.scalars(sa.select(MatchRun).order_by(MatchRun.id.desc())).first()


def test_a_run_proposes_cross_organisation_pairs_with_reasons(app, cohort):
    run = start(app, cohort)
    assert run.status == "preview"
    assert run.library_version and run.settings.version == 1
    assert run.n_mentees == 6 and run.n_mentors == 3 and run.n_proposed == 6
    drafts = db.session.scalars(sa.select(Proposal).where(Proposal.run_id == run.id))
    for proposal in drafts:
        assert proposal.status == "draft"
        assert proposal.mentee_organisation_id != proposal.mentor_organisation_id
        assert proposal.reasons and 0 < proposal.score <= 1
    client = app.test_client()
    sign_in(client, cohort["secretariat"])
    page = client.get(f"/admin/runs/{run.id}").data.decode()
    assert "Both speak" in page or "Mentor&#39;s expertise covers" in page


def test_a_second_run_while_one_waits_is_refused(app, cohort):
    start(app, cohort)
    response = act(
        app, cohort["secretariat"], f"/admin/programmes/{cohort['programme'].id}/runs"
    )
    assert b"already in progress" in response.data
    assert db.session.scalar(sa.select(sa.func.count(MatchRun.id))) == 1


def test_release_takes_places_and_tells_the_coordinators(app, cohort, outbox):
    run = start(app, cohort)
    act(app, cohort["secretariat"], f"/admin/runs/{run.id}/release")
    db.session.expire_all()
    statuses = db.session.scalars(sa.select(Proposal.status)).all()
    assert set(statuses) == {"awaiting_approval"}
    taken = db.session.scalar(sa.select(sa.func.sum(Enrolment.slots_taken)))
    assert taken == 12  # six mentees and six mentor places
    assert {m.to[0] for m in outbox} == {c.email for c in cohort["coordinators"]}


def test_discarded_preview_leaves_everyone_free(app, cohort):
    run = start(app, cohort)
    act(app, cohort["secretariat"], f"/admin/runs/{run.id}/discard")
    db.session.expire_all()
    assert db.session.get(MatchRun, run.id).status == "discarded"
    assert set(db.session.scalars(sa.select(Proposal.status))) == {"removed"}
    assert db.session.scalar(sa.select(sa.func.sum(Enrolment.slots_taken))) == 0


def test_a_programme_with_no_eligible_pair_says_why(app, make_org, make_user):
    org = make_org()
    secretariat = make_user(roles=["secretariat"])
    programme = make_programme()
    enrol(programme, make_user(org=org), "mentee", languages=["sw"])
    enrol(programme, make_user(org=org), "mentor", languages=["sw"])
    response = act(app, secretariat, f"/admin/programmes/{programme.id}/runs")
    assert b"No eligible pair could be proposed" in response.data
    run = db.session.scalar(sa.select(MatchRun))
    assert run.unmatched == {"no_cross_organisation_mentor": 1}
    assert b"No mentor from another organisation" in response.data


def test_declined_people_are_matched_again_by_the_next_run(app, cohort):
    run = start(app, cohort)
    runs.release_run(db.session.get(MatchRun, run.id), cohort["secretariat"])
    db.session.commit()
    first = db.session.scalars(sa.select(Proposal).order_by(Proposal.id)).first()
    pair = (first.mentee_enrolment_id, first.mentor_enrolment_id)
    coordinator = next(
        c
        for c in cohort["coordinators"]
        if c.organisation_id == first.mentee_organisation_id
    )
    act(app, coordinator, f"/proposals/{first.id}/reject", {"reason": "not_suitable"})
    second = start(app, cohort)
    assert second.n_mentees == 1  # only the freed mentee is considered
    again = db.session.scalar(sa.select(Proposal).where(Proposal.run_id == second.id))
    assert again.mentee_enrolment_id == pair[0]
    assert again.mentor_enrolment_id != pair[1]  # never the rejected pair again


def test_manual_pair_checks_the_hard_rules(app, make_org, make_user):
    org_a, org_b = make_org(), make_org()
    secretariat = make_user(roles=["secretariat"])
    programme = make_programme()
    mentee = enrol(programme, make_user(org=org_a), "mentee", languages=["fr"])
    same_org = enrol(programme, make_user(org=org_a), "mentor", languages=["fr"])
    no_language = enrol(programme, make_user(org=org_b), "mentor", languages=["de"])
    good = enrol(programme, make_user(org=org_b), "mentor", languages=["fr"])
    url = f"/admin/programmes/{programme.id}/pairs/new"
    response = act(app, secretariat, url, {"mentee": mentee.id, "mentor": same_org.id})
    assert b"No mentor from another organisation" in response.data
    response = act(
        app, secretariat, url, {"mentee": mentee.id, "mentor": no_language.id}
    )
    assert b"No mentor speaks one of her languages" in response.data
    assert db.session.scalar(sa.select(sa.func.count(Proposal.id))) == 0
    act(app, secretariat, url, {"mentee": mentee.id, "mentor": good.id})
    proposal = db.session.scalar(sa.select(Proposal))
    assert proposal.manual and proposal.status == "awaiting_approval"
    response = act(app, secretariat, url, {"mentee": mentee.id, "mentor": good.id})
    assert response.status_code == 400  # she is no longer in the list of free mentees


def test_runs_are_for_the_secretariat_only(app, cohort):
    response = act(
        app,
        cohort["coordinators"][0],
        f"/admin/programmes/{cohort['programme'].id}/runs",
    )
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(MatchRun.id))) == 0


def test_more_proposals_per_mentee_become_ranked_alternatives(app, cohort):
    cohort["programme"].current_settings.proposals_per_mentee = 2
    db.session.commit()
    run = start(app, cohort)
    proposals = db.session.scalars(
        sa.select(Proposal).where(Proposal.run_id == run.id)
    ).all()
    assert len(proposals) == 6  # still one live proposal per mentee
    with_alternatives = [p for p in proposals if p.alternatives]
    assert with_alternatives
    for proposal in with_alternatives:
        alternative = proposal.alternatives[0]
        assert alternative["mentor_enrolment_id"] != proposal.mentor_enrolment_id
    client = app.test_client()
    sign_in(client, cohort["secretariat"])
    assert b"Other good mentors" in client.get(f"/admin/runs/{run.id}").data


def test_release_asks_first_and_states_what_it_will_do(app, cohort, outbox):
    run = start(app, cohort)
    client = app.test_client()
    sign_in(client, cohort["secretariat"])
    preview = client.get(f"/admin/runs/{run.id}").data.decode()
    assert f'action="/admin/runs/{run.id}/release"' not in preview
    assert f'href="/admin/runs/{run.id}/release"' in preview
    page = client.get(f"/admin/runs/{run.id}/release").data.decode()
    assert "6 proposals will be sent to the coordinators for approval" in page
    assert "They concern 3 organisations" in page
    assert "3 coordinators (or the Secretariat standing in) will be emailed" in page
    assert f'action="/admin/runs/{run.id}/release"' in page
    db.session.expire_all()
    assert db.session.get(MatchRun, run.id).status == "preview" and outbox == []
    client.post(f"/admin/runs/{run.id}/release")
    db.session.expire_all()
    assert db.session.get(MatchRun, run.id).status == "released"
    assert len(outbox) == 3  # as announced
    again = client.get(f"/admin/runs/{run.id}/release", follow_redirects=True)
    assert "Only a run waiting for review can be released" in again.data.decode()


def test_discard_asks_first_and_states_what_it_will_do(app, cohort):
    run = start(app, cohort)
    client = app.test_client()
    sign_in(client, cohort["secretariat"])
    page = client.get(f"/admin/runs/{run.id}/discard").data.decode()
    assert "6 proposed pairs will be removed" in page
    assert "Nobody is emailed" in page
    db.session.expire_all()
    assert db.session.get(MatchRun, run.id).status == "preview"
    for viewer in (cohort["coordinators"][0],):
        sign_in(client, viewer)
        assert client.get(f"/admin/runs/{run.id}/discard").status_code == 403


def test_run_preview_names_each_persons_organisation(app, cohort):
    run = start(app, cohort)
    client = app.test_client()
    sign_in(client, cohort["secretariat"])
    page = client.get(f"/admin/runs/{run.id}").data.decode()
    for org in cohort["orgs"]:
        assert org.name in page
