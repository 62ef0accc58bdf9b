"""Shared metrics (issue 17, items 1-3): the indicator registry with versions,
reporting cycles with later deadlines, reminders and completeness, values entered
by an organisation's data submitter, checked, flagged, reviewed and logged; bad
input is refused with a translated message and changes nothing."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, schedule, translated
from mentorship.core.models import Reminder
from mentorship.db import db
from mentorship.metrics import cycles, indicators, standard, values
from mentorship.metrics.indicators import Definition, MetricsError
from mentorship.metrics.models import (
    IndicatorVersion,
    MetricValue,
    MetricValueChange,
)

from ..factories import sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today():
    return datetime.now(UTC).date()


@pytest.fixture
def in_request(app, app_ctx):
    """Services speak the reader's language: a request context for them."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(in_request, make_org, make_user):
    orgs = {
        "a": make_org(name="WIM Alpha", region="africa"),
        "b": make_org(name="WIM Beta", region="latin_america", country="CL"),
        "c": make_org(name="WIM Gamma", region="africa", country="GH"),
    }
    orgs["x"] = make_org(name="WIM Applicant", status="applicant")
    people = {
        "staff": make_user(roles=["secretariat"]),
        "submitter": make_user(org=orgs["a"], name="Sara Submitter", locale="fr"),
        "second": make_user(org=orgs["a"], name="Sam Second"),
        "leader_b": make_user(org=orgs["b"], name="Lola Leader", locale="es"),
        "plain": make_user(org=orgs["a"]),
    }
    memberships.start(people["submitter"], "data_submitter", organisation=orgs["a"])
    memberships.start(people["second"], "data_submitter", organisation=orgs["a"])
    memberships.start(people["leader_b"], "leader", organisation=orgs["b"])
    made = standard.seed()
    by_code = {i.code: i for i in made}
    cycle = cycles.create(
        today().year,
        today() - timedelta(days=10),
        today() + timedelta(days=30),
        [i.id for i in made],
        people["staff"],
    )
    db.session.commit()
    return {**orgs, **people, "cycle": cycle, "ind": by_code}


def share(women, total, **extra):
    return values.Figures(women=women, total=total, source="Census", **extra)


def enter(world, code="WF_WOMEN_SHARE", figures=None, org="a", who="submitter", **kw):
    row = values.enter(
        world["cycle"],
        world[org],
        world["ind"][code],
        kw.pop("parts", {}),
        figures or share(120, 1000),
        world[who],
        **kw,
    )
    db.session.commit()
    return row


# --- The registry ---------------------------------------------------------------------


def test_seeded_registry_has_stable_codes_in_three_languages(world):
    codes = {i.code for i in indicators.all_indicators()}
    assert {"WF_WOMEN_SHARE", "PAY_GAP", "HARASSMENT_INCIDENTS"} <= codes
    version = world["ind"]["WF_MANAGEMENT_SHARE"].current
    assert version.is_share and version.unit == "percent"
    assert version.name.body("fr") == "Femmes aux postes de direction"
    assert version.name.status("es") == "reviewed"
    assert world["ind"]["HARASSMENT_INCIDENTS"].kind == "count"
    assert world["ind"]["PAY_GAP"].kind == "magnitude"
    assert len(standard.seed()) == len(standard.SET)  # idempotent


def test_a_revision_in_use_makes_a_new_version_and_old_values_keep_theirs(world):
    indicator = world["ind"]["WF_WOMEN_SHARE"]
    first = indicator.current
    definition = Definition(
        name=translated.Edit("en", {"en": "Women in the mining workforce"}),
        definition=translated.Edit("en", {"en": "Women's share, contractors in."}),
        unit="percent",
        entry="share",
        disaggregations=["country"],
    )
    # Nobody used it yet: corrected in place.
    assert indicators.revise(indicator, definition, world["staff"]).id == first.id
    row = enter(world)
    definition.definition = translated.Edit("en", {"en": "Now headcount at June."})
    second = indicators.revise(indicator, definition, world["staff"])
    db.session.commit()
    assert second.number == 2 and second.id != first.id
    assert db.session.get(MetricValue, row.id).indicator_version_id == first.id
    assert first.definition.body("en") == "Women's share, contractors in."


