"""Pages under load, beside a bare Flask page: ``python -m benchmarks.web``.

What it does, all on this machine (loopback only, bounded in time, stops by itself):

1. builds a fresh PostgreSQL database through the real migrations and loads the demo
   (``--members 100000`` loads the dashboards benchmark's Alliance-scale data instead:
   organisations, people, programmes and mentorships, no events, groups, decisions or
   elections, so the pages of those are left out, each named);
2. counts the SQL statements of every key page, signed in as the person who uses it,
   through the Flask test client;
3. serves the platform with gunicorn and the repository's ``gunicorn.conf.py``, and a
   bare Flask page that renders one small template (``benchmarks/bare.py``) the same
   way, on another port;
4. signs in each role over HTTP, as a browser does (the login form and its CSRF token);
5. for each page and each connection count, runs wrk on the bare page, then on the
   page, for ``--duration`` seconds each, ``--rounds`` times: the ratio of each pair,
   measured side by side in the same seconds, is what to read, and the rounds'
   median is reported (the machine is shared; absolute figures move with its load,
   ratios much less, a median of pairs less still);
6. prints requests/s, p50/p95/p99, errors, queries per page and the ratios, checks the
   targets, and records everything in ``benchmarks/results/web-<label>.json`` and
   ``.md``.

Latencies are wrk's, which corrects them for coordinated omission: a request that
waited far longer than the run's usual interval adds the samples its connection
would have sent meanwhile. One stall of every connection (a page rendered afresh
by all of a worker's threads at once) therefore weighs on the p95 as the waiting
it caused, not as ten requests among thousands.

    python -m benchmarks.web --label after
    python -m benchmarks.web --duration 5 --pages dashboard,approvals
    python -m benchmarks.web --members 100000 --mentorships 50000 --label big

Needs wrk (Debian: ``apt-get install wrk``) and a PostgreSQL server (``--db``).
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
PASSWORD = "wim-bench-2026"  # set on the accounts the benchmark signs in with

# What each kind of page must reach (issue 18): throughput as a share of the bare
# page's, and p95 at the highest connection count within a multiple of the bare p95.
TARGETS = {"member": 1 / 5, "coordinator": 1 / 5, "report": 1 / 10}
P95_FACTOR = 5


@dataclass
class Page:
    name: str
    role: str  # who signs in: anonymous, mentee, mentor, coordinator, secretariat
    path: str
    kind: str  # member, coordinator or report: decides the target
    queries: int | None = None
    runs: list = field(default_factory=list)


GROUP = "/groups/role-models-mentors"
THEME = "/themes/role_models_mentors"


def _at_least_one(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", default="postgresql://postgres@127.0.0.1:5432/bench_web"
    )
    parser.add_argument("--members", type=int, default=0, help="0: the demo data")
    parser.add_argument("--mentorships", type=int, default=50_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument(
        "--rounds",
        type=_at_least_one,
        default=3,
        help="(bare, page) pairs per level",
    )
    parser.add_argument("--warmup", type=int, default=2, help="seconds before runs")
    parser.add_argument("--connections", default="10,50")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pages", default="", help="comma-separated name filter")
    parser.add_argument("--reuse", action="store_true", help="keep the database")
    parser.add_argument("--label", default="run")
    parser.add_argument("--out", type=Path, default=None)
    return parser.parse_args(argv)


# ---------------------------------------------------------------- the database


def sqlalchemy_url(url):
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def ensure_database(url):
    """Create the PostgreSQL database if it is missing (connects to 'postgres')."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    target = make_url(sqlalchemy_url(url))
    if target.get_backend_name() != "postgresql":
        return
    admin = sa.create_engine(
        target.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        exists = conn.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
            {"n": target.database},
        )
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def make_app(url):
    from mentorship import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url),
            "SECRET_KEY": "benchmark-secret-key-not-for-production-0",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "FORCE_HTTPS": False,
            "MAIL_BACKEND": "locmem",
            "JOBS_BACKEND": "immediate",
        }
    )


