"""Dashboards and exports at Alliance scale: ``python -m benchmarks.dashboards``.

Builds a fresh database through the real migrations, fills it with bulk inserts
(no ORM object per row: ``session.execute(insert(Model), rows)`` in chunks), then
times every dashboard view and export through the Flask test client: one warm-up,
then the median of ``--runs`` runs. The chart cache and the cache of figures are
emptied before every run, so each timing includes computing the figures and drawing
the charts; then the same view is timed again served from the cache of figures
(``cached``). It also times each metric query alone.

    python -m benchmarks.dashboards --members 100000 --mentorships 50000 \\
        --db sqlite:////tmp/bench.db
    python -m benchmarks.dashboards \\
        --db postgresql+psycopg://postgres@127.0.0.1:5432/bench

The results go to ``benchmarks/results/dashboards-<sqlite|postgresql>.json``.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("JOBS_BACKEND", "immediate")

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
REGIONS = (
    "africa",
    "asia_pacific",
    "europe",
    "latin_america_caribbean",
    "middle_east",
    "north_america",
)
FIRST = ("Amina", "Lucía", "Marie", "Thandi", "Ana", "Priya", "Chloé", "Grace")
LAST = ("Diallo", "Quispe", "Dubois", "Nkosi", "Silva", "Rao", "Martin", "Mensah")
CHUNK = 5000
NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = NOW.date()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--mentorships", type=int, default=50_000)
    parser.add_argument("--db", default="sqlite:////tmp/bench.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reuse", action="store_true", help="keep an existing db")
    parser.add_argument("--out", type=Path, default=None)
    return parser.parse_args(argv)


def make_app(url, engine_options=None):
    """The app on `url`, jobs inline, emails kept in memory; `engine_options` for
    SQLAlchemy's pool (a benchmark with many threads wants a larger one)."""
    from mentorship import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            **({"SQLALCHEMY_ENGINE_OPTIONS": engine_options} if engine_options else {}),
            "SECRET_KEY": "benchmark-secret-key-not-for-production-0",
            "RATELIMIT_ENABLED": False,
            "FORCE_HTTPS": False,
            "MAIL_BACKEND": "locmem",
            "JOBS_BACKEND": "immediate",
            "SERVER_NAME": "localhost",
        }
    )


def fresh_schema(url):
    """An empty database at the latest migration."""
    from flask_migrate import upgrade

    from mentorship.db import db

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).unlink(missing_ok=True)
    elif parsed.database == "test":
        sys.exit("refusing to use database 'test': the test suite owns it")
    else:
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade()


# --- Synthetic Alliance ------------------------------------------------------------


TEXTS_FROM = 1000  # the generated programmes' names: translated texts from 1001


