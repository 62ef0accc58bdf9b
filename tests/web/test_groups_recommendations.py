"""The recommendations pipeline: drafts and versions, comment rounds on sections,
the Steering Committee's endorsement, publication in three languages, the pages,
bad input, her data."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.groups.models import WorkingGroup
from mentorship.mydata import export as mydata_export
from mentorship.mydata import services as mydata_services
from mentorship.recommendations import compare, services
from mentorship.recommendations.models import (
    CommentRound,
    Recommendation,
    RecommendationComment,
    RecommendationVersion,
    sections_of,
)
from mentorship.recommendations.signals import recommendation_published

from ..factories import sign_in

TEXT = "Why it matters\n\nEach organisation names two mentors.\n\nWe count them."
NOW = lambda: utcnow()  # noqa: E731


def edit(en=TEXT, **others):
    return translated.Edit("en", {"en": en, **others}, set(others))


EMPTY = translated.Edit("en", {})


@pytest.fixture
def in_request(app):
    """Messages are lazy translations: reading one needs a request's locale."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(app_ctx, make_org, make_user):
    org = make_org()
    other_org = make_org()
    people = {
        "chair": make_user(org=org, name="Chair"),
        "champion": make_user(org=org, name="Champion"),
        "member": make_user(org=org, name="Member"),
        "outsider": make_user(org=other_org, name="Outsider"),
        "steering": make_user(roles=["steering"], name="Steering"),
        "staff": make_user(roles=["secretariat"], name="Staff"),
        "leader": make_user(org=other_org, name="Leader"),
    }
    body = Body(
        kind="working_group",
        slug="test-group",
        name=translated.new_text("en", en="Test group"),
    )
    group = WorkingGroup(body=body, status="active")
    db.session.add(group)
    db.session.flush()
    since = utcnow().date() - timedelta(days=30)
    memberships.start(people["chair"], "chair", body=body, starts_on=since)
    memberships.start(people["champion"], "champion", body=body, starts_on=since)
    memberships.start(people["member"], "member", body=body, starts_on=since)
    memberships.start(people["leader"], "leader", organisation=other_org)
    db.session.commit()
    return {"group": group, "org": org, "other_org": other_org, **people}


def draft(world, by="chair", body=TEXT, **others):
    found = services.create(
        world["group"],
        "recommendation",
        translated.Edit("en", {"en": "Two mentors", "fr": "Deux mentores"}, {"fr"}),
        EMPTY,
        edit(body, **others),
        "First",
        world[by],
    )
    db.session.commit()
    return found


def through_members_round(world, found):
    services.open_round(
        found, "members", utcnow().date() + timedelta(days=7), world["chair"]
    )
    services.comment(found, 2, "Two is a lot.", world["member"])
    services.close_round(found, world["chair"])
    db.session.commit()


def endorsed(world, **others):
    found = draft(world, **others)
    through_members_round(world, found)
    services.send_for_endorsement(found, world["chair"])
    services.endorse(found, world["steering"])
    db.session.commit()
    return found


# --- Sections and compare --------------------------------------------------------


def test_sections_are_paragraphs():
    assert sections_of("A\n\nB\n  \nC\n\n\n") == [(1, "A"), (2, "B"), (3, "C")]
    assert sections_of("") == []


def test_word_diff_marks_insertions_and_deletions():
    html = str(compare.word_diff("two <b>mentors", "three <b>mentors"))
    assert "<del>two</del>" in html and "<ins>three</ins>" in html
    assert "&lt;b&gt;mentors" in html


# --- Services -----------------------------------------------------------------------


def test_save_overwrites_until_a_round_then_makes_versions(world):
    found = draft(world)
    services.save(
        found, EMPTY, EMPTY, edit(TEXT + " Soon."), "", world["chair"], 1, False
    )
    assert [v.number for v in found.versions] == [1]
    services.open_round(
        found, "members", utcnow().date() + timedelta(days=3), world["chair"]
    )
    services.save(
        found, EMPTY, EMPTY, edit(TEXT + " Now."), "During", world["champion"], 1, False
    )
    db.session.commit()
    assert [v.number for v in found.versions] == [1, 2]
    assert found.versions[0].body.body("en").endswith("Soon.")
    assert found.versions[1].note == "During"