def build_database(app, args):
    """A fresh schema with the demo, or with the Alliance-scale generated data."""
    from benchmarks import dashboards
    from mentorship.db import db

    with app.app_context():
        dashboards.fresh_schema(app.config["SQLALCHEMY_DATABASE_URI"])
        if args.members:
            tables = dashboards.Generator(
                args.members, args.mentorships, seed=0
            ).build()
            dashboards.load(tables)
        else:
            from mentorship import demo

            demo.seed()
            db.session.commit()
        db.session.remove()


def accounts(app):
    """The person each role signs in as, with the benchmark's password set."""
    import sqlalchemy as sa

    from mentorship.auth.models import User
    from mentorship.auth.services import hash_password
    from mentorship.db import db
    from mentorship.events.models import EventSeries, EventSession
    from mentorship.library.models import Resource
    from mentorship.mentorships.models import Mentorship
    from mentorship.organisations.models import Organisation
    from mentorship.positions.models import Position

    with app.app_context():
        by_role = {role: _holder(role) for role in ("secretariat", "coordinator")}
        pair = (
            db.session.scalars(
                sa.select(Mentorship)
                .where(Mentorship.status == "active")
                .where(
                    Mentorship.mentee_organisation_id
                    == by_role["coordinator"].organisation_id
                )
                .order_by(Mentorship.id)
            ).first()
            or db.session.scalars(
                sa.select(Mentorship)
                .where(Mentorship.status == "active")
                .order_by(Mentorship.id)
            ).first()
        )
        by_role["mentee"] = db.session.get(User, pair.mentee_user_id)
        by_role["mentor"] = db.session.get(User, pair.mentor_user_id)
        password_hash = hash_password(PASSWORD)
        for user in by_role.values():
            user.password_hash = password_hash
            user.email_verified_at = user.email_verified_at or user.created_at
        db.session.commit()
        found = {
            role: {
                "id": user.id,
                "email": user.email,
                "organisation_id": user.organisation_id,
            }
            for role, user in by_role.items()
        }
        found["mentorship_id"] = pair.id
        found["programme_id"] = pair.programme_id
        found["org_slug"] = db.session.get(
            Organisation, by_role["coordinator"].organisation_id
        ).slug
        found["position_id"] = db.session.scalar(sa.select(sa.func.max(Position.id)))
        found["session_id"] = db.session.scalar(
            sa.select(sa.func.min(EventSession.id))
            .join(EventSeries)
            .where(EventSeries.slug == "round-tables-2027")
        )
        found.update(_group_records())
        found.update(_decision_records())
        found.update(_election_records())
        found["resource_id"] = db.session.scalar(
            sa.select(sa.func.min(Resource.id)).where(
                Resource.status == "published", Resource.visibility == "public"
            )
        )
        db.session.remove()
    return found


def _group_records():
    """A published recommendation, its result and a member-only thread of the demo's
    "Role Models & Mentors" working group (issue 14)."""
    import sqlalchemy as sa
    from werkzeug.exceptions import NotFound

    from mentorship.db import db
    from mentorship.discussions.models import Thread
    from mentorship.groups import queries
    from mentorship.recommendations.models import Recommendation
    from mentorship.results.models import Result

    try:
        group = queries.group_by_slug(GROUP.removeprefix("/groups/"))
    except NotFound:  # the generated Alliance-scale data has no working groups
        return {"recommendation_id": None, "result_id": None, "thread_id": None}
    first = sa.func.min
    return {
        "recommendation_id": db.session.scalar(
            sa.select(first(Recommendation.id)).where(
                Recommendation.status == "published"
            )
        ),
        "result_id": db.session.scalar(sa.select(first(Result.id))),
        "thread_id": db.session.scalar(
            sa.select(first(Thread.id)).where(
                Thread.group_id == group.id, Thread.visibility == "members"
            )
        ),
    }


