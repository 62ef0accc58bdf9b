"""Templates run no SQL and no feature vanishes silently.

Jinja globals, filters and context processors are an allow-list of helpers that run
no query: a page's data comes from its view (cross-feature parts through
`core.panels`). Every page is rendered with the callable globals watched, and the
statements they issue are counted. An `ignore missing` include would hide a feature
when a template is renamed; none is left.
"""

import re
from pathlib import Path

import jinja2
import pytest
import sqlalchemy as sa

from mentorship import policy
from mentorship.core import panels
from mentorship.db import db
from mentorship.matches.models import MatchRun

from .flow import enrol, make_mentorship, make_programme, released_proposal

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

ALLOWED_GLOBALS = {
    # Flask, Flask-WTF, Flask-Babel, Talisman, Jinja's i18n extension
    "config", "g", "request", "session", "url_for", "get_flashed_messages",
    "csrf_token", "csrf_meta_tag", "csp_nonce", "get_locale", "format_date",
    "format_datetime", "_", "gettext", "ngettext", "pgettext", "npgettext",
    # ours: constants and pure functions of their arguments
    "LANGUAGES", "MIN_GROUP", "survey_stage_names", "vocab", "policy",
    "country_name", "language_name", "localized", "localized_text",
    "lang_attribute", "time_zone_label", "content_languages", "fallback_note",
    # the header menu: kept HTML per language and policy answers (no query)
    "site_nav",
    "translation_status",
}  # fmt: skip
ALLOWED_CONTEXT_PROCESSORS = {
    "flask.templating._default_template_ctx_processor",
    "flask_wtf.csrf.CSRFProtect.init_app.<locals>.<lambda>",
    "flask_login.utils._user_context_processor",
}


def _added(mapping, default):
    return {name for name in mapping if name not in default}


def test_template_globals_are_an_allow_list_of_helpers_without_queries(app):
    """A new global is reviewed here: it may not run a query (pass data instead)."""
    added = _added(app.jinja_env.globals, jinja2.Environment().globals)
    assert added <= ALLOWED_GLOBALS, sorted(added - ALLOWED_GLOBALS)
    processors = {
        f"{f.__module__}.{f.__qualname__}"
        for found in app.template_context_processors.values()
        for f in found
    }
    assert processors <= ALLOWED_CONTEXT_PROCESSORS, processors


ALLOWED_FILTERS = {"language_name", "reason", "unmatched_reason", "close_reason",
                   "mydata_when"}  # fmt: skip


def test_template_filters_are_an_allow_list_too(app):
    added = {
        name
        for name in _added(app.jinja_env.filters, jinja2.Environment().filters)
        if app.jinja_env.filters[name].__module__ != "flask_babel"
    }
    assert added <= ALLOWED_FILTERS, sorted(added - ALLOWED_FILTERS)


def test_no_template_hides_a_missing_include():
    found = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.*")
        if re.search(r"ignore\s+missing", path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_code_probes_for_a_missing_endpoint():
    """A `BuildError` caught to hide a link hides a renamed feature too."""
    package = Path(__file__).resolve().parents[2] / "mentorship"
    found = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "BuildError" in path.read_text(encoding="utf-8")
    ]
    assert found == []


# --- Every page, rendered with the globals watched ---------------------------------


class _Watch:
    """Counts SQL statements issued while a template global is running."""

    def __init__(self):
        self.depth = 0
        self.statements = []

    def wrap(self, name, function):
        def watched(*args, **kwargs):
            self.depth += 1
            try:
                return function(*args, **kwargs)
            finally:
                self.depth -= 1

        watched.__name__ = name
        return watched

    def count(self, _conn, _cursor, statement, *_args):
        if self.depth:
            self.statements.append(statement)


class _WatchedModule:
    """A module global (`policy`) whose functions are watched."""

    def __init__(self, module, watch):
        self._module, self._watch = module, watch

    def __getattr__(self, name):
        value = getattr(self._module, name)
        return self._watch.wrap(name, value) if callable(value) else value