class Generator:
    """Rows of a plausible Alliance, as plain dicts with explicit ids."""

    def __init__(self, members, mentorships, seed):
        self.rng = random.Random(seed)
        self.members = members
        self.target = mentorships
        self.tables = {}

    def build(self):
        self.organisations()
        self.people()
        self.programmes()
        self.enrolments()
        self.pairs()
        self.activity()
        return self.tables

    def organisations(self):
        count = max(20, self.members // 400)
        self.tables["organisations"] = [
            dict(
                id=i,
                name=f"Bench WIM {i:04d}",
                slug=f"bench-wim-{i:04d}",
                country="ZA",
                region=REGIONS[i % len(REGIONS)],
                status="member",
                created_at=NOW,
            )
            for i in range(1, count + 1)
        ]
        self.org_region = {o["id"]: o["region"] for o in self.tables["organisations"]}

    def people(self):
        rng, orgs = self.rng, len(self.tables["organisations"])
        users = []
        for i in range(1, self.members + 4):
            org = rng.randint(1, orgs) if rng.random() < 0.95 else None
            users.append(
                dict(
                    id=i,
                    email=f"member{i}@bench.example",
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                    password_hash="!",
                    locale=rng.choices(("en", "fr", "es"), (50, 25, 25))[0],
                    organisation_id=org,
                    email_verified_at=NOW,
                    consent_version="2026-11",
                    consent_at=NOW,
                    session_version=1,
                    created_at=NOW,
                )
            )
        staff = self.members + 1
        users[-1]["organisation_id"] = 1  # the coordinator of organisation 1
        self.staff = {
            "secretariat": staff,
            "steering": staff + 1,
            "coordinator": staff + 2,
        }
        self.tables["users"] = users
        self.tables["role_grants"] = [
            dict(user_id=self.staff[role], role=role, granted_at=NOW)
            for role in ("secretariat", "steering")
        ]
        # A coordinator is a membership of her organisation (core.memberships).
        self.tables["memberships"] = [
            dict(
                id=1,
                user_id=self.staff["coordinator"],
                organisation_id=1,
                position="coordinator",
                starts_on=TODAY - timedelta(days=365),
                created_at=NOW,
            )
        ]

    def programmes(self):
        rows, texts, translations = [], [], []
        for i in range(1, 5):
            opens = TODAY - timedelta(days=720 - 180 * (i - 1))
            # The name is translated content: a text in English, reviewed in fr/es.
            text_id = TEXTS_FROM + i  # past the texts the migrations seed (themes)
            texts.append(dict(id=text_id, source_lang="en"))
            for lang, name in (("en", "Cohort"), ("fr", "Cohorte"), ("es", "Cohorte")):
                translations.append(
                    dict(
                        text_id=text_id,
                        lang=lang,
                        body=f"{name} {i}",
                        status="reviewed",
                        updated_at=NOW,
                    )
                )
            rows.append(
                dict(
                    id=i,
                    name_id=text_id,
                    enrol_opens_on=opens,
                    enrol_closes_on=opens + timedelta(days=30),
                    starts_on=opens + timedelta(days=45),
                    ends_on=opens + timedelta(days=45 + 365),
                    status="published" if i > 2 else "archived",
                    all_organisations=True,
                    duration_months=6,
                    created_at=NOW,
                )
            )
        self.tables["translated_texts"] = texts
        self.tables["translations"] = translations
        self.tables["programmes"] = rows

    def enrolments(self):
        rng, rows = self.rng, []
        mentees = int(self.members * 0.62)
        self.mentees, self.mentors = {}, {}  # programme -> [enrolment]
        for user in self.tables["users"][: self.members]:
            programme = self.tables["programmes"][user["id"] % 4]
            role = "mentee" if user["id"] <= mentees else "mentor"
            opens = datetime.combine(programme["enrol_opens_on"], datetime.min.time())
            row = dict(
                id=user["id"],
                programme_id=programme["id"],
                user_id=user["id"],
                role=role,
                goals="Plan a mine closure",
                capacity=2 if role == "mentor" else 1,
                slots_taken=0,
                status="withdrawn" if rng.random() < 0.03 else "enrolled",
                enrolled_at=opens.replace(tzinfo=UTC)
                + timedelta(minutes=rng.randint(0, 30 * 1440)),
            )
            rows.append(row)
            pool = self.mentees if role == "mentee" else self.mentors
            pool.setdefault(programme["id"], []).append(row)
        self.tables["enrolments"] = rows

    def _first_pair(self, mentee):
        mentor = self.rng.choice(self.mentors[mentee["programme_id"]])
        start = mentee["enrolled_at"] + timedelta(days=self.rng.randint(3, 75))
        return self._pair(mentee, mentor, min(start, NOW))

    def _pair(self, mentee, mentor, start):
        rng = self.rng
        status = rng.choices(("active", "completed", "closed_early"), (55, 30, 15))[0]
        if start > NOW - timedelta(days=30):
            status = "active"
        closed = None
        if status == "completed":
            closed = min(start + timedelta(days=180), NOW - timedelta(days=1))
        elif status == "closed_early":
            closed = start + timedelta(days=rng.randint(10, 25))
        user = self.tables["users"]
        return dict(
            programme_id=mentee["programme_id"],
            mentee_user_id=mentee["user_id"],
            mentor_user_id=mentor["user_id"],
            mentee_organisation_id=user[mentee["user_id"] - 1]["organisation_id"],
            mentor_organisation_id=user[mentor["user_id"] - 1]["organisation_id"],
            status=status,
            started_at=start,
            closed_at=closed,
            rematch_requested=status == "closed_early" and rng.random() < 0.4,
            close_reason="no_time" if status == "closed_early" else "",
            close_note="",
        )

    def pairs(self):
        rng, pairs, proposals = self.rng, [], []
        primary = round(self.target / 1.04)
        candidates = [
            e
            for rows in self.mentees.values()
            for e in rows
            if e["status"] == "enrolled"
        ]
        rng.shuffle(candidates)
        for mentee in candidates[:primary]:
            pairs.append(self._first_pair(mentee))
        for earlier in list(pairs):
            if len(pairs) >= self.target:
                break
            if earlier["rematch_requested"] and rng.random() < 0.6:
                mentee = self.tables["enrolments"][earlier["mentee_user_id"] - 1]
                mentor = rng.choice(self.mentors[mentee["programme_id"]])
                start = earlier["closed_at"] + timedelta(days=rng.randint(5, 30))
                pairs.append(self._pair(mentee, mentor, min(start, NOW)))
        while len(pairs) < self.target and primary < len(candidates):
            pairs.append(self._first_pair(candidates[primary]))
            primary += 1
        for i, pair in enumerate(pairs, 1):
            pair["id"] = i
            pair["proposal_id"] = i
            proposals.append(self._proposal(i, pair, "accepted", ""))
        for mentee in candidates[primary : primary + len(pairs) // 4]:
            mentor = rng.choice(self.mentors[mentee["programme_id"]])
            status = rng.choices(("declined", "expired", "rejected"), (6, 3, 1))[0]
            reason = ""
            if status == "declined":
                side = rng.choice(("mentee", "mentor"))
                code = rng.choice(("no_time", "not_a_fit", "language", "other"))
                reason = f"{side}:{code}"
            pair = self._pair(mentee, mentor, mentee["enrolled_at"])
            proposals.append(self._proposal(len(proposals) + 1, pair, status, reason))
        self.tables["mentorships"] = pairs
        self.tables["proposals"] = proposals

    def _proposal(self, i, pair, status, reason):
        # One enrolment per person here: enrolment ids equal user ids.
        return dict(
            id=i,
            programme_id=pair["programme_id"],
            mentee_enrolment_id=pair["mentee_user_id"],
            mentor_enrolment_id=pair["mentor_user_id"],
            mentee_organisation_id=pair["mentee_organisation_id"],
            mentor_organisation_id=pair["mentor_organisation_id"],
            score=0.7,
            reasons=[],
            alternatives=[],
            manual=False,
            status=status,
            close_reason=reason,
            close_note="",
            created_at=pair["started_at"] - timedelta(days=10),
            released_at=pair["started_at"] - timedelta(days=9),
            closed_at=pair["started_at"],
        )

    def activity(self):
        rng = self.rng
        meetings, goals, answers = [], [], []
        users = self.tables["users"]
        for pair in self.tables["mentorships"]:
            end = (pair["closed_at"] or NOW).date()
            span = max((end - pair["started_at"].date()).days, 1)
            for _ in range(rng.choice((0, 2, 4, 6, 8, 10, 12))):
                held = pair["started_at"].date() + timedelta(days=rng.randint(0, span))
                meetings.append(
                    dict(
                        mentorship_id=pair["id"],
                        held_on=min(held, TODAY),
                        duration_minutes=60,
                        mode="online",
                        topics="",
                        created_at=NOW,
                    )
                )
            for _ in range(rng.randint(0, 4)):
                status = rng.choice(
                    ("not_started", "in_progress", "achieved", "dropped")
                )
                goals.append(
                    dict(
                        mentorship_id=pair["id"],
                        title="A goal",
                        status=status,
                        created_at=NOW,
                        updated_at=NOW,
                    )
                )
            stage = {"completed": "final", "active": "midpoint"}.get(pair["status"])
            for role in ("mentee", "mentor"):
                if stage is None or rng.random() < 0.4:
                    continue
                person = users[pair[f"{role}_user_id"] - 1]
                org = person["organisation_id"]
                answers.append(
                    dict(
                        # Opaque and unique, as the app's keyed fingerprint is.
                        answer_key=f"bench-{pair['id']}-{role}-{stage}",
                        programme_id=pair["programme_id"],
                        organisation_id=org,
                        region=self.org_region.get(org),
                        language=person["locale"],
                        role=role,
                        stage=stage,
                        satisfaction=rng.choices((1, 2, 3, 4, 5), (1, 2, 5, 9, 8))[0],
                        nps=rng.randint(0, 10),
                        confidence=rng.randint(1, 5),
                        goal_progress=[],
                        comment="",
                        submitted_at=NOW,
                    )
                )
        self.tables.update(meetings=meetings, goals=goals, survey_responses=answers)


def load(tables):
    """Bulk inserts, in chunks, in dependency order; then fresh planner statistics."""
    from mentorship.db import db

    for name in (
        "organisations",
        "users",
        "role_grants",
        "memberships",
        "translated_texts",
        "translations",
        "programmes",
        "enrolments",
        "proposals",
        "mentorships",
        "meetings",
        "goals",
        "survey_responses",
    ):
        table = db.metadata.tables[name]
        rows = tables[name]
        for start in range(0, len(rows), CHUNK):
            db.session.execute(sa.insert(table), rows[start : start + CHUNK])
        db.session.commit()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            for name in tables:
                if "id" in db.metadata.tables[name].c:
                    conn.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"(SELECT MAX(id) FROM {name}))"
                        )
                    )
        conn.execute(sa.text("ANALYZE"))


