"""The dashboards' cache of figures: kept per data version, never stale, never shared
between readers who may not see the same figures (outcomes/cache.py, core/versions.py).
"""

import re

import pytest
import sqlalchemy as sa
from sqlalchemy.sql import visitors

from mentorship.core import versions
from mentorship.db import db
from mentorship.mentorships.models import Meeting, Mentorship
from mentorship.outcomes import cache, metrics, tables
from mentorship.outcomes.charts import bars
from mentorship.outcomes.filters import Filters
from mentorship.outcomes.forms import BREAKDOWN_LABELS
from mentorship.outcomes.routes import Figures

from ..factories import statements_run
from .flow import enrol
from .test_outcomes import answers, client_for, cohort_23, read_csv, world

__all__ = ["cohort_23", "world"]  # fixtures


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def table_html(page, key):
    return re.search(rf'<table id="{key}-table">.*?</table>', page, re.S)[0]


def figure(page, key, label):
    table = table_html(page, key)
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>\s*<td>(.*?)</td>', table)
    return row[1]


def fresh(app, client, url):
    """The page computed from nothing: no cached figure, no cached chart."""
    cache.clear()
    bars.cache_clear()
    return get(client, url)


def get(client, url):
    """The page, its CSRF tokens (signed with the second) left out."""
    html = client.get(url).text
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", html)


def test_cached_figures_equal_freshly_computed_ones(app, world):
    client = client_for(app, world["secretariat"])
    for url in (
        "/dashboard",
        "/dashboard?breakdown=organisation",
        f"/dashboard?programme={world['programme'].id}&breakdown=language",
        f"/dashboard/organisations/{world['org_a'].id}",
        f"/dashboard/programmes/{world['programme'].id}/report",
        "/dashboard/export/metrics.csv",
    ):
        computed = fresh(app, client, url)
        assert len(cache._entries) > 0, url
        assert get(client, url) == computed, url  # served from the cache


def test_cached_tables_are_the_metrics_tables(app, world):
    client = client_for(app, world["secretariat"])
    client.get("/dashboard")
    (entry,) = [
        value
        for key, (_born, _weight, value) in cache._entries._entries.items()
        if "figures" in key
    ]
    with app.test_request_context():
        data = metrics.dashboard(Filters(), "region", None)
        expected = Figures(tables.all_tables(data, BREAKDOWN_LABELS["region"]))
    assert entry.rows == expected.rows
    assert [t.caption for t in entry.tables] == [t.caption for t in expected.tables]
    assert entry.charts == expected.charts


def test_a_write_changes_the_version_in_its_own_commit(app, world):
    before = versions.current(metrics.VERSION)
    meeting = Meeting(mentorship_id=world["pairs"][0].id, held_on=sa.func.now())
    db.session.add(meeting)
    db.session.flush()
    # Written but not committed: nothing may be cached from this transaction.
    assert versions.current(metrics.VERSION) is None
    db.session.commit()
    after = versions.current(metrics.VERSION)
    assert after not in (None, before)


def test_a_write_shows_in_the_next_view(app, world):
    client = client_for(app, world["secretariat"])
    page = client.get("/dashboard").text
    assert figure(page, "funnel", "Mentees enrolled") == "4"
    assert figure(page, "mentorships", "Meetings logged") == "4"
    # An enrolment (the ORM's unit of work) and a meeting, committed.
    enrol(world["programme"], world["member"], "mentee")
    db.session.add(Meeting(mentorship_id=world["pairs"][0].id, held_on=sa.func.now()))
    db.session.commit()
    page = client.get("/dashboard").text
    assert figure(page, "funnel", "Mentees enrolled") == "5"
    assert figure(page, "mentorships", "Meetings logged") == "5"
    # A bulk UPDATE (as transitions write) changes the version too.
    db.session.execute(
        sa.update(Mentorship)
        .where(Mentorship.status == "active")
        .values(status="completed")
    )
    db.session.commit()
    page = get(client, "/dashboard")
    assert figure(page, "mentorships", "Active") == "0"
    assert page == fresh(app, client, "/dashboard")


def test_a_name_change_shows_in_the_next_view(app, world):
    client = client_for(app, world["secretariat"])
    url = "/dashboard?breakdown=organisation"
    assert "Andes WIM" in client.get(url).text
    world["org_b"].name = "Andes Women in Mining"
    db.session.commit()
    page = client.get(url).text
    assert "Andes Women in Mining" in table_html(page, "breakdown")


def test_signing_in_keeps_the_cached_figures(app, world):
    """A person's unwatched columns (sign-in, session) do not empty the cache."""
    before = versions.current(metrics.VERSION)
    client_for(app, world["steering"])
    world["secretariat"].name = "Another name"
    db.session.commit()
    assert versions.current(metrics.VERSION) == before