def test_save_on_an_older_version_is_refused(world, in_request):
    found = draft(world)
    services.save(found, EMPTY, EMPTY, edit("New"), "", world["chair"], 1, True)
    with pytest.raises(services.RecommendationError, match="newer version"):
        services.save(found, EMPTY, EMPTY, edit("Old"), "", world["chair"], 1, True)


def test_new_version_keeps_reviewed_translations_and_outdates_on_source_change(world):
    found = draft(world, fr="Pourquoi\n\nDeux.\n\nOn compte.")
    services.save(found, EMPTY, EMPTY, edit(TEXT), "", world["chair"], 1, True)
    assert found.latest.body.status("fr") == "reviewed"
    services.save(
        found,
        EMPTY,
        EMPTY,
        translated.Edit("en", {"en": "Changed"}),
        "",
        world["chair"],
        2,
        True,
    )
    assert found.latest.body.status("fr") == "outdated"


def test_comment_only_on_an_existing_section_while_open(world, in_request):
    found = draft(world)
    with pytest.raises(services.RecommendationError, match="round is open"):
        services.comment(found, 1, "Early", world["member"])
    services.open_round(
        found, "members", utcnow().date() + timedelta(days=3), world["chair"]
    )
    with pytest.raises(services.RecommendationError, match="section does not exist"):
        services.comment(found, 4, "Where?", world["member"])
    row = services.comment(found, 3, "Fine", world["member"])
    assert row.section == 3 and row.version_id == found.latest.id
    late = utcnow() + timedelta(days=10)
    with pytest.raises(services.RecommendationError, match="round is open"):
        services.comment(found, 1, "Late", world["member"], now=late)


def test_organisations_round_follows_the_members_round(world, in_request):
    found = draft(world)
    with pytest.raises(services.RecommendationError, match="members' round"):
        services.open_round(
            found, "organisations", utcnow().date() + timedelta(days=3), world["chair"]
        )
    through_members_round(world, found)
    services.open_round(
        found, "organisations", utcnow().date() + timedelta(days=3), world["chair"]
    )
    with pytest.raises(services.RecommendationError, match="member organisation"):
        services.comment(found, 1, "For us", world["leader"])
    row = services.comment(
        found, 1, "For us", world["leader"], organisation_id=world["other_org"].id
    )
    assert row.organisation_id == world["other_org"].id


def test_round_dates_are_bounded(world, in_request):
    found = draft(world)
    for days in (0, 91):
        with pytest.raises(services.RecommendationError, match="90 days"):
            services.open_round(
                found, "members", utcnow().date() + timedelta(days=days), world["chair"]
            )


def test_send_needs_a_members_round(world, in_request):
    found = draft(world)
    with pytest.raises(services.RecommendationError, match="members' round"):
        services.send_for_endorsement(found, world["chair"])


def test_publish_waiting_for_all_languages_refused_while_one_is_missing(
    world, in_request
):
    found = endorsed(world)
    with pytest.raises(services.RecommendationError, match="Not every language"):
        services.publish(found, "all_languages", world["staff"])
    assert found.status == "endorsed"
    services.translate(
        found,
        translated.Edit(
            "en",
            {"en": TEXT, "fr": "P\n\nD\n\nC", "es": "P\n\nD\n\nC"},
            {"fr", "es"},
        ),
        world["chair"],
    )
    sent = []

    def listen(sender, **kw):
        sent.append(sender)

    recommendation_published.connect(listen)
    try:
        services.publish(found, "all_languages", world["staff"])
    finally:  # only this test's listener: the results package's one stays
        recommendation_published.disconnect(listen)
    assert found.status == "published" and found.published_at is not None
    assert found.latest.frozen_at is not None
    assert sent == [found]
    with pytest.raises(services.RecommendationError, match="already published"):
        services.publish(found, "now", world["staff"])


def test_translate_cannot_change_the_source(world, in_request):
    found = endorsed(world)
    with pytest.raises(services.RecommendationError, match="never be edited"):
        services.translate(found, edit("Rewritten"), world["chair"])


def test_publish_now_shows_the_source_with_a_note(world):
    found = endorsed(world)
    services.publish(found, "now", world["staff"])
    shown = services.shown_text(found.latest, "es")
    assert shown.fallback and shown.lang == "en"


# --- Routes --------------------------------------------------------------------------