# --- Timing ------------------------------------------------------------------------


def views(staff):
    """(name, user, url) of every dashboard view and export that is timed."""
    secretariat, steering, coordinator = (
        staff["secretariat"],
        staff["steering"],
        staff["coordinator"],
    )
    return [
        ("dashboard: Alliance", secretariat, "/dashboard"),
        ("dashboard: one programme", secretariat, "/dashboard?programme=3"),
        (
            "dashboard: region + language",
            secretariat,
            "/dashboard?region=africa&language=fr",
        ),
        (
            "dashboard: by organisation",
            secretariat,
            "/dashboard?breakdown=organisation",
        ),
        ("dashboard: steering (read-only)", steering, "/dashboard"),
        (
            "dashboard: coordinator's organisation",
            coordinator,
            "/dashboard/organisations/1",
        ),
        ("report: one programme", steering, "/dashboard/programmes/3/report"),
        ("export: metrics CSV", secretariat, "/dashboard/export/metrics.csv"),
        ("export: metrics XLSX", secretariat, "/dashboard/export/metrics.xlsx"),
        (
            "export: participants CSV (all)",
            secretariat,
            "/dashboard/export/participants.csv",
        ),
        (
            "export: participants XLSX (all)",
            secretariat,
            "/dashboard/export/participants.xlsx",
        ),
        (
            "export: participants CSV (coordinator)",
            coordinator,
            "/dashboard/export/participants.csv?organisation=1",
        ),
    ]


