"""Results: opened when a recommendation is published (one per recommendation),
updated by its owner, the group's runners and the Secretariat, linked to the
group's own meetings and actions, shown on its page and its theme's, exported for
the annual report; bad input changes nothing; her data; the demo."""

import json
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from mentorship.auth.models import User
from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.events.minutes_models import Minutes, MinutesItem
from mentorship.events.models import EventSeries, EventSession
from mentorship.groups.models import WorkingGroup
from mentorship.mydata import services as mydata
from mentorship.organisations.themes import active_themes, ensure_themes
from mentorship.recommendations.models import Recommendation
from mentorship.recommendations.signals import recommendation_published
from mentorship.results import services
from mentorship.results.models import Result, ResultLink, ResultUpdate

from .. import factories


def today():
    """Today, asked at each use: a run crossing midnight must not use yesterday."""
    return date.today()


def sign_in(client, user):
    factories.sign_in(client, user, locale="en")


def make_group(slug, theme=None, chair=None, members=()):
    body = Body(
        kind="working_group",
        slug=slug,
        name=translated.new_text("en", en=f"Group {slug}"),
    )
    group = WorkingGroup(body=body, theme=theme, status="active")
    db.session.add(group)
    db.session.flush()
    since = utcnow().date() - timedelta(days=30)
    if chair is not None:
        memberships.start(chair, "chair", body=body, starts_on=since)
    for person in members:
        memberships.start(person, "member", body=body, starts_on=since)
    return group


def publish(group, title="Mentor every newcomer", status="published"):
    recommendation = Recommendation(
        group_id=group.id,
        status=status,
        title=translated.new_text("en", en=title, fr=f"FR {title}"),
        summary=translated.new_text("en", en="In one year."),
        published_at=utcnow(),
    )
    db.session.add(recommendation)
    db.session.flush()
    if status == "published":
        recommendation_published.send(recommendation)
    return recommendation


def meeting(group, title="May meeting", days_ago=10, audience="working_group"):
    series = db.session.scalar(
        sa.select(EventSeries).where(EventSeries.body_id == group.body_id)
    )
    if series is None:
        series = EventSeries(
            slug=f"{group.slug}-meetings",
            kind="working_group",
            body_id=group.body_id,
            default_audience="working_group",
            name=translated.new_text("en", en="Monthly"),
        )
        db.session.add(series)
    ends = utcnow().replace(microsecond=0) - timedelta(days=days_ago)
    session = EventSession(
        series=series,
        title=translated.new_text("en", en=title),
        starts_at=ends - timedelta(hours=1),
        ends_at=ends,
        timezone="UTC",
        audience=audience,
    )
    db.session.add(session)
    db.session.flush()
    return session


def minutes_item(session, kind="action", text="Write the note", approved=True):
    minutes = db.session.scalar(
        sa.select(Minutes).where(Minutes.session_id == session.id)
    )
    if minutes is None:
        minutes = Minutes(
            session_id=session.id,
            status="approved" if approved else "draft",
            text=translated.new_text("en", en="We met."),
            amend_until=session.ends_at + timedelta(days=1),
            approved_at=session.ends_at + timedelta(days=2) if approved else None,
        )
        db.session.add(minutes)
        db.session.flush()
    item = MinutesItem(
        minutes_id=minutes.id,
        kind=kind,
        text=translated.new_text("en", en=text),
        due_on=today() if kind == "action" else None,
    )
    db.session.add(item)
    db.session.flush()
    return item


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def world(make_org, make_user, in_request):
    ensure_themes()
    theme = active_themes()[0]
    org, other_org = make_org(name="WIM Peru"), make_org(name="WIM Canada")
    people = {
        "staff": make_user(roles=["secretariat"], name="Sara Secretariat"),
        "chair": make_user(org=org, name="Carla Chair"),
        "member": make_user(org=org, name="Mona Member"),
        "stranger": make_user(org=other_org, name="Stella Stranger"),
        "other_chair": make_user(org=other_org, name="Olga Otherchair"),
    }
    group = make_group(
        "data-group", theme, chair=people["chair"], members=[people["member"]]
    )
    other = make_group("other-group", theme, chair=people["other_chair"])
    recommendation = publish(group)
    db.session.commit()
    result = services.result_of(recommendation.id)
    return {
        "group": group,
        "other": other,
        "theme": theme,
        "recommendation": recommendation,
        "result": result,
        **people,
    }


