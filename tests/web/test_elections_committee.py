"""The Steering Committee's terms and rotation (issue 16, item 6): the committee
page by region with terms and offices in three languages; offices given on the
desk, one holder each; a seat ended early and its vacancy filled by recount (the
sitting members kept, the new member for the rest of the term), once; a term's end
ending the membership and drafting the next election; the chair allocating offices
when the committee allocates them; emails in the recipient's language; her seats
in her data export; the demo's offices and filled vacancy."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, format_date

from mentorship.core import schedule
from mentorship.db import db
from mentorship.demo.elections_committee import seed_elections_committee
from mentorship.elections import notify_committee, terms
from mentorship.elections.models import (
    CountKind,
    Election,
    ElectionCount,
    ElectionStatus,
    Seat,
)
from mentorship.elections.queries_committee import office_label
from mentorship.mydata import export as mydata_export
from mentorship.policy import on_steering_committee

from ..factories import sign_in
from .test_elections_core import alliance, new_election, run_election, stand

__all__ = ["alliance"]  # the fixture, imported for pytest
RANKINGS = {0: [0, 2], 1: [0, 1], 2: [2, 3], 3: [2, 0], 4: [1, 3], 5: [3, 1]}
DESK = "/admin/committee"
OFFICES = ["chair", "vice_chair", "treasurer"]


@pytest.fixture
def in_request(app, app_ctx):
    """Services speak the reader's language: a request context for them."""
    with app.test_request_context():
        yield


def counted(world, officers_by="allocated"):
    """A counted election of three seats (Latin America at least one)."""
    election = new_election(world, officers_by=officers_by)
    election.offices = list(OFFICES)
    db.session.commit()
    world["stood"] = {i: stand(world, election, i) for i in range(6)}
    run_election(world, election, RANKINGS)
    db.session.refresh(election)
    assert election.status == ElectionStatus.COUNTED
    return election


def seats():
    return terms.current_seats()


def test_the_committee_page_by_region_with_terms_and_offices(
    app, client, alliance, in_request
):
    counted(alliance)
    sitting = seats()
    terms.give_office(sitting[0], "chair", alliance["secretariat"])
    db.session.commit()
    words = {
        "en": ("Steering Committee", "Latin America & Caribbean"),
        "fr": ("Comité directeur", "Amérique latine et Caraïbes"),
        "es": ("Comité Directivo", "América Latina y el Caribe"),
    }
    for locale, (title, region) in words.items():
        client.set_cookie("locale", locale)
        with client.session_transaction() as session:
            session["locale"] = locale
        page = client.get("/committee").get_data(as_text=True)
        assert title in page and region in page
        with force_locale(locale):
            start = format_date(sitting[0].starts_on)
            end = format_date(sitting[0].ends_on)
            chair = str(office_label("chair"))
        assert start in page and end in page
        for seat in sitting:
            assert seat.user.name in page and seat.organisation.name in page
        assert chair in page
    assert "Past members" not in client.get("/committee").get_data(as_text=True)


def test_an_office_has_one_holder(app, client, alliance, in_request, outbox):
    counted(alliance)
    outbox.clear()
    first, second = seats()[:2]
    first.user.locale = "es"
    db.session.commit()
    sign_in(client, alliance["secretariat"])
    assert client.get(DESK).status_code == 200
    response = client.post(f"{DESK}/seats/{first.id}/office", data={"office": "chair"})
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.office == "chair"
    assert [m.to for m in outbox] == [[first.user.email]]
    with force_locale("es"):
        assert format_date(first.ends_on) in outbox[0].body  # in her language
    response = client.post(f"{DESK}/seats/{second.id}/office", data={"office": "chair"})
    assert response.status_code == 400
    assert "Another member holds this office" in response.get_data(as_text=True)
    db.session.refresh(second)
    assert second.office is None and len(outbox) == 1
    # not one of the committee's offices: refused, nothing changed
    response = client.post(
        f"{DESK}/seats/{second.id}/office", data={"office": "secretary"}
    )
    assert response.status_code == 400
    db.session.refresh(second)
    assert second.office is None
    # taken away
    response = client.post(f"{DESK}/seats/{first.id}/office", data={"office": "none"})
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.office is None