def _decision_records():
    """The demo's open and closed decisions, last year's consultation, a theme
    proposal and last December's AGM (issue 15)."""
    import sqlalchemy as sa

    from mentorship.agm.models import Agm
    from mentorship.consultations.models import Consultation
    from mentorship.db import db
    from mentorship.decisions.models import Decision
    from mentorship.theme_proposals.models import ThemeProposal

    first = sa.func.min
    return {
        "open_decision_id": db.session.scalar(
            sa.select(first(Decision.id)).where(Decision.status == "open")
        ),
        "closed_decision_id": db.session.scalar(
            sa.select(first(Decision.id)).where(Decision.status == "closed")
        ),
        "consultation_id": db.session.scalar(
            sa.select(first(Consultation.id)).where(Consultation.status == "closed")
        ),
        "proposal_id": db.session.scalar(sa.select(first(ThemeProposal.id))),
        "agm_year": db.session.scalar(sa.select(first(Agm.year))),
    }


def _election_records():
    """Last year's counted election, this year's in nominations with a standing
    candidate, and a cycle of the shared metrics (issues 16 and 17)."""
    import sqlalchemy as sa

    from mentorship.db import db
    from mentorship.elections.models import Election, Nomination
    from mentorship.metrics.models import Cycle

    first = sa.func.min
    counted, nominating = (
        db.session.scalar(sa.select(first(Election.id)).where(Election.status == s))
        for s in ("counted", "nominating")
    )
    return {
        "counted_election_id": counted,
        "nominating_election_id": nominating,
        "candidate_id": db.session.scalar(
            sa.select(first(Nomination.id)).where(
                Nomination.election_id == nominating,
                Nomination.eligibility == "eligible",
            )
        ),
        "cycle_id": db.session.scalar(sa.select(sa.func.max(Cycle.id))),
    }


def _holder(role):
    """The first person holding a staff role (the demo's named coordinator first)."""
    import sqlalchemy as sa

    from mentorship import policy
    from mentorship.auth.models import User
    from mentorship.db import db

    named = db.session.scalar(
        sa.select(User).where(User.email == "coordinator@wim-south-africa.example.org")
    )
    if role == "coordinator" and named is not None:
        return named
    holds = (
        policy.coordinators_of()
        if role == "coordinator"
        else policy.secretariat_condition()
    )
    return db.session.scalars(sa.select(User).where(holds).order_by(User.id)).first()