def test_public_registry_pages_and_the_secretariats_form(world, client):
    page = client.get("/metrics/indicators")
    assert page.status_code == 200 and b"WF_WOMEN_SHARE" in page.data
    page = client.get("/metrics/indicators/PAY_GAP")
    assert page.status_code == 200 and b"Gender pay gap" in page.data
    assert client.get("/metrics/indicators/NOPE").status_code == 404
    sign_in(client, world["staff"])
    form = {
        "code": "mine_deaths",
        "name-source": "en",
        "name-en": "Fatalities among women",
        "definition-source": "en",
        "unit": "count",
        "entry": "value",
        "kind": "count",
        "disaggregations": ["country"],
    }
    answer = client.post("/admin/metrics/indicators/new", data=form)
    assert answer.status_code == 302
    assert indicators.by_code("MINE_DEATHS") is not None
    # A share that is not a percentage is refused, nothing added.
    form.update(code="BAD_ONE", entry="share", unit="count")
    answer = client.post("/admin/metrics/indicators/new", data=form)
    assert answer.status_code == 400 and indicators.by_code("BAD_ONE") is None


# --- Cycles ---------------------------------------------------------------------------


def test_a_cycle_asks_every_member_organisation_by_default(world):
    asked = {row.organisation_id for row in world["cycle"].asked}
    assert asked == {world[k].id for k in "abc"}
    with pytest.raises(MetricsError):
        cycles.create(world["cycle"].year, today(), today(), [1], world["staff"])


def test_reminders_reach_the_data_submitters_in_their_language(world, outbox):
    keys = set(db.session.scalars(sa.select(Reminder.key)))
    assert f"metrics:{world['cycle'].id}:deadline:7d" in keys
    payload = {"cycle_id": world["cycle"].id}
    from mentorship.metrics import notify

    notify.remind_before_deadline(payload, None)
    db.session.commit()
    to = {m.to[0]: m for m in outbox}
    assert world["submitter"].email in to and world["second"].email in to
    # B has no data submitter: its leader hears, in Spanish (the strings this part
    # adds are translated at merge; the greeting already is).
    assert "Hola, Lola Leader" in to[world["leader_b"].email].body
    assert "Bonjour Sara Submitter" in to[world["submitter"].email].body
    assert world["c"].name not in {m.body.split(" ")[0] for m in outbox}
    assert schedule.HANDLERS[notify.REMINDER_JOB] is notify.remind_before_deadline


def test_completeness_timeliness_and_a_later_deadline(world):
    cycle = world["cycle"]
    for code in world["ind"]:
        figures = (
            values.Figures(value=3, source="HR")
            if code in ("PAY_GAP", "HARASSMENT_INCIDENTS")
            else share(10, 100)
        )
        enter(world, code, figures, submit=True)
    enter(world, "WF_WOMEN_SHARE", share(5, 50), org="b", who="leader_b", submit=True)
    rows = {p.organisation.name: p for p in cycles.progress(cycle)}
    assert rows["WIM Alpha"].completeness == 100 and rows["WIM Alpha"].on_time
    assert rows["WIM Beta"].completeness == 14 and not rows["WIM Beta"].on_time
    regions = {r.region: r for r in cycles.by_region(list(rows.values()))}
    assert regions["africa"].organisations == 2 and regions["africa"].complete == 1
    # A later deadline needs a reason and a day after the cycle's.
    with pytest.raises(MetricsError):
        cycles.grant_extension(cycle, world["b"].id, cycle.deadline, "x", None)
    with pytest.raises(MetricsError):
        cycles.grant_extension(cycle, world["b"].id, date(2100, 1, 1), " ", None)
    later = cycle.deadline + timedelta(days=14)
    cycles.grant_extension(cycle, world["b"].id, later, "Census late", world["staff"])
    db.session.commit()
    assert cycles.deadline_for(cycle, world["b"].id) == later
    keys = set(db.session.scalars(sa.select(Reminder.key)))
    assert f"metrics:{cycle.id}:org:{world['b'].id}:deadline:1d" in keys


# --- Entering values ------------------------------------------------------------------


