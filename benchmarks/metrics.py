"""Shared metrics at Alliance scale: ``python -m benchmarks.metrics``.

Issue 17, "Scale and speed": 500 organisations x 30 indicators x 10 annual cycles,
with breakdowns, then times

- publishing the last cycle (``metrics.publication.publish``: aggregation per
  country, region and Alliance and disclosure control, suppression and the check
  included), with the peak memory (tracemalloc, in a separate run);
- the same publish with the solver check off (``disclosure_tables.exposed``
  answering "nothing recoverable": primary and secondary suppression only): the
  baseline, run in the same process on the same data, which isolates what proving
  that no hidden cell can be recovered costs;
- a bare SELECT of the cycle's approved totals (what publication reads), the
  floor of any publication;
- rendering the annual report of that year as HTML and as PDF (French) through
  the Flask test client, and the same report of a year without a cycle (the
  report's other sections alone) as its baseline.

The data is loaded with bulk inserts (``session.execute(insert(table), rows)``),
every value valid (women <= total, percentages 0-100, in the indicator's
breakdowns) and approved. The 30 indicators are made through the registry's own
service (``metrics.indicators.create``), the rest is bulk.

    python -m benchmarks.metrics                       # SQLite, /tmp/bench-metrics.db
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench python -m benchmarks.metrics

Results: ``benchmarks/results/metrics-<sqlite|postgresql>.json`` and ``.md``.
"""

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import statistics
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("JOBS_BACKEND", "immediate")

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.dashboards import REGIONS, fresh_schema, make_app  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
CHUNK = 5000
NOW = datetime.now(UTC).replace(microsecond=0)
COUNTRIES = {  # 55 countries over the six regions
    "africa": ["ZA", "GH", "KE", "TZ", "ZM", "ZW", "NA", "BW", "ML", "BF"],
    "asia_pacific": ["AU", "ID", "PH", "PG", "MN", "IN", "CN", "NC", "LA", "VN"],
    "europe": ["SE", "FI", "PL", "ES", "PT", "GB", "DE", "NO", "IE", "RS"],
    "latin_america_caribbean": [
        "CL",
        "PE",
        "BR",
        "CO",
        "MX",
        "AR",
        "BO",
        "EC",
        "GY",
        "JM",
    ],
    "middle_east": ["SA", "JO", "OM", "AE", "MA", "EG", "TR", "IR", "QA", "KW"],
    "north_america": ["CA", "US", "GL", "PM", "BM"],
}
FIRST_YEAR = 2016


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument(
        "--db",
        default=os.environ.get("DATABASE_URL", "sqlite:////tmp/bench-metrics.db"),
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="cProfile a publish")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.db.startswith("postgresql://"):
        args.db = "postgresql+psycopg://" + args.db[len("postgresql://") :]
    return args


# --- Data ---------------------------------------------------------------------------


def make_indicators(count):
    """`count` indicators through the registry's service: the standard set, then
    numbered copies of its definitions (shares, a count, a magnitude)."""
    from mentorship.metrics import indicators, standard

    made = standard.seed()
    i = 0
    while len(made) < count:
        code, kind, endorsed, definition = standard.SET[i % len(standard.SET)]
        made.append(
            indicators.create(f"{code}_{i + 2:02d}", definition, None, kind=kind)
        )
        i += 1
    return made


def insert(table, rows):
    from mentorship.db import db

    t = db.metadata.tables[table]
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(t), rows[start : start + CHUNK])


