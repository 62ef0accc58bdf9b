"""Outcome metrics, dashboards, exports and the programme report.

A small hand-built programme whose every figure is known, then the pages, the
anonymity threshold of survey answers, the filters, who sees what, and the exports.
"""

import csv
import io
import itertools
import re
import secrets
import zipfile
from datetime import timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import pagecache
from mentorship.db import db, utcnow
from mentorship.matches.models import Proposal
from mentorship.mentorships.models import Goal, Meeting, Mentorship
from mentorship.outcomes import metrics, tables
from mentorship.outcomes.filters import Filters
from mentorship.programmes.models import Enrolment
from mentorship.surveys.models import SurveyResponse

from ..factories import sign_in
from .flow import enrol, make_programme

DAY = timedelta(days=1)


def client_for(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def ago(days):
    return utcnow() - days * DAY


def proposal(programme, mentee, mentor, status, close_reason=""):
    row = Proposal(
        programme_id=programme.id,
        mentee_enrolment_id=mentee.id,
        mentor_enrolment_id=mentor.id,
        mentee_organisation_id=mentee.user.organisation_id,
        mentor_organisation_id=mentor.user.organisation_id,
        status=status,
        close_reason=close_reason,
        released_at=ago(300),
        closed_at=ago(200),
    )
    db.session.add(row)
    return row


def pair(programme, mentee, mentor, status, started, closed=None, **fields):
    row = Mentorship(
        programme_id=programme.id,
        mentee_user_id=mentee.user_id,
        mentor_user_id=mentor.user_id,
        mentee_organisation_id=mentee.user.organisation_id,
        mentor_organisation_id=mentor.user.organisation_id,
        status=status,
        started_at=ago(started),
        closed_at=None if closed is None else ago(closed),
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def meet(mentorship, days_ago):
    db.session.add(
        Meeting(mentorship_id=mentorship.id, held_on=(utcnow() - days_ago * DAY).date())
    )


def answers(programme, org, stage, satisfaction=(), nps=(), **fields):
    for score, promoter in zip(satisfaction, nps, strict=True):
        db.session.add(
            SurveyResponse(
                answer_key=secrets.token_hex(32),  # as a fingerprint: unique, opaque
                programme_id=programme.id,
                organisation_id=org.id,
                region=org.region,
                language="en",
                role="mentee",
                stage=stage,
                satisfaction=score,
                nps=promoter,
                comment="A private comment nobody else reads",
                **fields,
            )
        )
    db.session.commit()


@pytest.fixture
def in_request(app, app_ctx):
    """Tables translate their labels: they need a request (English here)."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(app, make_org, make_user):
    """Four mentees of organisation A (one more withdrew), two mentors of B."""
    org_a = make_org(name="Mines of Africa", region="africa")
    org_b = make_org(name="Andes WIM", region="latin_america_caribbean")
    programme = make_programme()
    people = {
        "m1": make_user(org=org_a, name="Mentee One", locale="fr"),
        "m2": make_user(org=org_a, name="Mentee Two"),
        "m3": make_user(org=org_a, name="Mentee Three"),
        "m4": make_user(org=org_a, name='=HYPERLINK("http://evil.example","x")'),
        "m5": make_user(org=org_a, name="Mentee Withdrawn"),
        "t1": make_user(org=org_b, name="Mentor Tania"),
        "t2": make_user(org=org_b, name="Mentor Teresa"),
    }
    e = {
        key: enrol(programme, user, "mentee" if key[0] == "m" else "mentor")
        for key, user in people.items()
    }
    e["m5"].status = "withdrawn"
    # Enrolled 10, 20 and 30 days before their first mentorship.
    for key, days in (("m1", 100), ("m2", 220), ("m3", 180), ("m4", 50)):
        e[key].enrolled_at = ago(days)
    for key in ("m1", "m2", "m3"):
        proposal(programme, e[key], e["t1"], "accepted")
    proposal(programme, e["m3"], e["t2"], "accepted")
    proposal(programme, e["m4"], e["t1"], "declined", "mentee:no_time")
    proposal(programme, e["m4"], e["t2"], "declined", "mentor:not_a_fit")
    m1 = pair(programme, e["m1"], e["t1"], "active", started=90)
    m2 = pair(programme, e["m2"], e["t2"], "completed", started=200, closed=20)
    m3 = pair(
        programme,
        e["m3"],
        e["t1"],
        "closed_early",
        started=150,
        closed=120,
        rematch_requested=True,
        close_reason="no_time",
        close_note="A confidential reason for closing",
    )
    m4 = pair(programme, e["m3"], e["t2"], "active", started=110)
    meet(m1, 10)
    meet(m1, 80)
    meet(m2, 150)
    meet(m4, 60)
    db.session.add_all(
        [
            Goal(mentorship_id=m1.id, title="Lead a closure plan", status="achieved"),
            Goal(mentorship_id=m1.id, title="Speak at a conference"),
            Goal(mentorship_id=m2.id, title="Negotiate a raise", status="achieved"),
        ]
    )
    db.session.commit()
    return {
        **people,
        "org_a": org_a,
        "org_b": org_b,
        "programme": programme,
        "pairs": (m1, m2, m3, m4),
        "coord_a": make_user(org=org_a, roles=["coordinator"]),
        "coord_b": make_user(org=org_b, roles=["coordinator"]),
        "secretariat": make_user(roles=["secretariat"]),
        "steering": make_user(roles=["steering"], locale="fr"),
        "member": make_user(org=org_a),
    }


# --- Each metric, on the hand-built programme -------------------------------------


def test_enrolment_and_match_rate(world):
    found = metrics.enrolment(Filters())
    assert (found["mentors"], found["mentees"]) == (2, 4)  # m5 withdrew
    assert found["proposed"] == 4
    assert found["matched"] == 3
    by_region = {row["key"]: row for row in found["rows"]}
    assert by_region["africa"]["mentees"] == 4
    assert by_region["africa"]["matched"] == 3
    assert by_region["latin_america_caribbean"]["mentors"] == 2


def test_time_to_match_is_the_median(world):
    found = metrics.time_to_match(Filters())
    assert found["n"] == 3
    assert found["median_days"] == pytest.approx(20, abs=0.01)


def test_median_of_an_even_number_is_the_middle_mean(world):
    # m4 matched 40 days after enrolment: 10, 20, 30, 40 -> 25.
    e4 = db.session.scalar(
        sa.select(Enrolment).where(Enrolment.user_id == world["m4"].id)
    )
    t1 = db.session.scalar(
        sa.select(Enrolment).where(Enrolment.user_id == world["t1"].id)
    )
    pair(world["programme"], e4, t1, "active", started=10)
    db.session.commit()
    found = metrics.time_to_match(Filters())
    assert (found["n"], found["median_days"]) == (4, pytest.approx(25, abs=0.01))


def test_acceptance_rate_and_decline_reasons(world, in_request):
    found = metrics.proposals(Filters())
    assert (found["accepted"], found["declined"]) == (4, 2)
    assert found["decline_reasons"] == {"mentee:no_time": 1, "mentor:not_a_fit": 1}
    table = tables.offers(metrics.dashboard(Filters()))
    assert table.rows[2][1][0].value == pytest.approx(4 / 6)


def test_mentorship_outcomes(world):
    found = metrics.mentorships(Filters())
    assert found["total"] == 4
    assert (found["active"], found["completed"], found["closed_early"]) == (2, 1, 1)
    assert found["met"] == 3 and found["meetings"] == 4
    assert found["active_recent"] == 1  # m4 last met 60 days ago
    # 90 + 180 + 30 + 110 days active.
    assert found["months_active"] == pytest.approx(410 / (365.25 / 12), rel=1e-3)
    assert (found["goals"], found["achieved"]) == (3, 2)
    assert (found["rematch_requested"], found["rematched"]) == (1, 1)


def test_rates_in_the_tables(world, in_request):
    data = metrics.dashboard(Filters())
    values = {
        label: cells[0].value
        for table in tables.all_tables(data, "Region")
        if table.key in ("participation", "mentorships", "goals")
        for label, cells in table.rows
    }
    assert values["Match rate"] == pytest.approx(0.75)
    assert values["Completion rate"] == pytest.approx(0.5)
    assert values["Early-closure share"] == pytest.approx(0.5)
    assert values["First-meeting rate"] == pytest.approx(0.75)
    assert values["Active-pair rate (met in the last 45 days)"] == pytest.approx(0.5)
    assert values["Meetings per pair per month"] == pytest.approx(
        4 / (410 / (365.25 / 12)), rel=1e-3
    )
    assert values["Share of goals achieved"] == pytest.approx(2 / 3)
    assert values["Re-match rate"] == pytest.approx(1.0)


def test_nothing_yet_gives_no_data_not_an_error(app, app_ctx, in_request):
    data = metrics.dashboard(Filters())
    assert data["time_to_match"] == {"median_days": None, "n": 0}
    for table in tables.all_tables(data, "Region"):
        for _label, cells in table.rows:
            assert all(cell.value in (None, 0) for cell in cells)


# --- Survey answers: shown from 5 people, never fewer -----------------------------


def survey_cells(stage_label="End of the mentorship"):
    table = tables.surveys(metrics.dashboard(Filters()))
    return dict(table.rows)[stage_label]


def test_four_answers_are_hidden(app, world, in_request):
    answers(world["programme"], world["org_a"], "final", (4, 5, 3, 4), (10, 9, 7, 3))
    answers_, satisfaction, nps, _confidence = survey_cells()
    assert answers_.hidden and satisfaction.hidden and nps.hidden
    assert satisfaction.value is None and nps.value is None
    page = client_for(app, world["secretariat"]).get("/dashboard").text
    assert "fewer than 5" in page
    assert "A private comment" not in page


def test_five_answers_are_shown(app, world, in_request):
    answers(
        world["programme"], world["org_a"], "final", (4, 5, 3, 4, 5), (10, 9, 7, 3, 10)
    )
    answers_, satisfaction, nps, _confidence = survey_cells()
    assert answers_.value == 5 and not answers_.hidden
    # 4.2 and +40, rounded to what 5 people support: 0.5 steps, 10 points.
    assert satisfaction.value == pytest.approx(4.0)
    assert nps.value == pytest.approx(40)  # (3 promoters - 1 detractor) / 5
    page = client_for(app, world["secretariat"]).get("/dashboard").text
    table = re.search(r'<table id="surveys-table">.*?</table>', page, re.S)[0]
    assert "<td>4.0</td>" in table and "<td>+40</td>" in table
    assert "4.2" not in table


def test_overall_hidden_when_subtraction_would_reveal_one_person(world, in_request):
    answers(
        world["programme"], world["org_a"], "final", (4, 5, 3, 4, 5), (10, 9, 7, 3, 10)
    )
    answers(world["programme"], world["org_a"], "midpoint", (1,), (0,))
    assert survey_cells("Mid-point")[1].hidden
    overall = survey_cells("All stages")
    assert overall[1].hidden and overall[2].hidden


def test_survey_filters_use_the_answer_s_own_organisation(world, in_request):
    answers(
        world["programme"], world["org_a"], "final", (4, 5, 3, 4, 5), (10, 9, 7, 3, 10)
    )
    for org, expected in (("org_b", None), ("org_a", 5)):
        filters = Filters(organisation=world[org].id)
        data = {"filters": filters, "surveys": metrics.survey_cells()}
        assert dict(tables.surveys(data).rows)["End of the mentorship"][0].value == (
            expected
        )


# --- Filters ----------------------------------------------------------------------


def test_filters_narrow_the_figures(world):
    region = metrics.enrolment(Filters(region="africa"))
    assert (region["mentors"], region["mentees"]) == (0, 4)
    org_b = metrics.enrolment(Filters(organisation=world["org_b"].id))
    assert (org_b["mentors"], org_b["mentees"]) == (2, 0)
    french = metrics.enrolment(Filters(language="fr"))
    assert (french["mentors"], french["mentees"], french["matched"]) == (0, 1, 1)
    # A pair counts when either side matches: both sides are in each pair.
    assert metrics.mentorships(Filters(region="africa"))["total"] == 4
    assert metrics.mentorships(Filters(language="fr"))["total"] == 1
    assert metrics.proposals(Filters(language="fr"))["accepted"] == 1
    other = make_programme()
    assert metrics.mentorships(Filters(programme=other.id))["total"] == 0


def test_dashboard_filters_from_the_query_string(app, world):
    client = client_for(app, world["secretariat"])
    page = client.get(f"/dashboard?organisation={world['org_b'].id}&breakdown=language")
    assert page.status_code == 200
    table = re.search(r'<table id="breakdown-table">.*?</table>', page.text, re.S)[0]
    assert "Mentee One" not in page.text
    assert re.search(r"<td>2</td>\s*<td>0</td>", table)  # 2 mentors, 0 mentees


@pytest.mark.parametrize(
    "query",
    [
        "region=mars",
        "programme=abc",
        "organisation=999999",
        "language=xx",
        "breakdown=stars",
        "programme=1e9&organisation=-1",
    ],
)
def test_bogus_filter_is_a_clear_400_not_a_500(app, world, query):
    response = client_for(app, world["secretariat"]).get(f"/dashboard?{query}")
    assert response.status_code == 400
    assert "Please correct the fields marked below." in response.text


def test_bogus_filter_on_an_export_is_400(app, world):
    client = client_for(app, world["secretariat"])
    assert client.get("/dashboard/export/metrics.csv?region=mars").status_code == 400
    assert client.get("/dashboard/export/metrics.pdf").status_code == 404


# --- Who sees what ----------------------------------------------------------------


def test_secretariat_sees_the_alliance_with_charts_and_tables(app, world):
    page = client_for(app, world["secretariat"]).get("/dashboard")
    assert page.status_code == 200
    html = page.text
    assert "Outcomes of the Alliance" in html
    figures = re.findall(r"<figure.*?</figure>", html, re.S)
    assert len(figures) == 3  # enrolled by region, funnel, decline reasons
    for figure in figures:
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in figure
        assert 'role="img"' in figure and "<figcaption" in figure
        assert "style=" not in figure and "<script" not in figure
    # The funnel's numbers are drawn and tabulated alike.
    funnel_svg = figures[1]
    funnel_table = re.search(r'<table id="funnel-table">.*?</table>', html, re.S)[0]
    for number in ("4", "3"):
        assert f">{number}</text>" in funnel_svg
        assert f"<td>{number}</td>" in funnel_table
    assert "I do not have the time now" in html  # decline reason, translated
    assert "How the figures are counted" in html


def test_coordinator_is_sent_to_her_organisation(app, world):
    client = client_for(app, world["coord_a"])
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.location.endswith(f"/dashboard/organisations/{world['org_a'].id}")


def test_coordinator_sees_her_members_status_only(app, world):
    client = client_for(app, world["coord_a"])
    page = client.get(f"/dashboard/organisations/{world['org_a'].id}")
    assert page.status_code == 200
    html = page.text
    for name in ("Mentee One", "Mentee Two", "Mentee Three"):
        assert name in html
    assert "Andes WIM" in html  # partner's organisation, not her name
    assert "Mentor Tania" not in html and "Mentor Teresa" not in html
    assert "A confidential reason" not in html
    assert "Lead a closure plan" not in html
    assert "Closed early" in html


def test_coordinator_of_another_organisation_gets_404(app, world):
    client = client_for(app, world["coord_b"])
    assert (
        client.get(f"/dashboard/organisations/{world['org_a'].id}").status_code == 404
    )
    assert client.get("/dashboard/organisations/999999").status_code == 404


def test_member_is_refused(app, world):
    client = client_for(app, world["member"])
    assert client.get("/dashboard").status_code == 403
    assert (
        client.get(f"/dashboard/organisations/{world['org_a'].id}").status_code == 404
    )
    assert client.get("/dashboard/export/metrics.csv").status_code == 403
    assert client.get("/dashboard/export/participants.csv").status_code == 403
    anonymous = app.test_client().get("/dashboard")
    assert anonymous.status_code == 302 and "/login" in anonymous.location


def test_steering_reads_the_alliance_but_cannot_export_people(app, world):
    client = client_for(app, world["steering"])
    assert client.get("/dashboard").status_code == 200
    assert client.get("/dashboard/export/metrics.csv").status_code == 200
    assert client.get("/dashboard/export/participants.csv").status_code == 403
    assert client.get("/dashboard/export/participants.xlsx").status_code == 403


# --- Exports ----------------------------------------------------------------------


def read_csv(response):
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_coordinator_exports_only_her_organisation(app, world):
    client = client_for(app, world["coord_a"])
    own = client.get(
        f"/dashboard/export/participants.csv?organisation={world['org_a'].id}"
    )
    assert own.status_code == 200
    assert own.headers["Content-Type"].startswith("text/csv")
    assert re.search(
        r"participants-\d{4}-\d\d-\d\d\.csv", own.headers["Content-Disposition"]
    )
    rows = read_csv(own)
    assert rows[0][:3] == ["Name", "Email", "Organisation"]
    assert {row[2] for row in rows[1:]} == {"Mines of Africa"}
    names = {row[0] for row in rows[1:]}
    assert "Mentee One" in names and "Mentor Tania" not in names
    statuses = {row[0]: (row[5], row[6]) for row in rows[1:]}
    assert statuses["Mentee Three"] == ("Enrolled", "Active")  # her latest mentorship
    assert statuses["Mentee Withdrawn"] == ("Withdrawn", "Not matched")


def test_coordinator_export_for_another_organisation_is_404(app, world):
    client = client_for(app, world["coord_a"])
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    for url in (
        f"/dashboard/export/participants.csv?organisation={world['org_b'].id}",
        f"/dashboard/export/participants.xlsx?organisation={world['org_b'].id}",
        "/dashboard/export/participants.csv",
        "/dashboard/export/participants.csv?organisation=abc",
        f"/dashboard/export/metrics.csv?organisation={world['org_b'].id}",
        "/dashboard/export/metrics.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    db.session.expire_all()
    after = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    assert after == before


def test_participant_export_is_recorded(app, world):
    client = client_for(app, world["secretariat"])
    assert client.get("/dashboard/export/participants.csv").status_code == 200
    # (The fixture's coordinator appointments are audited too: not exports.)
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.entity_type != "memberships")
    )
    assert event.action == "exported_participants"
    assert event.actor_id == world["secretariat"].id and event.data["rows"] == 7


def test_a_csv_export_is_kept_and_an_audited_one_recorded_on_every_download(app, world):
    client = client_for(app, world["secretariat"])
    first = client.get("/dashboard/export/metrics.csv")
    kept = client.get("/dashboard/export/metrics.csv")
    assert kept.headers.get("X-Page-Cache") == "hit"
    assert kept.data == first.data and kept.mimetype == "text/csv"
    assert kept.headers["Content-Disposition"] == first.headers["Content-Disposition"]

    def exports_recorded():
        db.session.expire_all()
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "exported_participants")
        )

    kept_before = len(pagecache._reader_pages)
    for downloads in (1, 2, 3):
        answer = client.get("/dashboard/export/participants.csv")
        assert "X-Page-Cache" not in answer.headers
        assert answer.get_data(as_text=True).startswith("\ufeff")
        assert exports_recorded() == downloads
    # Its request committed the audit row: a copy would be under a stamp gone by
    # then, never found, only taking room; none is stored.
    assert len(pagecache._reader_pages) == kept_before


def test_csv_neutralises_formulas(app, world):
    client = client_for(app, world["secretariat"])
    rows = read_csv(client.get("/dashboard/export/participants.csv"))
    names = [row[0] for row in rows[1:]]
    assert "'" + world["m4"].name in names
    assert world["m4"].name not in names


def test_xlsx_keeps_formulas_as_text(app, world):
    client = client_for(app, world["secretariat"])
    response = client.get("/dashboard/export/participants.xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["Content-Type"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet
    assert f"<t>{world['m4'].name}</t>" in unescape(sheet)
    cell = re.search(r'<c [^>]*t="(\w+)"[^>]*><is><t>=HYPERLINK', sheet)
    assert cell and cell[1] == "inlineStr"


def test_metrics_export_has_the_dashboard_figures(app, world):
    answers(world["programme"], world["org_a"], "final", (4, 5, 3, 4), (10, 9, 7, 3))
    client = client_for(app, world["secretariat"])
    rows = read_csv(client.get("/dashboard/export/metrics.csv"))
    assert rows[0] == ["Table", "Row", "Measure", "Value", "Unit"]
    values = {(row[1], row[2]): row[3] for row in rows[1:]}
    assert values[("Match rate", "Value")] == "75.0"
    assert values[("Mentees enrolled", "Value")] == "4"
    assert values[("End of the mentorship", "Satisfaction (1-5)")] == "fewer than 5"
    book = client.get("/dashboard/export/metrics.xlsx")
    with zipfile.ZipFile(io.BytesIO(book.data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_coordinator_exports_her_metrics(app, world):
    client = client_for(app, world["coord_a"])
    url = f"/dashboard/export/metrics.xlsx?organisation={world['org_a'].id}"
    assert client.get(url).status_code == 200


# --- The printable report ---------------------------------------------------------


def test_report_in_the_reader_s_language(app, world):
    client = client_for(app, world["steering"])  # she chose French
    page = client.get(f"/dashboard/programmes/{world['programme'].id}/report")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "Cohorte pilote" in page.text
    assert 'href="/static/css/print.css?v=' in page.text  # versioned (assets.py)
    assert 'media="print"' in page.text
    assert page.text.count("<svg") == 3


def test_report_readers_only(app, world):
    url = f"/dashboard/programmes/{world['programme'].id}/report"
    assert client_for(app, world["coord_a"]).get(url).status_code == 403
    client = client_for(app, world["secretariat"])
    assert client.get("/dashboard/programmes/999999/report").status_code == 404


def test_too_large_a_participant_list_is_refused(app, world, monkeypatch):
    from mentorship.outcomes import exports

    monkeypatch.setattr(exports, "MAX_ROWS", 3)
    response = client_for(app, world["secretariat"]).get(
        "/dashboard/export/participants.csv"
    )
    assert response.status_code == 400
    assert "please choose a programme" in response.text
    exports_recorded = sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.entity_type != "memberships"
    )
    assert db.session.scalar(exports_recorded) == 0


def test_members_table_pages(app, world, monkeypatch):
    from mentorship.outcomes import members

    monkeypatch.setattr(members, "PER_PAGE", 3)
    client = client_for(app, world["coord_a"])
    url = f"/dashboard/organisations/{world['org_a'].id}"
    first = client.get(url)
    assert "Page 1 of 2" in first.text and "page=2" in first.text
    second = client.get(url + "?page=2&breakdown=language")
    assert second.status_code == 200 and "Page 2 of 2" in second.text
    assert client.get(url + "?page=abc").status_code == 200
    assert client.get(url + "?page=99999").status_code == 200


def test_metrics_export_follows_the_breakdown(app, world):
    client = client_for(app, world["secretariat"])
    rows = read_csv(client.get("/dashboard/export/metrics.csv?breakdown=language"))
    tables_ = {row[0] for row in rows[1:]}
    assert "Enrolled by role and language" in tables_
    assert ("French", "Mentees") in {(row[1], row[2]) for row in rows[1:]}


# --- The Steering Committee reads aggregates, never people ------------------------


def test_steering_sees_an_organisation_s_figures_but_no_member(app, world):
    client = client_for(app, world["steering"])
    url = f"/dashboard/organisations/{world['org_a'].id}"
    page = client.get(url)
    assert page.status_code == 200
    html = page.text
    assert 'id="participation-table"' in html  # the aggregates are there
    for person in ("m1", "m2", "m3", "m5", "t1", "t2"):
        assert world[person].name not in html
        assert world[person].email not in html
    assert 'id="pairs-title"' not in html
    assert client.get(url + "?page=2").status_code == 200
    oid = world["org_a"].id
    for fmt in ("csv", "xlsx"):
        export = f"/dashboard/export/participants.{fmt}?organisation={oid}"
        assert client.get(export).status_code == 403
    assert client.get(f"/people/{world['m1'].id}").status_code == 404


def test_named_rows_for_own_coordinator_and_secretariat_only(app, world):
    url = f"/dashboard/organisations/{world['org_a'].id}"
    for reader in ("coord_a", "secretariat"):
        html = client_for(app, world[reader]).get(url).text
        assert 'id="pairs-title"' in html and "Mentee One" in html, reader
    assert client_for(app, world["coord_b"]).get(url).status_code == 404


# --- Differencing: two views the same reader may request --------------------------

SURVEY_MEASURES = ("Satisfaction (1-5)", "Net promoter score", "Confidence (1-5)")


def _number(text):
    try:
        return float(text.replace("+", "").replace(",", ""))
    except ValueError:
        return None  # "fewer than 5", "withheld", "no data"


def _html_figures(page):
    table = re.search(r'<table id="surveys-table">(.*?)</table>', page, re.S)[1]
    header = re.findall(r'<th scope="col">(.*?)</th>', table)
    figures = {}
    for label, cells in re.findall(
        r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S
    ):
        values = re.findall(r"<td>(.*?)</td>", cells)
        for measure, value in zip(header[1:], values, strict=True):
            figures[label, measure] = _number(value)
    return figures


def _csv_figures(response):
    figures = {}
    for _table, label, measure, value, _unit in read_csv(response)[1:]:
        if _table == "Survey answers":
            figures[label, measure] = _number(value)
    return figures


def _differencing_pairs(views):
    """Pairs of published figures whose groups differ by 1 to 4 people."""
    found = []
    for (name_a, a), (name_b, b) in itertools.permutations(views.items(), 2):
        for (stage, measure), value in a.items():
            n_a, n_b = a[stage, "People who answered"], b[stage, "People who answered"]
            other = b.get((stage, measure))
            if measure not in SURVEY_MEASURES or None in (value, other, n_a, n_b):
                continue
            if 1 <= n_a - n_b <= 4:
                found.append((name_a, name_b, stage, measure))
    return found


@pytest.fixture
def cohort_23(world, make_user):
    """Organisation A: 22 final answers in the pilot, and ONE in a second programme
    (satisfaction 1, NPS 0, confidence 1): the filter removes exactly her."""
    pilot, second = world["programme"], make_programme()
    scores = [4, 5, 3, 4, 5, 4, 3, 5, 4, 4, 5] * 2
    answers(pilot, world["org_a"], "final", scores, [9] * 22, confidence=4)
    answers(second, world["org_a"], "final", (1,), (0,), confidence=1)
    return {**world, "second": second}


def test_differencing_attack_reveals_nothing(app, cohort_23):
    w = cohort_23
    org, pilot, second = w["org_a"].id, w["programme"].id, w["second"].id
    filters = ["", f"programme={pilot}", f"programme={second}", "language=en"]
    views = {}
    coordinator = client_for(app, w["coord_a"])
    for query in filters:
        page = coordinator.get(f"/dashboard/organisations/{org}?{query}")
        views["coordinator page", query] = _html_figures(page.text)
        csv_url = f"/dashboard/export/metrics.csv?organisation={org}&{query}"
        views["coordinator csv", query] = _csv_figures(coordinator.get(csv_url))
    secretariat = client_for(app, w["secretariat"])
    for query in ["", f"organisation={org}"] + [
        f"organisation={org}&{q}" for q in filters[1:]
    ]:
        page = secretariat.get(f"/dashboard?{query}")
        views["secretariat page", query] = _html_figures(page.text)
        csv_url = f"/dashboard/export/metrics.csv?{query}"
        views["secretariat csv", query] = _csv_figures(secretariat.get(csv_url))
    assert _differencing_pairs(views) == []
    # Her organisation's figure over all 23 is still published, rounded to 0.1.
    final = views["coordinator page", ""]
    assert final["End of the mentorship", "People who answered"] == 23
    assert final["End of the mentorship", "Satisfaction (1-5)"] == 4.0  # 93 / 23
    # The 22 are withheld: 23 - 22 would be her; the 1 is below 5.
    page = coordinator.get(f"/dashboard/organisations/{org}?programme={pilot}").text
    assert "withheld" in page
    assert _html_figures(page)["End of the mentorship", "Satisfaction (1-5)"] is None
    # Nor does the breakdown by programme: its total is 23, so the 22 stay hidden.
    page = coordinator.get(f"/dashboard/organisations/{org}?breakdown=programme").text
    table = re.search(r'<table id="survey-breakdown-table">.*?</table>', page, re.S)[0]
    assert "<td>22</td>" not in table and "<td>23</td>" in table


def test_survey_breakdown_hides_the_cell_its_total_would_give_away(
    app, world, make_org
):
    """By organisation: B's 2 answers are hidden, so A's 6 must be too, or the total
    (15) minus A and C would be B's; C (7) and the total stay published."""
    org_c = make_org(name="Copper Women", region="africa")
    programme = world["programme"]
    answers(programme, world["org_a"], "final", [4] * 6, [9] * 6, confidence=3)
    answers(programme, world["org_b"], "final", (1, 2), (0, 1), confidence=1)
    answers(programme, org_c, "final", [5] * 7, [10] * 7, confidence=5)
    page = client_for(app, world["secretariat"]).get(
        "/dashboard?breakdown=organisation"
    )
    table = re.search(
        r'<table id="survey-breakdown-table">.*?</table>', page.text, re.S
    )
    rows = {
        label: re.findall(r"<td>(.*?)</td>", cells)
        for label, cells in re.findall(
            r'<th scope="row">(.*?)</th>(.*?)</tr>', table[0], re.S
        )
    }
    assert rows["Andes WIM"][:2] == ["fewer than 5", "fewer than 5"]
    assert rows["Mines of Africa"][:2] == ["withheld", "withheld"]
    assert rows["Copper Women"][:2] == ["7", "5.0"]
    assert rows["All"][:2] == ["15", "4.0"]  # 62 / 15 = 4.13, to the nearest 0.5