def key_pages(who):
    """Every page a member, a coordinator and the Secretariat use daily."""
    org = who["coordinator"]["organisation_id"]
    programme = who["programme_id"]
    mentee = [
        Page("home, anonymous", "anonymous", "/", "member"),
        Page("login page", "anonymous", "/login", "member"),
        Page("organisation directory", "anonymous", "/organisations", "member"),
        Page("mentee home", "mentee", "/", "member"),
        Page("mentor home", "mentor", "/", "member"),
        Page("profile edit", "mentee", "/profile/mentee", "member"),
        Page("profile overview", "mentee", "/profile", "member"),
        Page("mentorships", "mentee", "/mentorships", "member"),
        Page(
            "mentorship space",
            "mentee",
            f"/mentorships/{who['mentorship_id']}",
            "member",
        ),
        Page("surveys", "mentee", "/surveys", "member"),
        Page("programmes", "mentee", "/programmes", "member"),
        Page("my data", "mentee", "/account/data", "member"),
        Page("account", "mentee", "/account", "member"),
    ]
    coordinator = [
        Page("approval queue", "coordinator", "/approvals", "coordinator"),
        Page(
            "member list", "coordinator", f"/organisations/{org}/members", "coordinator"
        ),
        Page(
            "enrolments",
            "coordinator",
            f"/programmes/{programme}/organisations/{org}/enrolments",
            "coordinator",
        ),
        Page("coordinator home", "coordinator", "/", "coordinator"),
    ]
    reports = [
        Page(
            "organisation dashboard",
            "coordinator",
            f"/dashboard/organisations/{org}",
            "report",
        ),
        Page("Secretariat dashboard", "secretariat", "/dashboard", "report"),
        Page(
            "programme report",
            "secretariat",
            f"/dashboard/programmes/{programme}/report",
            "report",
        ),
        Page(
            "metrics export (CSV)",
            "secretariat",
            "/dashboard/export/metrics.csv",
            "report",
        ),
        Page("organisation registry", "secretariat", "/admin/organisations", "report"),
        Page(
            "programme admin", "secretariat", f"/admin/programmes/{programme}", "report"
        ),
    ]
    slug, position = who["org_slug"], who["position_id"]
    constituents = [  # issue 11: the organisations' own pages
        Page("organisation page", "anonymous", f"/organisations/{slug}", "member"),
        Page("positions register", "anonymous", "/positions", "member"),
        Page("position", "anonymous", f"/positions/{position}", "member"),
        Page("application form", "anonymous", "/join", "member"),
        Page("roles", "coordinator", f"/organisations/{slug}/roles", "coordinator"),
        Page(
            "needs and offers",
            "coordinator",
            f"/organisations/{slug}/needs-offers",
            "coordinator",
        ),
        Page(
            "introductions",
            "coordinator",
            f"/organisations/{slug}/introductions",
            "coordinator",
        ),
        Page(
            "onboarding", "coordinator", f"/organisations/{slug}/onboarding", "member"
        ),
        Page("Alliance overview", "secretariat", "/admin/alliance", "report"),
        Page("applications", "secretariat", "/admin/applications", "report"),
        Page("delegates", "secretariat", "/admin/delegates", "report"),
        Page("introductions (all)", "secretariat", "/admin/introductions", "report"),
    ]
    event, resource = who["session_id"], who["resource_id"]
    coordination = [  # issues 12 and 13: events and the library
        Page("events calendar, anonymous", "anonymous", "/events", "member"),
        Page("events calendar", "mentee", "/events", "member"),
        Page("session page", "mentee", f"/events/{event}", "member"),
        Page("my events", "mentee", "/events/mine", "member"),
        Page("series page", "mentee", "/events/series/round-tables-2027", "member"),
        Page("session calendar file", "mentee", f"/events/{event}.ics", "member"),
        Page("organiser's page", "secretariat", f"/events/{event}/organise", "report"),
        Page("events admin", "secretariat", "/admin/events", "report"),
        Page("library", "anonymous", "/library", "member"),
        Page("library search", "mentee", "/library?q=mining", "member"),
        Page("resource", "anonymous", f"/library/{resource}", "member"),
        Page("translation status", "secretariat", "/library/translations", "report"),
    ]
    recommendation, result = who["recommendation_id"], who["result_id"]
    groups = [  # issue 14: the working groups
        Page("working groups", "anonymous", "/groups", "member"),
        Page("working group", "anonymous", GROUP, "member"),
        Page("theme and results", "anonymous", THEME, "member"),
        Page("group roster", "mentee", f"{GROUP}/members", "member"),
        Page("group discussion", "mentee", f"{GROUP}/discussion", "member"),
        Page(
            "recommendation",
            "anonymous",
            f"/recommendations/{recommendation}",
            "member",
        ),
        Page("result", "anonymous", f"/results/{result}", "member"),
        Page("group meetings", "secretariat", f"{GROUP}/meetings", "report"),
        Page("roster with queue", "secretariat", f"{GROUP}/members", "report"),
        Page(
            "member-only thread",
            "secretariat",
            f"{GROUP}/discussion/{who['thread_id']}",
            "report",
        ),
    ]
    decisions = [  # issue 15: decisions by organisations
        Page("decisions", "anonymous", "/decisions", "member"),
        Page(
            "open vote",
            "coordinator",
            f"/decisions/{who['open_decision_id']}",
            "member",
        ),
        Page(
            "counted vote",
            "anonymous",
            f"/decisions/{who['closed_decision_id']}",
            "member",
        ),
        Page("awaiting my organisation", "coordinator", "/awaiting", "member"),
        Page("consultations", "anonymous", "/consultations", "member"),
        Page(
            "consultation results",
            "anonymous",
            f"/consultations/{who['consultation_id']}/results",
            "member",
        ),
        Page("theme proposals", "anonymous", "/themes/proposals", "member"),
        Page(
            "theme proposal",
            "anonymous",
            f"/themes/proposals/{who['proposal_id']}",
            "member",
        ),
        Page("AGM", "anonymous", f"/agm/{who['agm_year']}", "member"),
        Page("decisions admin", "secretariat", "/admin/decisions", "report"),
        Page(
            "vote participation",
            "secretariat",
            f"/admin/decisions/{who['open_decision_id']}",
            "report",
        ),
        Page("consultations admin", "secretariat", "/admin/consultations", "report"),
    ]
    counted, nominating = who["counted_election_id"], who["nominating_election_id"]
    elections = [  # issue 16: the Steering Committee (and issue 17's beginning)
        Page("elections", "anonymous", "/elections", "member"),
        Page(
            "election in nominations", "anonymous", f"/elections/{nominating}", "member"
        ),
        Page(
            "candidate",
            "anonymous",
            f"/elections/{nominating}/candidates/{who['candidate_id']}",
            "member",
        ),
        Page("counted election", "anonymous", f"/elections/{counted}", "member"),
        Page(
            "record of the count", "anonymous", f"/elections/{counted}/record", "member"
        ),
        Page("committee", "anonymous", "/committee", "member"),
        Page("committee reports", "coordinator", "/committee/reports", "member"),
        Page(
            "nominations desk",
            "secretariat",
            f"/admin/elections/{nominating}/nominations",
            "report",
        ),
        Page("committee desk", "secretariat", "/admin/committee", "report"),
        Page("committee space", "secretariat", "/committee/space", "report"),
        Page("indicators", "anonymous", "/metrics/indicators", "member"),
        Page(
            "metrics cycle",
            "secretariat",
            f"/admin/metrics/cycles/{who['cycle_id']}",
            "report",
        ),
    ]
    return (
        mentee
        + coordinator
        + reports
        + constituents
        + coordination
        + groups
        + decisions
        + elections
    )