def build(args):
    """Organisations, a Secretariat user, indicators, cycles and approved values."""
    from mentorship.db import db
    from mentorship.metrics.models import Entry, Kind

    rng = random.Random(args.seed)
    places = [(r, c) for r in REGIONS for c in COUNTRIES[r]]
    weights = [rng.choice((1, 1, 2, 4, 8, 12)) for _ in places]
    orgs = []
    for i in range(1, args.organisations + 1):
        region, country = rng.choices(places, weights)[0]
        orgs.append(
            dict(
                id=i,
                name=f"Bench WIM {i:04d}",
                slug=f"bench-wim-{i:04d}",
                country=country,
                region=region,
                status="member",
                member_since=date(2010, 1, 1),
                created_at=NOW,
            )
        )
    insert("organisations", orgs)
    secretariat = dict(
        id=1,
        email="secretariat@bench.example",
        name="Bench Secretariat",
        password_hash="!",
        locale="fr",
        email_verified_at=NOW,
        consent_version="2026-11",
        consent_at=NOW,
        session_version=1,
        created_at=NOW,
    )
    insert("users", [secretariat])
    insert("role_grants", [dict(user_id=1, role="secretariat", granted_at=NOW)])
    db.session.commit()

    made = make_indicators(args.indicators)
    db.session.commit()
    specs = []
    for indicator in made:
        version = indicator.versions[-1] if indicator.versions else None
        version = version or indicator.current
        specs.append((indicator, version))

    cycles, asked, cycle_ind, values = [], [], [], []
    vid = 0
    size = {o["id"]: rng.choice((20, 60, 200, 800, 3000)) for o in orgs}
    for c in range(args.cycles):
        year = FIRST_YEAR + c
        cid = c + 1
        cycles.append(
            dict(
                id=cid,
                year=year,
                opens_on=date(year + 1, 1, 15),
                deadline=date(year + 1, 3, 31),
                created_at=NOW,
            )
        )
        asked += [dict(cycle_id=cid, organisation_id=o["id"]) for o in orgs]
        cycle_ind += [dict(cycle_id=cid, indicator_id=i.id) for i, _ in specs]
        at = datetime(year + 1, 3, 1, tzinfo=UTC)
        for o in orgs:
            for indicator, version in specs:
                for breakdown, part in _breakdowns(version):
                    vid += 1
                    row = dict(
                        id=vid,
                        cycle_id=cid,
                        organisation_id=o["id"],
                        indicator_id=indicator.id,
                        indicator_version_id=version.id,
                        breakdown=breakdown,
                        version=1,
                        superseded=False,
                        status="approved",
                        revision=1,
                        source="Bench company report",
                        source_year=year,
                        coverage_note="",
                        confidence="high",
                        flagged=False,
                        explanation="",
                        document_name="",
                        document_mime="",
                        entered_by_id=None,
                        submitted_at=at,
                        first_submitted_at=at,
                        reviewed_by_id=1,
                        reviewed_at=at + timedelta(days=5),
                        review_comment="",
                        women=None,
                        total=None,
                        value=None,
                        created_at=at,
                        updated_at=at,
                    )
                    if version.entry == Entry.SHARE:
                        small = "BOARD" in indicator.code
                        total = rng.randint(5, 12) if small else size[o["id"]]
                        total = max(1, int(total * part))
                        women = rng.randint(0, total // 2 + 1)
                        row.update(women=min(women, total), total=total, value=None)
                        row["value"] = round(100 * row["women"] / total, 1)
                    elif indicator.kind == Kind.COUNT:
                        row.update(value=float(int(rng.randint(0, 6) * part)))
                    else:  # pay gap, percent
                        row.update(value=round(rng.uniform(2, 35), 1))
                    values.append(row)
    insert("metric_cycles", cycles)
    insert("metric_cycle_indicators", cycle_ind)
    insert("metric_cycle_organisations", asked)
    insert("metric_values", values)
    db.session.commit()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            for name in ("organisations", "users", "metric_cycles", "metric_values"):
                conn.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT MAX(id) FROM {name}))"
                    )
                )
        conn.execute(sa.text("ANALYZE"))
    return len(values)


def _breakdowns(version):
    """[(key, share of the total)]: the total, and for indicators broken down by
    job level, two of its levels (their counts are parts of the total)."""
    out = [("", 1.0)]
    if "job_level" in (version.disaggregations or []):
        out += [("job_level=management", 0.2), ("job_level=technical", 0.4)]
    return out


# --- Timing -------------------------------------------------------------------------


def _times(fn, runs, after=None):
    fn()  # warm-up
    if after:
        after()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
        if after:
            after()
    return {
        "median_s": round(statistics.median(out), 3),
        "min_s": round(min(out), 3),
        "max_s": round(max(out), 3),
    }


def _peak(fn, after=None):
    tracemalloc.start()
    try:
        fn()
        return round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    finally:
        tracemalloc.stop()
        if after:
            after()