def update(world, by="chair", **fields):
    values = dict(
        lang="en",
        text="We started.",
        on_date=today(),
        seen_revision=world["result"].revision,
    )
    values.update(fields)
    return services.post_update(world["result"], world[by], **values)


# --- Opening on publication -----------------------------------------------------------


def test_publication_opens_the_result_owned_by_the_chair(world):
    result = world["result"]
    assert result is not None
    assert (result.status, result.progress) == ("planned", 0)
    assert result.owner_id == world["chair"].id
    assert result.recommendation_id == world["recommendation"].id


def test_a_second_signal_keeps_one_result(world):
    recommendation_published.send(world["recommendation"])
    db.session.flush()
    count = db.session.scalar(
        sa.select(sa.func.count(Result.id)).where(
            Result.recommendation_id == world["recommendation"].id
        )
    )
    assert count == 1


def test_the_database_refuses_a_second_result(world):
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Result(recommendation_id=world["recommendation"].id))
        db.session.flush()


def test_a_group_without_chair_gives_a_result_without_owner(world):
    group = make_group("chairless", world["theme"])
    recommendation = publish(group)
    result = services.result_of(recommendation.id)
    assert result.owner_id is None and result.status == "planned"


# --- Updates --------------------------------------------------------------------------


def test_update_sets_status_and_progress(world):
    row = update(world, status="in_progress", progress=40, text="Half way to half.")
    result = world["result"]
    assert (result.status, result.progress, result.revision) == ("in_progress", 40, 1)
    assert row.new_status == "in_progress" and row.new_progress == 40
    assert row.text.body("en") == "Half way to half." and row.text.source_lang == "en"


def test_done_means_100(world):
    update(world, status="done")
    assert (world["result"].status, world["result"].progress) == ("done", 100)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"status": "done", "progress": 50}, "done is at 100"),
        ({"progress": 101}, "0 to 100"),
        ({"progress": -1}, "0 to 100"),
        ({"status": "dropped"}, "why the result is dropped"),
        ({"status": "nonsense"}, "from the list"),
        ({"text": "  "}, "Write what happened"),
        ({"on_date": today() + timedelta(days=5)}, "future"),
        ({"seen_revision": 7}, "changed this result"),
    ],
)
def test_bad_updates_change_nothing(world, fields, message):
    result = world["result"]
    with pytest.raises(services.ResultError, match=message):
        update(world, **fields)
    db.session.rollback()
    db.session.refresh(result)
    assert (result.status, result.progress, result.revision) == ("planned", 0, 0)
    assert db.session.scalar(sa.select(sa.func.count(ResultUpdate.id))) == 0


def test_dropping_with_a_reason_and_taking_it_up_again(world):
    update(world, status="dropped", reason="No budget this year.")
    result = world["result"]
    assert result.status == "dropped"
    assert result.dropped_reason.body("en") == "No budget this year."
    update(world, text="Funded after all.", status="in_progress", progress=10)
    assert result.status == "in_progress" and result.dropped_reason is None


def test_a_double_submit_is_refused(world):
    seen = world["result"].revision
    update(world, seen_revision=seen)
    with pytest.raises(services.ResultError):
        update(world, seen_revision=seen)


def test_owner_changes_to_a_member_only(world):
    result = world["result"]
    with pytest.raises(services.ResultError, match="current member"):
        services.change_owner(result, world["stranger"].id, world["staff"], 0)
    services.change_owner(result, world["member"].id, world["staff"], 0)
    assert result.owner_id == world["member"].id and result.revision == 1


# --- Links ----------------------------------------------------------------------------


def test_links_to_the_groups_own_meetings_and_actions(world):
    session = meeting(world["group"])
    action = minutes_item(session)
    result = world["result"]
    services.link(result, f"session:{session.id}", world["chair"])
    services.link(result, f"item:{action.id}", world["chair"])
    assert {(link.session_id, link.item_id) for link in result.links} == {
        (session.id, None),
        (None, action.id),
    }
    with pytest.raises(services.ResultError, match="already linked"):
        services.link(result, f"session:{session.id}", world["chair"])
    link_id = result.links[0].id
    services.unlink(result, link_id, world["chair"])
    assert len(result.links) == 1
    with pytest.raises(services.ResultError, match="already removed"):
        services.unlink(result, link_id, world["chair"])


