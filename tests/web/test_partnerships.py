"""Needs and offers, suggested introductions, the double opt-in, follow-up and
partnerships."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.audit.models import AuditEvent
from mentorship.core import memberships, schedule
from mentorship.core.models import Reminder
from mentorship.db import db, utcnow
from mentorship.partnerships import introductions as flow
from mentorship.partnerships import notify, services, suggestions
from mentorship.partnerships.introductions import IntroductionError
from mentorship.partnerships.models import Introduction, Listing, Partnership
from mentorship.partnerships.reasons import describe

from ..factories import sign_in


@pytest.fixture
def sent(monkeypatch):
    """Every notification: (address, locale, template), in order."""
    calls = []
    real = notify.notifications.notify

    def record(recipient, template, **context):
        calls.append((recipient.email, recipient.locale, template))
        return real(recipient, template, **context)

    monkeypatch.setattr(notify.notifications, "notify", record)
    return calls


def _list(org, kind, category, text="", lang="en", user=None):
    return services.save_listing(org, kind, category, text, lang, user or _nobody())


class _Nobody:
    id = None


def _nobody():
    return _Nobody()


def _leader(make_user, org, locale="en"):
    user = make_user(org=org, locale=locale)
    memberships.start(user, "leader", organisation=org)
    db.session.commit()
    return user


@pytest.fixture
def pair(make_org, make_user):
    """Two member organisations, A (English) and B (French), each with a leader."""
    a = make_org(region="africa", working_languages=["en", "fr"], founding_year=2024)
    b = make_org(region="africa", working_languages=["fr"], founding_year=1990)
    return a, b, _leader(make_user, a, "en"), _leader(make_user, b, "fr")


# --- Suggestions -------------------------------------------------------------------


def test_a_need_meeting_an_offer_ranks_first_with_its_reasons(
    app, app_ctx, make_org, pair
):
    a, b, _la, _lb = pair
    c = make_org(region="africa", working_languages=["en", "fr"], founding_year=1990)
    _list(a, "need", "fundraising")
    _list(b, "offer", "fundraising")
    _list(c, "offer", "events")  # shares languages and region with A, meets no need
    _list(a, "offer", "translation")
    _list(b, "need", "translation")
    db.session.commit()
    found = suggestions.for_organisation(a)
    assert [s.other.id for s in found] == [b.id]
    codes = [r.code for r in found[0].reasons]
    assert codes[:2] == ["they_offer", "they_need"]
    assert {"language", "region", "stage"} <= set(codes)
    with app.test_request_context():
        words = [describe(r) for r in found[0].reasons]
    assert "They offer fundraising; you need it." in words
    assert "You offer translation; they need it." in words
    assert "Both work in French." in words
    assert "Both in Africa." in words


def test_shared_language_weighs_between_two_needs_met(app_ctx, make_org, pair):
    a, b, _la, _lb = pair
    d = make_org(region="europe", working_languages=["es"])
    _list(a, "need", "fundraising")
    _list(b, "offer", "fundraising")
    _list(d, "offer", "fundraising")
    db.session.commit()
    found = suggestions.for_organisation(a)
    assert [s.other.id for s in found] == [b.id, d.id]
    assert found[0].score > found[1].score
    assert [r.code for r in found[1].reasons] == ["they_offer"]


def test_pairs_introduced_or_pending_are_not_suggested(app_ctx, pair):
    a, b, la, _lb = pair
    _list(a, "need", "fundraising")
    _list(b, "offer", "fundraising")
    flow.propose(a, b, la, by_organisation=a)
    db.session.commit()
    assert suggestions.for_organisation(a) == []
    assert suggestions.across_alliance() == []


# --- The double opt-in -------------------------------------------------------------


def _audit(introduction):
    return db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.entity_type == "introductions",
            AuditEvent.entity_id == introduction.id,
        )
    ).all()


def test_proposal_by_one_side_then_acceptance_by_the_other(app_ctx, pair, sent, outbox):
    a, b, la, lb = pair
    intro = flow.propose(b, a, la, by_organisation=a, message="Hello")
    db.session.commit()
    assert (intro.org_low_id, intro.org_high_id) == (a.id, b.id)
    assert intro.status == "proposed" and intro.low_decision == "accepted"
    assert sent == [(lb.email, "fr", "introduction_proposed")]
    assert policy_sides(la, intro) == []
    flow.accept(intro, lb)
    db.session.commit()
    assert intro.status == "introduced" and intro.introduced_at
    assert sent[1:] == [
        (la.email, "en", "introduction_made"),
        (lb.email, "fr", "introduction_made"),
    ]
    made_for_b = outbox[-1]
    assert made_for_b.to == [lb.email]
    assert a.name in made_for_b.subject and "Bonjour" in made_for_b.body
    assert la.email in made_for_b.body  # the other side's contact
    assert _audit(intro) == ["proposed", "introduced"]


def policy_sides(user, intro):
    from mentorship import policy

    return policy.introduction_sides(user, intro)


def test_secretariat_proposal_needs_both_sides(app_ctx, pair, make_user, sent):
    a, b, la, lb = pair
    staff = make_user(roles=["secretariat"])
    intro = flow.propose(a, b, staff, onboarding=True)
    db.session.commit()
    assert sorted(t for _e, _l, t in sent) == ["introduction_proposed"] * 2
    assert policy_sides(staff, intro) == []  # both sides have a leader
    flow.accept(intro, la)
    assert intro.status == "proposed"
    assert not services.has_buddy(a)
    flow.accept(intro, lb)
    db.session.commit()
    assert intro.status == "introduced"
    assert services.has_buddy(a) and services.has_buddy(b)


def test_secretariat_stands_in_for_a_side_without_leader(
    app_ctx, make_org, pair, make_user
):
    a, _b, la, _lb = pair
    lone = make_org()
    staff = make_user(roles=["secretariat"])
    intro = flow.propose(a, lone, la, by_organisation=a)
    assert policy_sides(staff, intro) == [intro.side_of(lone.id)]
    flow.accept(intro, staff)
    assert intro.status == "introduced"


def test_decline_with_reason_and_withdraw(app_ctx, make_org, pair, make_user, sent):
    a, b, la, lb = pair
    intro = flow.propose(a, b, la, by_organisation=a)
    with pytest.raises(IntroductionError):
        flow.withdraw(intro, lb)  # not the proposer
    flow.decline(intro, lb, "Not now")
    db.session.commit()
    assert intro.status == "declined" and intro.decline_reason == "Not now"
    assert sent[-1] == (la.email, "en", "introduction_declined")
    with pytest.raises(IntroductionError):
        flow.accept(intro, lb)
    again = flow.propose(a, b, la, by_organisation=a)  # a closed pair may start again
    flow.withdraw(again, la)
    db.session.commit()
    assert again.status == "withdrawn"
    assert _audit(again) == ["proposed", "withdrawn"]
    assert _audit(intro) == ["proposed", "declined"]


def test_the_same_pair_twice_is_refused_in_both_orders(app, app_ctx, pair):
    a, b, la, lb = pair
    flow.propose(a, b, la, by_organisation=a)
    db.session.commit()
    for first, second, user, side in ((a, b, la, a), (b, a, lb, b)):
        refused = pytest.raises(IntroductionError, match="already have an introduction")
        with app.test_request_context(), refused:  # its message is translated
            flow.propose(first, second, user, by_organisation=side)
    assert db.session.scalar(sa.select(sa.func.count(Introduction.id))) == 1
    with pytest.raises(IntroductionError):
        flow.propose(a, a, la, by_organisation=a)


def test_the_database_refuses_a_second_open_pair_and_an_unordered_one(app_ctx, pair):
    from sqlalchemy.exc import IntegrityError

    a, b, _la, _lb = pair
    low, high = sorted((a.id, b.id))
    refused = 0
    for values in ({"org_low_id": low, "org_high_id": high},) * 2 + (
        {"org_low_id": high, "org_high_id": low},
    ):
        insert = sa.insert(Introduction).values(
            **values,
            status="proposed",
            onboarding=False,
            message="",
            decline_reason="",
            created_at=utcnow(),
        )
        try:
            with db.session.begin_nested():
                db.session.execute(insert)
        except IntegrityError:
            refused += 1
    assert refused == 2
    assert db.session.scalar(sa.select(sa.func.count(Introduction.id))) == 1


# --- Follow-up and partnerships ----------------------------------------------------


def test_follow_up_scheduled_at_the_configured_delay_and_sent_once(
    app, app_ctx, pair, sent
):
    a, b, la, lb = pair
    app.config["INTRODUCTION_FOLLOW_UP_DAYS"] = 30
    try:
        intro = flow.propose(a, b, la, by_organisation=a)
        flow.accept(intro, lb)
        db.session.commit()
    finally:
        app.config["INTRODUCTION_FOLLOW_UP_DAYS"] = 90
    reminder = db.session.scalar(sa.select(Reminder))
    assert reminder.key == flow.follow_up_key(intro.id)
    assert abs(reminder.due_at - intro.introduced_at - timedelta(days=30)) < timedelta(
        seconds=1
    )
    assert schedule.due(utcnow()) == 0
    later = intro.introduced_at + timedelta(days=31)
    assert schedule.due(later) == 1 and schedule.due(later) == 0
    follow = [s for s in sent if s[2] == "introduction_follow_up"]
    assert sorted(follow) == sorted(
        [
            (la.email, "en", "introduction_follow_up"),
            (lb.email, "fr", "introduction_follow_up"),
        ]
    )
    assert [i.id for i in services.follow_ups_due(later)] == [intro.id]


def test_partnership_recorded_and_counted(app_ctx, pair):
    a, b, la, lb = pair
    intro = flow.propose(a, b, la, by_organisation=a)
    flow.accept(intro, lb)
    services.record_partnership(intro, lb, "joint_event", "active", "A webinar")
    db.session.commit()
    assert intro.follow_up_answer == "partnership"
    by_status, partnerships = services.counts()
    assert by_status == {"introduced": 1} and partnerships == {"active": 1}
    services.record_partnership(intro, la, "joint_event", "completed", "Done")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Partnership.id))) == 1
    assert services.counts()[1] == {"completed": 1}


# --- Pages -------------------------------------------------------------------------


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_needs_offers_page_saves_and_refuses_bad_input(app, pair):
    a, _b, la, _lb = pair
    client = _client(app, la)
    url = f"/organisations/{a.slug}/needs-offers"
    assert client.get(url).status_code == 200
    good = {
        "kind": "need",
        "category": "fundraising",
        "description": "Grants",
        "language": "fr",
    }
    assert client.post(url, data=good).status_code == 302
    listing = db.session.scalar(sa.select(Listing))
    assert listing.description.source_lang == "fr"
    for bad in (
        {**good, "kind": "wish"},
        {**good, "category": "money"},
        {**good, "description": "x" * 1001},
        {**good, "language": "xx"},
    ):
        response = client.post(url, data=bad)
        assert response.status_code == 400, bad
    assert db.session.scalar(sa.select(sa.func.count(Listing.id))) == 1
    page = client.get(f"/organisations/{a.slug}").get_data(as_text=True)
    assert "Fundraising" in page and "Grants" in page


def test_introductions_page_proposes_and_refuses_a_duplicate(app, pair):
    a, b, la, lb = pair
    client = _client(app, la)
    url = f"/organisations/{a.slug}/introductions"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"other": str(b.id)}).status_code == 302
    response = _client(app, lb).post(
        f"/organisations/{b.slug}/introductions", data={"other": str(a.id)}
    )
    assert response.status_code == 400
    assert "ont déjà une mise en relation" in response.get_data(as_text=True)  # fr
    for bad in (
        {"other": "abc"},
        {"other": ""},
        {"other": "999999"},
        {"other": str(a.id)},
        {"other": str(b.id), "message": "x" * 2001},
    ):
        assert client.post(url, data=bad).status_code == 400, bad
    assert db.session.scalar(sa.select(sa.func.count(Introduction.id))) == 1


def test_accept_decline_and_follow_up_pages(app, pair):
    a, b, la, lb = pair
    intro = flow.propose(a, b, la, by_organisation=a)
    db.session.commit()
    other = _client(app, lb)
    assert _client(app, la).post(f"/introductions/{intro.id}/accept").status_code == 400
    assert other.post(f"/introductions/{intro.id}/accept").status_code == 302
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == "introduced"
    url = f"/introductions/{intro.id}/follow-up"
    assert other.get(url).status_code == 200
    for bad in (
        {},
        {"answer": "maybe"},
        {"answer": "partnership"},
        {"answer": "partnership", "kind": "party", "status": "active"},
    ):
        assert other.post(url, data=bad).status_code == 400, bad
    assert db.session.scalar(sa.select(sa.func.count(Partnership.id))) == 0
    assert other.post(url, data={"answer": "no_partnership"}).status_code == 302
    ok = {
        "answer": "partnership",
        "kind": "advocacy",
        "status": "exploring",
        "outcome": "A joint statement",
    }
    assert other.post(url, data=ok).status_code == 302
    assert db.session.scalar(sa.select(Partnership.kind)) == "advocacy"
    refused = other.post(url, data={"answer": "no_partnership"})
    assert refused.status_code == 400
    assert "changez plutôt son statut" in refused.get_data(as_text=True)  # fr
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).follow_up_answer == "partnership"


def test_admin_page_filters_and_proposes(app, pair, make_user):
    a, b, la, _lb = pair
    staff = make_user(roles=["secretariat"])
    client = _client(app, staff)
    assert (
        client.get("/admin/introductions?state=proposed&region=africa").status_code
        == 200
    )
    assert client.get("/admin/introductions?state=junk&page=x").status_code == 200
    data = {"first": str(a.id), "second": str(b.id), "onboarding": "y"}
    assert client.post("/admin/introductions", data=data).status_code == 302
    assert client.post("/admin/introductions", data=data).status_code == 400
    swapped = {"first": str(b.id), "second": str(a.id)}
    response = client.post("/admin/introductions", data=swapped)
    assert "already have an introduction" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Introduction.onboarding)) is True
    assert client.get("/admin/alliance").status_code == 200


# --- Concurrency -------------------------------------------------------------------


@pytest.mark.commits
def test_both_sides_accepting_at_once_introduce_exactly_once(
    app, make_org, make_user, sent
):
    a = make_org(working_languages=["en"])
    b = make_org(working_languages=["fr"])
    la, lb = _leader(make_user, a, "en"), _leader(make_user, b, "fr")
    staff = make_user(roles=["secretariat"])
    intro_id = flow.propose(a, b, staff).id
    db.session.commit()
    user_ids = (la.id, lb.id)
    db.session.remove()
    barrier, errors = threading.Barrier(2), []

    def accept(user_id):
        from mentorship.auth.models import User

        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                assert user.current_memberships  # loaded before the race
                intro = db.session.get(Introduction, intro_id)
                barrier.wait(5)
                flow.accept(intro, user)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    intro = db.session.get(Introduction, intro_id)
    assert intro.status == "introduced"
    made = [s for s in sent if s[2] == "introduction_made"]
    assert sorted(made) == sorted(
        [(la.email, "en", "introduction_made"), (lb.email, "fr", "introduction_made")]
    )
    events = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.entity_id == intro_id, AuditEvent.entity_type == "introductions"
        )
    ).all()
    assert events.count("introduced") == 1


def test_outcomes_dashboard_counts_introductions_and_partnerships(app, pair, make_user):
    a, b, la, lb = pair
    intro = flow.propose(a, b, la, by_organisation=a)
    flow.accept(intro, lb)
    services.record_partnership(intro, lb, "joint_event", "active", "")
    db.session.commit()
    client = _client(app, make_user(roles=["secretariat"]))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Introductions and partnerships between organisations" in page
    table = page.split('id="partnerships"')[1] if 'id="partnerships"' in page else page
    assert "Introductions made between organisations" in table
    assert "Partnerships: Active" in table
    filtered = client.get("/dashboard?language=fr").get_data(as_text=True)
    assert "Introductions and partnerships between organisations" not in filtered


def test_decline_and_remove_refuse_bad_input(app, pair, make_org):
    a, b, la, lb = pair
    intro = flow.propose(a, b, la, by_organisation=a)
    theirs = _list(b, "offer", "events")
    db.session.commit()
    client = _client(app, lb)
    response = client.post(
        f"/introductions/{intro.id}/decline", data={"reason": "x" * 2001}
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).status == "proposed"
    # A's leader cannot remove B's listing through A's page, nor reach B's page.
    mine = _client(app, la)
    url = f"/organisations/{a.slug}/needs-offers/{theirs.id}/remove"
    assert mine.post(url).status_code == 404
    assert mine.get(f"/organisations/{b.slug}/needs-offers").status_code == 404
    assert db.session.get(Listing, theirs.id) is not None