def _median_ms(fn, runs, before=None):
    samples = []
    fn()  # warm-up
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
    }


def time_views(app, staff, runs):
    """Each view computed (figure and chart caches emptied before every run), then
    served from the cache of figures (outcomes/cache.py)."""
    from mentorship.outcomes import cache, charts

    def empty_caches():
        charts.bars.cache_clear()
        cache.clear()

    results = {}
    for name, user_id, url in views(staff):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = f"{user_id}:1"
            session["_fresh"] = True
        last = {}

        def get(client=client, url=url, last=last):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            last["bytes"] = len(response.data)

        results[name] = {
            "url": url,
            **_median_ms(get, runs, empty_caches),
            "cached_median_ms": _median_ms(get, runs)["median_ms"],
            "bytes": last["bytes"],
        }
        row = results[name]
        print(
            f"  {name:42} {row['median_ms']:>9.1f} ms, cached "
            f"{row['cached_median_ms']:>7.1f} ms",
            flush=True,
        )
    return results


def time_queries(app, runs):
    from mentorship.db import db
    from mentorship.outcomes import metrics
    from mentorship.outcomes.filters import Filters

    everyone = Filters()
    queries = {
        "enrolment (by region)": lambda: metrics.enrolment(everyone),
        "enrolment (by organisation)": lambda: metrics.enrolment(
            everyone, "organisation"
        ),
        "time_to_match (median)": lambda: metrics.time_to_match(everyone),
        "proposals": lambda: metrics.proposals(everyone),
        "mentorships": lambda: metrics.mentorships(everyone),
        "surveys": lambda: metrics.survey_cells(),
    }
    results = {}
    with app.test_request_context():
        for name, query in queries.items():
            results[name] = _median_ms(query, runs)
            db.session.rollback()
    return results


def table(results):
    lines = ["| view | median ms | min ms | max ms | size |", "|---|---|---|---|---|"]
    for name, row in results.items():
        size = row.get("bytes")
        size = f"{size / 1024:,.0f} KiB" if size else ""
        lines.append(
            f"| {name} | {row['median_ms']:,.0f} | {row['min_ms']:,.0f} | "
            f"{row['max_ms']:,.0f} | {size} |"
        )
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    app = make_app(args.db)
    kind = make_url(args.db).get_backend_name()
    from mentorship.db import db

    with app.app_context():
        generated = None
        if not args.reuse:
            started = time.perf_counter()
            fresh_schema(args.db)
            print("generating...", flush=True)
            tables = Generator(args.members, args.mentorships, args.seed).build()
            load(tables)
            generated = round(time.perf_counter() - started, 1)
            print(f"database ready in {generated} s", flush=True)
        counts = {
            name: db.session.scalar(
                sa.select(sa.func.count()).select_from(db.metadata.tables[name])
            )
            for name in (
                "users",
                "enrolments",
                "proposals",
                "mentorships",
                "meetings",
                "goals",
                "survey_responses",
            )
        }
        staff = {
            role: db.session.scalar(
                sa.text(
                    "SELECT user_id FROM role_grants WHERE role = :r UNION "
                    "SELECT user_id FROM memberships WHERE position = :r"
                ),
                {"r": role},
            )
            for role in ("secretariat", "steering", "coordinator")
        }
        db.session.remove()
    print(json.dumps(counts))
    print("views (median of", args.runs, "runs after one warm-up):")
    timings = time_views(app, staff, args.runs)
    queries = time_queries(app, args.runs)
    record = {
        "database": kind,
        "members": args.members,
        "mentorships": args.mentorships,
        "rows": counts,
        "generate_and_load_s": generated,
        "runs": args.runs,
        "views": timings,
        "queries": queries,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "sqlalchemy": sa.__version__,
        },
        "date": date.today().isoformat(),
    }
    out = args.out or RESULTS / f"dashboards-{kind}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2) + "\n")
    print(table(timings))
    print(table(queries))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