@pytest.mark.parametrize(
    "target",
    [
        "session:{other}",
        "item:{decision}",
        "item:{other_action}",
        "session:abc",
        "session:99999999999",
        "item:0",
        "meeting:{own}",
        "",
        "session:",
    ],
)
def test_links_outside_the_group_are_refused(world, target):
    own = meeting(world["group"])
    decision = minutes_item(own, kind="decision", text="Agreed")
    other = meeting(world["other"])
    other_action = minutes_item(other)
    target = target.format(
        own=own.id, other=other.id, decision=decision.id, other_action=other_action.id
    )
    with pytest.raises(services.ResultError, match="own meetings"):
        services.link(world["result"], target, world["staff"])
    assert db.session.scalar(sa.select(sa.func.count(ResultLink.id))) == 0


# --- Pages ----------------------------------------------------------------------------


def test_the_result_page_is_public_with_an_accessible_progress(client, world):
    update(world, status="in_progress", progress=35, text="Drafting the toolkit.")
    db.session.commit()
    response = client.get(f"/results/{world['result'].id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mentor every newcomer" in body
    assert '<progress id="result-progress" max="100" value="35">35 %</progress>' in body
    assert "35 % done" in body and "In progress" in body
    assert "Drafting the toolkit." in body
    assert "Carla Chair" in body  # a chair's name is public
    assert "Post an update" not in body


def test_a_members_name_shows_to_insiders_only(client, world):
    services.change_owner(world["result"], world["member"].id, world["staff"], 0)
    db.session.commit()
    url = f"/results/{world['result'].id}"
    assert "Mona Member" not in client.get(url).get_data(as_text=True)
    sign_in(client, world["chair"])
    assert "Mona Member" in client.get(url).get_data(as_text=True)


def test_updates_show_in_time_order(client, world):
    update(world, text="Second", on_date=today() - timedelta(days=1))
    update(world, text="First", on_date=today() - timedelta(days=20))
    db.session.commit()
    body = client.get(f"/results/{world['result'].id}").get_data(as_text=True)
    assert body.index("First") < body.index("Second")


@pytest.mark.parametrize("who", ["chair", "member_owner", "staff"])
def test_updaters_post_an_update(client, world, who):
    if who == "member_owner":
        services.change_owner(world["result"], world["member"].id, world["staff"], 0)
        db.session.commit()
        who = "member"
    sign_in(client, world[who])
    result_id = world["result"].id
    page = client.get(f"/results/{result_id}").get_data(as_text=True)
    assert "Post an update" in page
    revision = str(world["result"].revision)
    response = client.post(
        f"/results/{result_id}/updates",
        data={
            "revision": revision,
            "on_date": today().isoformat(),
            "text": "Schools visited.",
            "status": "in_progress",
            "progress": "25",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    result = db.session.get(Result, result_id)
    assert (result.status, result.progress) == ("in_progress", 25)
    assert result.updates[0].author_id == world[who].id


def _post_update(client, world, **fields):
    data = {
        "revision": str(world["result"].revision),
        "on_date": today().isoformat(),
        "text": "Something happened.",
        "status": "",
        "progress": "",
    }
    data.update(fields)
    return client.post(f"/results/{world['result'].id}/updates", data=data)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"progress": "abc"}, "whole number from 0 to 100"),
        ({"progress": "150"}, "whole number from 0 to 100"),
        ({"progress": "-3"}, "whole number from 0 to 100"),
        ({"progress": "1e3"}, "whole number from 0 to 100"),
        ({"status": "dropped"}, "Say why the result is dropped"),
        ({"status": "done", "progress": "80"}, "done is at 100"),
        ({"status": "bogus"}, "Choose a status from the list"),
        ({"text": ""}, "Write what happened"),
        ({"on_date": "31/02/2027"}, "such as 2027-03-31"),
        ({"on_date": "9999-01-01"}, "Enter a date between"),
        ({"revision": "x"}, "Reload the page"),
        ({"revision": "5"}, "changed this result"),
    ],
)
def test_bad_update_forms_are_refused_with_a_message(client, world, fields, message):
    sign_in(client, world["chair"])
    response = _post_update(client, world, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    result = db.session.get(Result, world["result"].id)
    assert (result.status, result.progress, result.revision) == ("planned", 0, 0)
    assert not result.updates


def test_strangers_cannot_update_link_or_change_the_owner(client, world):
    session = meeting(world["group"])
    db.session.commit()
    result_id = world["result"].id
    for who in ("stranger", "other_chair", "member"):
        sign_in(client, world[who])
        assert _post_update(client, world).status_code == 403
        response = client.post(
            f"/results/{result_id}/links", data={"target": f"session:{session.id}"}
        )
        assert response.status_code == 403
        response = client.post(
            f"/results/{result_id}/owner",
            data={"revision": "0", "owner": str(world["member"].id)},
        )
        assert response.status_code == 403
    db.session.expire_all()
    result = db.session.get(Result, result_id)
    assert not result.updates and not result.links
    assert result.owner_id == world["chair"].id


def test_anonymous_posts_go_to_login(client, world):
    response = _post_update(client, world)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_linking_another_groups_meeting_is_refused(client, world):
    other = meeting(world["other"])
    db.session.commit()
    sign_in(client, world["chair"])
    response = client.post(
        f"/results/{world['result'].id}/links", data={"target": f"session:{other.id}"}
    )
    assert response.status_code == 400
    assert "own meetings" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ResultLink.id))) == 0


