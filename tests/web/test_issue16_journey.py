"""Issue 16's "Done when", walked as new users would, on the demo data.

This year's election is in its nomination phase. Two organisations' delegates
nominate a French-speaking and a Spanish-speaking member; both accept and write
their statements in their languages, and the two members of the current committee
nominated earlier accept too. The Secretariat checks every accepted nomination,
the window closes, the Secretariat opens the vote. Delegates of the member
organisations rank the candidates on the ballot page, most of them putting the
African candidates first; at close the count elects a committee that meets every
regional minimum (a European candidate is excluded because the last seat is needed
for Latin America's minimum), one seat per organisation, and the round-by-round
record reads in French and Spanish; anyone recounts it from the download.

Every step goes through the real pages (`pageforms.submit` reads each form from the
HTML as a browser would).
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship import demo
from mentorship.auth.models import User
from mentorship.db import db, utcnow
from mentorship.decisions import notify as decision_notify
from mentorship.decisions.models import Decision
from mentorship.elections import nominations as nomination_service
from mentorship.elections.models import (
    Election,
    ElectionCount,
    Nomination,
    NominationStatus,
    Seat,
)
from mentorship.elections.stv import count as stv_count
from mentorship.organisations.models import Organisation

from .pageforms import mail_to, one, sign_in, submit, text_of

PASSWORD = demo.DEMO_PASSWORD
SECRETARIAT = "secretariat@wim-alliance.example.org"


@pytest.fixture
def demo_data(app_ctx):
    demo.seed(n_members=60)
    db.session.commit()


def _delegates():
    """(voting delegate, organisation) of each member organisation, one each."""
    seen, found = set(), []
    for person, organisation in decision_notify.speakers():
        if organisation.id not in seen and "voting_delegate" in {
            m.position
            for m in person.current_memberships
            if m.organisation_id == organisation.id
        }:
            seen.add(organisation.id)
            found.append((person, organisation))
    return found


def _member_speaking(lang, region, election, taken_orgs):
    """A person of a member organisation of `region` who reads `lang`, not yet
    nominated, whose organisation has no candidate."""
    nominated = sa.select(Nomination.candidate_id).where(
        Nomination.election_id == election.id
    )
    return one(
        sa.select(User)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(
            User.locale == lang,
            Organisation.status == "member",
            Organisation.region == region,
            Organisation.id.not_in(taken_orgs),
            User.id.not_in(nominated),
            User.erased_at.is_(None),
        )
        .order_by(User.id)
        .limit(1)
    )


def test_an_election_from_nominations_to_its_record_in_three_languages(
    app, app_ctx, demo_data, outbox
):
    client = app.test_client()
    election = one(sa.select(Election).where(Election.status == "nominating"))
    minimum, _maximum = election.limits()
    assert minimum == {"africa": 1, "latin_america_caribbean": 1}
    delegates = _delegates()
    standing_orgs = {
        n.candidate_organisation_id
        for n in db.session.scalars(
            sa.select(Nomination).where(Nomination.election_id == election.id)
        )
    }
    french = _member_speaking("fr", "europe", election, standing_orgs)
    spanish = _member_speaking("es", "latin_america_caribbean", election, standing_orgs)

    # 1. Two organisations' delegates nominate them on the election's page.
    made = {}
    for (delegate, organisation), person in zip(
        delegates[-2:], (french, spanish), strict=True
    ):
        sign_in(client, delegate.email, PASSWORD)
        done = submit(
            client,
            f"/elections/{election.id}/nominate",
            {"organisation": str(organisation.id), "email": person.email},
            having=["email"],
        )
        assert done.status_code == 200, text_of(done)
        client.post("/logout")
        made[person.id] = one(
            sa.select(Nomination).where(
                Nomination.election_id == election.id,
                Nomination.candidate_id == person.id,
            )
        )
        assert mail_to(outbox, person.email), "she is told of her nomination"

    # 2. Each accepts and writes her statement in her language.
    statements = {
        french.id: ("fr", "Je porterai la voix des ingénieures des mines d'Europe."),
        spanish.id: ("es", "Llevaré la voz de las mineras de América Latina."),
    }
    for person in (french, spanish):
        nomination = made[person.id]
        sign_in(client, person.email, PASSWORD)
        page = f"/nominations/{nomination.id}"
        accepted = submit(client, page, {}, action=f"{page}/accept")
        assert accepted.status_code == 200
        lang, body = statements[person.id]
        written = submit(
            client,
            page,
            {"language": lang, "body": body},
            having=["body"],
        )
        assert written.status_code == 200
        client.post("/logout")
    # The sitting members nominated earlier accept theirs too.
    for nomination in db.session.scalars(
        sa.select(Nomination).where(
            Nomination.election_id == election.id,
            Nomination.status == NominationStatus.PROPOSED,
        )
    ).all():
        sign_in(client, nomination.candidate.email, PASSWORD)
        page = f"/nominations/{nomination.id}"
        assert submit(client, page, {}, action=f"{page}/accept").status_code == 200
        client.post("/logout")

    # 3. The Secretariat checks every accepted nomination.
    sign_in(client, SECRETARIAT, PASSWORD)
    desk = f"/admin/elections/{election.id}/nominations"
    for nomination in db.session.scalars(
        sa.select(Nomination).where(
            Nomination.election_id == election.id,
            Nomination.status == NominationStatus.ACCEPTED,
            Nomination.eligibility == "pending",
        )
    ).all():
        checked = submit(
            client,
            desk,
            {"result": "eligible"},
            action=f"/admin/nominations/{nomination.id}/check",
        )
        assert checked.status_code == 200, text_of(checked)
    db.session.expire_all()
    standing = nomination_service.standing(election)
    assert {french.id, spanish.id} <= {n.candidate_id for n in standing}
    public = text_of(client.get(f"/elections/{election.id}"))
    for nomination in standing:
        assert nomination.candidate.name in public

    # 4. The window closes; the Secretariat opens the vote.
    election.nominations_open_at = utcnow() - timedelta(days=30)
    election.nominations_close_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    opened = submit(
        client,
        f"/admin/elections/{election.id}/nominations",
        {},
        action=f"/admin/elections/{election.id}/open-vote",
    )
    assert opened.status_code == 200, text_of(opened)
    client.post("/logout")
    db.session.expire_all()
    election = db.session.get(Election, election.id)
    assert election.status == "voting" and election.seed
    decision = election.decision
    option_of = {int(o.ref.split(":")[1]): o.id for o in decision.options}

    # 5. Delegates rank the candidates: Africa first, Latin America last.
    by_region = sorted(
        standing,
        key=lambda n: (
            n.region != "africa",
            n.region == "latin_america_caribbean",
            n.id,
        ),
    )
    voters = delegates[:-2]
    for n, (person, _organisation) in enumerate(voters):
        ranking = by_region[n % 2 :] + by_region[: n % 2]  # two orders, alternately
        sign_in(client, person.email, PASSWORD)
        url = f"/decisions/{decision.id}"
        voted = submit(
            client,
            url,
            {
                f"rank-{option_of[c.id]}": str(place)
                for place, c in enumerate(ranking[:4], start=1)
            },
            having=[f"rank-{option_of[by_region[0].id]}"],
        )
        assert voted.status_code == 200, text_of(voted)
        client.post("/logout")

    # 6. The Secretariat closes the vote: the count seats the committee.
    sign_in(client, SECRETARIAT, PASSWORD)
    closed = submit(
        client,
        f"/admin/decisions/{decision.id}/close",
        {"confirm": "y"},
        having=["confirm"],
    )
    assert closed.status_code == 200
    client.post("/logout")
    db.session.expire_all()
    election = db.session.get(Election, election.id)
    assert election.status == "counted"
    assert db.session.get(Decision, decision.id).status == "closed"
    seats = db.session.scalars(
        sa.select(Seat).where(Seat.election_id == election.id)
    ).all()
    assert len(seats) == election.seats
    regions = [s.region for s in seats]
    for region, least in minimum.items():
        assert regions.count(region) >= least, region
    assert len({s.organisation_id for s in seats}) == len(seats)
    count = one(
        sa.select(ElectionCount).where(ElectionCount.election_id == election.id)
    )
    rounds = count.record["protocol"]["rounds"]
    # The regional minimum acted during the count: a candidate of another region
    # was excluded because the last seat was needed for Latin America's minimum.
    assert any(
        e["reason"] == "seats_reserved" for r in rounds for e in r["excluded"]
    ), "the count never needed the regional rule"

    # 7. The round-by-round record reads in French and Spanish.
    phrases = {
        "fr": [
            "Tour 1",
            "Quota",
            "Premières préférences",
            "les sièges restants sont nécessaires aux minimums des autres régions",
        ],
        "es": [
            "Ronda 1",
            "Cuota",
            "Primeras preferencias",
            "los puestos restantes son necesarios para los mínimos de las otras",
        ],
    }
    for lang, expected in phrases.items():
        page = text_of(
            client.get(
                f"/elections/{election.id}/record",
                headers={"Accept-Language": lang},
            )
        )
        assert f'lang="{lang}"' in page
        for phrase in expected:
            assert phrase in page, (lang, phrase)
        for english in ("Round 1", "First preferences", "Valid votes"):
            assert english not in page, (lang, english)
    # Anyone can recount from the download (the README's recipe).
    data = client.get(f"/elections/{election.id}/record.json").get_json()
    ids = data["counted"]
    people = {c["id"]: c for c in data["candidates"]}
    model = data["seat_model"]
    result = stv_count(
        [(w, [c for c in r if c in ids]) for w, r in data["ballots"]],
        model["seats"],
        regions={c: people[c]["region"] for c in ids},
        minimum=model["minimum"],
        maximum=model["maximum"],
        organisations={
            c: people[c]["organisation"] for c in ids if people[c]["organisation"]
        },
        seed=data["seed"],
        candidates=ids,
        fixed=data["fixed"],
    )
    assert result.to_json() == data["protocol"]
    assert sorted(result.elected) == sorted(s.nomination_id for s in seats)