def present_pages(app, pages, who):
    """The pages the generated Alliance-scale data has records for: it holds
    organisations, people, programmes and mentorships, not the coordination
    features' events, groups, decisions or elections (whose pages are measured on
    the demo). A page naming a missing record, or answering 404, is left out."""
    clients = _signed_in_clients(app, who)
    kept = []
    for page in pages:
        named = not re.search(r"/None\b", page.path)
        if named and clients[page.role].get(page.path).status_code != 404:
            kept.append(page)
            continue
        print(f"not in this data: {page.name} ({page.path})", flush=True)
    return kept


def _signed_in_clients(app, who):
    """A test client per role, signed in, the login's flashed welcome seen."""
    clients = {"anonymous": app.test_client()}
    for role in ("mentee", "mentor", "coordinator", "secretariat"):
        client = app.test_client()
        response = client.post(
            "/login", data={"email": who[role]["email"], "password": PASSWORD}
        )
        if response.status_code != 302:
            raise SystemExit(f"in-process login of the {role} failed")
        client.get("/")  # the login's flashed welcome: a page showing one is not kept
        clients[role] = client
    return clients


def count_queries(app, pages, who):
    """SQL statements per page view (the second view: caches warm, as under load),
    the reads made beside the pool (`db.SideReads`) included."""
    import sqlalchemy as sa

    from mentorship.db import SideReads, db

    counts = {"n": 0}

    def count(*_):
        counts["n"] += 1

    side_read = SideReads.first_row

    def counted_side_read(self, statement, params):
        count()
        return side_read(self, statement, params)

    clients = _signed_in_clients(app, who)
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    SideReads.first_row = counted_side_read
    try:
        for page in pages:
            client = clients[page.role]
            client.get(page.path)
            counts["n"] = 0
            response = client.get(page.path)
            if response.status_code != 200:
                raise SystemExit(
                    f"{page.name}: {page.path} answers {response.status_code}"
                )
            page.queries = counts["n"]
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
        SideReads.first_row = side_read


# ---------------------------------------------------------------- the servers


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


