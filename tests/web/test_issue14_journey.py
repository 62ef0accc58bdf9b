"""Issue 14's "Done when", walked as new users would, on the demo data.

The leader of Women in Mining South Africa nominates Amina to the "Role Models &
Mentors" working group; its chair accepts her (she is told by email). Amina asks for
her emails in French, registers for the group's next monthly meeting, replies in a
member-only thread and is told of the chair's answer by email, in French; then she
chooses a daily digest. The chair drafts a recommendation and opens the members'
round; Amina comments on its second section; the chair closes the round and sends
it to the Steering Committee, whose member endorses it; the Secretariat publishes it
without waiting for the translations. A result opens at once, owned by the chair, who
records progress: the theme's public page shows it.

Every step goes through the real pages (`pageforms.submit` reads each form from the
HTML as a browser would).
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship import demo
from mentorship.auth.models import User
from mentorship.db import db, utcnow
from mentorship.discussions.models import Post, Thread
from mentorship.events.models import Registration
from mentorship.groups import meetings, queries
from mentorship.groups.members_models import GroupRequest
from mentorship.groups.models import GroupPreference
from mentorship.policy import is_group_member
from mentorship.recommendations.models import Recommendation
from mentorship.results.models import Result

from .pageforms import mail_to, one, sign_in, submit, text_of

PASSWORD = demo.DEMO_PASSWORD
GROUP = "/groups/role-models-mentors"
LEADER = "coordinator@wim-south-africa.example.org"
AMINA = "amina.mentee@wim-demo.example.org"
CHAIR = "lucia.mentor@wim-demo.example.org"
STEERING = "steering@wim-alliance.example.org"
SECRETARIAT = "secretariat@wim-alliance.example.org"
BODY = "Mentors open doors.\n\nEvery group pairs its members across organisations."


@pytest.fixture
def demo_data(app_ctx):
    demo.seed(n_members=60)
    db.session.commit()


def _person(email):
    return one(sa.select(User).filter_by(email=email))


def test_a_member_from_nomination_to_a_published_recommendation_and_its_result(
    app, app_ctx, demo_data, outbox
):
    group = queries.group_by_slug("role-models-mentors")
    amina = _person(AMINA)
    assert not is_group_member(amina, group)
    client = app.test_client()

    # Her organisation's leader nominates her.
    sign_in(client, LEADER, PASSWORD)
    page = submit(
        client,
        f"{GROUP}/members/nominate",
        {"person": str(amina.id), "position": "member"},
        having=("person",),
    )
    assert page.status_code == 200
    client.post("/logout")

    # The chair accepts the nomination from the roster's queue.
    sign_in(client, CHAIR, PASSWORD)
    roster = text_of(client.get(f"{GROUP}/members"))
    assert amina.name in roster
    nomination = one(
        sa.select(GroupRequest.id).filter_by(
            group_id=group.id, user_id=amina.id, status="pending"
        )
    )
    page = submit(
        client,
        f"{GROUP}/members/requests/{nomination}",
        action=f"{GROUP}/members/requests/{nomination}/accept",
    )
    assert page.status_code == 200
    db.session.expire_all()
    assert is_group_member(db.session.get(User, amina.id), group)
    assert mail_to(outbox, AMINA), "she is told by email"
    client.post("/logout")

    # Amina wants her emails in French; she registers for the group's next meeting,
    # replies in a member-only thread and is told of the chair's answer in French.
    thread = one(
        sa.select(Thread)
        .where(Thread.group_id == group.id, Thread.visibility == "members")
        .order_by(Thread.id)
        .limit(1)
    )
    sign_in(client, AMINA, PASSWORD)
    submit(client, "/account", {"account-locale": "fr"}, having=("account-locale",))
    assert db.session.get(User, amina.id).locale == "fr"
    meeting = meetings.next_meeting(group)
    assert f"/events/{meeting.id}" in text_of(client.get(f"{GROUP}/meetings"))
    submit(
        client,
        f"/events/{meeting.id}",
        {"visibility": "everyone"},
        action=f"/events/{meeting.id}/register",
    )
    assert one(
        sa.select(Registration.status).filter_by(
            session_id=meeting.id, user_id=amina.id
        )
    ) in ("registered", "waitlisted")
    url = f"{GROUP}/discussion/{thread.id}"
    assert client.get(url).status_code == 200
    submit(
        client,
        url,
        {"body": "Glad to join: I can host the March call."},
        action=f"{url}/replies",
    )
    assert db.session.scalar(
        sa.select(Post).where(Post.thread_id == thread.id, Post.author_id == amina.id)
    )
    client.post("/logout")
    outbox.clear()
    sign_in(client, CHAIR, PASSWORD)
    submit(
        client,
        url,
        {"body": "Welcome, Amina! March is yours."},
        action=f"{url}/replies",
    )
    client.post("/logout")
    [told] = mail_to(outbox, AMINA)
    assert '<html lang="fr">' in told.alternatives[0][0]
    assert "Welcome, Amina! March is yours." in told.body

    # From now on she prefers one email a day.
    sign_in(client, AMINA, PASSWORD)
    submit(client, f"{GROUP}/discussion", {"messages": "digest"}, having=("messages",))
    assert (
        one(
            sa.select(GroupPreference.messages).filter_by(
                group_id=group.id, user_id=amina.id
            )
        )
        == "digest"
    )
    client.post("/logout")

    # The chair drafts a recommendation and opens the members' round.
    sign_in(client, CHAIR, PASSWORD)
    page = submit(
        client,
        f"{GROUP}/recommendations/new",
        {
            "title-source": "en",
            "title-en": "Mentoring across organisations",
            "body-source": "en",
            "body-en": BODY,
        },
        having=("title-en",),
    )
    assert page.status_code == 200
    rec = one(
        sa.select(Recommendation)
        .where(Recommendation.group_id == group.id)
        .order_by(Recommendation.id.desc())
        .limit(1)
    )
    assert rec.status == "draft"
    ends = (utcnow() + timedelta(days=14)).date().isoformat()
    submit(
        client,
        f"/recommendations/{rec.id}",
        {"kind": "members", "ends_on": ends},
        action=f"/recommendations/{rec.id}/rounds",
    )
    db.session.refresh(rec)
    assert rec.status == "members_round"
    client.post("/logout")

    # Amina comments on the second section.
    sign_in(client, AMINA, PASSWORD)
    submit(
        client,
        f"/recommendations/{rec.id}",
        {"section": "2", "body": "Add the organisations outside Africa."},
        action=f"/recommendations/{rec.id}/comments",
    )
    client.post("/logout")

    # The chair closes the round and sends it to the Steering Committee.
    sign_in(client, CHAIR, PASSWORD)
    page = client.get(f"/recommendations/{rec.id}")
    assert "Add the organisations outside Africa." in text_of(page)
    submit(
        client,
        f"/recommendations/{rec.id}",
        action=f"/recommendations/{rec.id}/rounds/close",
    )
    submit(
        client, f"/recommendations/{rec.id}", action=f"/recommendations/{rec.id}/send"
    )
    db.session.refresh(rec)
    assert rec.status == "endorsement"
    client.post("/logout")

    # A member of the chair's group cannot endorse; the Steering Committee does.
    sign_in(client, AMINA, PASSWORD)
    client.post(f"/recommendations/{rec.id}/endorse")
    db.session.refresh(rec)
    assert rec.status == "endorsement"
    client.post("/logout")
    sign_in(client, STEERING, PASSWORD)
    submit(
        client,
        f"/recommendations/{rec.id}",
        action=f"/recommendations/{rec.id}/endorse",
    )
    db.session.refresh(rec)
    assert rec.status == "endorsed"
    client.post("/logout")

    # The Secretariat publishes it now, before its French and Spanish.
    sign_in(client, SECRETARIAT, PASSWORD)
    submit(
        client,
        f"/recommendations/{rec.id}",
        {"mode": "now"},
        action=f"/recommendations/{rec.id}/publish",
    )
    db.session.refresh(rec)
    assert rec.status == "published"
    client.post("/logout")

    # Its result is open, owned by the chair, who records progress.
    result = one(sa.select(Result).filter_by(recommendation_id=rec.id))
    assert result.owner_id == _person(CHAIR).id
    sign_in(client, CHAIR, PASSWORD)
    submit(
        client,
        f"/results/{result.id}",
        {
            "text": "Ten pairs across organisations started.",
            "status": "in_progress",
            "progress": "40",
        },
        action=f"/results/{result.id}/updates",
    )
    client.post("/logout")
    db.session.refresh(result)
    assert (result.status, result.progress) == ("in_progress", 40)

    # Anyone reads it on the theme's page; a French reader is told it is in English.
    theme = text_of(client.get(f"/themes/{group.theme.slug}"))
    assert "Mentoring across organisations" in theme
    client.post("/language", data={"locale": "fr", "next": "/"})
    french = text_of(client.get(f"/recommendations/{rec.id}"))
    assert "Pas encore disponible dans votre langue" in french
    assert "Mentors open doors." in french  # the original, with the note