def test_full_pipeline_through_the_pages(client, world):
    group = world["group"]
    sign_in(client, world["champion"])
    response = client.post(
        f"/groups/{group.slug}/recommendations/new",
        data={
            "kind": "recommendation",
            "title-source": "en",
            "title-en": "Two mentors",
            "body-source": "en",
            "body-en": TEXT,
            "version": "0",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    found = db.session.scalar(sa.select(Recommendation))
    rid = found.id

    sign_in(client, world["chair"])
    ends = (utcnow().date() + timedelta(days=5)).isoformat()
    assert (
        client.post(
            f"/recommendations/{rid}/rounds", data={"kind": "members", "ends_on": ends}
        ).status_code
        == 302
    )

    sign_in(client, world["member"])
    page = client.get(f"/recommendations/{rid}").get_data(as_text=True)
    assert "Comment on a section" in page
    response = client.post(
        f"/recommendations/{rid}/comments", data={"section": "9", "body": "x"}
    )
    assert response.status_code == 400
    assert "does not exist" in response.get_data(as_text=True)
    assert (
        client.post(
            f"/recommendations/{rid}/comments",
            data={"section": "2", "body": "Too many"},
        ).status_code
        == 302
    )

    sign_in(client, world["chair"])
    comment = db.session.scalar(sa.select(RecommendationComment))
    assert (
        client.post(f"/recommendations/comments/{comment.id}/addressed").status_code
        == 302
    )
    response = client.post(
        f"/recommendations/{rid}/edit",
        data={
            "kind": "recommendation",
            "title-source": "en",
            "title-en": "Two mentors",
            "body-source": "en",
            "body-en": TEXT.replace("two", "one"),
            "note": "After comments",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert client.post(f"/recommendations/{rid}/rounds/close").status_code == 302
    assert client.post(f"/recommendations/{rid}/send").status_code == 302

    sign_in(client, world["member"])
    assert client.post(f"/recommendations/{rid}/endorse").status_code == 403
    sign_in(client, world["steering"])
    page = client.get(f"/recommendations/{rid}").get_data(as_text=True)
    assert "Endorse" in page
    assert client.post(f"/recommendations/{rid}/endorse").status_code == 302

    sign_in(client, world["chair"])
    response = client.post(
        f"/recommendations/{rid}/publish", data={"mode": "all_languages"}
    )
    assert response.status_code == 400
    assert "Not every language" in response.get_data(as_text=True)
    assert (
        client.post(f"/recommendations/{rid}/publish", data={"mode": "now"}).status_code
        == 302
    )

    client.get("/logout")
    anonymous = client.application.test_client()
    page = anonymous.get(f"/recommendations/{rid}").get_data(as_text=True)
    assert "Each organisation names one mentors" in page or "names one" in page
    assert "Too many" not in page  # comments are the pipeline's inside
    sign_in(anonymous, world["outsider"], locale="fr")
    page = anonymous.get(f"/recommendations/{rid}").get_data(as_text=True)
    assert "translated-note" in page
    diff = anonymous.get(f"/recommendations/{rid}/compare?a=1&b=2&view=diff").get_data(
        as_text=True
    )
    assert "<del>two</del>" in diff and "<ins>one</ins>" in diff
    side = anonymous.get(f"/recommendations/{rid}/compare").get_data(as_text=True)
    assert "<table>" in side
    group_page = anonymous.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert "Two mentors" in group_page


def test_editing_a_published_version_is_refused(client, world):
    found = endorsed(world)
    services.publish(found, "now", world["staff"])
    db.session.commit()
    before = found.latest.body.body("en")
    sign_in(client, world["chair"])
    response = client.get(f"/recommendations/{found.id}/edit")
    assert response.status_code == 302
    response = client.post(
        f"/recommendations/{found.id}/edit",
        data={
            "kind": "recommendation",
            "title-source": "en",
            "title-en": "T",
            "body-source": "en",
            "body-en": "Changed",
            "version": str(found.latest.number),
        },
    )
    assert response.status_code == 400
    assert "never be edited" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Recommendation, found.id).latest.body.body("en") == before


def test_drafts_are_hidden_from_outsiders(client, world):
    found = draft(world)
    sign_in(client, world["outsider"])
    assert client.get(f"/recommendations/{found.id}").status_code == 404
    assert client.get(f"/recommendations/{found.id}/compare").status_code == 404
    page = client.get(f"/groups/{world['group'].slug}/recommendations").get_data(
        as_text=True
    )
    assert "Two mentors" not in page
    sign_in(client, world["member"])
    assert client.get(f"/recommendations/{found.id}").status_code == 200
    assert client.get(f"/recommendations/{found.id}/edit").status_code == 403


def test_endorsing_without_the_committee_changes_nothing(client, world):
    found = draft(world)
    through_members_round(world, found)
    services.send_for_endorsement(found, world["chair"])
    db.session.commit()
    for who in ("chair", "staff"):
        sign_in(client, world[who])
        assert client.post(f"/recommendations/{found.id}/endorse").status_code == 403
    db.session.expire_all()
    assert db.session.get(Recommendation, found.id).status == "endorsement"


def test_return_needs_a_reason_and_records_it(client, world):
    found = draft(world)
    through_members_round(world, found)
    services.send_for_endorsement(found, world["chair"])
    db.session.commit()
    sign_in(client, world["steering"])
    assert (
        client.post(
            f"/recommendations/{found.id}/return", data={"reason": ""}
        ).status_code
        == 400
    )
    response = client.post(
        f"/recommendations/{found.id}/return", data={"reason": "Cite data"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Recommendation, found.id).status == "draft"
    reasons = db.session.scalars(
        sa.select(AuditEvent.reason).where(AuditEvent.entity_type == "recommendations")
    ).all()
    assert "Cite data" in reasons


def test_publishing_twice_and_fuzzed_ids(client, world):
    found = endorsed(world)
    sign_in(client, world["staff"])
    assert (
        client.post(
            f"/recommendations/{found.id}/publish", data={"mode": "now"}
        ).status_code
        == 302
    )
    response = client.post(f"/recommendations/{found.id}/publish", data={"mode": "now"})
    assert response.status_code == 400
    assert "already published" in response.get_data(as_text=True)
    assert (
        client.post(
            f"/recommendations/{found.id}/publish", data={"mode": "bogus"}
        ).status_code
        == 400
    )
    for url in (
        "/recommendations/99999",
        "/recommendations/99999/compare",
        f"/recommendations/{found.id}/compare?a=7&b=99",
        f"/recommendations/{found.id}?version=42",
        "/groups/nope/recommendations",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post("/recommendations/comments/99999/addressed").status_code == 404
    assert client.get("/recommendations/2147483648").status_code == 404


def test_comment_outside_a_round_is_refused(client, world):
    found = draft(world)
    sign_in(client, world["member"])
    response = client.post(
        f"/recommendations/{found.id}/comments", data={"section": "1", "body": "Hi"}
    )
    assert response.status_code == 400
    assert "only while a round is open" in response.get_data(as_text=True)
    for data in (
        {"section": "x", "body": "Hi"},
        {"section": "1", "body": ""},
        {"section": "-1", "body": "a"},
    ):
        response = client.post(f"/recommendations/{found.id}/comments", data=data)
        assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(RecommendationComment.id))) == 0


def test_pages_render(client, world):
    found = endorsed(world)
    sign_in(client, world["chair"])
    for url in (
        f"/groups/{world['group'].slug}/recommendations",
        f"/groups/{world['group'].slug}/recommendations/new",
        f"/recommendations/{found.id}",
        f"/recommendations/{found.id}/translate",
        f"/recommendations/{found.id}/compare?view=diff",
    ):
        assert client.get(url).status_code == 200, url


# --- Her data ------------------------------------------------------------------------


def test_her_comments_are_exported_and_erased(world):
    found = draft(world)
    services.open_round(
        found, "members", utcnow().date() + timedelta(days=3), world["chair"]
    )
    row = services.comment(found, 1, "MINE", world["member"])
    db.session.commit()
    exported = mydata_export._recommendation_comments(world["member"])
    assert exported[0]["comment"] == "MINE" and exported[0]["section"] == 1
    mydata_services.scrub(world["member"].id, world["member"].email)
    db.session.commit()
    assert db.session.get(RecommendationComment, row.id).body == ""
    assert db.session.get(RecommendationVersion, found.latest.id).note == "First"
    assert db.session.scalar(sa.select(sa.func.count(CommentRound.id))) == 1