class Server:
    """A gunicorn with the repository's configuration, stopped on exit."""

    def __init__(self, app_spec, port, args, env, log):
        self.url = f"http://127.0.0.1:{port}"
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            app_spec,
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, path="/", seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn for {self.url} stopped; see its log")
            try:
                urllib.request.urlopen(self.url + path, timeout=2).read()
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{self.url} did not answer in {seconds} s")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def server_env(args, tmp):
    env = dict(os.environ)
    env.update(
        APP_ENV="development",
        DATABASE_URL=args.db,
        SECRET_KEY="benchmark-secret-key-not-for-production-0",
        MAIL_BACKEND="file",
        MAIL_FILE_PATH=str(tmp / "outbox"),
        JOBS_BACKEND="sqlite",
        JOBS_DB=str(tmp / "jobs.db"),
        WEB_CONCURRENCY=str(args.workers),
        ACCESS_LOG="-",
        PYTHONPATH=str(ROOT),
        # Its own sign-ins, four per run, are not what is measured: runs in a row
        # would otherwise meet the login's hourly limit (counted in Redis).
        RATELIMIT_LOGIN="1000 per minute",
    )
    # Rate limits count in Redis across workers, as in production, where there is one.
    if redis_up():
        env["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/15"
    return env


def sign_in(base, email):
    """The Cookie header of a browser that signed in through the login form."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    data = {"email": email, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    response = opener.open(
        base + "/login", urllib.parse.urlencode(data).encode(), timeout=10
    )
    if response.url.rstrip("/").endswith("/login"):
        raise SystemExit(f"could not sign in as {email} over HTTP")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


# ---------------------------------------------------------------- the load


def wrk(url, connections, seconds, cookie=None):
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        command + [url], capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    line = next(x for x in output.splitlines() if x.startswith("WRK_JSON "))
    raw = json.loads(line[len("WRK_JSON ") :])
    seconds_run = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / seconds_run, 1),
        "requests": raw["requests"],
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": sum(raw["errors"].values()),
    }


def measure(page, app_url, bare_url, cookies, args, levels):
    """Each level in rounds of (bare page, page), back to back: the machine's
    drift between two runs (seen here: the bare page's rate moving 3x from one
    run to the next on a shared host) falls on both sides of a round's ratio. The
    figures are the rounds' medians; errors are their sum."""
    cookie = cookies.get(page.role)
    if args.warmup:
        wrk(app_url + page.path, levels[0], args.warmup, cookie)
    for connections in levels:
        rounds = []
        for _ in range(args.rounds):
            bare = wrk(bare_url, connections, args.duration)
            run = wrk(app_url + page.path, connections, args.duration, cookie)
            run["bare"] = bare
            rounds.append(run)
        run = _median_run(rounds)
        run["connections"] = connections
        run["rounds"] = rounds
        page.runs.append(run)
        share = f"1/{1 / run['ratio']:.1f}" if run["ratio"] else "none"
        print(
            f"  {page.name:<26} c={connections:<3} {run['rps']:>7} req/s "
            f"(bare {run['bare']['rps']:>7}) {share}  "
            f"p95 {run['p95_ms']} ms (bare {run['bare']['p95_ms']}) "
            f"errors {run['errors']}",
            flush=True,
        )


def _median_run(rounds):
    """One run's figures from its rounds (at least one): medians, summed errors."""
    median = statistics.median

    def ratio(run):
        return run["rps"] / run["bare"]["rps"] if run["bare"]["rps"] else None

    def factor(run):
        return run["p95_ms"] / run["bare"]["p95_ms"] if run["bare"]["p95_ms"] else None

    ratios = [r for r in map(ratio, rounds) if r is not None]
    factors = [f for f in map(factor, rounds) if f is not None]
    keys = ("rps", "p50_ms", "p95_ms", "p99_ms")
    run = {key: round(median([r[key] for r in rounds]), 1) for key in keys}
    run["requests"] = sum(r["requests"] for r in rounds)
    run["errors"] = sum(r["errors"] for r in rounds)
    run["bare"] = {
        key: round(median([r["bare"][key] for r in rounds]), 1) for key in keys
    }
    run["ratio"] = round(median(ratios), 3) if ratios else None
    run["p95_factor"] = round(median(factors), 1) if factors else None
    return run


def verdict(page, levels):
    """Whether the page meets its targets, and why not."""
    problems = []
    target = TARGETS[page.kind]
    for run in page.runs:
        at = run["connections"]
        if run["ratio"] == 0:  # wrk saw no answer at all in the run
            problems.append(f"no answer at c={at}")
        elif run["ratio"] is not None and run["ratio"] < target:
            problems.append(f"1/{1 / run['ratio']:.1f} < 1/{1 / target:.0f} at c={at}")
        if run["errors"]:
            problems.append(f"{run['errors']} errors at c={run['connections']}")
    last = next((r for r in page.runs if r["connections"] == max(levels)), None)
    if last and last["p95_factor"] and last["p95_factor"] > P95_FACTOR:
        problems.append(f"p95 {last['p95_factor']}x bare")
    return problems


def markdown(record):
    levels = record["connections"]
    head = ["page", "queries"]
    for c in levels:
        head += [f"req/s c={c}", f"bare c={c}", f"ratio c={c}"]
    c_max = max(levels)
    head += [f"p50/p95/p99 ms c={c_max}", f"bare p95 c={c_max}", "errors", "target"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for page in record["pages"]:
        row = [page["name"], str(page["queries"])]
        runs = {r["connections"]: r for r in page["runs"]}
        for c in levels:
            r = runs.get(c)
            row += (
                [str(r["rps"]), str(r["bare"]["rps"]), f"1/{1 / r['ratio']:.1f}"]
                if r
                else ["", "", ""]
            )
        r = runs.get(c_max)
        row += [
            f"{r['p50_ms']}/{r['p95_ms']}/{r['p99_ms']}" if r else "",
            str(r["bare"]["p95_ms"]) if r else "",
            str(sum(x["errors"] for x in page["runs"])),
            "ok" if not page["problems"] else "; ".join(page["problems"]),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    levels = [int(x) for x in args.connections.split(",") if x]
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    started = time.monotonic()

    ensure_database(args.db)
    app = make_app(args.db)
    if not args.reuse:
        print("building the database...", flush=True)
        build_database(app, args)
    who = accounts(app)
    pages = key_pages(who)
    if args.pages:
        wanted = [w.strip().lower() for w in args.pages.split(",")]
        pages = [p for p in pages if any(w in p.name.lower() for w in wanted)]
    if args.members:
        pages = present_pages(app, pages, who)
    count_queries(app, pages, who)
    with app.app_context():
        from mentorship.db import db

        db.session.remove()
        db.engine.dispose()

    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    env = server_env(args, tmp)
    log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 - closed in finally
    app_server = Server("wsgi:app", free_port(), args, env, log)
    bare_server = Server("benchmarks.bare:app", free_port(), args, env, log)
    try:
        app_server.wait("/healthz")
        bare_server.wait("/")
        cookies = {
            role: sign_in(app_server.url, who[role]["email"])
            for role in ("mentee", "mentor", "coordinator", "secretariat")
        }
        print(f"measuring {len(pages)} pages, {args.duration} s per run", flush=True)
        for page in pages:
            measure(page, app_server.url, bare_server.url + "/", cookies, args, levels)
    finally:
        app_server.stop()
        bare_server.stop()
        log.close()

    for page in pages:
        page.problems = verdict(page, levels)
    record = {
        "label": args.label,
        "database": "postgresql" if args.db.startswith("postgres") else "sqlite",
        "data": f"{args.members} members" if args.members else "demo",
        "duration_s": args.duration,
        "connections": levels,
        "workers": args.workers,
        "threads": args.threads,
        "pages": [dict(asdict(p), problems=p.problems) for p in pages],
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "wall_s": round(time.monotonic() - started),
        "date": date.today().isoformat(),
    }
    out = args.out or RESULTS / f"web-{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2) + "\n")
    table = markdown(record)
    out.with_suffix(".md").write_text(
        f"# Web benchmark: {args.label} ({record['data']}, {record['database']}, "
        f"{args.workers} workers x {args.threads} threads, {args.duration} s runs, "
        f"load {load_at_start[0]} at start)\n\n" + table
    )
    print(table)
    failing = [p.name for p in pages if p.problems]
    print(f"{len(pages) - len(failing)} of {len(pages)} pages meet their targets")
    print(f"written to {out} and {out.with_suffix('.md')}")


if __name__ == "__main__":
    main()
