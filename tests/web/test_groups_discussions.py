"""A working group's discussion: threads and replies, who reads and posts, the
runners' moderation, emails in each member's language (every message, the daily
digest run twice, none), bad input, the group page's panel, her data."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.core import memberships, translated
from mentorship.core.models import Body
from mentorship.db import db, utcnow
from mentorship.discussions import digest, services
from mentorship.discussions.models import DigestMark, Post, Thread
from mentorship.groups.models import GroupPreference, WorkingGroup

from .. import factories
from ..conftest import PASSWORD


def sign_in(client, user, locale="en"):
    factories.sign_in(client, user, locale=locale)


@pytest.fixture
def world(make_org, make_user):
    """A group chaired by Chair; Ana (French) and Bea (Spanish) are members; Out
    is of a member organisation but not in the group; Staff is the Secretariat."""
    org = make_org()
    chair = make_user(org=org, name="Chair Person")
    ana = make_user(org=org, name="Ana", locale="fr")
    bea = make_user(org=make_org(), name="Bea", locale="es")
    out = make_user(org=org, name="Outsider")
    staff = make_user(roles=["secretariat"], name="Staff")
    body = Body(
        kind="working_group",
        slug="data-group",
        name=translated.new_text("en", en="Data group", fr="Groupe données"),
    )
    group = WorkingGroup(body=body, status="active")
    db.session.add(group)
    db.session.flush()
    since = utcnow().date() - timedelta(days=30)
    memberships.start(chair, "chair", body=body, starts_on=since)
    memberships.start(ana, "member", body=body, starts_on=since)
    memberships.start(bea, "member", body=body, starts_on=since)
    db.session.commit()
    return dict(group=group, chair=chair, ana=ana, bea=bea, out=out, staff=staff)


def _thread(world, by="ana", visibility="members", body="Hello\nall <b>"):
    thread = services.start_thread(
        world["group"], world[by], "Indicators", body, visibility
    )
    db.session.commit()
    return thread


D = "/groups/data-group/discussion"


# --- Services ----------------------------------------------------------------------


def test_start_reply_and_read(world, outbox):
    thread = _thread(world)
    services.reply(thread, world["bea"], "Agreed")
    db.session.commit()
    posts = services.posts_page(thread, 1).items
    assert [p.body for p in posts] == ["Hello\nall <b>", "Agreed"]
    assert services.reply_counts([thread]) == {thread.id: 1}


def test_reply_loses_to_a_lock(world, outbox):
    thread = _thread(world)
    services.lock_thread(thread, world["chair"])
    db.session.commit()
    with pytest.raises(services.DiscussionError):
        services.reply(thread, world["bea"], "Too late")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 1


def test_edit_marks_the_time_and_hide_keeps_the_post(world, outbox):
    thread = _thread(world)
    post = services.posts_page(thread, 1).items[0]
    with pytest.raises(services.DiscussionError):
        services.edit_post(post, world["bea"], "Not mine")
    db.session.rollback()
    services.edit_post(post, world["ana"], "Hello everyone")
    services.hide_post(post, world["chair"], "Off topic")
    db.session.commit()
    post = db.session.get(Post, post.id)
    assert post.edited_at is not None and post.is_hidden
    assert (post.body, post.hidden_reason) == ("Hello everyone", "Off topic")
    with pytest.raises(services.DiscussionError):
        services.hide_post(post, world["chair"], "Again")


def test_a_closed_group_is_read_only(world, outbox):
    thread = _thread(world)
    group = world["group"]
    group.status, group.closed_at = "closed", utcnow()
    db.session.commit()
    with pytest.raises(services.DiscussionError):
        services.reply(thread, world["ana"], "Still here?")
    with pytest.raises(services.DiscussionError):
        services.start_thread(group, world["ana"], "New", "Text")


# --- Routes ------------------------------------------------------------------------


def test_member_posts_and_replies_on_the_web(client, world, outbox):
    sign_in(client, world["ana"])
    response = client.post(
        D + "/new",
        data={
            "title": "Indicators",
            "body": "Line one\nLine <two>",
            "visibility": "members",
        },
    )
    assert response.status_code == 302
    thread = db.session.scalar(sa.select(Thread))
    page = client.get(f"{D}/{thread.id}").get_data(as_text=True)
    assert "Line one\nLine &lt;two&gt;" in page
    response = client.post(f"{D}/{thread.id}/replies", data={"body": "Me too"})
    assert response.status_code == 302 and "#post-" in response.headers["Location"]
    assert client.get(D).status_code == 200


def test_non_member_gets_404_on_member_only_threads(client, world, outbox):
    members_only = _thread(world)
    opened = _thread(world, visibility="alliance")
    sign_in(client, world["out"])
    assert client.get(f"{D}/{members_only.id}").status_code == 404
    assert client.get(f"{D}/{opened.id}").status_code == 200
    listing = client.get(D).get_data(as_text=True)
    assert listing.count("Indicators") == 1
    # She reads the Alliance's thread but does not post in it.
    assert (
        client.post(f"{D}/{opened.id}/replies", data={"body": "x"}).status_code == 403
    )
    assert (
        client.post(f"{D}/{members_only.id}/replies", data={"body": "x"}).status_code
        == 404
    )
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 2


@pytest.mark.parametrize(
    "body, message",
    [("", "Write your message."), ("x" * 10_001, "At most 10000 characters.")],
)
def test_empty_or_oversized_reply(client, world, outbox, body, message):
    thread = _thread(world)
    sign_in(client, world["bea"])
    response = client.post(f"{D}/{thread.id}/replies", data={"body": body})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 1


def test_locked_thread_and_closed_group_refuse_replies(client, world, outbox):
    thread = _thread(world)
    sign_in(client, world["chair"])
    assert client.post(f"{D}/{thread.id}/lock").status_code == 302
    assert client.post(f"{D}/{thread.id}/lock").status_code == 400
    sign_in(client, world["bea"])
    response = client.post(f"{D}/{thread.id}/replies", data={"body": "Hi"})
    assert response.status_code == 400
    assert "This thread is locked" in response.get_data(as_text=True)
    group = db.session.get(WorkingGroup, world["group"].id)
    group.status, group.closed_at = "closed", utcnow()
    db.session.commit()
    response = client.post(D + "/new", data={"title": "T", "body": "B"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 1


def test_fuzzed_and_foreign_ids_are_404(client, world, outbox, make_user):
    thread = _thread(world)
    other = Body(
        kind="working_group", slug="other", name=translated.new_text("en", en="O")
    )
    db.session.add(WorkingGroup(body=other, status="active"))
    db.session.commit()
    memberships.start(world["bea"], "member", body=other)
    db.session.commit()
    sign_in(client, world["bea"])
    assert client.get(f"/groups/other/discussion/{thread.id}").status_code == 404
    assert (
        client.post(
            f"/groups/other/discussion/{thread.id}/replies", data={"body": "x"}
        ).status_code
        == 404
    )
    assert client.get(f"{D}/99999999999").status_code == 404
    assert client.get(f"{D}/posts/0/edit").status_code == 404
    assert client.get("/groups/nope/discussion").status_code == 404
    assert client.get(f"{D}?page=abc").status_code == 200


def test_edit_and_hide_on_the_web(client, world, outbox):
    thread = _thread(world)
    post = db.session.scalar(sa.select(Post))
    sign_in(client, world["bea"])
    assert client.get(f"{D}/posts/{post.id}/edit").status_code == 403
    sign_in(client, world["ana"])
    assert client.get(f"{D}/posts/{post.id}/edit").status_code == 200
    response = client.post(f"{D}/posts/{post.id}/edit", data={"body": "Better"})
    assert response.status_code == 302
    page = client.get(f"{D}/{thread.id}").get_data(as_text=True)
    assert "Better" in page and "edited" in page
    assert (
        client.post(f"{D}/posts/{post.id}/hide", data={"reason": "x"}).status_code
        == 403
    )
    sign_in(client, world["chair"])
    response = client.post(f"{D}/posts/{post.id}/hide", data={"reason": ""})
    assert response.status_code == 400
    assert "Say why you hide this message." in response.get_data(as_text=True)
    response = client.post(f"{D}/posts/{post.id}/hide", data={"reason": "Off topic"})
    assert response.status_code == 302
    page = client.get(f"{D}/{thread.id}").get_data(as_text=True)
    assert "Off topic" in page and "Better" not in page
    sign_in(client, world["ana"])
    response = client.post(f"{D}/posts/{post.id}/edit", data={"body": "Again"})
    assert response.status_code == 302  # told she can no longer edit it
    db.session.expire_all()
    assert db.session.get(Post, post.id).body == "Better"


def test_thread_list_is_paginated(client, world, outbox):
    for n in range(services.THREADS_PER_PAGE + 3):
        services.start_thread(world["group"], world["ana"], f"Topic {n}", "Text")
    db.session.commit()
    sign_in(client, world["bea"])
    first = client.get(D).get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert client.get(D + "?page=2").status_code == 200


def test_group_page_panel(client, world, outbox):
    _thread(world)
    sign_in(client, world["bea"])
    page = client.get("/groups/data-group").get_data(as_text=True)
    assert "Indicators" in page and "The whole discussion" in page
    sign_in(client, world["out"])
    page = client.get("/groups/data-group").get_data(as_text=True)
    assert "Indicators" not in page


# --- Emails ------------------------------------------------------------------------


def test_every_message_in_her_language_author_excluded(client, world, outbox):
    sign_in(client, world["chair"])
    client.post(
        D + "/new", data={"title": "Indicators", "body": "Hi", "visibility": "members"}
    )
    to = {tuple(m.to)[0]: m for m in outbox}
    assert set(to) == {world["ana"].email, world["bea"].email}
    assert to[world["ana"].email].subject.startswith("Nouvelle discussion")
    assert "Groupe données" in to[world["ana"].email].subject
    assert "/groups/data-group/discussion#email-choice" in to[world["bea"].email].body
    assert "/groups/data-group/discussion/" in to[world["bea"].email].body


def test_none_and_digest_get_no_immediate_email(client, world, outbox):
    sign_in(client, world["ana"])
    assert client.post(D + "/email", data={"messages": "none"}).status_code == 302
    sign_in(client, world["bea"])
    assert client.post(D + "/email", data={"messages": "digest"}).status_code == 302
    assert client.post(D + "/email", data={"messages": "weekly"}).status_code == 400
    outbox.clear()
    _thread(world, by="chair")
    assert outbox == []
    prefs = dict(
        db.session.execute(
            sa.select(GroupPreference.user_id, GroupPreference.messages)
        ).all()
    )
    assert prefs == {world["ana"].id: "none", world["bea"].id: "digest"}


def test_outsider_cannot_choose_emails(client, world):
    sign_in(client, world["out"])
    assert client.post(D + "/email", data={"messages": "digest"}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(GroupPreference.id))) == 0


def test_digest_twice_sends_once_and_skips_nothing(world, outbox):
    services.choose_delivery(world["group"], world["bea"], "digest")
    db.session.commit()
    start = db.session.scalar(sa.select(DigestMark.digested_until))
    thread = services.start_thread(
        world["group"],
        world["ana"],
        "Indicators",
        "First",
        now=start + timedelta(hours=1),
    )
    db.session.commit()
    outbox.clear()
    run = start + timedelta(hours=2)
    assert digest.send_digests(run) == 1
    assert digest.send_digests(run) == 0  # the job ran twice: nothing again
    [mail] = outbox
    assert mail.to == [world["bea"].email]
    assert "First" in mail.body and mail.subject.startswith("Su resumen")
    # A post made just before the cutoff's lag waits for the next digest.
    services.reply(thread, world["chair"], "Second", now=run - timedelta(minutes=1))
    db.session.commit()
    assert digest.send_digests(run + timedelta(minutes=1)) == 0
    assert digest.send_digests(run + timedelta(days=1)) == 1
    assert "Second" in outbox[-1].body and "First" not in outbox[-1].body
    assert digest.send_digests(run + timedelta(days=2)) == 0  # nothing new: nothing
    to_her = [m for m in outbox if m.to == [world["bea"].email]]
    assert len(to_her) == 2


def test_digest_leaves_out_hidden_posts_and_former_members(world, outbox):
    services.choose_delivery(world["group"], world["bea"], "digest")
    db.session.commit()
    start = db.session.scalar(sa.select(DigestMark.digested_until))
    thread = services.start_thread(
        world["group"], world["ana"], "T", "Kept", now=start + timedelta(hours=1)
    )
    post = services.reply(
        thread, world["ana"], "Hidden", now=start + timedelta(hours=1)
    )
    services.hide_post(post, world["chair"], "No")
    db.session.commit()
    outbox.clear()
    assert digest.send_digests(start + timedelta(hours=2)) == 1
    assert "Kept" in outbox[0].body and "Hidden" not in outbox[0].body


# --- Her data ----------------------------------------------------------------------


def test_her_posts_in_her_export_and_erasure(client, world, outbox):
    thread = _thread(world, body="MY-OWN-WORDS")
    services.reply(thread, world["bea"], "A reply by Bea")
    db.session.commit()
    sign_in(client, world["ana"])
    mine = client.get("/account/data.json").json["discussion_posts"]
    assert [p["text"] for p in mine] == ["MY-OWN-WORDS"]
    response = client.post(
        "/account/erase", data={"current_password": PASSWORD, "understood": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    posts = db.session.scalars(sa.select(Post).order_by(Post.id)).all()
    assert [p.body for p in posts] == ["", "A reply by Bea"]
    assert db.session.get(Thread, thread.id).title == ""
    sign_in(client, world["bea"])
    page = client.get(f"{D}/{thread.id}").get_data(as_text=True)
    assert "A former member" in page and "Removed when its author left" in page


def test_demo_seed_is_idempotent(app_ctx):
    from mentorship.demo.discussions import seed_discussions

    seed_discussions()
    seed_discussions()