def test_link_and_unlink_through_the_page(client, world):
    session = meeting(world["group"], title="June meeting")
    action = minutes_item(session, text="Call the schools")
    db.session.commit()
    sign_in(client, world["chair"])
    url = f"/results/{world['result'].id}"
    page = client.get(url).get_data(as_text=True)
    assert f'value="session:{session.id}"' in page
    assert f'value="item:{action.id}"' in page
    assert (
        client.post(url + "/links", data={"target": f"item:{action.id}"}).status_code
        == 302
    )
    page = client.get(url).get_data(as_text=True)
    assert "Call the schools" in page and "June meeting" in page
    link = db.session.scalar(sa.select(ResultLink))
    assert client.post(f"{url}/links/{link.id}/remove").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(ResultLink.id))) == 0
    # Another result's link, or none: a message, nothing changed.
    assert client.post(f"{url}/links/99999/remove").status_code == 400
    assert client.post(url + "/links", data={"target": ""}).status_code == 400


def test_links_show_only_what_the_reader_may_see(client, world):
    members_only = meeting(world["group"], title="Closed meeting")
    services.link(world["result"], f"session:{members_only.id}", world["chair"])
    draft_session = meeting(world["group"], title="Draft meeting", days_ago=2)
    draft_action = minutes_item(
        draft_session, text="Secret draft action", approved=False
    )
    services.link(world["result"], f"item:{draft_action.id}", world["chair"])
    db.session.commit()
    url = f"/results/{world['result'].id}"
    public = client.get(url).get_data(as_text=True)
    assert "Closed meeting" not in public and "Secret draft action" not in public
    sign_in(client, world["member"])
    inside = client.get(url).get_data(as_text=True)
    assert "Closed meeting" in inside
    assert "Secret draft action" not in inside  # a draft: attendees and organisers
    sign_in(client, world["chair"])
    assert "Secret draft action" in client.get(url).get_data(as_text=True)