@pytest.fixture
def world(make_org, make_user):
    org_a, org_b = make_org(name="WIM Alpha"), make_org(name="WIM Beta")
    person = make_user(org=org_a)
    programme = make_programme()
    mentee = enrol(programme, person, "mentee")
    mentor = enrol(programme, make_user(org=org_b), "mentor")
    proposal = released_proposal(programme, mentee, mentor)
    run = MatchRun(
        programme_id=programme.id,
        settings_id=programme.current_settings.id,
        library_version="test",
        status="preview",
    )
    db.session.add(run)
    db.session.commit()
    mentorship, _mentee, _mentor = make_mentorship(make_org, make_user, mentee=person)
    values = {
        "org_id": org_a.id,
        "org_slug": org_a.slug,
        "slug": org_a.slug,
        "person_id": person.id,
        "user_id": person.id,
        "programme_id": programme.id,
        "proposal_id": proposal.id,
        "mentorship_id": mentorship.id,
        "run_id": run.id,
        "stage": "baseline",
        "role": "mentee",
    }
    viewers = [
        person,
        make_user(org=org_a, roles=["coordinator"]),
        make_user(roles=["secretariat", "admin"]),
    ]
    return values, [v.get_id() for v in viewers]


def _pages(app, values):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(values):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<(?:[^:>]+:)?{name}>", str(values[name]), path)
        yield path


def test_no_page_runs_sql_from_a_template_global(app, world, monkeypatch):
    values, viewers = world
    watch = _Watch()
    for name, value in list(app.jinja_env.globals.items()):
        if name == "policy":
            monkeypatch.setitem(
                app.jinja_env.globals, name, _WatchedModule(policy, watch)
            )
        elif callable(value) and getattr(value, "__module__", "").startswith(
            "mentorship"
        ):
            monkeypatch.setitem(app.jinja_env.globals, name, watch.wrap(name, value))
    for name in ALLOWED_FILTERS:
        function = app.jinja_env.filters[name]
        monkeypatch.setitem(app.jinja_env.filters, name, watch.wrap(name, function))
    pages = sorted(set(_pages(app, values)))
    assert len(pages) > 40  # the crawl reaches the app, not a corner of it
    rendered = 0
    sa.event.listen(db.engine, "before_cursor_execute", watch.count)
    try:
        for cookie_id in viewers:
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = cookie_id
                session["_fresh"] = True
            for path in pages:
                response = client.get(path)
                assert response.status_code < 500, path
                rendered += response.status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", watch.count)
    assert rendered > 60
    assert watch.statements == []


def test_panels_render_in_registered_order(app):
    names = [panel.name for panel in panels.registered("home.notices", app)]
    assert names == [
        "decisions",
        "offers",
        "surveys",
        "votes",
        "nominations",
        "positions",
        "agm",
        "consultations",
        "metrics",
        "onboarding",
    ]
    names = [panel.name for panel in panels.registered("home.sections", app)]
    assert names == ["mentorships", "programmes", "events"]
    for slot in ("programme.admin", "programme.member", "offer.accepted"):
        for panel in panels.registered(slot, app):
            assert (TEMPLATES / panel.template).is_file(), panel


def test_a_panel_name_is_registered_once(app):
    with pytest.raises(ValueError):
        panels.register(app, "home.sections", "mentorships", "x.html", lambda *a: 1)


def _client(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def test_the_panels_of_programme_and_offer_pages_show(app, make_org, make_user):
    """What the removed globals and `ignore missing` includes used to show."""
    programme = make_programme()
    mentee_user = make_user(org=make_org())
    mentee = enrol(programme, mentee_user, "mentee")
    mentor = enrol(programme, make_user(org=make_org(region="europe")), "mentor")
    proposal = released_proposal(programme, mentee, mentor)
    proposal.status = "offered"
    run = MatchRun(
        programme_id=programme.id,
        settings_id=programme.current_settings.id,
        library_version="test",
        status="preview",
    )
    db.session.add(run)
    db.session.commit()

    staff = _client(app, make_user(roles=["secretariat"]))
    html = staff.get(f"/admin/programmes/{programme.id}").get_data(as_text=True)
    assert "Match runs" in html and f'href="/admin/runs/{run.id}"' in html

    member = _client(app, mentee_user)
    html = member.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "My proposals" in html and f'href="/offers/{proposal.id}"' in html

    _m, mentee2, _mentor2 = make_mentorship(make_org, make_user)
    html = _client(app, mentee2).get(f"/offers/{_m.proposal_id}").get_data(as_text=True)
    assert "Open your mentorship" in html and f'href="/mentorships/{_m.id}"' in html