def test_a_seat_ended_early_is_filled_by_recount(
    app, client, alliance, in_request, outbox
):
    election = counted(alliance)
    outbox.clear()
    sitting = seats()
    departed = sitting[0]
    kept = {s.user_id for s in sitting[1:]}
    sign_in(client, alliance["secretariat"])
    url = f"{DESK}/seats/{departed.id}/end"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"reason": "resigned"}).status_code == 400
    assert client.post(url, data={"reason": "term", "confirm": "y"}).status_code == 400
    db.session.refresh(departed)
    assert departed.ended_on is None
    response = client.post(url, data={"reason": "resigned", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()  # the seats' people were loaded before the request
    assert departed.end_reason == "resigned"
    assert not on_steering_committee(departed.user)
    assert outbox[-1].to == [departed.user.email]
    assert (
        client.post(url, data={"reason": "resigned", "confirm": "y"}).status_code == 400
    )
    desk = client.get(DESK).get_data(as_text=True)
    assert "Fill by recount" in desk
    outbox.clear()
    response = client.post(f"{DESK}/seats/{departed.id}/fill")
    assert response.status_code == 302
    now = seats()
    new = next(s for s in now if s.replaces_id == departed.id)
    assert kept < {s.user_id for s in now} and new.user_id not in kept
    assert new.user_id != departed.user_id
    assert new.ends_on == departed.ends_on and on_steering_committee(new.user)
    assert [m.to for m in outbox] == [[new.user.email]]
    recount = db.session.scalar(
        sa.select(ElectionCount).where(ElectionCount.kind == CountKind.RECOUNT)
    )
    assert recount.elected == [new.nomination_id]
    desk = client.get(DESK).get_data(as_text=True)
    assert f"/elections/{election.id}/record?count={recount.id}" in desk
    assert new.user.name in desk
    response = client.post(f"{DESK}/seats/{departed.id}/fill")
    assert response.status_code == 400
    assert "already filled" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Seat.id))) == 4
    page = client.get("/committee").get_data(as_text=True)
    assert "Filled a vacancy" in page and "resigned" in page


def test_a_term_end_ends_the_membership_and_drafts_the_next_election(
    app, client, alliance, in_request, outbox
):
    counted(alliance)
    outbox.clear()
    seat = seats()[0]
    assert schedule.HANDLERS[terms.TERM_END_JOB] is notify_committee.term_end
    schedule.HANDLERS[terms.TERM_END_JOB]({"id": seat.id}, None)
    db.session.commit()
    db.session.refresh(seat)
    assert seat.end_reason == "term" and seat.membership.ends_on == seat.ends_on
    drafted = db.session.scalar(
        sa.select(Election).where(Election.status == ElectionStatus.DRAFT)
    )
    assert drafted is not None and drafted.term_starts_on == seat.ends_on
    assert sorted(m.to[0] for m in outbox) == sorted(
        [seat.user.email, alliance["secretariat"].email]
    )
    soon = seats()[0]
    soon.ends_on = date.today() + timedelta(days=60)  # within six months
    db.session.commit()
    page = client.get("/committee").get_data(as_text=True)
    assert "Terms ending in the next six months" in page
    ending = page.split("Terms ending in the next six months")[1]
    assert soon.user.name in ending.split("</section>")[0]
    assert f"/elections/{drafted.id}" in ending.split("</section>")[0]
    assert "<details>" in page and "term ended" in page
    # run again: nothing more happens
    outbox.clear()
    schedule.HANDLERS[terms.TERM_END_JOB]({"id": seat.id}, None)
    assert outbox == []