def test_owner_change_through_the_page(client, world):
    sign_in(client, world["chair"])
    url = f"/results/{world['result'].id}/owner"
    for bad in ("abc", "0", "99999999999", str(world["stranger"].id), ""):
        response = client.post(url, data={"revision": "0", "owner": bad})
        assert response.status_code == 400
        assert "current member of the group" in response.get_data(as_text=True)
    response = client.post(
        url, data={"revision": "0", "owner": str(world["member"].id)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Result, world["result"].id).owner_id == world["member"].id


@pytest.mark.parametrize(
    "path",
    [
        "/results/0",
        "/results/999999",
        "/results/99999999999",
        "/results/abc",
        "/results/1/updates/x",
    ],
)
def test_fuzzed_ids_are_404(client, world, path):
    assert client.get(path).status_code == 404


def test_fuzzed_ids_in_posts_are_404(client, world):
    sign_in(client, world["staff"])
    for path in (
        "/results/999999/updates",
        "/results/99999999999/links",
        "/results/999999/owner",
        "/results/999999/links/1/remove",
    ):
        assert client.post(path, data={}).status_code == 404


def test_an_unpublished_recommendations_result_is_hidden(client, world):
    recommendation = world["recommendation"]
    recommendation.status = "withdrawn"
    db.session.commit()
    url = f"/results/{world['result'].id}"
    assert client.get(url).status_code == 404
    sign_in(client, world["chair"])
    assert client.get(url).status_code == 200


def test_the_theme_page_shows_results_and_counts(client, world):
    update(world, status="in_progress", progress=60)
    publish(world["other"], title="Count women engineers")
    db.session.commit()
    body = client.get(f"/themes/{world['theme'].slug}").get_data(as_text=True)
    assert "Results of the recommendations" in body
    assert "Mentor every newcomer" in body and "Count women engineers" in body
    assert 'max="100" value="60"' in body
    assert "In progress: 1" in body and "Planned: 1" in body and "Done: 0" in body


def test_a_theme_without_results_says_so(client, world):
    theme = active_themes()[1]
    make_group("quiet-group", theme)
    db.session.commit()
    body = client.get(f"/themes/{theme.slug}").get_data(as_text=True)
    assert "No published recommendation on this theme yet" in body


# --- The annual report's export -------------------------------------------------------


def test_for_report_lists_results_by_theme_with_updates_of_the_year(world):
    year = utcnow().year
    update(world, status="in_progress", progress=50, on_date=date(year, 1, 2))
    update(world, text="Last year", on_date=date(year - 1, 12, 30))
    rows = services.for_report(year)
    assert len(rows) == 1
    row = rows[0]
    assert row["theme"]["slug"] == world["theme"].slug
    assert row["group"]["slug"] == "data-group"
    assert row["recommendation"]["title"]["fr"] == "FR Mentor every newcomer"
    assert (row["status"], row["progress"]) == ("in_progress", 50)
    assert row["updates_in_year"] == 1 and row["last_update_on"] == f"{year}-01-02"
    assert services.for_report(year - 1) == []  # published this year
    json.dumps(rows)


def test_staff_export_csv_and_json(client, world):
    year = utcnow().year
    sign_in(client, world["staff"])
    page = client.get(f"/results/export?year={year}")
    assert page.status_code == 200 and "Mentor every newcomer" in page.get_data(
        as_text=True
    )
    csv = client.get(f"/results/export.csv?year={year}")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.get_data(as_text=True)
    assert text.lstrip("\ufeff").startswith("year,theme,group,result")
    assert "Mentor every newcomer" in text
    data = json.loads(
        client.get(f"/results/export.json?year={year}").get_data(as_text=True)
    )
    assert data["year"] == year and data["counts"]["planned"] == 1
    assert data["results"][0]["result"] == world["result"].id


def test_export_cells_never_start_a_formula(client, world):
    world["recommendation"].title = translated.new_text("en", en="=HYPERLINK(1)")
    db.session.commit()
    sign_in(client, world["staff"])
    text = client.get(f"/results/export.csv?year={utcnow().year}").get_data(
        as_text=True
    )
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize("year", ["abc", "1", "99999999999999", "-5"])
def test_export_refuses_a_bad_year(client, world, year):
    sign_in(client, world["staff"])
    assert client.get(f"/results/export?year={year}").status_code == 400
    assert client.get(f"/results/export.csv?year={year}").status_code == 400
    assert client.get(f"/results/export.json?year={year}").status_code == 400


def test_export_is_the_secretariats(client, world):
    sign_in(client, world["chair"])
    for path in ("/results/export", "/results/export.csv", "/results/export.json"):
        assert client.get(path).status_code == 403


# --- Her data -------------------------------------------------------------------------


def test_her_export_lists_her_updates_and_owned_results(client, world):
    update(world, text="MARKER-UPDATE", progress=10)
    db.session.commit()
    sign_in(client, world["chair"])
    data = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert data["results"]["updates"][0]["text"] == {"en": "MARKER-UPDATE"}
    assert data["results"]["owned"][0]["result"] == world["result"].id
    sign_in(client, world["member"])
    data = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert data["results"] == {"updates": [], "owned": []}


def test_erasure_removes_her_words_and_ownership(world):
    row = update(world, text="MARKER-ERASE", status="in_progress", progress=20)
    db.session.commit()
    text_id = row.text_id
    mydata.erase(world["chair"], utcnow())
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(ResultUpdate, row.id)
    assert row.text_id is None and row.new_progress == 20
    assert db.session.get(translated.TranslatedText, text_id) is None
    assert db.session.get(Result, world["result"].id).owner_id is None


# --- The demo -------------------------------------------------------------------------


def _demo_groups(make_user):
    ensure_themes()
    chair = make_user(name="Demo Chair", locale="es")
    for slug in ("role-models-mentors", "global-data-deficit"):
        make_group(slug, active_themes()[0], chair=chair)
    return chair


def test_demo_publishes_two_and_follows_them_once(make_user, in_request):
    from mentorship.demo.results import seed_results

    chair = _demo_groups(make_user)
    seed_results()
    seed_results()
    results = db.session.scalars(sa.select(Result)).all()
    assert len(results) == 2
    for result in results:
        assert result.status == "in_progress" and 0 < result.progress < 100
        assert result.owner_id == chair.id
        assert len(result.updates) == 3
        assert result.updates[0].text.source_lang == "es"


def test_demo_uses_the_pipelines_published_recommendations(make_user, in_request):
    from mentorship.demo.results import seed_results

    _demo_groups(make_user)
    group = db.session.scalar(sa.select(WorkingGroup))
    publish(group, title="From the pipeline")
    seed_results()
    results = db.session.scalars(sa.select(Result)).all()
    assert len(results) == 1 and len(results[0].updates) == 3


# --- Races (PostgreSQL) ---------------------------------------------------------------


@pytest.fixture
def postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


def _race(app, work, count=2):
    barrier = threading.Barrier(count, timeout=10)
    answers = []

    def run(n):
        with app.test_request_context():
            try:
                barrier.wait()
                answers.append(work(n))
                db.session.commit()
            except Exception as error:  # noqa: BLE001  the loser's error is the answer
                db.session.rollback()
                answers.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return answers


@pytest.mark.commits
def test_racing_publications_open_one_result(app, postgres_only, make_user):
    ensure_themes()
    group = make_group("race-group", active_themes()[0], chair=make_user())
    recommendation = Recommendation(
        group_id=group.id,
        status="published",
        title=translated.new_text("en", en="Race"),
        published_at=utcnow(),
    )
    db.session.add(recommendation)
    db.session.commit()
    recommendation_id = recommendation.id

    def open_one(_n):
        found = db.session.get(Recommendation, recommendation_id)
        return services.open_result(found).id

    answers = _race(app, open_one, count=4)
    db.session.expire_all()
    ids = set(
        db.session.scalars(
            sa.select(Result.id).where(Result.recommendation_id == recommendation_id)
        )
    )
    assert len(ids) == 1
    assert all(answer in ids for answer in answers), answers


@pytest.mark.commits
def test_racing_updates_of_the_same_revision_keep_one(app, postgres_only, make_user):
    ensure_themes()
    chair = make_user()
    group = make_group("race-group-2", active_themes()[0], chair=chair)
    recommendation = publish(group)
    db.session.commit()
    result_id = services.result_of(recommendation.id).id
    chair_id = chair.id

    def post(n):
        return services.post_update(
            db.session.get(Result, result_id),
            db.session.get(User, chair_id),
            lang="en",
            text=f"Update {n}",
            on_date=today(),
            seen_revision=0,
            progress=10 + n,
        )

    answers = _race(app, post)
    errors = [a for a in answers if isinstance(a, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], services.ResultError)
    db.session.expire_all()
    result = db.session.get(Result, result_id)
    assert result.revision == 1 and len(result.updates) == 1
