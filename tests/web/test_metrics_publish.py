"""Shared metrics (issue 17, items 4-5): a cycle's approved figures published
through disclosure control as frozen versions; public pages with a chart and its
table in three languages; CSV and JSON open data that never carry a hidden figure;
a breakdown that would reveal a hidden cell refused."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mentorship.core import disclosure_tables as dt
from mentorship.core import memberships
from mentorship.db import db
from mentorship.metrics import cycles, publication, standard, values
from mentorship.metrics.publication import Publication

from ..factories import sign_in

CODES = ("WF_WOMEN_SHARE", "BOARD_WOMEN_SHARE", "PAY_GAP")
PLACES = {
    "za": ("africa", "ZA"),
    "gh": ("africa", "GH"),
    "ke": ("africa", "KE"),
    "gb": ("europe", "GB"),
    "fr": ("europe", "FR"),
}
FIGURES = {  # women, total for the shares; the value for the pay gap
    "WF_WOMEN_SHARE": {
        "za": (120, 1000),
        "gh": (3, 50),
        "ke": (40, 200),
        "gb": (300, 2000),
        "fr": (60, 400),
    },
    "BOARD_WOMEN_SHARE": {
        "za": (2, 9),
        "gh": (6, 12),
        "ke": (1, 7),
        "gb": (4, 10),
        "fr": (5, 11),
    },
    "PAY_GAP": {"za": 20.0, "gh": 15.0, "ke": 18.0, "gb": 12.0, "fr": 40.0},
}


@pytest.fixture
def in_request(app, app_ctx):
    with app.test_request_context():
        yield


@pytest.fixture
def world(in_request, make_org, make_user):
    orgs = {
        key: make_org(name=f"WIM {key.upper()}", region=region, country=country)
        for key, (region, country) in PLACES.items()
    }
    staff = make_user(roles=["secretariat"])
    leaders = {}
    for key, org in orgs.items():
        leaders[key] = make_user(org=org)
        memberships.start(leaders[key], "leader", organisation=org)
    made = {i.code: i for i in standard.seed()}
    today = datetime.now(UTC).date()
    cycle = cycles.create(
        today.year,
        today - timedelta(days=10),
        today + timedelta(days=30),
        [made[code].id for code in CODES],
        staff,
    )
    rows = {}
    for code in CODES:
        for key, figure in FIGURES[code].items():
            if isinstance(figure, tuple):
                given = values.Figures(women=figure[0], total=figure[1], source="HR")
            else:
                given = values.Figures(value=figure, source="Payroll")
            row = values.enter(
                cycle, orgs[key], made[code], {}, given, leaders[key], submit=True
            )
            values.review(row, "approve", "", staff)
            rows[(code, key)] = row
    db.session.commit()
    return {"orgs": orgs, "staff": staff, "cycle": cycle, "rows": rows, "ind": made}


def _row(table, country="", region="", level="country"):
    for row in table["rows"]:
        if row["level"] == level and (
            row["country"] == country if country else row["region"] == region
        ):
            return row
    raise AssertionError((country, region))


def test_publishing_hides_small_counts_and_their_complements(world):
    made = publication.publish(world["cycle"], world["staff"])
    db.session.commit()
    assert made.version == 1
    table = made.figures["indicators"]["WF_WOMEN_SHARE"]
    gh = _row(table, "GH")["cells"]
    assert gh["women"] == {"value": None, "symbol": dt.THRESHOLD}
    assert gh["share"]["symbol"] and gh["share"]["value"] is None
    # GH's women alone in its row and in Africa's column: others hidden with it.
    assert gh["men"]["symbol"] == dt.SECONDARY or gh["total"]["symbol"]
    africa_women = [
        r["cells"]["women"]
        for r in table["rows"]
        if r["level"] == "country" and r["region"] == "africa"
    ]
    assert sum(1 for c in africa_women if c["symbol"]) >= 2
    za = _row(table, "ZA")["cells"]
    assert za["women"]["value"] == 120 and za["share"]["value"] == 12.0
    alliance = table["rows"][0]
    assert alliance["cells"]["women"]["value"] == 523
    assert alliance["contributors"] == 5


def _rebuild(table):
    """What a reader holds: the published cells and the relations."""
    values_, hidden = {}, {}
    for row in table["rows"]:
        key = (row["level"], row["region"], row["country"])
        for column, cell in row["cells"].items():
            if column == "share":
                continue
            values_[(key, column)] = cell["value"]
            if cell["symbol"]:
                hidden[(key, column)] = cell["symbol"]
    return values_, hidden


def test_no_published_table_lets_a_hidden_count_be_solved_for(world):
    made = publication.publish(world["cycle"], world["staff"])
    truth = {
        "GH": (3, 47, 50),
        "ZA": (120, 880, 1000),
        "KE": (40, 160, 200),
    }
    table = made.figures["indicators"]["WF_WOMEN_SHARE"]
    published, hidden = _rebuild(table)
    rows = [(r["level"], r["region"], r["country"]) for r in table["rows"]]
    filled = dict(published)
    for (level, _region, country), column in list(filled):
        if filled[((level, _region, country), column)] is None and country in truth:
            filled[((level, _region, country), column)] = truth[country][
                ("women", "men", "total").index(column)
            ]
    relations = []
    for key in rows:
        relations.append(dt.Relation((key, "total"), ((key, "women"), (key, "men"))))
    for column in ("women", "men", "total"):
        africa = [k for k in rows if k[0] == "country" and k[1] == "africa"]
        relations.append(
            dt.Relation(
                (("region", "africa", ""), column), tuple((k, column) for k in africa)
            )
        )
    africa_hidden = {k: v for k, v in hidden.items() if k[0][1] == "africa"}
    assert africa_hidden
    assert not dt.exposed(filled, relations, africa_hidden)


def test_magnitudes_need_three_contributors_and_no_two_dominating(world):
    made = publication.publish(world["cycle"], world["staff"])
    table = made.figures["indicators"]["PAY_GAP"]
    assert table["columns"] == ["mean"]
    europe = _row(table, region="europe", level="region")["cells"]["mean"]
    assert europe["symbol"] == dt.FEW and europe["value"] is None
    # Africa alone has three contributors, but the Alliance's mean over five
    # minus Africa's would give Europe's: Africa is hidden with it.
    africa = _row(table, region="africa", level="region")["cells"]["mean"]
    assert africa == {"value": None, "symbol": dt.SECONDARY}
    assert table["rows"][0]["cells"]["mean"] == {"value": 21.0, "symbol": None}
    # Every country has one contributor: too few.
    assert _row(table, "ZA")["cells"]["mean"]["symbol"] == dt.FEW
    # No sum of magnitudes is ever stored in the snapshot.
    assert "sum" not in json.dumps(table["rows"])


def test_dominance_hides_an_aggregate(world):
    """Africa's three pay gaps with one of 300: the largest two are 99 % of the
    total, so Africa's mean is hidden ("d"); the Alliance's too (300 + 40 of 385)."""
    rows = [world["rows"][("PAY_GAP", key)] for key in PLACES]
    rows[0].value = 300.0  # in memory only: the table is computed from the rows
    table = publication.indicator_table(world["ind"]["PAY_GAP"], rows)
    db.session.rollback()
    africa = _row(table, region="africa", level="region")["cells"]["mean"]
    assert africa == {"value": None, "symbol": dt.DOMINANCE}
    assert table["rows"][0]["cells"]["mean"]["symbol"] == dt.DOMINANCE


def test_published_versions_are_frozen_and_republishing_adds_one(world):
    first = publication.publish(world["cycle"], world["staff"])
    db.session.commit()
    before = json.dumps(first.figures, sort_keys=True)
    values.reopen(world["rows"][("WF_WOMEN_SHARE", "za")], "Revised", world["staff"])
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(Publication, first.id)
    assert json.dumps(again.figures, sort_keys=True) == before
    second = publication.publish(world["cycle"], world["staff"])
    db.session.commit()
    assert second.version == 2
    assert publication.latest_for(world["cycle"]).id == second.id
    # ZA's reopened value is no longer approved: it is not in version 2.
    table = second.figures["indicators"]["WF_WOMEN_SHARE"]
    assert not [r for r in table["rows"] if r["country"] == "ZA"]
    assert [p.version for p in publication.versions_of(world["cycle"])] == [2, 1]


def test_nothing_approved_is_refused(world, make_user):
    other = cycles.create(
        2015,
        datetime(2016, 1, 1).date(),
        datetime(2016, 3, 1).date(),
        [world["ind"]["WF_WOMEN_SHARE"].id],
        world["staff"],
    )
    db.session.commit()
    with pytest.raises(publication.MetricsError):
        publication.publish(other, world["staff"])


@pytest.mark.parametrize(
    "lang, country", [("fr", "Royaume-Uni"), ("es", "Reino Unido"), ("en", "United")]
)
def test_public_page_in_three_languages(world, client, lang, country):
    publication.publish(world["cycle"], world["staff"])
    db.session.commit()
    page = client.get("/metrics/data/WF_WOMEN_SHARE", headers={"Accept-Language": lang})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'lang="{lang}"' in html
    assert country in html
    assert "<svg" in html and 'role="img"' in html and "<table>" in html
    assert "&lt;5" in html and "<dt><code>s</code></dt>" in html
    assert "<script" not in html.split("<main", 1)[1]
    index = client.get("/metrics/data", headers={"Accept-Language": lang})
    assert index.status_code == 200 and "WF_WOMEN_SHARE" in index.get_data(True)


def test_breakdown_revealing_a_hidden_cell_is_refused(world, client):
    publication.publish(world["cycle"], world["staff"])
    db.session.commit()
    shown = client.get("/metrics/data/WF_WOMEN_SHARE?country=ZA")
    assert shown.status_code == 200 and "1,000" in shown.get_data(True)
    for query in ("country=GH", "country=ZZ", "region=nowhere", "year=abc"):
        refused = client.get(
            f"/metrics/data/WF_WOMEN_SHARE?{query}",
            headers={"Accept-Language": "fr"},
        )
        assert refused.status_code == 400, query
        html = refused.get_data(as_text=True)
        assert "<table" not in html and 'role="alert"' in html
        assert "47" not in html.split("<main", 1)[1]
    assert client.get("/metrics/data/NO_SUCH").status_code == 404
    assert client.get("/metrics/data/WF_WOMEN_SHARE/1999.csv").status_code == 404


def test_files_carry_metadata_and_never_a_hidden_figure(world, client):
    publication.publish(world["cycle"], world["staff"])
    db.session.commit()
    year = world["cycle"].year
    for code in CODES:
        body = client.get(f"/metrics/data/{code}/{year}.json").get_json()
        meta = body["metadata"]
        assert meta["indicator"] == code
        assert set(meta["definition"]) == {"en", "fr", "es"}
        assert set(meta["legend"]) == set(dt.SYMBOLS)
        assert meta["provenance"]["organisations"] == 5
        assert meta["publication_version"] == 1
        raw = client.get(f"/metrics/data/{code}/{year}.csv")
        assert raw.mimetype == "text/csv"
        lines = [
            line
            for line in csv.reader(io.StringIO(raw.get_data(as_text=True)))
            if not line[0].startswith("#")
        ]
        header, rows = lines[0], lines[1:]
        assert len(rows) == len(body["rows"])
        for line, row in zip(rows, body["rows"], strict=True):
            for column in body["columns"]:
                cell = row["cells"][column]
                text = line[header.index(column)]
                if cell["symbol"]:
                    assert text == cell["symbol"] and cell["value"] is None
                else:
                    assert text == str(cell["value"])
    wf = client.get(f"/metrics/data/WF_WOMEN_SHARE/{year}.json").get_json()
    gh = next(r for r in wf["rows"] if r["country"] == "GH")
    assert 3 not in [c["value"] for c in gh["cells"].values()]
    named = wf["metadata"]["provenance"]["named_by_region"]
    assert named == {"africa": ["WIM GH", "WIM KE", "WIM ZA"]}  # Europe has 2


def test_the_secretariat_publishes_from_its_page(world, client):
    sign_in(client, world["staff"])
    cycle_id = world["cycle"].id
    page = client.get(f"/admin/metrics/cycles/{cycle_id}/publish")
    assert page.status_code == 200
    done = client.post(f"/admin/metrics/cycles/{cycle_id}/publish")
    assert done.status_code == 302
    client.post(f"/admin/metrics/cycles/{cycle_id}/publish")
    assert db.session.scalar(sa.select(sa.func.count(Publication.id))) == 2
