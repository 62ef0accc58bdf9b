"""Issue 17's "Done when", walked as new users would, on the demo data.

The demo's 2026 cycle is open. The data submitter of a member organisation that has
not started yet enters her organisation's figures on the real pages: the share of
women in its workforce jumped since 2025, so the value is flagged and refused for
submission until she explains it; she explains it and submits, with two other
figures. The Secretariat approves them (and the other figures waiting for review),
then publishes the cycle. The public indicator page shows its hidden figures as
symbols with the legend in English, French and Spanish; the open-data CSV carries
its metadata; the annual report of 2026, drafted and published by the Secretariat,
renders as HTML and as a PDF in French.

Every step goes through the real pages (`pageforms.submit` reads each form from the
HTML as a browser would).
"""

import io

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext
from markupsafe import Markup

from mentorship import demo
from mentorship.db import db
from mentorship.metrics import notify as metrics_notify
from mentorship.metrics.models import Cycle, Indicator, MetricValue
from mentorship.metrics.publication import latest_for

from .pageforms import one, sign_in, submit, text_of

PASSWORD = demo.DEMO_PASSWORD
SECRETARIAT = "secretariat@wim-alliance.example.org"
YEAR = 2026


@pytest.fixture
def demo_data(app_ctx):
    demo.seed(n_members=60)
    db.session.commit()


def _value(cycle, org, code):
    return one(
        sa.select(MetricValue)
        .join(Indicator, Indicator.id == MetricValue.indicator_id)
        .where(
            MetricValue.cycle_id == cycle.id,
            MetricValue.organisation_id == org,
            Indicator.code == code,
            MetricValue.breakdown == "",
            MetricValue.superseded.is_(False),
        )
    )


SHARES = ("BOARD_WOMEN_SHARE", "GRAD_WOMEN_SHARE", "WF_MANAGEMENT_SHARE")


def _submitter(cycle):
    """(data submitter, organisation id, the share to flag, its 2025 value, the
    other shares to enter) of an asked organisation that has not entered some of
    its shares in the open cycle, one of them approved in 2025."""
    last = one(sa.select(Cycle).where(Cycle.year == YEAR - 1))
    asked = [a.organisation_id for a in cycle.asked]
    people = metrics_notify.submitters(asked)
    for org in asked:
        free = [code for code in SHARES if _value(cycle, org, code) is None]
        for code in free:
            before = _value(last, org, code)
            if org in people and before is not None and before.status == "approved":
                others = [c for c in free if c != code]
                return people[org][0][0], org, code, before, others
    raise AssertionError("no organisation left to report in the demo")


