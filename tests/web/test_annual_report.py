"""The annual Alliance report (issue 17, item 6): each section's figures from small
worlds, small counts of people suppressed, the narrative editor with translation
status, publication once, the public HTML and the PDF in French."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from mentorship.core import translated
from mentorship.db import db
from mentorship.mentorships.models import MentorshipStatus
from mentorship.reports import sections, services
from mentorship.reports.models import AnnualReport

from ..factories import make_mentorship, make_programme, sign_in

YEAR = 2025


def on(month, day=1, year=YEAR):
    return datetime(year, month, day, 12, tzinfo=UTC)


def figures(section):
    return {str(label): value for label, value in section.figures}


@pytest.fixture
def in_request(app, app_ctx):
    """Labels (regions, kinds) are read in a request's language."""
    with app.test_request_context():
        yield


@pytest.fixture
def staff(make_user):
    user = make_user(roles=["secretariat"])
    db.session.commit()
    return user


def test_organisations_by_region_and_growth(make_org, in_request):
    for _ in range(4):
        make_org(region="africa", created_at=on(6, year=YEAR - 1))
    make_org(region="africa", created_at=on(3))
    make_org(region="europe", created_at=on(9))
    make_org(region="europe", created_at=on(2, year=YEAR + 1))  # next year
    make_org(region="europe", status="applicant", created_at=on(3))  # not a member
    # Joined long ago (member_since), registered on the platform this year.
    make_org(region="europe", created_at=on(5), member_since=on(1, year=2019).date())
    # Left during the year: not a member at its end.
    make_org(
        region="europe",
        status="left",
        created_at=on(1, year=2020),
        status_since=on(7).date(),
    )
    section = sections.organisations_section(YEAR)
    shown = figures(section)
    assert shown["Member organisations at the end of the year"] == 7
    assert shown["Organisations that joined during the year"] == 2
    assert shown["Growth over the year"] == "40 %"
    assert [b.value for b in section.charts[0].bars] == [5, 2]
    assert [b.value for b in section.charts[1].bars] == [1, 1]


def test_mentoring_counts_of_people_under_5_are_suppressed(
    make_org, make_user, in_request
):
    programme = make_programme()
    rows = [
        make_mentorship(make_org, make_user, programme=programme)[0] for _ in range(6)
    ]
    for row in rows:
        row.started_at = on(3)
    for row in rows[:2]:  # two completed: fewer than 5
        row.status = MentorshipStatus.COMPLETED
        row.closed_at = on(10)
    db.session.commit()
    shown = figures(sections.mentoring_section(YEAR))
    assert shown["Mentorships started (matches)"] == 6
    assert shown["Mentorships completed"] is None
    assert shown["Completion rate"] is None
    assert shown["Mentorships closed early"] is None
    assert (
        figures(sections.mentoring_section(YEAR + 1))["Mentorships started (matches)"]
        is None
    )


def test_every_section_compiles_on_an_empty_year(in_request):
    compiled = sections.compile_report(YEAR)
    assert [s.key for s in compiled] == list(sections.SECTIONS)
    assert figures(compiled[-1]) == {"Reporting cycle": "None"}
    assert sections.people(4) is None and sections.people(5) == 5
    # Survey results: the outcomes dashboard's table, as it publishes it.
    caption, columns, rows = compiled[5].tables[0]
    assert len(rows) == 4 and all(cells[0] == "no data" for _label, cells in rows)


def test_draft_once_edit_narrative_and_publish_once(staff):
    report = services.draft(YEAR, staff)
    assert services.draft(YEAR, staff).id == report.id
    edit = translated.Edit("en", {"en": "A good year.", "fr": "Une bonne année."})
    row = services.edit_narrative(report, "organisations", edit, staff)
    db.session.commit()
    assert row.text.status("en") == "source"
    assert row.text.status("fr") == "draft"
    assert row.text.status("es") == "missing"
    services.publish(report, staff)
    db.session.commit()
    with pytest.raises(services.AnnualReportError):
        services.publish(report, staff)
    with pytest.raises(services.AnnualReportError):
        services.edit_narrative(report, "groups", edit, staff)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AnnualReport)) == 1


