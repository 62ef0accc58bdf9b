"""Races on PostgreSQL (two connections): two runners publishing at once publish
once (one signal); two committee members endorsing at once endorse once; a comment
racing the round's close either lands before the close or is refused, never after."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.auth.models import User
from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.groups.models import WorkingGroup
from mentorship.recommendations import services
from mentorship.recommendations.models import (
    CommentRound,
    Recommendation,
    RecommendationComment,
)
from mentorship.recommendations.signals import recommendation_published

pytestmark = pytest.mark.commits

TEXT = "One\n\nTwo"


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


@pytest.fixture
def world(app, make_user, make_org):
    org = make_org()
    chair = make_user(org=org)
    member = make_user(org=org)
    staff = make_user(roles=["secretariat"])
    steering = [make_user(roles=["steering"]), make_user(roles=["steering"])]
    body = Body(
        kind="working_group", slug="race", name=translated.new_text("en", en="R")
    )
    group = WorkingGroup(body=body, status="active")
    db.session.add(group)
    db.session.flush()
    since = utcnow().date() - timedelta(days=3)
    memberships.start(chair, "chair", body=body, starts_on=since)
    memberships.start(member, "member", body=body, starts_on=since)
    db.session.commit()
    with app.test_request_context():
        found = services.create(
            group,
            "recommendation",
            translated.Edit("en", {"en": "Race"}),
            translated.Edit("en", {}),
            translated.Edit("en", {"en": TEXT}),
            "",
            chair,
        )
        services.open_round(
            found, "members", utcnow().date() + timedelta(days=3), chair
        )
        db.session.commit()
    return {
        "id": found.id,
        "chair": chair.id,
        "member": member.id,
        "staff": staff.id,
        "steering": [s.id for s in steering],
    }


def _race(app, calls):
    """Run each call(recommendation) in its own thread and connection, released
    together; returns the outcomes ("won" or the refusal's message)."""
    start = threading.Barrier(len(calls), timeout=10)
    results = [None] * len(calls)

    def run(index, call):
        with app.test_request_context():
            try:
                found = db.session.get(Recommendation, calls[index][0])
                start.wait()
                call(found)
                db.session.commit()
                results[index] = "won"
            except services.RecommendationError as error:
                db.session.rollback()
                results[index] = str(error)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=run, args=(i, call))
        for i, (_id, call) in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results


def _user(user_id):
    return db.session.get(User, user_id)


def _to_endorsement(app, world):
    with app.test_request_context():
        found = db.session.get(Recommendation, world["id"])
        services.close_round(found, _user(world["chair"]))
        services.send_for_endorsement(found, _user(world["chair"]))
        db.session.commit()


def test_two_endorsements_at_once_endorse_once(app, world):
    _to_endorsement(app, world)
    calls = [
        (world["id"], lambda r, uid=uid: services.endorse(r, _user(uid)))
        for uid in world["steering"]
    ]
    results = _race(app, calls)
    assert sorted(results)[-1] == "won" and results.count("won") == 1
    db.session.expire_all()
    found = db.session.get(Recommendation, world["id"])
    assert found.status == "endorsed" and found.endorsed_by_id in world["steering"]


def test_two_publications_at_once_publish_once(app, world):
    _to_endorsement(app, world)
    with app.test_request_context():
        found = db.session.get(Recommendation, world["id"])
        services.endorse(found, _user(world["steering"][0]))
        db.session.commit()
    sent = []

    def listen(sender, **extra):
        sent.append(sender.id)

    recommendation_published.connect(listen)
    try:
        calls = [
            (world["id"], lambda r, uid=uid: services.publish(r, "now", _user(uid)))
            for uid in (world["chair"], world["staff"])
        ]
        results = _race(app, calls)
    finally:
        recommendation_published.disconnect(listen)
    assert results.count("won") == 1
    assert any("already published" in r for r in results if r != "won")
    assert sent == [world["id"]]


def test_a_comment_racing_the_close_never_lands_after_it(app, world):
    calls = [
        (
            world["id"],
            lambda r: services.comment(r, 1, "Just in time?", _user(world["member"])),
        ),
        (world["id"], lambda r: services.close_round(r, _user(world["chair"]))),
    ]
    results = _race(app, calls)
    assert results[1] == "won"
    db.session.expire_all()
    closed = db.session.scalar(sa.select(CommentRound))
    comments = db.session.scalars(sa.select(RecommendationComment)).all()
    if results[0] == "won":
        assert comments[0].created_at <= closed.closed_at
    else:
        assert "round is open" in results[0] and comments == []
