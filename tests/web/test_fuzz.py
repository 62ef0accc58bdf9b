"""Hostile input on every route and every form, as every role: never a 5xx.

For each role, the test signs in, walks the app's url_map (URL ids filled with real
ids of a small seeded world, then with out-of-range ones), reads each page's forms
from its HTML and posts hostile values into every field: NUL bytes, control
characters, right-to-left overrides, 10 kB strings, huge and negative numbers,
absurd and malformed dates, non-UTF-8 percent-encoding. Every GET also gets
`?page=2^63`, `?q=%00` and friends. Any 5xx fails, listing route and payload.
"""

import io
import re
import time
from collections import defaultdict
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from mentorship.core import memberships
from mentorship.db import db, utcnow
from mentorship.matches.models import MatchRun
from mentorship.mentorships.models import Goal, Meeting

from . import matrix_rows
from .flow import enrol, make_mentorship, make_programme, released_proposal

ROLES = [
    "anonymous",
    "member",
    "coordinator",
    "leader",
    "secretariat",
    "steering",
    "admin",
]
BIG, HUGE = str(2**31), str(2**63)
BAD_IDS = [BIG, HUGE, "0", "-1"]
TEXTS = [
    "Bonjour\x00NUL inside a long enough text",
    "Controls \x01\x08\x0b\x1b\x7f\x85\x9f in a long enough text",
    "\u202eevil\u202c \u2066isolate\u2069 overrides in a long enough text",
    "x" * 10_240,
]
NUMBERS = [BIG, HUGE, "-1", "1e999"]
DATES = [
    "0001-01-01",
    "9999-12-31",
    "2025-02-30",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "31/12/2025",
]
CHOICES = [BIG, HUGE, "-1", "\x00"]
QUERY_ARGS = [
    "page",
    "q",
    "status",
    "region",
    "organisation",
    "programme",
    "language",
    "breakdown",
    "next",
    "invitation",
]
STRING_ARGS = {"fmt": ["csv", "xlsx"], "role": ["mentor", "mentee"], "stage": []}
BAD_STRINGS = ["%00", "%FF", "\u202e", "x" * 300]
SKIPPED = {"static", "auth.logout"}
# Still 5xx here: mentorship/matches/routes.py reads `?page=` and the bulk ids
# itself, and branch i8-queue rewrites it. The strict xfail at the bottom fails
# once that is fixed: then empty this set and delete that test.
QUEUE_BRANCH: set[str] = set()  # routes left out of the fuzz: none
# Routes that end a record or a session go last, so they do not hide the others.
LAST = ("erase", "close", "withdraw", "archive", "delete", "discard", "remove")
TEXT_TYPES = {"text", "email", "url", "search", "password", "tel", "textarea"}
DATE_TYPES = {"date", "datetime-local", "datetime", "time", "month"}
BASE_EMAIL = "fuzz.person@example.org"
BASE_TEXT = {
    "email": BASE_EMAIL,
    "url": "https://example.org",
    "password": "not the right password at all",
}
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
SAMPLE = "A sample text, long enough for every minimum length here"