def test_a_share_is_entered_as_counts_and_logged(world):
    row = enter(world, parts={"job_level": "management"})
    assert row.value == 12.0 and row.breakdown == "job_level=management"
    assert row.status == "draft" and row.revision == 1
    fields = {c.field for c in row.changes}
    assert {"women", "total", "value", "source"} <= fields
    values.edit(row, share(130, 1000), world["second"], 1, submit=True)
    db.session.commit()
    assert row.status == "submitted" and row.revision == 2
    women = [c for c in row.changes if c.field == "women"]
    assert (women[-1].old, women[-1].new) == ("120", "130")
    assert women[-1].changed_by_id == world["second"].id


BAD = [
    ("WF_WOMEN_SHARE", share(1200, 1000), "cannot exceed the total"),
    ("PAY_GAP", values.Figures(value=140), "between 0 and 100"),
    ("HARASSMENT_INCIDENTS", values.Figures(value=-3), "outside the indicator"),
    ("WF_WOMEN_SHARE", share(None, 1000), "number of women and the total"),
]


@pytest.mark.parametrize(("code", "figures", "message"), BAD)
def test_bad_figures_are_refused_and_nothing_is_stored(world, code, figures, message):
    with pytest.raises(MetricsError, match=message):
        enter(world, code, figures)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(MetricValue.id))) == 0


def test_a_breakdown_the_indicator_does_not_take_is_refused(world):
    with pytest.raises(MetricsError, match="not broken down"):
        enter(world, "GRAD_WOMEN_SHARE", parts={"job_level": "board"})
    with pytest.raises(MetricsError, match="from the lists"):
        enter(world, "WF_WOMEN_SHARE", parts={"country": "XX"})


def test_an_indicator_not_asked_is_refused(world, make_user):
    cycle = world["cycle"]
    cycles.update(
        cycle,
        cycle.opens_on,
        cycle.deadline,
        [world["ind"]["WF_WOMEN_SHARE"].id],
        [row.organisation_id for row in cycle.asked],
        world["staff"],
    )
    db.session.commit()
    with pytest.raises(MetricsError, match="not asked for this indicator"):
        enter(world, "PAY_GAP", values.Figures(value=12))
    with pytest.raises(MetricsError, match="not asked to report"):
        enter(world, org="x", who="staff")


def test_entry_locks_after_the_deadline_unless_a_later_one_was_granted(world):
    cycle = world["cycle"]
    cycle.opens_on = today() - timedelta(days=40)
    cycle.deadline = today() - timedelta(days=1)
    db.session.commit()
    with pytest.raises(MetricsError, match="deadline has passed"):
        enter(world)
    cycles.grant_extension(
        cycle, world["a"].id, today() + timedelta(days=3), "Board meets late", None
    )
    db.session.commit()
    assert enter(world).status == "draft"
    with pytest.raises(MetricsError, match="deadline has passed"):
        enter(world, org="b", who="leader_b")


def test_a_large_change_is_flagged_and_must_be_explained(world, make_org):
    last = cycles.create(
        world["cycle"].year - 1,
        today() - timedelta(days=400),
        today() - timedelta(days=300),
        [world["ind"]["WF_WOMEN_SHARE"].id, world["ind"]["HARASSMENT_INCIDENTS"].id],
        world["staff"],
    )
    db.session.add_all(
        [
            MetricValue(
                cycle_id=last.id,
                organisation_id=world["a"].id,
                indicator_id=world["ind"][code].id,
                indicator_version_id=world["ind"][code].current.id,
                status="approved",
                value=value,
            )
            for code, value in (("WF_WOMEN_SHARE", 10.0), ("HARASSMENT_INCIDENTS", 4))
        ]
    )
    db.session.commit()
    # 10 % -> 25 %: 15 points.
    with pytest.raises(MetricsError, match="explain the change"):
        enter(world, figures=share(250, 1000), submit=True)
    row = enter(world, figures=share(250, 1000))
    assert row.flagged
    with pytest.raises(MetricsError, match="explain the change"):
        values.submit(row, world["submitter"], row.revision)
    db.session.rollback()
    explained = share(250, 1000, explanation="A new mine hired 400 women.")
    values.edit(row, explained, world["submitter"], 1, submit=True)
    db.session.commit()
    assert row.status == "submitted" and row.flagged
    # 4 -> 5 incidents: 25% relative, not flagged; 4 -> 7: flagged.
    small = enter(world, "HARASSMENT_INCIDENTS", values.Figures(value=5))
    assert not small.flagged
    assert values.large_change(small.indicator_version, 4, 7)