def time_publication(app, year, runs, profile):
    from mentorship.core import disclosure_tables as dt
    from mentorship.db import db
    from mentorship.metrics import publication
    from mentorship.metrics.models import Cycle, MetricValue

    results, figures = {}, {}
    with app.test_request_context():
        cycle = db.session.scalar(sa.select(Cycle).where(Cycle.year == year))

        def publish():
            db.session.expire_all()
            found = publication.publish(cycle, None)
            figures["last"] = found.figures

        def bare():
            db.session.execute(
                sa.select(MetricValue).where(
                    MetricValue.cycle_id == cycle.id,
                    MetricValue.status == "approved",
                    MetricValue.superseded.is_(False),
                    MetricValue.breakdown == "",
                )
            ).all()

        def undo():
            db.session.rollback()

        results["publish"] = _times(publish, runs, undo)
        results["publish"]["peak_mib"] = _peak(publish, undo)
        real = dt.exposed
        dt.exposed = lambda *a, **k: set()
        try:
            results["publish_check_off"] = _times(publish, runs, undo)
            results["publish_check_off"]["peak_mib"] = _peak(publish, undo)
        finally:
            dt.exposed = real
        results["bare_select"] = _times(bare, runs)
        results["bare_select"]["peak_mib"] = _peak(bare)
        profiled = None
        if profile:
            prof = cProfile.Profile()
            prof.enable()
            publish()
            prof.disable()
            undo()
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
            profiled = buf.getvalue()
        # Keep one publication for the annual report.
        publish()
        db.session.commit()
    return results, _cells(figures["last"]), profiled


def _cells(figures):
    """How many cells were published and hidden, by symbol."""
    counts = {"shown": 0}
    for table in figures["indicators"].values():
        for row in table["rows"]:
            for cell in row["cells"].values():
                if cell.get("symbol"):
                    counts[cell["symbol"]] = counts.get(cell["symbol"], 0) + 1
                elif cell.get("value") is not None:
                    counts["shown"] += 1
    return counts


def time_report(app, year, runs):
    from mentorship.auth.models import User
    from mentorship.db import db
    from mentorship.reports import services

    with app.app_context():
        staff = db.session.get(User, 1)
        for y in (year, FIRST_YEAR - 1):
            services.publish(services.draft(y, staff), staff)
        db.session.commit()
    client = app.test_client()
    out = {}
    for name, y, suffix in (
        ("report_html_fr", year, ""),
        ("report_pdf_fr", year, ".pdf"),
        ("report_html_fr_no_cycle", FIRST_YEAR - 1, ""),
        ("report_pdf_fr_no_cycle", FIRST_YEAR - 1, ".pdf"),
    ):
        url = f"/reports/{y}{suffix}"
        headers = {"Accept-Language": "fr"}
        got = {}

        def get(url=url, headers=headers, got=got):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)
            got["bytes"] = len(response.data)

        out[name] = _times(get, runs)
        out[name]["peak_mib"] = _peak(get)
        out[name]["bytes"] = got["bytes"]
    return out


def table(results):
    lines = [
        "| step | median s | min s | max s | peak MiB |",
        "|---|---|---|---|---|",
    ]
    for name, row in results.items():
        lines.append(
            f"| {name} | {row['median_s']:.3f} | {row['min_s']:.3f} | "
            f"{row['max_s']:.3f} | {row['peak_mib']} |"
        )
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    app = make_app(args.db)
    kind = make_url(args.db).get_backend_name()
    from mentorship.db import db

    with app.app_context():
        started = time.perf_counter()
        fresh_schema(args.db)
        rows = build(args)
        generated = round(time.perf_counter() - started, 1)
        db.session.remove()
    print(f"{rows} values loaded in {generated} s", flush=True)
    year = FIRST_YEAR + args.cycles - 1
    publishing, cells, profiled = time_publication(app, year, args.runs, args.profile)
    print(table(publishing), flush=True)
    print("published cells:", json.dumps(cells), flush=True)
    report = time_report(app, year, args.runs)
    print(table(report), flush=True)
    if profiled:
        print(profiled)
    record = {
        "database": kind,
        "organisations": args.organisations,
        "indicators": args.indicators,
        "cycles": args.cycles,
        "values": rows,
        "published_year": year,
        "generate_and_load_s": generated,
        "runs": args.runs,
        "publication": publishing,
        "published_cells": cells,
        "report": report,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "sqlalchemy": sa.__version__,
        },
        "date": date.today().isoformat(),
    }
    out = args.out or RESULTS / f"metrics-{kind}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2) + "\n")
    md = [
        f"# Shared metrics benchmark ({kind}, {record['date']})",
        "",
        f"{args.organisations} organisations x {args.indicators} indicators x "
        f"{args.cycles} cycles: {rows} approved values (totals and job-level "
        f"breakdowns), loaded in {generated} s. Publishing cycle {year}; "
        f"median of {args.runs} runs after a warm-up; peak memory from a separate "
        "run under tracemalloc.",
        "",
        table(publishing),
        "",
        f"Published cells: {json.dumps(cells)}",
        "",
        table(report),
        "",
    ]
    out.with_suffix(".md").write_text("\n".join(md))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