@pytest.fixture
def fuzz_world(make_org, make_user):
    """Two organisations, one person of each role, a programme with a run, a
    released proposal and an active mentorship with a goal and a meeting."""
    org_a, org_b = make_org(name="WIM Alpha"), make_org(name="WIM Beta")
    member = make_user(org=org_a, name="Amina Diallo")
    people = {
        "member": member,
        "coordinator": make_user(org=org_a, roles=["coordinator"]),
        "secretariat": make_user(roles=["secretariat"]),
        "steering": make_user(org=org_a, roles=["steering"]),
        "admin": make_user(roles=["admin"]),
        "leader": make_user(org=org_a),  # leads organisation A and speaks for it
    }
    memberships.start(people["leader"], "leader", organisation=org_a)
    memberships.start(people["leader"], "voting_delegate", organisation=org_a)
    programme = make_programme()
    mentee = enrol(programme, member, "mentee")
    mentor_user = make_user(org=org_b)
    mentor = enrol(programme, mentor_user, "mentor", capacity=3)
    proposal = released_proposal(programme, mentee, mentor)
    run = MatchRun(
        programme_id=programme.id,
        settings_id=programme.settings_versions[0].id,
        library_version="test",
        status="released",
        progress=100,
        finished_at=utcnow(),
        released_at=utcnow(),
    )
    db.session.add(run)
    db.session.flush()
    proposal.run_id = run.id
    mentorship, _mentee, _mentor = make_mentorship(
        make_org, make_user, mentee=member, mentor=mentor_user
    )
    goal = Goal(mentorship_id=mentorship.id, title="Board", proposed_by_id=member.id)
    meeting = Meeting(
        mentorship_id=mentorship.id,
        held_on=date.today() - timedelta(days=1),
        duration_minutes=60,
        logged_by_id=member.id,
    )
    db.session.add_all([goal, meeting])
    db.session.commit()
    ids = {
        "user_id": member.id,
        "organisation_id": org_a.id,
        "programme_id": programme.id,
        "proposal_id": proposal.id,
        "run_id": run.id,
        "mentorship_id": mentorship.id,
        "goal_id": goal.id,
        "meeting_id": meeting.id,
        "slug": org_a.slug,
        "token": "not-a-token",
        "stage": "baseline",
    }
    # The features' records (tests/web/matrix_rows/: `world` returns their ids).
    matrix_people = {
        "member_own": member,
        "coordinator_own": people["coordinator"],
        "leader_own": people["leader"],
        "delegate_own": people["leader"],
        "secretariat": people["secretariat"],
        "member_other": make_user(org=org_b),  # chairs the matrix's working group
        "steering": people["steering"],
    }
    ids.update({"org_id": org_a.id, "org_slug": org_a.slug, "other_slug": org_b.slug})
    ids.update(matrix_rows.build_world(ids, matrix_people, make_org, make_user))
    return {"ids": ids, "people": {role: p.id for role, p in people.items()}}