def test_two_submitters_editing_the_same_value_see_a_conflict(world):
    row = enter(world)
    values.edit(row, share(121, 1000), world["submitter"], 1)
    db.session.commit()
    with pytest.raises(values.Conflict, match="Someone else changed"):
        values.edit(row, share(122, 1000), world["second"], 1)
    db.session.rollback()
    row = db.session.get(MetricValue, row.id)
    assert row.women == 121 and row.revision == 2
    # The same figure entered twice: the second one is told, not duplicated.
    with pytest.raises(values.Conflict, match="already exists"):
        enter(world)


# --- Review ---------------------------------------------------------------------------


def test_review_approve_send_back_reject_and_an_approved_value_is_never_edited(
    world, outbox
):
    row = enter(world, submit=True)
    with pytest.raises(MetricsError, match="Say what is wrong"):
        values.review(row, "send_back", "", world["staff"])
    values.review(row, "send_back", "Total looks like 2022's.", world["staff"])
    db.session.commit()
    assert row.status == "has_issues"
    assert outbox[-1].to == [world["submitter"].email]
    assert "Total looks like 2022's." in outbox[-1].body
    values.edit(row, share(120, 1100), world["submitter"], row.revision, submit=True)
    values.review(row, "approve", "", world["staff"])
    db.session.commit()
    assert row.status == "approved"
    with pytest.raises(MetricsError, match="approved value cannot be edited"):
        values.edit(row, share(1, 1100), world["submitter"], row.revision)
    db.session.rollback()
    assert db.session.get(MetricValue, row.id).women == 120
    successor = values.reopen(row, "The census was revised.", world["staff"])
    db.session.commit()
    assert successor.version == 2 and successor.status == "has_issues"
    assert db.session.get(MetricValue, row.id).superseded
    other = enter(world, "BOARD_WOMEN_SHARE", share(2, 9), submit=True)
    values.review(other, "reject", "Not a mining board.", world["staff"])
    db.session.commit()
    assert other.status == "rejected"
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"has_issues", "approved", "rejected", "reopened"} <= actions


# --- Pages ----------------------------------------------------------------------------


def _form(world, **extra):
    return {
        "indicator": "WF_WOMEN_SHARE",
        "women": "120",
        "total": "1000",
        "source": "Census 2024",
        "source_year": str(world["cycle"].year),
        "confidence": "high",
        "revision": "0",
        **extra,
    }


def _new_url(world, org="a"):
    cycle_id, org_id = world["cycle"].id, world[org].id
    return f"/metrics/cycles/{cycle_id}/organisations/{org_id}/values/new"


def test_the_submitter_enters_and_submits_through_the_pages(world, client):
    sign_in(client, world["submitter"])
    assert client.get("/metrics/cycles").status_code == 200
    page = client.get(
        f"/metrics/cycles/{world['cycle'].id}/organisations/{world['a'].id}"
    )
    assert page.status_code == 200 and b"WF_WOMEN_SHARE" in page.data
    assert client.get(_new_url(world) + "?indicator=PAY_GAP").status_code == 200
    data = _form(world, action="submit")
    data["document"] = (io.BytesIO(PDF), "census.pdf")
    answer = client.post(_new_url(world), data=data)
    assert answer.status_code == 302
    row = db.session.scalar(sa.select(MetricValue))
    assert row.status == "submitted" and row.document_name == "census.pdf"
    assert client.get(f"/metrics/values/{row.id}").status_code == 200
    document = client.get(f"/metrics/values/{row.id}/document")
    assert document.status_code == 200 and document.data == PDF
    # Another organisation's values are out of her reach.
    other = f"/metrics/cycles/{world['cycle'].id}/organisations/{world['b'].id}"
    assert client.get(other).status_code == 404
    assert client.post(_new_url(world, "b"), data=_form(world)).status_code == 404


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"women": "1200"}, b"cannot exceed the total"),
        ({"indicator": "PAY_GAP", "value": "140"}, b"between 0 and 100"),
        ({"indicator": "NOT_ASKED"}, b"Choose an indicator from the list"),
        ({"women": "many"}, b"whole number"),
    ],
)
def test_bad_input_on_the_page_is_a_400_and_nothing_changes(
    world, client, extra, message
):
    sign_in(client, world["submitter"], locale="en")
    answer = client.post(_new_url(world), data=_form(world, **extra))
    assert answer.status_code == 400 and message in answer.data
    assert db.session.scalar(sa.select(sa.func.count(MetricValue.id))) == 0


