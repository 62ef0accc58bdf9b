"""Minutes of a session: the draft from the agenda, amendments by those who attended
during the window, decisions and actions, approval that locks them (one of two
organisers wins), who reads them, emails, the session page's panel, the demo."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mentorship.core import translated
from mentorship.db import db, utcnow
from mentorship.events import minutes as service
from mentorship.events import times
from mentorship.events.minutes_models import Minutes, MinutesAmendment, MinutesItem
from mentorship.events.models import EventSeries, EventSession, Registration

from .. import factories

AGENDA = {
    "en": "1. Welcome\n2. Data on women in mining",
    "fr": "1. Accueil\n2. Données sur les femmes dans les mines",
}


def sign_in(client, user, locale="en"):
    """Signed in, reading English (the messages below are asserted in English)."""
    factories.sign_in(client, user, locale=locale)


def edit(**bodies):
    return translated.Edit(next(iter(bodies)), bodies)


def make_series(slug="rt-test"):
    series = EventSeries(
        slug=slug, kind="round_table", name=translated.new_text("en", en="RT")
    )
    db.session.add(series)
    db.session.flush()
    return series


def make_session(series, days_ago=1, audience="members", title="Round table"):
    ends = utcnow().replace(microsecond=0) - timedelta(days=days_ago)
    session = EventSession(
        series=series,
        title=translated.new_text("en", en=title, fr=f"Table ronde {title}"),
        agenda=translated.new_text("en", **AGENDA),
        starts_at=ends - timedelta(hours=1),
        ends_at=ends,
        timezone="America/Lima",
        audience=audience,
    )
    db.session.add(session)
    db.session.flush()
    return session


def register(session, person, attended=True):
    registration = Registration(
        session_id=session.id,
        user_id=person.id,
        organisation_id=person.organisation_id,
        status="registered",
        attended=attended,
    )
    db.session.add(registration)
    db.session.flush()
    return registration


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def world(make_org, make_user, in_request):
    org, other_org = make_org(name="WIM Peru"), make_org(name="WIM Australia")
    people = {
        "staff": make_user(roles=["secretariat"], name="Sara Secretariat"),
        "staff2": make_user(roles=["secretariat"], name="Stella Secretariat"),
        "ana": make_user(org=org, name="Ana Lima", locale="es"),
        "fleur": make_user(org=other_org, name="Fleur Perth", locale="fr"),
        "noshow": make_user(org=org, name="Nora Noshow"),
        "outsider": make_user(org=org, name="Olga Outsider"),
    }
    series = make_series()
    session = make_session(series)
    register(session, people["ana"])
    register(session, people["fleur"])
    register(session, people["noshow"], attended=False)
    db.session.commit()
    return {"session": session, "series": series, "org": org, **people}


def opened(world, days=7):
    minutes = service.open_minutes(world["session"], world["staff"], days)
    db.session.commit()
    return minutes


# --- Opening ---------------------------------------------------------------------


def test_the_organiser_opens_a_draft_from_the_agenda_and_attendees_are_told(
    world, outbox
):
    minutes = opened(world)
    assert minutes.status == "draft" and minutes.revision == 0
    assert minutes.text.body("en") == AGENDA["en"]
    assert minutes.text.body("fr") == AGENDA["fr"]
    assert minutes.text.status("es") == "missing"
    assert minutes.amend_until - minutes.opened_at == timedelta(days=7)
    to = sorted(message.to[0] for message in outbox)
    assert to == sorted([world["ana"].email, world["fleur"].email])
    ana = next(m for m in outbox if m.to == [world["ana"].email])
    # the window's end in her clock (her organisation's country) and her language
    zone = times.reader_zone(world["ana"])
    expected = times.moment(minutes.amend_until, minutes.amend_until, zone, "es")
    assert expected.starts in ana.body and ana.alternatives[0][0].startswith(
        '<!doctype html>\n<html lang="es">'
    )


def test_minutes_open_only_after_the_session_and_once(world, in_request):
    coming = make_session(world["series"], days_ago=-3, title="Next")
    with pytest.raises(service.MinutesError, match="once the session has ended"):
        service.open_minutes(coming, world["staff"])
    opened(world)
    with pytest.raises(service.MinutesError, match="already open"):
        service.open_minutes(world["session"], world["staff2"])
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Minutes.id))) == 1


def test_only_an_organiser_opens_them(client, world):
    sign_in(client, world["ana"])
    response = client.post(
        f"/events/{world['session'].id}/minutes", data={"amend_days": "7"}
    )
    assert response.status_code == 403
    sign_in(client, world["staff"])
    response = client.post(
        f"/events/{world['session'].id}/minutes", data={"amend_days": "0"}
    )
    assert response.status_code == 400
    assert b"1 to 60 days" in response.data
    response = client.post(
        f"/events/{world['session'].id}/minutes", data={"amend_days": "10"}
    )
    assert response.status_code == 302
    minutes = service.minutes_of(world["session"])
    assert minutes.amend_until - minutes.opened_at == timedelta(days=10)


# --- Amending --------------------------------------------------------------------


def amend_form(revision, comment="Added the figures", **bodies):
    data = {"revision": str(revision), "text-source": "en", "comment": comment}
    data.update({f"text-{lang}": body for lang, body in bodies.items()})
    return data


def test_an_attendee_amends_and_the_previous_text_is_kept(client, world):
    minutes = opened(world)
    sign_in(client, world["ana"])
    url = f"/events/{world['session'].id}/minutes/amend"
    page = client.get(url)
    assert page.status_code == 200 and b"Welcome" in page.data
    response = client.post(
        url,
        data=amend_form(
            0, en="1. Welcome\n2. Data: 12% of the workforce", fr=AGENDA["fr"]
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert minutes.revision == 1
    assert minutes.text.body("en").endswith("12% of the workforce")
    assert minutes.text.status("fr") == "outdated"  # the source changed
    (amendment,) = minutes.amendments
    assert amendment.author_id == world["ana"].id
    assert amendment.comment == "Added the figures"
    assert amendment.previous["bodies"]["en"] == AGENDA["en"]
    page = client.get(f"/events/{world['session'].id}/minutes")
    assert b"Added the figures" in page.data and b"Ana Lima" in page.data


@pytest.mark.parametrize("who", ["noshow", "outsider"])
def test_amending_without_having_attended_is_refused(client, world, who):
    minutes = opened(world)
    sign_in(client, world[who])
    response = client.post(
        f"/events/{world['session'].id}/minutes/amend",
        data=amend_form(0, en="Rewritten"),
    )
    assert response.status_code == 403
    assert b"Only those who attended the session" in response.data
    db.session.expire_all()
    assert minutes.revision == 0 and minutes.text.body("en") == AGENDA["en"]
    # the draft itself is theirs to read only once approved
    assert client.get(f"/events/{world['session'].id}/minutes").status_code == 404


def test_after_the_window_only_the_organisers_amend(client, world):
    minutes = opened(world)
    minutes.amend_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    sign_in(client, world["ana"])
    url = f"/events/{world['session'].id}/minutes/amend"
    response = client.post(url, data=amend_form(0, en="Late"))
    assert response.status_code == 400
    assert b"amendment window of these minutes has closed" in response.data
    assert client.get(url).status_code == 302  # told on the minutes' page
    sign_in(client, world["staff"])
    assert client.post(url, data=amend_form(0, en="Final text")).status_code == 302
    db.session.expire_all()
    assert minutes.text.body("en") == "Final text"


def test_an_empty_text_or_comment_changes_nothing(client, world):
    minutes = opened(world)
    sign_in(client, world["ana"])
    url = f"/events/{world['session'].id}/minutes/amend"
    response = client.post(url, data=amend_form(0, en="", fr=""))
    assert response.status_code == 400
    assert b"text cannot be empty" in response.data
    response = client.post(url, data=amend_form(0, comment="", en="New"))
    assert response.status_code == 400
    assert b"what you changed" in response.data
    db.session.expire_all()
    assert minutes.revision == 0 and not minutes.amendments


def test_a_stale_revision_saves_nothing(client, world, in_request):
    minutes = opened(world)
    service.amend(minutes, edit(en="First change"), "one", world["fleur"], 0)
    db.session.commit()
    sign_in(client, world["ana"])
    response = client.post(
        f"/events/{world['session'].id}/minutes/amend",
        data=amend_form(0, en="Based on the old text"),
    )
    assert response.status_code == 400
    assert b"changed the minutes while you were reading" in response.data
    db.session.expire_all()
    assert minutes.text.body("en") == "First change" and minutes.revision == 1


def test_a_french_reader_sees_the_fallback_note(client, world):
    minutes = opened(world)
    minutes.status, minutes.approved_at = "approved", utcnow()
    db.session.commit()
    sign_in(client, world["fleur"], locale="es")
    page = client.get(f"/events/{world['session'].id}/minutes")
    assert page.status_code == 200
    assert b'class="translated-note"' in page.data
    assert b'lang="en"' in page.data


# --- Decisions and actions -------------------------------------------------------


def item_form(revision, kind="action", owner="", due="", text="Send the figures"):
    return {
        "revision": str(revision),
        "kind": kind,
        "text-source": "en",
        "text-en": text,
        "owner": owner,
        "due_on": due,
    }


def test_decisions_and_actions_with_owner_and_due_date(client, world):
    minutes = opened(world)
    sign_in(client, world["fleur"])
    url = f"/events/{world['session'].id}/minutes/items"
    due = (utcnow() + timedelta(days=30)).date().isoformat()
    ana = f"user:{world['ana'].id}"
    assert client.post(url, data=item_form(0, owner=ana, due=due)).status_code == 302
    org = f"org:{world['org'].id}"
    assert client.post(url, data=item_form(1, owner=org, due=due)).status_code == 302
    assert (
        client.post(url, data=item_form(2, kind="decision", text="Meet in March"))
    ).status_code == 302
    db.session.expire_all()
    kinds = sorted(
        (i.kind, i.owner_user_id or 0, i.owner_organisation_id or 0)
        for i in minutes.items
    )
    assert kinds == [
        ("action", 0, world["org"].id),
        ("action", world["ana"].id, 0),
        ("decision", 0, 0),
    ]
    page = client.get(f"/events/{world['session'].id}/minutes")
    assert b"Meet in March" in page.data and b"WIM Peru" in page.data


@pytest.mark.parametrize(
    "owner,due,message",
    [
        ("noshow", "2027-01-10", b"owner must be a person or an organisation"),
        ("outsider", "2027-01-10", b"owner must be a person or an organisation"),
        ("ana", "10/01/2027", b"Enter a date such as"),
        ("ana", "", b"Enter the date the action is due"),
        ("", "2027-01-10", b"Choose who owns this action"),
    ],
)
def test_bad_actions_change_nothing(client, world, owner, due, message):
    minutes = opened(world)
    sign_in(client, world["ana"])
    owner_value = f"user:{world[owner].id}" if owner else ""
    response = client.post(
        f"/events/{world['session'].id}/minutes/items",
        data=item_form(0, owner=owner_value, due=due),
    )
    assert response.status_code == 400
    assert message in response.data
    db.session.expire_all()
    assert not minutes.items and minutes.revision == 0


def test_the_service_refuses_an_owner_who_did_not_attend(world, in_request):
    minutes = opened(world)
    with pytest.raises(service.MinutesError, match="owner must be"):
        service.add_item(
            minutes,
            "action",
            edit(en="Do it"),
            world["staff"],
            0,
            owner=f"user:{world['noshow'].id}",
            due_on=utcnow().date(),
        )


def test_an_item_is_removed_while_open(client, world, in_request):
    minutes = opened(world)
    item = service.add_item(minutes, "decision", edit(en="Go"), world["staff"], 0)
    db.session.commit()
    sign_in(client, world["ana"])
    response = client.post(
        f"/events/minutes/items/{item.id}/remove", data={"revision": "1"}
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(MinutesItem.id))) == 0


# --- Approval --------------------------------------------------------------------


def test_approval_locks_everything_and_tells_attendees(client, world, outbox):
    minutes = opened(world)
    outbox.clear()
    sign_in(client, world["staff"])
    url = f"/events/{world['session'].id}/minutes/approve"
    response = client.post(url, data={"revision": "0"})
    assert response.status_code == 400  # the box is not ticked
    assert client.post(url, data={"revision": "0", "confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert minutes.status == "approved" and minutes.approved_by_id == world["staff"].id
    assert sorted(m.to[0] for m in outbox) == sorted(
        [world["ana"].email, world["fleur"].email]
    )
    fleur = next(m for m in outbox if m.to == [world["fleur"].email])
    assert '<html lang="fr">' in fleur.alternatives[0][0]
    # after approval: no amendment, no item, no second approval
    sign_in(client, world["ana"])
    base = f"/events/{world['session'].id}/minutes"
    response = client.post(base + "/amend", data=amend_form(0, en="Late"))
    assert response.status_code == 400 and b"approved" in response.data
    response = client.post(base + "/items", data=item_form(0, kind="decision"))
    assert response.status_code == 400
    sign_in(client, world["staff2"])
    response = client.post(url, data={"revision": "0", "confirm": "y"})
    assert response.status_code == 400 and b"already approved" in response.data
    db.session.expire_all()
    assert minutes.revision == 0 and not minutes.items and not minutes.amendments


def test_approval_of_a_text_changed_since_is_refused(world, in_request):
    minutes = opened(world)
    service.amend(minutes, edit(en="Changed"), "typo", world["ana"], 0)
    db.session.commit()
    with pytest.raises(service.MinutesError, match="changed since you read"):
        service.approve(minutes, world["staff"], 0)
    db.session.rollback()
    assert db.session.get(Minutes, minutes.id).status == "draft"


def _race(app, make_org, make_user, second):
    """An organiser approves while `second` (another organiser's approval, or an
    attendee's amendment) runs at the same moment; (results, minutes id)."""
    with app.test_request_context():
        staff = [make_user(roles=["secretariat"]) for _ in range(2)]
        attendee = make_user(org=make_org())
        session = make_session(make_series("rt-race"))
        register(session, attendee)
        db.session.commit()
        minutes = service.open_minutes(session, staff[0])
        db.session.commit()
        ids = (minutes.id, staff[0].id, staff[1].id, attendee.id)
    barrier, results = threading.Barrier(2), {}
    moves = {
        "approve": lambda record, person: service.approve(record, person, 0),
        "amend": lambda record, person: service.amend(
            record, edit(en="Amended"), "typo", person, 0
        ),
    }

    def run(name, move, person_id):
        from mentorship.auth.models import User

        with app.test_request_context():
            try:
                person = db.session.get(User, person_id)
                record = db.session.get(Minutes, ids[0])
                barrier.wait(5)
                moves[move](record, person)
                db.session.commit()
                results[name] = "won"
            except service.MinutesError as error:
                db.session.rollback()
                results[name] = str(error)
            finally:
                db.session.remove()

    other = ids[2] if second == "approve" else ids[3]
    threads = [
        threading.Thread(target=run, args=("approve", "approve", ids[1])),
        threading.Thread(target=run, args=(second + "2", second, other)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    return results, ids[0]


@pytest.mark.commits
def test_two_organisers_approving_at_once_one_wins(app, make_org, make_user):
    results, minutes_id = _race(app, make_org, make_user, "approve")
    outcome = sorted(results.values())
    assert outcome[1] == "won" and "already approved" in outcome[0], results
    with app.app_context():
        assert db.session.get(Minutes, minutes_id).status == "approved"


@pytest.mark.commits
def test_an_amendment_racing_the_approval_never_changes_approved_minutes(
    app, make_org, make_user
):
    results, minutes_id = _race(app, make_org, make_user, "amend")
    assert sorted(results.values()).count("won") == 1, results
    with app.app_context():
        minutes = db.session.get(Minutes, minutes_id)
        if results["approve"] == "won":
            assert "approved" in results["amend2"]
            assert minutes.revision == 0 and minutes.text.body("en") == AGENDA["en"]
            assert not minutes.amendments
        else:
            assert "changed since you read" in results["approve"]
            assert minutes.status == "draft" and minutes.revision == 1


# --- Actions done, who reads, links, the panel ----------------------------------------


def approved_minutes(world, item_owner="ana"):
    minutes = opened(world)
    due = utcnow().date() + timedelta(days=10)
    item = service.add_item(
        minutes,
        "action",
        edit(en="Send the figures"),
        world["staff"],
        0,
        owner=f"user:{world[item_owner].id}",
        due_on=due,
    )
    service.approve(minutes, world["staff"], 1)
    db.session.commit()
    return minutes, item


def test_an_actions_owner_marks_it_done_once(client, world):
    _minutes, item = approved_minutes(world)
    url = f"/events/minutes/items/{item.id}/done"
    sign_in(client, world["fleur"])
    assert client.post(url).status_code == 403
    sign_in(client, world["ana"])
    assert client.post(url).status_code == 302
    db.session.expire_all()
    assert item.done_by_id == world["ana"].id and item.done_at is not None
    response = client.post(url)
    assert response.status_code == 400 and b"already marked done" in response.data


def test_who_reads_draft_and_approved_minutes(client, world, make_org, make_user):
    opened(world)
    url = f"/events/{world['session'].id}/minutes"
    member_elsewhere = make_user(org=make_org(name="WIM Chile"))
    sign_in(client, member_elsewhere)
    assert client.get(url).status_code == 404  # a draft: attendees and organisers
    minutes = service.minutes_of(world["session"])
    service.approve(minutes, world["staff"], 0)
    db.session.commit()
    assert client.get(url).status_code == 200  # she may see the session
    anonymous = client.application.test_client()
    assert anonymous.get(url).status_code == 404  # a members' session


def test_links_to_the_previous_and_next_approved_minutes(client, world, in_request):
    series = world["series"]
    earlier = make_session(series, days_ago=60, title="January")
    draft_between = make_session(series, days_ago=30, title="February")
    later = make_session(series, days_ago=-30, title="Upcoming")
    for session in (earlier, draft_between):
        register(session, world["ana"])
    for session in (earlier,):
        minutes = service.open_minutes(session, world["staff"])
        service.approve(minutes, world["staff"], 0)
    service.open_minutes(draft_between, world["staff"])
    approved_minutes(world)
    db.session.commit()
    assert service.neighbours(world["session"]) == (earlier, None)
    assert service.neighbours(earlier) == (None, world["session"])
    assert later not in service.neighbours(world["session"])
    sign_in(client, world["ana"])
    page = client.get(f"/events/{world['session'].id}/minutes")
    assert f"/events/{earlier.id}/minutes".encode() in page.data


def test_the_session_page_links_to_the_minutes(client, world):
    url = f"/events/{world['session'].id}"
    sign_in(client, world["staff"])
    assert b"Open the minutes of this session" in client.get(url).data
    opened(world)
    sign_in(client, world["ana"])
    assert b"draft open for amendment" in client.get(url).data
    sign_in(client, world["outsider"])
    assert b"draft open for amendment" not in client.get(url).data


def test_an_amendment_comment_is_erased_with_her(world, in_request):
    from mentorship.mydata import registry

    minutes = opened(world)
    service.amend(minutes, edit(en="Changed"), "my words", world["ana"], 0)
    db.session.commit()
    mine = db.session.scalars(
        sa.select(MinutesAmendment).where(
            registry.hers(MinutesAmendment, world["ana"].id, world["ana"].email)
        )
    ).all()
    assert [a.comment for a in mine] == ["my words"]


# --- Demo ------------------------------------------------------------------------


def test_the_demo_writes_minutes_for_past_sessions_with_attendees(world, make_user):
    from mentorship.demo.minutes import seed_minutes

    assert seed_minutes() == []  # none of the demo's series yet: nothing happens
    series = make_series("round-tables-2027")
    first = make_session(series, days_ago=90, title="February")
    second = make_session(series, days_ago=20, title="March")
    empty = make_session(series, days_ago=10, title="Nobody came")
    for session in (first, second):
        register(session, world["ana"])
        register(session, world["fleur"])
    register(empty, world["noshow"], attended=False)
    db.session.commit()
    added = seed_minutes()
    db.session.commit()
    assert [m.session_id for m in added] == [first.id, second.id]
    approved, draft = added
    assert approved.status == "approved" and draft.status == "draft"
    assert draft.window_is_open()
    for minutes in added:
        assert {lang for lang in minutes.text.translations} == {"en", "fr", "es"}
        assert sorted(i.kind for i in minutes.items) == ["action", "decision"]
        action = next(i for i in minutes.items if i.kind == "action")
        assert action.owner_user_id in {world["ana"].id, world["fleur"].id}
        assert len(minutes.amendments) == 1
    assert seed_minutes() == []  # twice is harmless
    assert service.neighbours(second) == (first, None)


def test_the_organiser_moves_the_window(client, world):
    minutes = opened(world)
    minutes.amend_until = utcnow() - timedelta(days=1)
    db.session.commit()
    url = f"/events/{world['session'].id}/minutes/window"
    sign_in(client, world["ana"])
    assert client.post(url, data={"amend_days": "3"}).status_code == 403
    sign_in(client, world["staff"])
    response = client.post(url, data={"amend_days": "61"})
    assert response.status_code == 400 and b"1 to 60 days" in response.data
    assert client.post(url, data={"amend_days": "3"}).status_code == 302
    db.session.expire_all()
    assert minutes.window_is_open()
    assert timedelta(days=2) < minutes.amend_until - utcnow() <= timedelta(days=3)
    sign_in(client, world["ana"])  # she may amend again
    response = client.post(
        f"/events/{world['session'].id}/minutes/amend",
        data=amend_form(0, en="Reopened", fr=AGENDA["fr"]),
    )
    assert response.status_code == 302
