"""Elections' nominations through the pages (issue 16, items 1 and 2): the
Secretariat drafts an election with its seat model and opens nominations; an
organisation's delegate nominates; the candidate accepts (her other nomination is
declined), writes her statement in French, uploads her photo and CV; the Secretariat
checks her eligibility; the public page shows the candidates by region in the
reader's language. Bad input changes nothing and never answers 500."""

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from markupsafe import escape

from mentorship.core import memberships, translated
from mentorship.db import db, utcnow
from mentorship.elections import nominations, services
from mentorship.elections.models import (
    Election,
    ElectionStatus,
    Eligibility,
    Nomination,
    NominationStatus,
)

from ..factories import sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def alliance(make_org, make_user):
    """Member organisations A (Africa), B (Europe), C (Latin America), an applicant;
    A's voting delegate and B's leader nominate; candidates of C (French) and B
    (Spanish); the Secretariat."""
    orgs = {
        "a": make_org(name="WIM Ghana", region="africa"),
        "b": make_org(name="WIM España", region="europe"),
        "c": make_org(name="WIM Chile", region="latin_america_caribbean"),
        "applicant": make_org(name="WIM Applicant", status="applicant"),
    }
    people = {
        "staff": make_user(roles=["secretariat"]),
        "delegate_a": make_user(org=orgs["a"], name="Ama Delegate"),
        "leader_b": make_user(org=orgs["b"], name="Bea Leader", locale="es"),
        "candidate": make_user(
            org=orgs["c"], name="Camille Candidate", locale="fr", email="cc@wim.org"
        ),
        "candidate_es": make_user(
            org=orgs["b"], name="Elena Candidata", locale="es", email="ec@wim.org"
        ),
        "plain": make_user(org=orgs["a"]),
        "outsider": make_user(org=orgs["applicant"], email="out@wim.org"),
    }
    memberships.start(people["delegate_a"], "voting_delegate", organisation=orgs["a"])
    memberships.start(people["leader_b"], "leader", organisation=orgs["b"])
    db.session.commit()
    return {**orgs, **people}


def election_in_nominations(world, seats=3, regions=None, **model):
    now = utcnow()
    election = services.create(
        translated.Edit("en", {"en": "Steering Committee election 2026"}),
        world["staff"],
        seats=seats,
        regions=regions if regions is not None else {"africa": (1, None)},
        nominations_open_at=now - timedelta(days=1),
        nominations_close_at=now + timedelta(days=10),
        term_starts_on=date.today() + timedelta(days=30),
        **model,
    )
    services.open_nominations(election, world["staff"])
    db.session.commit()
    return election


def as_(app, person, locale="en"):
    client = app.test_client()
    sign_in(client, person, locale=locale)
    return client


def nominate(app, world, election, by="delegate_a", org="a", email="cc@wim.org"):
    client = as_(app, world[by])
    return client.post(
        f"/elections/{election.id}/nominate",
        data={"organisation": world[org].id, "email": email},
    )


