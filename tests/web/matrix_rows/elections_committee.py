"""The elections' rows, part committee: the public committee page; the desk and
its office forms for the Secretariat and the committee's chair (`steering` holds
the chair of a committee that allocates its offices); ending a seat, filling a
vacancy and preparing the next election for the Secretariat alone. The world's
election was never voted on: filling its vacancy and copying its seat model are
refused (400)."""

from datetime import timedelta

from mentorship.core import translated
from mentorship.db import db, utcnow

from ..policy_rows import LOGIN, PUBLIC, STAFF_BAD, STAFF_PAGE, STAFF_POST, row

D = "/admin/committee"
GIVERS_PAGE = row(LOGIN, 403, 403, 403, 403, 200, 200, 200, 200, 403)
GIVERS_POST = row(LOGIN, 403, 403, 403, 403, 302, 302, 302, 302, 403)

PUBLIC_ENDPOINTS = {"elections.committee"}
ROWS = {
    ("elections.committee", "GET"): ("/committee", {}, PUBLIC),
    ("elections.committee_desk", "GET"): (D, {}, GIVERS_PAGE),
    ("elections.give_office", "POST"): (
        D + "/seats/{cs_seat_id}/office",
        {"office": "vice_chair"},
        GIVERS_POST,
    ),
    ("elections.end_seat", "GET"): (D + "/seats/{cs_seat_id}/end", {}, STAFF_PAGE),
    ("elections.end_seat", "POST"): (
        D + "/seats/{cs_seat_id}/end",
        {"reason": "resigned", "confirm": "y"},
        STAFF_POST,
    ),
    ("elections.fill_vacancy", "POST"): (
        D + "/seats/{cs_vacancy_id}/fill",
        {},
        STAFF_BAD,
    ),
    ("elections.prepare_next", "POST"): (D + "/next", {}, STAFF_BAD),
}


def world(ids, people, make_org, make_user):
    """A committee of an election never voted on: `steering` in the chair,
    `member_own` sitting without an office, and a seat left early (a vacancy)."""
    from mentorship.elections import services
    from mentorship.elections.models import Seat

    today = utcnow().date()
    election = services.create(
        translated.Edit("en", {"en": "Committee of the matrix"}),
        people["secretariat"],
        seats=3,
        offices=["chair", "vice_chair", "treasurer"],
        officers_by="allocated",
    )
    election.status = "cancelled"

    def seat(person, **fields):
        found = Seat(
            election_id=election.id,
            user_id=person.id,
            organisation_id=person.organisation_id,
            region="africa",
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=700),
            **fields,
        )
        db.session.add(found)
        return found

    seat(people["steering"], office="chair")
    sitting = seat(people["member_own"])
    vacancy = seat(
        people["member_other"],
        ended_on=today - timedelta(days=1),
        end_reason="resigned",
    )
    db.session.commit()
    return {"cs_seat_id": sitting.id, "cs_vacancy_id": vacancy.id}
