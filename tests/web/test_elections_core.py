"""The elections core through its services: the seat model refused when no committee
can meet it, nominations in their window and number, one accepted nomination per
candidate, eligibility with reasons, the ranked organisation ballot counted by STV
with the regional minimum, seats with terms, offices, a vacancy filled by recount,
and the next election drafted when terms end."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from mentorship.core import memberships, schedule, translated
from mentorship.db import db, utcnow
from mentorship.decisions import ballots
from mentorship.decisions import services as decisions
from mentorship.elections import nominations, services, terms, vote
from mentorship.elections.models import (
    Election,
    ElectionCount,
    ElectionStatus,
    NominationStatus,
)
from mentorship.elections.services import ElectionError
from mentorship.policy import on_steering_committee


def edit(text):
    return translated.Edit("en", {"en": text})


@pytest.fixture(autouse=True)
def in_request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def alliance(make_org, make_user):
    """Six member organisations in three regions, each with a delegate and two
    possible candidates; the Secretariat."""
    world = {"secretariat": make_user(roles=["secretariat"])}
    regions = [
        "africa",
        "africa",
        "europe",
        "europe",
        "latin_america_caribbean",
        "latin_america_caribbean",
    ]
    for i, region in enumerate(regions):
        org = make_org(name=f"WIM {i}", region=region)
        world[f"org{i}"] = org
        world[f"delegate{i}"] = make_user(org=org)
        memberships.start(world[f"delegate{i}"], "voting_delegate", organisation=org)
        world[f"cand{i}"] = make_user(org=org)
        world[f"other{i}"] = make_user(org=org)
    db.session.commit()
    return world


def new_election(world, seats=3, regions=None, **model):
    now = utcnow()
    election = services.create(
        edit("Steering Committee election"),
        world["secretariat"],
        seats=seats,
        regions=regions
        if regions is not None
        else {"latin_america_caribbean": (1, None)},
        nominations_open_at=now - timedelta(days=1),
        nominations_close_at=now + timedelta(days=10),
        term_years=2,
        term_starts_on=date.today(),
        offices=["chair", "treasurer"],
        **model,
    )
    services.open_nominations(election, world["secretariat"])
    db.session.commit()
    return election


def stand(world, election, i, who="cand"):
    nomination = nominations.nominate(
        election, world[f"org{i}"], world[f"{who}{i}"], world[f"delegate{i}"]
    )
    nominations.accept(nomination, world[f"{who}{i}"])
    nominations.check(nomination, world["secretariat"], True)
    db.session.commit()
    return nomination


def close_window(election):
    election.nominations_close_at = utcnow() - timedelta(seconds=1)
    election.nominations_open_at = utcnow() - timedelta(days=5)
    db.session.commit()


def test_a_seat_model_whose_minimums_exceed_the_seats_is_refused(alliance):
    with pytest.raises(ElectionError, match="minimums"):
        services.create(
            edit("E"),
            alliance["secretariat"],
            seats=2,
            regions={"africa": (2, None), "europe": (1, None)},
        )
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Election.id))) == 0


def test_nominations_keep_to_the_window_and_the_number(alliance):
    election = new_election(alliance, nominations_per_org=1)
    nominations.nominate(
        election, alliance["org0"], alliance["cand0"], alliance["delegate0"]
    )
    with pytest.raises(ElectionError, match="its 1 nominations"):
        nominations.nominate(
            election, alliance["org0"], alliance["other0"], alliance["delegate0"]
        )
    db.session.rollback()
    election.nominations_close_at = utcnow() - timedelta(seconds=1)
    election.nominations_open_at = utcnow() - timedelta(days=3)
    db.session.commit()
    with pytest.raises(ElectionError, match="not open"):
        nominations.nominate(
            election, alliance["org1"], alliance["cand1"], alliance["delegate1"]
        )


def test_accepting_one_nomination_declines_the_others(alliance):
    election = new_election(alliance)
    first = nominations.nominate(
        election, alliance["org0"], alliance["cand0"], alliance["delegate0"]
    )
    second = nominations.nominate(
        election, alliance["org1"], alliance["cand0"], alliance["delegate1"]
    )
    nominations.accept(second, alliance["cand0"])
    db.session.commit()
    db.session.refresh(first)
    assert first.status == NominationStatus.DECLINED
    with pytest.raises(ElectionError):
        nominations.accept(first, alliance["cand0"])


def test_eligibility_needs_a_reason_to_refuse_and_the_rules_to_accept(alliance):
    election = new_election(alliance, regions={"europe": (0, 0)})
    nomination = nominations.nominate(
        election, alliance["org2"], alliance["cand2"], alliance["delegate2"]
    )
    nominations.accept(nomination, alliance["cand2"])
    with pytest.raises(ElectionError, match="rules"):
        nominations.check(nomination, alliance["secretariat"], True)
    with pytest.raises(ElectionError, match="reason"):
        nominations.check(nomination, alliance["secretariat"], False, "")
    nominations.check(nomination, alliance["secretariat"], False, "No European seat")
    assert nomination.eligibility == "ineligible"


def run_election(world, election, rankings):
    """Open the vote, each organisation i casts rankings[i] (candidate indexes),
    close and count."""
    close_window(election)
    vote.open_vote(election, world["secretariat"], utcnow() + timedelta(days=7))
    db.session.commit()
    decision = election.decision
    option_of = {int(o.ref.split(":")[1]): o.id for o in decision.options}
    for i, ranking in rankings.items():
        ids = [option_of[world["stood"][c].id] for c in ranking]
        ballots.cast(
            decision,
            world[f"org{i}"],
            world[f"delegate{i}"],
            {"ranking": ids},
            "delegate",
        )
        db.session.commit()
    assert decisions.close(decision, world["secretariat"])
    db.session.commit()
    return decision


def test_a_vote_no_committee_could_meet_is_not_opened(alliance):
    election = new_election(alliance)
    for i in range(4):  # Africa and Europe only: Latin America's seat is unfillable
        stand(alliance, election, i)
    close_window(election)
    with pytest.raises(ElectionError, match="minimums"):
        vote.open_vote(election, alliance["secretariat"], utcnow() + timedelta(days=7))
    db.session.rollback()
    assert election.status == ElectionStatus.NOMINATING and election.decision_id is None


def test_the_count_elects_a_committee_meeting_the_regional_minimum(alliance):
    election = new_election(alliance)
    alliance["stood"] = {i: stand(alliance, election, i) for i in range(6)}
    # Africa and Europe are popular; Latin America must still get its seat.
    rankings = {0: [0, 2], 1: [0, 1], 2: [2, 3], 3: [2, 0], 4: [1, 3], 5: [3, 1]}
    run_election(alliance, election, rankings)
    db.session.refresh(election)
    assert election.status == ElectionStatus.COUNTED
    seats = terms.current_seats()
    assert len(seats) == 3
    assert "latin_america_caribbean" in {s.region for s in seats}
    assert len({s.organisation_id for s in seats}) == 3
    count = db.session.scalar(sa.select(ElectionCount))
    assert count.record["protocol"]["elected"] == count.elected
    assert len(count.record["ballots"]) == 6
    member = seats[0].user
    assert on_steering_committee(member)
    # the term ends with its membership, two years on
    assert seats[0].ends_on == terms.add_years(date.today(), 2)
    assert seats[0].membership.ends_on == seats[0].ends_on


def test_a_ballot_ranking_a_withdrawn_candidate_is_refused(alliance):
    from werkzeug.datastructures import MultiDict

    election = new_election(alliance)
    stood = {i: stand(alliance, election, i) for i in range(5)}
    close_window(election)
    vote.open_vote(election, alliance["secretariat"], utcnow() + timedelta(days=7))
    db.session.commit()
    nominations.withdraw(stood[1], alliance["cand1"], "moving abroad")
    db.session.commit()
    decision = election.decision
    withdrawn = next(o for o in decision.options if o.withdrawn_at is not None)
    from mentorship.decisions.services import DecisionError

    with pytest.raises(DecisionError, match="withdrawn"):
        ballots.read_choices(decision, MultiDict({f"rank-{withdrawn.id}": "1"}))


def test_offices_and_a_vacancy_filled_by_recount(alliance):
    election = new_election(alliance)
    alliance["stood"] = {i: stand(alliance, election, i) for i in range(6)}
    rankings = {0: [0, 2], 1: [0, 1], 2: [2, 3], 3: [2, 0], 4: [1, 3], 5: [3, 1]}
    run_election(alliance, election, rankings)
    seats = terms.current_seats()
    terms.give_office(seats[0], "chair", alliance["secretariat"])
    with pytest.raises(ElectionError, match="holds this office"):
        terms.give_office(seats[1], "chair", alliance["secretariat"])
    db.session.rollback()
    departed = seats[0]
    sitting = {s.user_id for s in seats if s.id != departed.id}
    assert terms.end_seat(departed, "resigned", alliance["secretariat"])
    db.session.commit()
    assert departed.office is None and not on_steering_committee(departed.user)
    assert terms.vacancies() == [departed]
    new = terms.fill_vacancy(departed, alliance["secretariat"])
    db.session.commit()
    now_sitting = {s.user_id for s in terms.current_seats()}
    assert sitting < now_sitting and new.user_id not in sitting
    assert new.ends_on == departed.ends_on and new.replaces_id == departed.id
    assert terms.vacancies() == []
    with pytest.raises(ElectionError, match="already filled"):
        terms.fill_vacancy(departed, alliance["secretariat"])


def test_a_term_end_drafts_the_next_election(alliance):
    election = new_election(alliance)
    alliance["stood"] = {i: stand(alliance, election, i) for i in range(6)}
    run_election(alliance, election, {0: [0], 1: [1], 2: [2], 3: [3], 4: [4]})
    seat = terms.current_seats()[0]
    terms.term_end({"id": seat.id}, None)
    db.session.commit()
    assert seat.ended_on == seat.ends_on and seat.end_reason == "term"
    drafted = db.session.scalar(
        sa.select(Election).where(Election.status == ElectionStatus.DRAFT)
    )
    assert drafted is not None and drafted.term_starts_on == seat.ends_on
    assert drafted.limits() == election.limits()
    assert schedule.HANDLERS[terms.TERM_END_JOB]


def test_erasing_a_sitting_member_leaves_a_vacancy_filled_without_her(alliance):
    from mentorship.mydata import services as mydata

    election = new_election(alliance)
    alliance["stood"] = {i: stand(alliance, election, i) for i in range(6)}
    rankings = {0: [0, 2], 1: [0, 1], 2: [2, 3], 3: [2, 0], 4: [1, 3], 5: [3, 1]}
    run_election(alliance, election, rankings)
    seat = terms.current_seats()[0]
    terms.give_office(seat, "chair", alliance["secretariat"])
    db.session.commit()
    gone = seat.user
    mydata.erase(gone, utcnow())
    db.session.commit()
    db.session.refresh(seat)
    assert seat.end_reason == "removed" and seat.office is None
    assert not on_steering_committee(gone)
    assert terms.vacancies() == [seat]
    new = terms.fill_vacancy(seat, alliance["secretariat"])
    db.session.commit()
    assert new.user_id != gone.id
    assert gone.id not in {s.user_id for s in terms.current_seats()}