def in_french(app, msgid, **values):
    """The message as a French reader gets it (from the catalogue)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("fr"):
        return str(escape(gettext(msgid, **values)))


def count(model):
    return db.session.scalar(sa.select(sa.func.count(model.id)))


ELECTION_FORM = {
    "title-source": "en",
    "title-en": "Steering Committee election 2026",
    "seats": "3",
    "nominations_per_org": "2",
    "term_years": "2",
    "term_starts_on": "2027-01-01",
    "consecutive_terms": "2",
    "officers_by": "elected",
    "offices": ["chair", "treasurer"],
    "min_africa": "1",
    "max_europe": "1",
    "nominations_open_on": (date.today() - timedelta(days=1)).isoformat(),
    "nominations_close_on": (date.today() + timedelta(days=14)).isoformat(),
    "voting_closes_on": (date.today() + timedelta(days=30)).isoformat(),
}


def test_the_secretariat_drafts_an_election_and_opens_nominations(app, alliance):
    staff = as_(app, alliance["staff"])
    answer = staff.post("/admin/elections/new", data=ELECTION_FORM)
    assert answer.status_code == 302
    election = db.session.scalars(sa.select(Election)).one()
    assert election.status == ElectionStatus.DRAFT
    assert election.limits() == ({"africa": 1}, {"europe": 1})
    assert election.offices == ["chair", "treasurer"]
    assert election.consecutive_terms == 2
    # A draft is the Secretariat's.
    assert app.test_client().get(f"/elections/{election.id}").status_code == 404
    assert f"/elections/{election.id}" not in app.test_client().get("/elections").text
    edit = staff.get(f"/admin/elections/{election.id}/edit")
    assert edit.status_code == 200 and 'value="3"' in edit.text
    opened = staff.post(f"/admin/elections/{election.id}/open-nominations")
    assert opened.status_code == 302
    db.session.refresh(election)
    assert election.status == ElectionStatus.NOMINATING
    page = app.test_client().get(f"/elections/{election.id}").text
    for words in (
        "3 seats to fill.",
        "Africa: at least 1.",
        "Europe: at most 1.",
        "At most one seat per organisation.",
        "Terms of 2 years",
        "At most 2 consecutive terms.",
        "Chair, Treasurer",
        "Elected by the new committee among its members",
    ):
        assert words in page
    # Once open, the seat model is fixed.
    again = staff.post(
        f"/admin/elections/{election.id}/edit", data={**ELECTION_FORM, "seats": "5"}
    )
    assert again.status_code == 400 and "fixed once nominations open" in again.text
    db.session.refresh(election)
    assert election.seats == 3


def test_a_seat_model_whose_minimums_exceed_the_seats_changes_nothing(app, alliance):
    staff = as_(app, alliance["staff"])
    answer = staff.post(
        "/admin/elections/new",
        data={**ELECTION_FORM, "seats": "2", "min_africa": "2", "min_europe": "1"},
    )
    assert answer.status_code == 400
    assert "The regional minimums add up to more than the 2 seats" in answer.text
    french = as_(app, alliance["staff"], locale="fr").post(
        "/admin/elections/new",
        data={**ELECTION_FORM, "seats": "2", "min_africa": "2", "min_europe": "1"},
    )
    assert french.status_code == 400
    assert (
        in_french(
            app,
            "The regional minimums add up to more than the %(seats)s seats:"
            " nothing was saved.",
            seats=2,
        )
        in french.text
    )
    assert count(Election) == 0
    maximum = staff.post(
        "/admin/elections/new",
        data={**ELECTION_FORM, "min_europe": "2", "max_europe": "1"},
    )
    assert maximum.status_code == 400 and "maximum cannot be below" in maximum.text
    assert count(Election) == 0


def test_the_desk_and_its_forms_are_the_secretariats(app, alliance):
    election = election_in_nominations(alliance)
    for who in ("delegate_a", "candidate", "plain"):
        client = as_(app, alliance[who])
        assert client.get("/admin/elections/new").status_code == 403
        assert (
            client.get(f"/admin/elections/{election.id}/nominations").status_code == 403
        )
    assert app.test_client().get("/admin/elections/new").status_code == 302


def test_a_delegate_nominates_and_the_candidate_accepts_in_french(
    app, alliance, outbox
):
    election = election_in_nominations(alliance)
    form = as_(app, alliance["delegate_a"]).get(f"/elections/{election.id}/nominate")
    assert form.status_code == 200 and "WIM Ghana" in form.text
    assert nominate(app, alliance, election).status_code == 302
    assert nominate(app, alliance, election, "leader_b", "b").status_code == 302
    first, second = db.session.scalars(
        sa.select(Nomination).order_by(Nomination.id)
    ).all()
    assert (first.organisation_id, first.region) == (
        alliance["a"].id,
        "latin_america_caribbean",
    )
    assert [m.to for m in outbox] == [["cc@wim.org"], ["cc@wim.org"]]
    assert f"/nominations/{first.id}" in outbox[0].body
    html = outbox[0].alternatives[0][0]
    assert '<html lang="fr">' in html  # in her language

    candidate = as_(app, alliance["candidate"], locale="fr")
    assert candidate.get(f"/nominations/{first.id}").status_code == 200
    home = candidate.get("/").text
    assert f"/nominations/{first.id}" in home
    assert candidate.post(f"/nominations/{first.id}/accept").status_code == 302
    db.session.refresh(first)
    db.session.refresh(second)
    assert first.status == NominationStatus.ACCEPTED
    assert second.status == NominationStatus.DECLINED  # declined automatically
    told = {tuple(m.to) for m in outbox[2:]}
    assert told == {(alliance["delegate_a"].email,), (alliance["leader_b"].email,)}

    # A second acceptance is refused and changes nothing.
    again = candidate.post(f"/nominations/{second.id}/accept")
    assert again.status_code == 400
    db.session.refresh(second)
    assert second.status == NominationStatus.DECLINED

    written = candidate.post(
        f"/nominations/{first.id}/statement",
        data={"language": "fr", "body": "Je travaille pour les femmes des mines."},
    )
    assert written.status_code == 302
    db.session.refresh(first)
    assert first.statement.source_lang == "fr"
    assert first.statement.body("fr") == "Je travaille pour les femmes des mines."
    # Her nominator and the Secretariat read the nomination; others do not.
    assert (
        as_(app, alliance["delegate_a"]).get(f"/nominations/{first.id}").status_code
        == 200
    )
    assert (
        as_(app, alliance["plain"]).get(f"/nominations/{first.id}").status_code == 404
    )
    assert (
        app.test_client()
        .get(f"/elections/{election.id}/candidates/{first.id}")
        .status_code
        == 404
    )  # not standing until checked


def test_a_candidate_who_does_not_accept_does_not_stand(app, alliance):
    election = election_in_nominations(alliance)
    nominate(app, alliance, election)
    nomination = db.session.scalars(sa.select(Nomination)).one()
    candidate = as_(app, alliance["candidate"])
    assert candidate.post(f"/nominations/{nomination.id}/decline").status_code == 302
    db.session.refresh(nomination)
    assert nomination.status == NominationStatus.DECLINED
    assert candidate.post(f"/nominations/{nomination.id}/accept").status_code == 400
    # The Secretariat cannot check a nomination she did not accept.
    staff = as_(app, alliance["staff"])
    refused = staff.post(
        f"/admin/nominations/{nomination.id}/check", data={"result": "eligible"}
    )
    assert refused.status_code == 400 and "Only an accepted nomination" in refused.text
    db.session.refresh(nomination)
    assert nomination.eligibility == Eligibility.PENDING
    # Nobody else answers for her.
    other = as_(app, alliance["delegate_a"])
    assert other.post(f"/nominations/{nomination.id}/accept").status_code == 403


def _accepted(app, world, election, by="delegate_a", org="a", email="cc@wim.org"):
    nominate(app, world, election, by, org, email)
    nomination = db.session.scalars(
        sa.select(Nomination).order_by(Nomination.id.desc())
    ).first()
    nominations.accept(nomination, nomination.candidate)
    db.session.commit()
    return nomination


def test_the_secretariat_checks_eligibility_with_and_without_reason(
    app, alliance, outbox
):
    election = election_in_nominations(alliance, regions={"europe": (0, 0)})
    french = _accepted(app, alliance, election)
    spanish = _accepted(app, alliance, election, "leader_b", "b", "ec@wim.org")
    staff = as_(app, alliance["staff"])
    desk = staff.get(f"/admin/elections/{election.id}/nominations").text
    assert "Camille Candidate" in desk and "Her region has no seat" in desk
    url = f"/admin/nominations/{spanish.id}/check"
    # Her region has no seat: she cannot be eligible.
    assert staff.post(url, data={"result": "eligible"}).status_code == 400
    # Not eligible needs a reason.
    bare = staff.post(url, data={"result": "ineligible", "reason": ""})
    assert bare.status_code == 400 and "Give the reason" in bare.text
    db.session.refresh(spanish)
    assert spanish.eligibility == Eligibility.PENDING
    outbox.clear()
    assert (
        staff.post(
            url, data={"result": "ineligible", "reason": "No seat for Europe."}
        ).status_code
        == 302
    )
    db.session.refresh(spanish)
    assert spanish.eligibility == Eligibility.INELIGIBLE
    assert outbox[-1].to == ["ec@wim.org"] and "No seat for Europe." in outbox[-1].body
    assert (
        staff.post(
            f"/admin/nominations/{french.id}/check", data={"result": "eligible"}
        ).status_code
        == 302
    )
    db.session.refresh(french)
    assert french.standing
    assert outbox[-1].to == ["cc@wim.org"]


def test_the_public_page_shows_candidates_by_region_in_the_readers_language(
    app, alliance
):
    election = election_in_nominations(alliance)
    french = _accepted(app, alliance, election)
    spanish = _accepted(app, alliance, election, "leader_b", "b", "ec@wim.org")
    as_(app, alliance["candidate"]).post(
        f"/nominations/{french.id}/statement",
        data={"language": "fr", "body": "Je travaille pour les femmes des mines."},
    )
    as_(app, alliance["candidate_es"]).post(
        f"/nominations/{spanish.id}/statement",
        data={"language": "es", "body": "Me comprometo con las mujeres mineras."},
    )
    for row in (french, spanish):
        nominations.check(row, alliance["staff"], True)
    db.session.commit()
    page = app.test_client().get(f"/elections/{election.id}").text
    europe, latin = page.index("Europe"), page.index("Latin America")
    assert europe < page.index("Elena Candidata") < latin
    assert latin < page.index("Camille Candidate")
    reader = app.test_client()
    french_page = reader.get(
        f"/elections/{election.id}/candidates/{french.id}",
        headers={"Accept-Language": "fr"},
    ).text
    assert "Je travaille pour les femmes des mines." in french_page
    assert "translated-note" not in french_page
    spanish_reader = app.test_client()
    in_spanish = spanish_reader.get(
        f"/elections/{election.id}/candidates/{french.id}",
        headers={"Accept-Language": "es"},
    ).text
    assert "Je travaille" in in_spanish and "translated-note" in in_spanish
    assert 'lang="fr"' in in_spanish
    own = spanish_reader.get(
        f"/elections/{election.id}/candidates/{spanish.id}",
        headers={"Accept-Language": "es"},
    ).text
    assert "Me comprometo con las mujeres mineras." in own
    assert "translated-note" not in own
    # The Secretariat adds the Spanish translation: a draft until reviewed.
    staff = as_(app, alliance["staff"])
    saved = staff.post(
        f"/nominations/{french.id}/translations",
        data={
            "statement-source": "fr",
            "statement-fr": "Je travaille pour les femmes des mines.",
            "statement-es": "Me comprometo con las mujeres de las minas.",
        },
    )
    assert saved.status_code == 302
    translated_page = spanish_reader.get(
        f"/elections/{election.id}/candidates/{french.id}",
        headers={"Accept-Language": "es"},
    ).text
    assert "Me comprometo con las mujeres de las minas." in translated_page
    # Another election's address does not show her.
    assert (
        app.test_client()
        .get(f"/elections/{election.id + 1}/candidates/{french.id}")
        .status_code
        == 404
    )


def test_nominating_after_the_window_changes_nothing(app, alliance):
    election = election_in_nominations(alliance)
    election.nominations_open_at = utcnow() - timedelta(days=5)
    election.nominations_close_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    answer = nominate(app, alliance, election)
    assert answer.status_code == 400
    assert "Nominations are not open" in answer.text
    french = as_(app, alliance["delegate_a"], locale="fr").post(
        f"/elections/{election.id}/nominate",
        data={"organisation": alliance["a"].id, "email": "cc@wim.org"},
    )
    assert french.status_code == 400
    message = "Nominations are not open: nothing was recorded."
    assert in_french(app, message) in french.text
    assert count(Nomination) == 0


@pytest.mark.parametrize(
    "email", ["nobody@wim.org", "out@wim.org", "not an address", ""]
)
def test_nominating_someone_outside_the_member_organisations_is_refused(
    app, alliance, email
):
    election = election_in_nominations(alliance)
    answer = nominate(app, alliance, election, email=email)
    assert answer.status_code == 400
    if "@wim.org" in email:  # the same words whether or not an account exists
        assert "No person of a member organisation" in answer.text
    assert count(Nomination) == 0


def test_only_her_organisations_nominators_nominate(app, alliance):
    election = election_in_nominations(alliance)
    plain = as_(app, alliance["plain"])
    assert plain.get(f"/elections/{election.id}/nominate").status_code == 403
    # B's leader cannot act for A.
    answer = nominate(app, alliance, election, by="leader_b", org="a")
    assert answer.status_code == 400 and count(Nomination) == 0


def test_the_nominating_organisation_withdraws(app, alliance):
    election = election_in_nominations(alliance)
    nominate(app, alliance, election)
    nomination = db.session.scalars(sa.select(Nomination)).one()
    page = as_(app, alliance["delegate_a"]).get(f"/elections/{election.id}/nominate")
    assert "Camille Candidate" in page.text
    assert (
        as_(app, alliance["plain"])
        .post(f"/nominations/{nomination.id}/withdraw")
        .status_code
        == 404
    )
    answer = as_(app, alliance["delegate_a"]).post(
        f"/nominations/{nomination.id}/withdraw", data={"reason": ""}
    )
    assert answer.status_code == 302
    db.session.refresh(nomination)
    assert nomination.status == NominationStatus.WITHDRAWN


def test_uploads_are_checked_and_served_safely(app, alliance):
    election = election_in_nominations(alliance)
    nomination = _accepted(app, alliance, election)
    candidate = as_(app, alliance["candidate"])
    url = f"/nominations/{nomination.id}/files"
    bad = as_(app, alliance["candidate"], locale="fr").post(
        url,
        data={"photo": (io.BytesIO(b"MZ\x90\x00 a program"), "me.png")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400
    refusal = in_french(app, "Programs cannot be uploaded.")
    assert refusal in bad.text and refusal != "Programs cannot be uploaded."
    pdf_as_photo = candidate.post(
        url,
        data={"photo": (io.BytesIO(PDF), "me.pdf")},
        content_type="multipart/form-data",
    )
    assert pdf_as_photo.status_code == 400
    assert candidate.post(url, data={}).status_code == 400
    db.session.refresh(nomination)
    assert nomination.photo_key is None and nomination.cv_key is None
    good = candidate.post(
        url,
        data={
            "photo": (io.BytesIO(PNG), "me.png"),
            "cv": (io.BytesIO(PDF), "../../Camille CV.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    db.session.refresh(nomination)
    assert (
        nomination.photo_type == "image/png" and nomination.cv_name == "Camille CV.pdf"
    )
    cv = candidate.get(f"/nominations/{nomination.id}/cv")
    assert cv.status_code == 200 and cv.data == PDF
    assert cv.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in cv.headers["Content-Disposition"]
    photo = candidate.get(f"/nominations/{nomination.id}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    # Before she stands, her files are not public.
    assert app.test_client().get(f"/nominations/{nomination.id}/cv").status_code == 404
    nominations.check(nomination, alliance["staff"], True)
    db.session.commit()
    assert app.test_client().get(f"/nominations/{nomination.id}/cv").status_code == 200
    # Another person cannot upload for her.
    other = as_(app, alliance["delegate_a"]).post(
        url,
        data={"photo": (io.BytesIO(PNG), "x.png")},
        content_type="multipart/form-data",
    )
    assert other.status_code == 403


def test_cancelling_and_opening_the_vote_refuse_bad_input(app, alliance):
    election = election_in_nominations(alliance)
    staff = as_(app, alliance["staff"])
    early = staff.post(
        f"/admin/elections/{election.id}/open-vote", data={"closes_on": "2099-01-01"}
    )
    assert early.status_code == 400 and "still open" in early.text
    no_reason = staff.post(f"/admin/elections/{election.id}/cancel", data={})
    assert no_reason.status_code == 400
    db.session.refresh(election)
    assert election.status == ElectionStatus.NOMINATING
    done = staff.post(
        f"/admin/elections/{election.id}/cancel",
        data={"reason": "The AGM changed the seats.", "confirm": "y"},
    )
    assert done.status_code == 302
    db.session.refresh(election)
    assert election.status == ElectionStatus.CANCELLED


def test_her_nominations_are_in_her_data_and_go_with_her_account(app, alliance):
    from mentorship.mydata import export as mydata_export
    from mentorship.mydata import services as mydata

    election = election_in_nominations(alliance)
    nomination = _accepted(app, alliance, election)
    as_(app, alliance["candidate"]).post(
        f"/nominations/{nomination.id}/statement",
        data={"language": "fr", "body": "Mon engagement."},
    )
    her = alliance["candidate"]
    db.session.expire_all()
    with app.test_request_context():
        exported = mydata_export.collect(her)["election_nominations"]
        made = mydata_export.collect(alliance["delegate_a"])["election_nominations"]
        mydata.erase(her, utcnow())
        db.session.commit()
    assert exported["received"][0]["statement"] == {"fr": "Mon engagement."}
    assert made["made"][0]["candidate"] == "Camille Candidate"
    row = db.session.get(Nomination, nomination.id)
    assert row.status == NominationStatus.WITHDRAWN
    assert row.statement is None and not row.photo_key


def test_the_secretariat_edits_a_draft_then_opens_the_vote_after_the_window(
    app, alliance
):
    staff = as_(app, alliance["staff"])
    staff.post("/admin/elections/new", data=ELECTION_FORM)
    draft = db.session.scalars(sa.select(Election)).one()
    saved = staff.post(
        f"/admin/elections/{draft.id}/edit",
        data={**ELECTION_FORM, "seats": "5", "max_europe": ""},
    )
    assert saved.status_code == 302
    db.session.refresh(draft)
    assert draft.seats == 5 and draft.limits() == ({"africa": 1}, {})

    election = election_in_nominations(alliance, regions={})
    french = _accepted(app, alliance, election)
    spanish = _accepted(app, alliance, election, "leader_b", "b", "ec@wim.org")
    for row in (french, spanish):
        nominations.check(row, alliance["staff"], True)
    election.nominations_open_at = utcnow() - timedelta(days=5)
    election.nominations_close_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    url = f"/admin/elections/{election.id}/open-vote"
    assert staff.post(url, data={}).status_code == 400  # no closing day anywhere
    closes = (date.today() + timedelta(days=14)).isoformat()
    assert staff.post(url, data={"closes_on": closes}).status_code == 302
    db.session.refresh(election)
    assert election.status == ElectionStatus.VOTING and election.decision_id
    # Her material is fixed once the vote opens.
    closed = as_(app, alliance["candidate"]).post(
        f"/nominations/{french.id}/statement",
        data={"language": "fr", "body": "Trop tard."},
    )
    assert closed.status_code == 400
    assert app.test_client().get(f"/elections/{election.id}").status_code == 200