def test_issue17_done_when(app, demo_data):
    client = app.test_client()
    cycle = one(sa.select(Cycle).where(Cycle.year == YEAR))
    assert cycle.is_open()
    person, org, jumped, before, others = _submitter(cycle)
    new = f"/metrics/cycles/{cycle.id}/organisations/{org}/values/new"

    # She finds her organisation's cycle from her pages.
    sign_in(client, person.email, PASSWORD)
    assert f"/metrics/cycles/{cycle.id}/organisations/{org}" in text_of(
        client.get("/metrics/cycles")
    )
    page = text_of(client.get(f"/metrics/cycles/{cycle.id}/organisations/{org}"))
    assert jumped in page
    with app.test_request_context(), force_locale(person.locale or "en"):
        send = gettext("Submit to the Secretariat")  # her button, in her language

    # One share jumped by at least 25 points: flagged, refused until explained.
    total = before.total
    women = before.women + total // 4 + 1
    if women > total:
        women = max(0, before.women - total // 4 - 1)
    figure = {
        "women": str(women),
        "total": str(total),
        "source": "Chamber of Mines employment survey 2026",
        "source_year": str(YEAR),
        "confidence": "high",
    }
    refused = submit(
        client,
        f"{new}?indicator={jumped}",
        figure,
        having=["women", "total"],
        press=send,
    )
    assert refused.status_code == 400
    with app.test_request_context(), force_locale(person.locale or "en"):
        message = gettext(
            "This figure changed a lot since last year: explain the change "
            "before submitting it."
        )
    assert str(Markup.escape(message)) in text_of(refused)  # in her language
    assert _value(cycle, org, jumped) is None  # nothing saved
    explained = submit(
        client,
        f"{new}?indicator={jumped}",
        {**figure, "explanation": "Two lithium mines opened, hiring many women."},
        having=["women", "total"],
        press=send,
    )
    assert explained.status_code == 200
    flagged = _value(cycle, org, jumped)
    assert flagged.flagged and flagged.status == "submitted"
    assert "Two lithium mines opened" in text_of(explained)

    # Her other figures, unremarkable.
    last = one(sa.select(Cycle).where(Cycle.year == YEAR - 1))
    for code in others:
        previous = _value(last, org, code)
        women_before, total_before = (
            (previous.women, previous.total) if previous else (3, 10)
        )
        done = submit(
            client,
            f"{new}?indicator={code}",
            {**figure, "women": str(women_before), "total": str(total_before)},
            having=["women", "total"],
            press=send,
        )
        assert done.status_code == 200, code
        assert _value(cycle, org, code).status == "submitted"
    client.post("/logout")

    # The Secretariat reviews: hers, and every other figure waiting.
    sign_in(client, SECRETARIAT, PASSWORD)
    waiting = db.session.scalars(
        sa.select(MetricValue.id).where(
            MetricValue.cycle_id == cycle.id, MetricValue.status == "submitted"
        )
    ).all()
    assert flagged.id in waiting
    review = text_of(client.get(f"/admin/metrics/values/{flagged.id}/review"))
    assert "Two lithium mines opened" in review  # the reviewer sees the explanation
    for value_id in waiting:
        approved = submit(
            client,
            f"/admin/metrics/values/{value_id}/review",
            {"action": "approve"},
            having=["action"],
        )
        assert approved.status_code == 200
    assert _value(cycle, org, jumped).status == "approved"

    # ... and publishes the cycle (entry stays open; a later approval would need
    # a new version of the publication).
    publish = f"/admin/metrics/cycles/{cycle.id}/publish"
    published = submit(client, publish, {}, action=publish)
    assert published.status_code == 200
    db.session.expire_all()
    publication = latest_for(cycle)
    assert publication is not None
    tables = publication.figures["indicators"]
    assert "WF_WOMEN_SHARE" in tables

    # Visible suppression, in three languages: an indicator with a hidden figure.
    code, symbol = next(
        (code, cell["symbol"])
        for code, table in tables.items()
        for row in table["rows"]
        for cell in row["cells"].values()
        if cell.get("symbol")
    )
    client.post("/logout")  # as a reader of the public pages
    for lang in ("en", "fr", "es"):
        with app.test_request_context(), force_locale(lang):
            title = gettext("Hidden figures")
            meaning = gettext("Fewer than 5 people: not published.")
        if lang != "en":
            assert title != "Hidden figures"  # the catalogue has it
        page = client.get(
            f"/metrics/data/{code}?year={YEAR}", headers={"Accept-Language": lang}
        )
        assert page.status_code == 200
        html = text_of(page)
        assert f'<html lang="{lang}"' in html
        shown = str(Markup.escape(symbol))
        table, legend = html.split('id="legend-title"')
        assert shown in table  # the hidden figure drawn as its symbol
        assert str(Markup.escape(title)) in legend
        assert f"<code>{shown}</code>" in legend
        assert str(Markup.escape(meaning)) in legend

    # The open-data CSV carries its metadata.
    csv = client.get(f"/metrics/data/WF_WOMEN_SHARE/{YEAR}.csv")
    assert csv.status_code == 200
    body = csv.get_data(as_text=True)
    meta = [line for line in body.splitlines() if line.startswith("# ")]
    assert meta
    head = "\n".join(meta)
    for word in ("WF_WOMEN_SHARE", "percent", "<5", "Chamber of Mines"):
        assert word in head, word
    assert "Share of women among all people employed in mining." in head
    assert "Part des femmes" in head  # the definition in French too

    # The annual report of the year, drafted and published by the Secretariat.
    sign_in(client, SECRETARIAT, PASSWORD)
    drafted = submit(client, "/admin/reports", {"year": str(YEAR)}, having=["year"])
    assert drafted.status_code == 200
    done = submit(
        client, f"/admin/reports/{YEAR}", {}, action=f"/admin/reports/{YEAR}/publish"
    )
    assert done.status_code == 200
    client.post("/logout")
    html = client.get(f"/reports/{YEAR}", headers={"Accept-Language": "fr"})
    assert html.status_code == 200
    text = text_of(html)
    assert 'lang="fr"' in text and "Organisations membres" in text
    pdf = client.get(f"/reports/{YEAR}.pdf", headers={"Accept-Language": "fr"})
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")
    from pypdf import PdfReader

    extracted = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf.data)).pages
    )
    assert "Organisations membres" in extracted
    assert str(YEAR) in extracted
