"""Registration when a popular session opens (200 people, 100 seats, PostgreSQL).

200 people register at once for a 100-seat session on PostgreSQL, each through the
real service (`events.registration.register`: the session's row locked, the seat
decided, her email rendered with its .ics) in her own thread, app context, session
and connection. The run must end with exactly 100 registered, 100 waitlisted and
0 errors. Beside it, in the same run and on the same people, the same 200
registrations for:

- a session without a capacity limit (baseline: same work, but every registration
  takes a seat at once: the row lock is still taken, no seat is ever refused);
- a 100-seat session with 10 seats reserved for each of three regions;
- the 100-seat session again without rendering the emails (`send=False`), to show
  what the lock and the SQL cost alone.

Each scenario is run ``--runs`` times on a fresh session; the median wall time is
reported with the latencies of one registration (p50/p95/max of the median run).

    python -m benchmarks.events_registration \\
        --db postgresql+psycopg://postgres@127.0.0.1:5432/test_registration

The results go to ``benchmarks/results/events-registration.{json,md}``.
"""

import argparse
import json
import os
import platform
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("JOBS_BACKEND", "immediate")

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks import dashboards  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
REGIONS = ("africa", "europe", "latin_america_caribbean", "asia_pacific")
NOW = datetime.now(UTC).replace(microsecond=0)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", default="postgresql+psycopg://postgres@127.0.0.1:5432/test_registration"
    )
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument(
        "--workers",
        type=int,
        default=50,
        help="threads at once, each with its own connection (PostgreSQL's "
        "max_connections is shared with others)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="events-registration")
    return parser.parse_args(argv)


def make_app(url, workers):
    """The dashboards benchmark's app, with a pool for every thread."""
    return dashboards.make_app(
        url, {"pool_size": workers + 2, "max_overflow": 0, "pool_timeout": 60}
    )


fresh_schema = dashboards.fresh_schema


def people(count):
    """Four member organisations (one per region) and `count` people, bulk-inserted."""
    from mentorship.auth.models import User
    from mentorship.db import db
    from mentorship.organisations.models import Organisation

    db.session.execute(
        sa.insert(Organisation),
        [
            dict(
                id=i + 1,
                name=f"Bench WIM {i + 1}",
                slug=f"bench-wim-{i + 1}",
                country="ZA",
                region=region,
                status="member",
                created_at=NOW,
            )
            for i, region in enumerate(REGIONS)
        ],
    )
    db.session.execute(
        sa.insert(User),
        [
            dict(
                id=i,
                email=f"bench{i}@example.org",
                name=f"Bench person {i}",
                password_hash="!",
                locale=("en", "fr", "es")[i % 3],
                organisation_id=i % len(REGIONS) + 1,
                email_verified_at=NOW,
                consent_version="1",
                consent_at=NOW,
                created_at=NOW,
            )
            for i in range(1, count + 1)
        ],
    )
    db.session.commit()
    return list(range(1, count + 1))


def new_session(label, capacity, reservations=None):
    from mentorship.core import translated
    from mentorship.db import db
    from mentorship.events.models import EventSeries, EventSession, SeatReservation

    start = NOW + timedelta(days=30)
    series = EventSeries(
        slug=f"bench-{label}-{time.monotonic_ns()}",
        kind="round_table",
        name=translated.new_text("en", en="Bench round tables"),
    )
    session = EventSession(
        series=series,
        title=translated.new_text("en", en=f"Bench {label}"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="America/Lima",
        audience="public",
        capacity=capacity,
    )
    for region, seats in (reservations or {}).items():
        session.reservations.append(SeatReservation(region=region, seats=seats))
    db.session.add_all([series, session])
    db.session.commit()
    return session.id


def register_all(app, session_id, user_ids, workers, send=True):
    """Every person registers once, `workers` threads at a time; (wall s, latencies
    ms, errors)."""
    from mentorship.auth.models import User
    from mentorship.db import db
    from mentorship.events import registration

    queue = list(user_ids)
    lock = threading.Lock()
    latencies, errors = [], []
    barrier = threading.Barrier(workers + 1)

    def work():
        with app.app_context():
            barrier.wait()
            while True:
                with lock:
                    if not queue:
                        break
                    user_id = queue.pop(0)
                started = time.perf_counter()
                try:
                    user = db.session.get(User, user_id)
                    registration.register(session_id, user, {}, "everyone", send=send)
                    db.session.commit()
                except Exception as error:  # noqa: BLE001 - counted and reported
                    db.session.rollback()
                    errors.append(repr(error))
                finally:
                    db.session.remove()
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, errors


def outcome(session_id):
    from mentorship.db import db
    from mentorship.events.models import Registration

    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count())
        .where(Registration.session_id == session_id)
        .group_by(Registration.status)
    ).all()
    db.session.rollback()
    return dict(rows)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def scenario(app, label, capacity, user_ids, args, reservations=None, send=True):
    runs = []
    for _ in range(args.runs):
        with app.app_context():
            session_id = new_session(label, capacity, reservations)
        wall, latencies, errors = register_all(
            app, session_id, user_ids, args.workers, send
        )
        with app.app_context():
            counts = outcome(session_id)
        runs.append(
            {
                "wall_s": round(wall, 3),
                "per_s": round(len(user_ids) / wall, 1),
                "p50_ms": round(percentile(latencies, 0.5), 1),
                "p95_ms": round(percentile(latencies, 0.95), 1),
                "max_ms": round(max(latencies), 1),
                "registered": counts.get("registered", 0),
                "waitlisted": counts.get("waitlisted", 0),
                "errors": len(errors),
                "first_error": errors[0] if errors else None,
            }
        )
    median = sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]
    return {"label": label, "capacity": capacity, "median": median, "runs": runs}