class FormReader(HTMLParser):
    """The forms of a page: method, action, and each field's name, kind and a
    value the page offers (the selected option, the checked box, the default)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif tag == "option" and self._select and self._form:
            field = self._form["fields"][self._select]
            value = attrs.get("value", "")
            if field["value"] in (None, "") or "selected" in attrs:
                field["value"] = value
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "button" and attrs.get("value") is not None:
            self._add(attrs["name"], "button", attrs["value"])
        elif tag == "textarea":
            self._add(attrs["name"], "textarea", None)
        elif tag == "select":
            self._select = attrs["name"]
            self._add(self._select, "select", None)

    def _input(self, attrs):
        kind = attrs.get("type", "text").lower()
        if kind in ("submit", "button", "reset", "image", "file"):
            return
        value = attrs.get("value")
        name = attrs["name"]
        known = self._form["fields"].get(name)
        if kind in ("checkbox", "radio"):
            if known and known["value"] and "checked" not in attrs:
                return
            value = value if value is not None else "y"
        self._add(name, kind, value)

    def _add(self, name, kind, value):
        self._form["fields"][name] = {"kind": kind, "value": value}

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _kind(field_kind):
    if field_kind == "button":  # which action the form asks for: kept as is
        return "button"
    if field_kind in ("email", "password"):
        return "credential"
    if field_kind in TEXT_TYPES:
        return "text"
    if field_kind == "number":
        return "number"
    if field_kind in DATE_TYPES:
        return "date"
    return "choice"


def _base_value(name, field):
    kind, value = field["kind"], field["value"]
    if kind in BASE_TEXT:
        return BASE_TEXT[kind]
    if kind in DATE_TYPES and not value:
        tomorrow = date.today() + timedelta(days=1)
        return tomorrow.isoformat() + ("T10:00" if kind == "datetime-local" else "")
    if kind in TEXT_TYPES and not value:
        return SAMPLE
    return value or ""


class Fuzzer:
    """Sends every hostile request of one role and remembers the 5xx answers."""

    def __init__(self, app, world, role, endpoints=None):
        self.app, self.world, self.role = app, world, role
        self.endpoints = endpoints  # None: every endpoint but QUEUE_BRANCH
        self.client = app.test_client()
        self.adapter = app.url_map.bind("localhost")
        self.forms = defaultdict(dict)  # endpoint -> {field names: fields}
        self.search_args = set(QUERY_ARGS)
        self.requests, self.failures = 0, []

    def sign_in(self):
        if self.role == "anonymous":  # a registration signs her in: undo it
            with self.client.session_transaction() as session:
                session.clear()
            return
        from mentorship.auth.models import User

        with self.app.app_context():
            user = db.session.get(User, self.world["people"][self.role])
            cookie = user.get_id() if user else None
        with self.client.session_transaction() as session:
            session["_user_id"] = cookie
            session["_fresh"] = True

    def send(self, method, url, label, **kwargs):
        self.requests += 1
        if self.role == "anonymous" and method == "POST":
            self.sign_in()
        try:
            response = self.client.open(url, method=method, **kwargs)
        except Exception as error:  # TESTING propagates what would be a 500
            response = None
            label = f"{label}: {type(error).__name__}"
        if response is None or response.status_code >= 500:
            self.failures.append(f"{self.role}: {method} {url[:120]} [{label}]")
        return response

    def run(self):
        rules = sorted(
            (r for r in self.app.url_map.iter_rules() if r.endpoint not in SKIPPED),
            key=lambda r: (any(w in r.endpoint for w in LAST), r.rule),
        )
        self.sign_in()
        for rule in rules:
            if "GET" in rule.methods:
                for url in self.urls(rule, real=True):
                    self.read_forms(url)
        for rule in rules:
            if self.endpoints is None and rule.endpoint in QUEUE_BRANCH:
                continue
            if self.endpoints is None or rule.endpoint in self.endpoints:
                self.sign_in()
                self.fuzz_rule(rule)

    def urls(self, rule, real):
        """The rule's URLs: real ids (and every value of `any`/`fmt`), or one
        hostile value per argument with the others real."""
        values = {arg: self.real_values(rule, arg) for arg in rule.arguments}
        base = {arg: vals[0] for arg, vals in values.items()}
        urls = [self.build(rule, base)]
        for arg, vals in values.items():
            for other in vals[1:]:
                urls.append(self.build(rule, {**base, arg: other}))
        if real:
            return urls
        hostile = []
        for arg in rule.arguments:
            bad = BAD_IDS if self.is_int(rule, arg) else BAD_STRINGS
            hostile += [self.build(rule, {**base, arg: value}) for value in bad]
        return hostile

    def real_values(self, rule, arg):
        if arg in STRING_ARGS and STRING_ARGS[arg]:
            return STRING_ARGS[arg]
        return [str(self.world["ids"].get(arg, "1"))]

    @staticmethod
    def is_int(rule, arg):
        return type(rule._converters[arg]).__name__.startswith("Integer")

    @staticmethod
    def build(rule, values):
        # By hand: the rule's converters would refuse the hostile values.
        return ARGUMENT.sub(lambda match: values[match.group(1)], rule.rule)

    def endpoint_of(self, url, method):
        try:
            endpoint, _args = self.adapter.match(urlsplit(url).path, method=method)
        except (HTTPException, RequestRedirect):
            return None
        return endpoint

    def read_forms(self, url):
        response = self.send("GET", url, "page")
        if response is None or "html" not in response.content_type:
            return
        reader = FormReader()
        reader.feed(response.get_data(as_text=True))
        for form in reader.forms:
            if form["method"] == "get":
                self.search_args |= set(form["fields"])
                continue
            endpoint = self.endpoint_of(form["action"] or url, "POST")
            if endpoint:
                self.forms[endpoint][tuple(sorted(form["fields"]))] = form["fields"]

    def fuzz_rule(self, rule):
        for url in self.urls(rule, real=False):
            for method in sorted(rule.methods & {"GET", "POST"}):
                self.send(method, url, "hostile id in URL")
        if "GET" in rule.methods:
            for url in self.urls(rule, real=True):
                for query in self.queries():
                    self.send("GET", url + query, "query string")
        if "POST" in rule.methods:
            forms = self.forms.get(rule.endpoint) or {(): {}}
            for url in self.urls(rule, real=True):
                for fields in forms.values():
                    self.fuzz_form(url, fields)

    def fresh(self, data):
        """A new email address each time, so that a registration is not refused
        as a repeat before the hostile values reach the database."""
        return {
            name: f"fuzz{self.requests}@example.org" if value == BASE_EMAIL else value
            for name, value in data.items()
        }

    def queries(self):
        """`?page=2^63&q=%00...`, then every argument of every search box and
        filter seen so far as a huge number."""
        names = sorted(self.search_args - {"page"})
        return [
            f"?page={HUGE}&" + "&".join(f"{name}=%00%01%FF%FE" for name in names),
            "?" + "&".join(f"{name}={HUGE}" for name in [*names, "page"]),
        ]

    def fuzz_form(self, url, fields):
        fields = {n: f for n, f in fields.items() if n != "csrf_token"} or {
            "proposal": {"kind": "checkbox", "value": "1"},
            "id": {"kind": "hidden", "value": "1"},
        }
        base = {name: _base_value(name, field) for name, field in fields.items()}
        by_kind = defaultdict(list)
        for name, field in fields.items():
            by_kind[_kind(field["kind"])].append(name)
        self.send("POST", url, "plain form", data=base)
        for kind, values in (
            ("text", TEXTS),
            ("credential", TEXTS[:3]),
            ("choice", CHOICES),
        ):
            for value in values if by_kind[kind] else ():
                data = {**self.fresh(base), **dict.fromkeys(by_kind[kind], value)}
                self.send("POST", url, f"{kind}={value[:12]!r}", data=data)
        for kind, values in (("number", NUMBERS), ("date", DATES)):
            for name in by_kind[kind]:
                for value in values:
                    data = {**self.fresh(base), name: value}
                    self.send("POST", url, f"{name}={value!r}", data=data)
        as_json = {name: [2**63, {"\x00": None}] for name in fields}
        self.send("POST", url, "JSON body", json=as_json)
        files = {name: (io.BytesIO(b"\x00"), "x.txt") for name in fields}
        self.send("POST", url, "file upload", data={**base, **files})
        raw = "&".join(f"{name}=%FF%FE%00" for name in fields)
        self.send(
            "POST",
            url,
            "non-UTF-8 body",
            data=raw,
            content_type="application/x-www-form-urlencoded",
        )


@pytest.mark.parametrize("role", ROLES)
def test_no_input_gives_a_server_error(app, fuzz_world, role):
    started, cpu = time.perf_counter(), time.process_time()
    fuzzer = Fuzzer(app, fuzz_world, role)
    fuzzer.run()
    db.session.remove()
    print(
        f"\nfuzz {role}: {fuzzer.requests} requests, {len(fuzzer.failures)} 5xx, "
        f"{time.perf_counter() - started:.1f} s ({time.process_time() - cpu:.1f} s CPU)"
    )
    assert not fuzzer.failures, "\n".join(fuzzer.failures)


def test_the_fuzzer_finds_server_errors_in_forms_and_query_strings():
    """The harness itself, on a tiny app that fails the way ours used to: it reads
    the form's fields from the page and reports each 5xx (a green run means
    something)."""
    from flask import Flask, request

    tiny = Flask(__name__)
    tiny.secret_key = "not a secret"
    tiny.logger.disabled = True  # the errors are expected

    @tiny.route("/items/<int:item_id>", methods=["GET", "POST"])
    def item(item_id):
        if int(request.args.get("page", 1, type=int)) > 2**62:
            raise OverflowError("page")
        if "\x00" in request.form.get("title", ""):
            raise ValueError("NUL")
        return '<form method="post"><input name="title"><button>Go</button></form>'

    fuzzer = Fuzzer(tiny, {"ids": {"item_id": 1}, "people": {}}, "anonymous")
    fuzzer.run()
    assert list(fuzzer.forms["item"]) == [("title",)]
    assert any(f"GET /items/1?page={HUGE}&" in failure for failure in fuzzer.failures)
    assert any("POST /items/1 [text='Bonjour" in failure for failure in fuzzer.failures)


@pytest.mark.parametrize("role", ["member", "leader", "secretariat"])
def test_theme_proposals_never_answer_a_server_error(app, fuzz_world, role):
    """The theme proposals' routes alone (quicker than the whole walk above)."""
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("theme_proposals.")
    }
    fuzzer = Fuzzer(app, fuzz_world, role, endpoints=endpoints)
    fuzzer.run()
    db.session.remove()
    assert not fuzzer.failures, "\n".join(fuzzer.failures)