def test_an_indicator_not_asked_on_the_page_is_explained(world, client):
    cycle = world["cycle"]
    cycle.indicators = [world["ind"]["WF_WOMEN_SHARE"]]
    db.session.commit()
    sign_in(client, world["submitter"])
    data = _form(world, indicator="PAY_GAP", value="12")
    answer = client.post(_new_url(world), data=data)
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert (
        "not asked for this indicator" in text
        or "n'est pas demandé à votre organisation" in text.replace("&#39;", "'")
    )


def test_after_the_lock_and_on_an_approved_value_the_page_refuses(world, client):
    row = enter(world, submit=True)
    values.review(row, "approve", "", world["staff"])
    db.session.commit()
    sign_in(client, world["submitter"], locale="fr")
    edit = _form(world, revision=str(row.revision))
    answer = client.post(f"/metrics/values/{row.id}/edit", data=edit)
    assert answer.status_code == 400
    assert "approuvée".encode() in answer.data or b"approved" in answer.data
    cycle = world["cycle"]
    cycle.opens_on = today() - timedelta(days=40)
    cycle.deadline = today() - timedelta(days=1)
    db.session.commit()
    data = _form(world, indicator="WF_TECHNICAL_SHARE")
    answer = client.post(_new_url(world), data=data)
    assert answer.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(MetricValue.id))) == 1


def test_a_stale_form_is_a_conflict_on_the_page(world, client):
    row = enter(world)
    values.edit(row, share(121, 1000), world["second"], 1)
    db.session.commit()
    sign_in(client, world["submitter"], locale="en")
    data = _form(world, women="150", revision="1")
    answer = client.post(f"/metrics/values/{row.id}/edit", data=data)
    assert answer.status_code == 400 and b"Someone else changed" in answer.data
    assert b'value="150"' in answer.data  # her entry is still in the form
    db.session.expire_all()
    assert db.session.get(MetricValue, row.id).women == 121


def test_the_secretariats_cycle_page_review_and_reopen(world, client):
    row = enter(world, submit=True)
    sign_in(client, world["staff"])
    page = client.get(f"/admin/metrics/cycles/{world['cycle'].id}")
    assert page.status_code == 200 and b"WIM Alpha" in page.data
    url = f"/admin/metrics/values/{row.id}/review"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"action": "reject"}).status_code == 400
    assert client.post(url, data={"action": "approve"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(MetricValue, row.id).status == "approved"
    reopen = f"/admin/metrics/values/{row.id}/reopen"
    assert client.post(reopen, data={"reason": ""}).status_code == 400
    assert client.post(reopen, data={"reason": "Revised"}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(MetricValue.id))) == 2
    assert client.get("/admin/metrics/cycles").status_code == 200
    assert client.get("/admin/metrics/cycles/new").status_code == 200
    assert client.get("/admin/metrics/indicators").status_code == 200


def test_versions_and_changes_are_counted(world):
    enter(world)
    assert db.session.scalar(sa.select(sa.func.count(IndicatorVersion.id))) == 7
    assert db.session.scalar(sa.select(sa.func.count(MetricValueChange.id))) >= 4


def test_her_home_and_the_alliance_overview_show_the_metrics(world, client):
    enter(world, submit=True)
    sign_in(client, world["submitter"], locale="en")
    home = client.get("/")
    assert home.status_code == 200
    assert b"has delivered 1 of 7 indicators" in home.data
    sign_in(client, world["staff"], locale="en")
    overview = client.get("/admin/alliance")
    assert overview.status_code == 200
    assert b"1 value waits for review" in overview.data