def main(argv=None):
    args = parse_args(argv)
    app = make_app(args.db, args.workers)
    with app.app_context():
        fresh_schema(args.db)
        user_ids = people(args.people)
    half = args.seats // 10
    results = [
        scenario(app, "no capacity limit (baseline)", None, user_ids, args),
        scenario(app, f"{args.seats} seats", args.seats, user_ids, args),
        scenario(
            app,
            f"{args.seats} seats, {half} reserved for each of 3 regions",
            args.seats,
            user_ids,
            args,
            reservations={r: half for r in REGIONS[1:]},
        ),
        scenario(
            app,
            f"{args.seats} seats, no email rendered (the lock and SQL alone)",
            args.seats,
            user_ids,
            args,
            send=False,
        ),
    ]
    base = results[0]["median"]["wall_s"]
    print(
        f"{args.people} registrations, {args.workers} threads, {args.runs} runs, "
        f"{make_url(args.db).get_backend_name()} (median run)"
    )
    header = (
        "| session | wall s | reg/s | p50/p95/max ms | registered | waitlisted"
        " | errors | vs baseline |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for result in results:
        m = result["median"]
        lines.append(
            f"| {result['label']} | {m['wall_s']} | {m['per_s']} | "
            f"{m['p50_ms']}/{m['p95_ms']}/{m['max_ms']} | {m['registered']} | "
            f"{m['waitlisted']} | {m['errors']} | {m['wall_s'] / base:.2f}x |"
        )
    print("\n".join(lines))
    capped = [r for r in results if r["capacity"] is not None]
    ok = all(
        run["registered"] == args.seats
        and run["waitlisted"] == args.people - args.seats
        and run["errors"] == 0
        for r in capped
        for run in r["runs"]
    ) and all(
        run["registered"] == args.people and run["errors"] == 0
        for run in results[0]["runs"]
    )
    print("every run exact (100 registered, 100 waitlisted, 0 errors):", ok)
    RESULTS.mkdir(exist_ok=True)
    meta = {
        "when": NOW.isoformat(),
        "db": make_url(args.db).get_backend_name(),
        "people": args.people,
        "seats": args.seats,
        "workers": args.workers,
        "runs": args.runs,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_at_start": os.getloadavg()[0],
        "exact": ok,
    }
    (RESULTS / f"{args.out}.json").write_text(
        json.dumps({"meta": meta, "results": results}, indent=2) + "\n"
    )
    title = (
        f"# Events registration benchmark ({meta['db']}, {args.people} people, "
        f"{args.seats} seats, {args.workers} threads, {args.runs} runs, "
        f"load {meta['load_at_start']:.2f} at start)\n\n"
    )
    (RESULTS / f"{args.out}.md").write_text(
        title + "\n".join(lines) + f"\n\nEvery run exact: {ok}\n"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