def test_readers_of_different_scopes_never_share_an_entry(app, cohort_23):
    """The coordinator and the Secretariat ask the same figures of organisation A:
    disclosure control differs with what else each may ask, so each has her own
    entry, equal to what would be computed for her alone."""
    w = cohort_23
    org, pilot = w["org_a"].id, w["programme"].id
    coordinator = client_for(app, w["coord_a"])
    secretariat = client_for(app, w["secretariat"])
    coordinator_url = f"/dashboard/organisations/{org}?programme={pilot}"
    secretariat_url = f"/dashboard/organisations/{org}?programme={pilot}"
    coordinator_page = coordinator.get(coordinator_url).text
    secretariat_page = secretariat.get(secretariat_url).text
    scopes = {key[4] for key in cache._entries._entries if "figures" in key}
    assert scopes == {None, org}
    assert table_html(coordinator_page, "surveys") == table_html(
        fresh(app, coordinator, coordinator_url), "surveys"
    )
    cache.clear()
    secretariat.get(secretariat_url)
    assert table_html(coordinator.get(coordinator_url).text, "surveys") == (
        table_html(coordinator_page, "surveys")
    )
    assert table_html(secretariat_page, "surveys") == table_html(
        fresh(app, secretariat, secretariat_url), "surveys"
    )


def test_locales_never_share_an_entry(app, world):
    french = client_for(app, world["steering"])  # she reads French
    english = client_for(app, world["secretariat"])
    assert "Participation" in english.get("/dashboard").text
    page = french.get("/dashboard").text
    assert '<html lang="fr">' in page and "Participation" in page  # same word in fr
    assert "Mentees enrolled" not in page


def test_exports_are_unaffected(app, world):
    answers(world["programme"], world["org_a"], "final", (4, 5, 3, 4), (10, 9, 7, 3))
    client = client_for(app, world["secretariat"])
    computed = read_csv(client.get("/dashboard/export/metrics.csv"))
    client.get("/dashboard")
    assert read_csv(client.get("/dashboard/export/metrics.csv")) == computed
    cache.clear()
    assert read_csv(client.get("/dashboard/export/metrics.csv")) == computed
    # The participant list is never cached: a new enrolment is in the next one.
    before = read_csv(client.get("/dashboard/export/participants.csv"))
    enrol(world["programme"], world["member"], "mentee")
    db.session.commit()
    after = read_csv(client.get("/dashboard/export/participants.csv"))
    assert len(after) == len(before) + 1


def test_cache_is_bounded(app, world, monkeypatch):
    monkeypatch.setattr(cache._entries, "size", 3)
    client = client_for(app, world["secretariat"])
    for by in ("region", "language", "programme", "organisation"):
        assert client.get(f"/dashboard?breakdown={by}").status_code == 200
    assert len(cache._entries) == 3


def test_every_table_the_figures_read_is_watched(app, world):
    """A table the metrics read and no write stamps would make the cache stale."""
    read = set()

    def collect(state):
        for element in visitors.iterate(state.statement):
            if isinstance(element, sa.Table):
                read.add(element.name)

    client = client_for(app, world["secretariat"])
    sa.event.listen(db.session.session_factory.class_, "do_orm_execute", collect)
    try:
        for by in ("region", "language", "programme", "organisation"):
            fresh(app, client, f"/dashboard?breakdown={by}&language=fr")
        fresh(app, client, f"/dashboard/programmes/{world['programme'].id}/report")
    finally:
        sa.event.remove(db.session.session_factory.class_, "do_orm_execute", collect)
    watched = {t for t, names in versions.WATCHED.items() if metrics.VERSION in names}
    # Read by the page around the figures (who signs in, her roles), not by them.
    around = {"profiles", "memberships", "roles", "user_roles", "data_versions"}
    assert read - watched - around == set(), read - watched
    assert {"mentorships", "enrolments", "survey_responses"} <= read


# --- Queries per view ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "url", "most"),
    [
        ("secretariat", "/dashboard", 4),
        ("secretariat", "/dashboard?breakdown=organisation", 4),
        ("steering", "/dashboard/export/metrics.csv", 4),
    ],
)
def test_a_cached_view_costs_a_few_queries(app, world, reader, url, most):
    client = client_for(app, world[reader])
    client.get(url)
    with app.app_context(), statements_run() as statements:
        assert client.get(url).status_code == 200
    # Her sign-in, her roles, the data version: no metric query.
    assert len(statements) <= most, statements


def test_the_report_costs_a_few_queries_however_many_programmes(app, world):
    client = client_for(app, world["steering"])
    url = f"/dashboard/programmes/{world['programme'].id}/report"
    client.get(url)
    with app.app_context(), statements_run() as statements:
        client.get(url)
    assert len(statements) <= 8, statements