def test_pages_editor_publication_and_french_pdf(app, client, staff):
    sign_in(client, staff)
    assert client.get("/admin/reports").status_code == 200
    response = client.post("/admin/reports", data={"year": "1999"})
    assert response.status_code == 400
    response = client.post("/admin/reports", data={"year": str(YEAR)})
    assert response.status_code == 302
    assert client.get(f"/reports/{YEAR}").status_code == 404  # a draft
    url = f"/admin/reports/{YEAR}/narratives/organisations"
    assert client.get(url).status_code == 200
    assert client.get(f"/admin/reports/{YEAR}/narratives/nope").status_code == 404
    response = client.post(url, data={"text-source": "fr", "text-en": "Only English"})
    assert response.status_code == 400  # the source language's text is empty
    response = client.post(
        url,
        data={
            "text-source": "fr",
            "text-fr": "L'année des régions réunies.",
            "text-en": "The year the regions met.",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/admin/reports/{YEAR}").get_data(as_text=True)
    assert "Draft" in page and "Missing" in page
    assert client.post(f"/admin/reports/{YEAR}/publish").status_code == 302
    assert client.post(f"/admin/reports/{YEAR}/publish").status_code == 400
    client.get("/logout")
    with client.session_transaction() as session:
        session.clear()
    page = client.get(f"/reports/{YEAR}", headers={"Accept-Language": "es"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "L&#39;année des régions réunies." in text  # the source, in French
    assert '<div lang="fr">' in text and 'class="translated-note"' in text
    english = client.get(f"/reports/{YEAR}", headers={"Accept-Language": "en"})
    assert "The year the regions met." in english.get_data(as_text=True)
    assert 'class="translated-note"' not in english.get_data(as_text=True)
    response = client.get(f"/reports/{YEAR}.pdf", headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    from pypdf import PdfReader

    extracted = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages
    )
    flat = " ".join(extracted.split())
    with app.test_request_context(), force_locale("fr"):
        title = gettext(
            "Annual report of the International WIM Alliance, %(year)d", year=YEAR
        )
    assert title in flat  # the French title (once the catalogue has it)
    assert "Organisations membres" in flat  # a section's French title
    assert "L'année des régions réunies." in flat  # the French narrative, accents kept
    assert client.get(f"/reports/{YEAR + 1}.pdf").status_code == 404
    assert client.get("/reports/99999999999999999999").status_code == 404
    assert str(YEAR) in client.get("/reports").get_data(as_text=True)


def test_only_the_secretariat_drafts(client, make_user):
    member = make_user()
    db.session.commit()
    sign_in(client, member)
    assert client.post("/admin/reports", data={"year": str(YEAR)}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AnnualReport)) == 0


def test_events_meetings_by_kind_and_attendance_suppressed(
    make_org, make_user, in_request
):
    from mentorship.events.models import EventSeries, EventSession, Registration

    people_ = [make_user(org=make_org()) for _ in range(6)]

    def meeting(kind, start, attended):
        series = EventSeries(
            slug=f"s-{kind}-{start.year}",
            kind=kind,
            name=translated.new_text("en", en=kind),
            description=translated.new_text("en", en="About."),
            default_audience="members",
        )
        found = EventSession(
            series=series,
            title=translated.new_text("en", en="A meeting"),
            starts_at=start,
            ends_at=start.replace(hour=14),
            timezone="UTC",
            audience="members",
            language="en",
        )
        db.session.add_all([series, found])
        db.session.flush()
        for person in people_[:attended]:
            db.session.add(
                Registration(
                    session_id=found.id,
                    user_id=person.id,
                    status="registered",
                    attended=True,
                )
            )
        db.session.commit()

    meeting("call", on(3), 6)
    meeting("round_table", on(4), 3)
    meeting("round_table", on(4, year=YEAR + 1), 6)  # next year
    section = sections.events_section(YEAR)
    shown = figures(section)
    assert shown["Meetings held"] == 2
    assert shown["Attendances recorded"] == 9
    attendance = {str(b.label): b.value for b in section.charts[1].bars}
    assert attendance == {"Global calls": 6, "Round tables": None}


def test_metrics_section_counts_organisations_with_approved_values(
    make_org, make_user, in_request
):
    from mentorship.core import memberships
    from mentorship.metrics import cycles, standard, values

    orgs = [make_org(region="africa") for _ in range(4)]
    staff = make_user(roles=["secretariat"])
    made = {i.code: i for i in standard.seed()}
    today = datetime.now(UTC).date()  # entry is open: this year's cycle
    cycle = cycles.create(
        today.year,
        today - timedelta(days=10),
        today + timedelta(days=30),
        [i.id for i in made.values()],
        staff,
    )
    db.session.commit()
    for org in orgs[:3]:
        submitter = make_user(org=org)
        memberships.start(submitter, "data_submitter", organisation=org)
        row = values.enter(
            cycle,
            org,
            made["WF_WOMEN_SHARE"],
            {},
            values.Figures(women=120, total=1000, source="Census"),
            submitter,
            submit=True,
        )
        if org is not orgs[2]:
            values.review(row, "approve", "", staff)
    db.session.commit()
    section = sections.metrics_section(today.year)
    shown = figures(section)
    asked = shown["Organisations asked to report"]
    assert asked >= 4
    assert shown["Organisations with approved values"] == 2
    assert shown["Completeness"] == f"{round(100 * 2 / asked)} %"
    assert [(b.label, b.value) for b in section.charts[0].bars] == [
        ("WF_WOMEN_SHARE", 2)
    ]
    # Published: the Alliance-wide figure as the publication shows it. Two
    # organisations' 240 women out of 2,000 pass; a figure of fewer than 5 people
    # or organisations would stay its symbol.
    from mentorship.metrics import publication

    assert len(shown) == 3  # unpublished: no headline
    publication.publish(cycle, staff)
    db.session.commit()
    shown = figures(sections.metrics_section(today.year))
    name = made["WF_WOMEN_SHARE"].current.name.body("en")
    assert shown[name] == "12.0 %"


def test_committee_section_counts_todays_seats_by_region(
    make_org, make_user, in_request
):
    from mentorship.elections import services as elections
    from mentorship.elections.models import Seat

    staff = make_user(roles=["secretariat"])
    election = elections.create(
        translated.Edit("en", {"en": "Committee"}), staff, seats=3
    )
    today = datetime.now(UTC).date()
    for region in ("africa", "africa", "europe"):
        person = make_user(org=make_org(region=region))
        db.session.add(
            Seat(
                election_id=election.id,
                user_id=person.id,
                organisation_id=person.organisation_id,
                region=region,
                starts_on=today.replace(year=today.year - 1),
                ends_on=today.replace(year=today.year + 1),
            )
        )
    db.session.commit()
    section = sections.committee_section(today.year)
    assert figures(section)["Seats held on the committee"] == 3
    assert [b.value for b in section.charts[0].bars] == [2, 1]


def test_groups_and_decisions_sections(make_org, make_user, in_request):
    from mentorship.decisions import services as decisions
    from mentorship.groups import charter
    from mentorship.organisations.models import Theme
    from mentorship.organisations.themes import ensure_themes

    ensure_themes()
    staff = make_user(roles=["secretariat"])
    theme = db.session.scalars(sa.select(Theme).order_by(Theme.id)).first()

    def group(slug, created, closed=None):
        found = charter.create_group(
            translated.Edit("en", {"en": slug}),
            slug,
            theme.id,
            charter.Charter(
                translated.Edit("en", {"en": "Data"}),
                translated.Edit("en"),
                translated.Edit("en"),
            ),
            staff,
        )
        found.created_at = created
        if closed:
            found.status, found.closed_at = "closed", closed
        return found

    group("open-all-year", on(1, year=YEAR - 1))
    group("closed-in-year", on(1, year=YEAR - 1), closed=on(6))
    group("closed-before", on(1, year=YEAR - 2), closed=on(6, year=YEAR - 1))
    group("next-year", on(2, year=YEAR + 1))

    def decision(outcome, closed):
        found = decisions.create(
            "proposal", translated.Edit("en", {"en": "Q"}), translated.Edit("en"), staff
        )
        found.opened_at, found.closes_at, found.electorate_size = closed, closed, 5
        found.status, found.closed_at, found.outcome = "closed", closed, outcome
        return found

    decision("passed", on(3))
    decision("passed", on(5))
    decision("no_quorum", on(8))
    decision("passed", on(3, year=YEAR + 1))
    db.session.commit()
    assert (
        figures(sections.groups_section(YEAR))["Working groups active during the year"]
        == 2
    )
    section = sections.consultations_section(YEAR)
    assert figures(section)["Decisions closed"] == 3
    assert {str(b.label): b.value for b in section.charts[0].bars} == {
        "No quorum": 1,
        "Passed": 2,
    }