def test_the_desk_prepares_the_next_election_once(app, client, alliance, in_request):
    counted(alliance)
    sign_in(client, alliance["secretariat"])
    assert "Prepare the next election" in client.get(DESK).get_data(as_text=True)
    response = client.post(f"{DESK}/next")
    assert response.status_code == 302
    drafted = db.session.scalar(
        sa.select(Election).where(Election.status == ElectionStatus.DRAFT)
    )
    assert response.headers["Location"].endswith(f"/elections/{drafted.id}")
    assert drafted.term_starts_on == min(s.ends_on for s in seats())
    response = client.post(f"{DESK}/next")
    assert response.status_code == 400
    assert "already being prepared" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Election.id))) == 2


def test_the_chair_allocates_offices(app, client, alliance, in_request):
    counted(alliance)
    chair, other, third = seats()
    terms.give_office(chair, "chair", alliance["secretariat"])
    db.session.commit()
    sign_in(client, chair.user)
    assert client.get(DESK).status_code == 200
    response = client.post(
        f"{DESK}/seats/{other.id}/office", data={"office": "treasurer"}
    )
    assert response.status_code == 302
    db.session.refresh(other)
    assert other.office == "treasurer"
    # the chair gives offices, not seats: the Secretariat's actions stay hers
    assert client.get(f"{DESK}/seats/{third.id}/end").status_code == 403
    assert client.post(f"{DESK}/next").status_code == 403
    # a member who is not the chair
    sign_in(client, other.user)
    assert client.get(DESK).status_code == 403
    response = client.post(
        f"{DESK}/seats/{third.id}/office", data={"office": "vice_chair"}
    )
    assert response.status_code == 403
    db.session.refresh(third)
    assert third.office is None


def test_when_officers_are_elected_only_the_secretariat_records_them(
    app, client, alliance, in_request
):
    counted(alliance, officers_by="elected")
    chair, other, _third = seats()
    terms.give_office(chair, "chair", alliance["secretariat"])
    db.session.commit()
    sign_in(client, chair.user)
    assert client.get(DESK).status_code == 403
    response = client.post(
        f"{DESK}/seats/{other.id}/office", data={"office": "treasurer"}
    )
    assert response.status_code == 403


def test_bad_input_changes_nothing(app, client, alliance, in_request):
    counted(alliance)
    seat = seats()[0]
    sign_in(client, alliance["secretariat"])
    for data in ({}, {"office": "\x00"}, {"office": "x" * 5000}):
        response = client.post(f"{DESK}/seats/{seat.id}/office", data=data)
        assert response.status_code == 400
    assert client.post(f"{DESK}/seats/999999/office", data={}).status_code == 404
    assert client.post(f"{DESK}/seats/{seat.id}/fill").status_code == 400
    db.session.refresh(seat)
    assert seat.office is None and seat.ended_on is None


def test_her_seats_are_in_her_data(alliance, in_request):
    counted(alliance)
    seat = seats()[0]
    terms.give_office(seat, "chair", alliance["secretariat"])
    db.session.commit()
    data = mydata_export.collect(seat.user)
    assert data["committee_seats"] == [
        {
            "region": str(data["committee_seats"][0]["region"]),
            "office": "Chair",
            "starts_on": seat.starts_on.isoformat(),
            "ends_on": seat.ends_on.isoformat(),
            "ended_on": None,
            "end_reason": None,
            "filled_a_vacancy": False,
        }
    ]


def test_the_demo_gives_offices_and_fills_a_vacancy(alliance, in_request):
    seed_elections_committee()  # no counted election: nothing
    assert db.session.scalar(sa.select(sa.func.count(Seat.id))) == 0
    election = counted(alliance)
    seed_elections_committee()
    db.session.commit()
    now = seats()
    assert sorted(s.office for s in now if s.office) == sorted(OFFICES)
    assert any(s.replaces_id for s in now)
    assert terms.vacancies() == []
    assert db.session.scalar(sa.select(sa.func.count(Seat.id))) == 4
    seed_elections_committee()  # once only
    assert db.session.scalar(sa.select(sa.func.count(Seat.id))) == 4
    assert election.offices == OFFICES
