"""Members with positions and terms: nominations, requests to join, decisions,
positions and terms, the roster at each member's visibility, the group page's
panel, bad input, her data; and two runners accepting at once (PostgreSQL)."""

import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from mentorship.core import memberships, translated
from mentorship.core.models import Body, Membership
from mentorship.db import db, utcnow
from mentorship.groups import members as service
from mentorship.groups import members_queries as queries
from mentorship.groups.members_models import GroupRequest
from mentorship.groups.models import GroupPreference, WorkingGroup

from ..factories import sign_in


def _group(slug="wg-test", status="active"):
    body = Body(
        kind="working_group", slug=slug, name=translated.new_text("en", en="WG Test")
    )
    group = WorkingGroup(body=body, status=status)
    if status == "closed":
        group.closed_at = utcnow()
    db.session.add(group)
    db.session.commit()
    return group


@pytest.fixture
def w(app_ctx, make_org, make_user):
    """A group chaired by `chair` (of B) with `member` (of A); A's `leader` and
    `delegate`; `nominee` and `asker` of A; `outsider` of B; the Secretariat."""
    org_a, org_b = make_org(name="WIM Alpha"), make_org(name="WIM Beta")
    people = SimpleNamespace(
        chair=make_user(org=org_b),
        member=make_user(org=org_a),
        leader=make_user(org=org_a),
        delegate=make_user(org=org_a),
        nominee=make_user(org=org_a, locale="fr"),
        asker=make_user(org=org_a),
        outsider=make_user(org=org_b),
        staff=make_user(roles=["secretariat"]),
        org_a=org_a,
        org_b=org_b,
    )
    memberships.start(people.leader, "leader", organisation=org_a)
    memberships.start(people.delegate, "voting_delegate", organisation=org_a)
    group = _group()
    since = utcnow().date() - timedelta(days=30)
    memberships.start(people.chair, "chair", body=group.body, starts_on=since)
    people.term = memberships.start(
        people.member, "member", body=group.body, starts_on=since
    )
    db.session.commit()
    people.group = group
    return people


@pytest.fixture
def in_request(app):
    """Translated messages (lazy strings) read outside a view need a request."""
    with app.test_request_context():
        yield


def _requests(group):
    return db.session.scalars(
        sa.select(GroupRequest).where(GroupRequest.group_id == group.id)
    ).all()


def _terms(group, user):
    return queries.current_terms(group, user)


# --- Service ------------------------------------------------------------------------


def test_nomination_accepted_starts_a_term_and_tells_her_in_her_language(
    in_request, w, outbox
):
    made = service.nominate(
        w.group, w.nominee, w.org_a, "champion", "Leads our STEM outreach.", w.leader
    )
    db.session.commit()
    assert made.status == "pending" and made.kind == "nomination"
    assert outbox[-1].subject == "Vous êtes proposée pour le WG Test"  # her language
    membership = service.accept(made, w.chair)
    db.session.commit()
    assert made.status == "accepted" and made.membership_id == membership.id
    assert [t.position for t in _terms(w.group, w.nominee)] == ["champion"]
    assert len(outbox) == 2 and outbox[-1].to == [w.nominee.email]


def test_delegate_nominates_too_but_not_for_another_organisation(in_request, w):
    service.nominate(w.group, w.nominee, w.org_a, "member", "", w.delegate)
    with pytest.raises(service.MembersError):
        service.nominate(w.group, w.outsider, w.org_b, "member", "", w.delegate)
    with pytest.raises(service.MembersError):
        service.nominate(w.group, w.outsider, w.org_a, "member", "", w.leader)
    with pytest.raises(service.MembersError):  # a member, not her leader
        service.nominate(w.group, w.asker, w.org_a, "member", "", w.member)


def test_request_to_join_declined_with_a_reason_she_is_told(in_request, w, outbox):
    made = service.ask_to_join(w.group, w.asker, "I run site visits.")
    service.decline(made, "The group is full this year.", w.chair)
    db.session.commit()
    assert made.status == "declined"
    assert made.decision_reason == "The group is full this year."
    assert outbox[-1].to == [w.asker.email]
    assert "The group is full this year." in outbox[-1].body
    assert _terms(w.group, w.asker) == []


def test_nominee_declines_her_nomination_then_it_cannot_be_decided(in_request, w):
    made = service.nominate(w.group, w.nominee, w.org_a, "member", "", w.leader)
    service.refuse(made, w.nominee, "Not this year.")
    db.session.commit()
    assert made.status == "refused"
    with pytest.raises(service.MembersError, match="declined this nomination"):
        service.accept(made, w.chair)
    assert _terms(w.group, w.nominee) == []


def test_withdrawn_nomination_cannot_be_decided(in_request, w):
    made = service.nominate(w.group, w.nominee, w.org_a, "member", "", w.leader)
    service.withdraw(made, w.delegate)
    db.session.commit()
    with pytest.raises(service.MembersError, match="withdrawn"):
        service.accept(made, w.chair)
    with pytest.raises(service.MembersError, match="withdrawn"):
        service.decline(made, "No", w.chair)


def test_deciding_twice_is_refused(in_request, w):
    made = service.ask_to_join(w.group, w.asker, "Hello")
    service.accept(made, w.chair)
    db.session.commit()
    with pytest.raises(service.MembersError, match="already decided"):
        service.accept(made, w.staff)
    with pytest.raises(service.MembersError, match="already decided"):
        service.decline(made, "No", w.staff)
    assert len(_terms(w.group, w.asker)) == 1


def test_joining_twice_and_nominating_a_member_are_refused(in_request, w):
    with pytest.raises(service.MembersError, match="already a member"):
        service.ask_to_join(w.group, w.member, "Again")
    with pytest.raises(service.MembersError, match="already a member"):
        service.nominate(w.group, w.member, w.org_a, "member", "", w.leader)
    service.ask_to_join(w.group, w.asker, "Hello")
    with pytest.raises(service.MembersError, match="waiting"):
        service.ask_to_join(w.group, w.asker, "Hello again")
    with pytest.raises(service.MembersError, match="waiting"):
        service.nominate(w.group, w.asker, w.org_a, "member", "", w.leader)
    assert len(_requests(w.group)) == 1


def test_closed_group_is_read_only(in_request, w):
    made = service.ask_to_join(w.group, w.asker, "Hello")
    db.session.commit()
    w.group.status, w.group.closed_at = "closed", utcnow()
    db.session.commit()
    for attempt in (
        lambda: service.nominate(w.group, w.nominee, w.org_a, "member", "", w.leader),
        lambda: service.ask_to_join(w.group, w.outsider, "Hi"),
        lambda: service.accept(made, w.chair),
        lambda: service.end_term(w.group, w.term, "Bye", w.chair),
        lambda: service.leave(w.group, w.member),
        lambda: service.set_visibility(w.group, w.member, "public"),
    ):
        with pytest.raises(service.MembersError, match="closed"):
            attempt()
    db.session.rollback()
    assert made.status == "pending" and len(_terms(w.group, w.member)) == 1


def test_change_position_ends_the_old_term_and_starts_a_new_one(in_request, w):
    service.change_position(w.group, w.term, "champion", w.chair)
    db.session.commit()
    assert [t.position for t in _terms(w.group, w.member)] == ["champion"]
    assert w.term.ends_on == memberships.today()
    [line] = queries.history(w.group)  # the history says it in words, not a code
    assert line.reason == "New position: Thematic champion"
    with pytest.raises(service.MembersError, match="already ended"):
        service.end_term(w.group, w.term, "Again", w.chair)
    with pytest.raises(service.MembersError, match="cannot give"):
        service.change_position(w.group, _terms(w.group, w.member)[0], "chair", w.chair)


def test_end_term_keeps_history_with_its_reason(in_request, w):
    service.end_term(w.group, w.term, "Moved to another company.", w.chair)
    db.session.commit()
    assert _terms(w.group, w.member) == []
    past = queries.history(w.group)
    assert [(line.person.id, line.reason) for line in past] == [
        (w.member.id, "Moved to another company.")
    ]
    assert db.session.get(Membership, w.term.id) is not None


def test_member_leaves_herself(in_request, w):
    assert service.leave(w.group, w.member) == 1
    db.session.commit()
    assert _terms(w.group, w.member) == []
    with pytest.raises(service.MembersError, match="not a member"):
        service.leave(w.group, w.member)


def test_only_the_secretariat_appoints_and_a_liaison_is_staff(in_request, w):
    with pytest.raises(service.MembersError, match="Only the Secretariat"):
        service.appoint(w.group, w.outsider, "chair", w.chair)
    with pytest.raises(service.MembersError, match="staff"):
        service.appoint(w.group, w.outsider, "liaison", w.staff)
    service.appoint(w.group, w.staff, "liaison", w.staff)
    ends = memberships.today() + timedelta(days=365)
    chair = service.appoint(w.group, w.outsider, "chair", w.staff, ends_on=ends)
    db.session.commit()
    assert chair.ends_on == ends
    with pytest.raises(service.MembersError, match="already holds"):
        service.appoint(w.group, w.outsider, "chair", w.staff)


def test_roster_shows_each_at_her_visibility(in_request, w, make_user):
    db.session.add(
        GroupPreference(
            group_id=w.group.id, user_id=w.member.id, roster_visibility="alliance"
        )
    )
    db.session.commit()
    anonymous = SimpleNamespace(is_authenticated=False)

    def names(reader):
        return {line.person.id for line in queries.roster(w.group, reader)}

    assert names(anonymous) == {w.chair.id}  # the chair is public anyway
    assert names(w.outsider) == {w.chair.id, w.member.id}  # alliance
    stranger = make_user()  # of no member organisation
    assert names(stranger) == {w.chair.id}
    service.set_visibility(w.group, w.member, "organisers")
    db.session.commit()
    assert names(w.outsider) == {w.chair.id}
    assert names(w.member) == {w.chair.id, w.member.id}  # herself
    assert names(w.staff) == {w.chair.id, w.member.id}
    service.set_visibility(w.group, w.member, "public")
    assert names(anonymous) == {w.chair.id, w.member.id}


def test_erasure_withdraws_her_waiting_request_and_empties_her_words(in_request, w):
    from mentorship.mydata import services as mydata

    made = service.ask_to_join(w.group, w.asker, "My motivation")
    db.session.commit()
    mydata.erase(w.asker, utcnow())
    db.session.commit()
    made = db.session.get(GroupRequest, made.id)
    assert made.status == "withdrawn" and made.note == ""


# --- Routes -------------------------------------------------------------------------


def _url(w, tail=""):
    return f"/groups/{w.group.slug}/members{tail}"


def test_journey_nominate_accept_roster(app, w, outbox):
    client = app.test_client()
    sign_in(client, w.leader)
    page = client.get(_url(w, "/nominate"))
    assert page.status_code == 200 and w.nominee.name in page.text
    answer = client.post(
        _url(w, "/nominate"),
        data={"person": str(w.nominee.id), "position": "member", "note": "Great"},
    )
    assert answer.status_code == 302
    made = _requests(w.group)[0]
    assert outbox[-1].to == [w.nominee.email]
    chair = app.test_client()
    sign_in(chair, w.chair)
    roster = chair.get(_url(w))
    assert "Waiting for a decision" in roster.text and w.nominee.name in roster.text
    assert chair.post(_url(w, f"/requests/{made.id}/accept")).status_code == 302
    assert [t.position for t in _terms(w.group, w.nominee)] == ["member"]
    again = chair.post(_url(w, f"/requests/{made.id}/accept"))
    assert again.status_code == 400 and "already decided" in again.text


def test_group_page_panel_offers_the_actions_allowed(app, w):
    client = app.test_client()
    page = client.get(f"/groups/{w.group.slug}").text
    assert "2 members" in page and "Ask to join" not in page
    sign_in(client, w.asker)
    page = client.get(f"/groups/{w.group.slug}").text
    assert "Ask to join" in page and "Nominate" not in page
    sign_in(client, w.leader)
    assert "Nominate someone" in client.get(f"/groups/{w.group.slug}").text


def test_ask_to_join_by_form(app, w, outbox):
    client = app.test_client()
    sign_in(client, w.asker)
    empty = client.post(_url(w, "/join"), data={"motivation": "  "})
    assert empty.status_code == 400 and "why you would like to join" in empty.text
    assert client.post(_url(w, "/join"), data={"motivation": "Hi"}).status_code == 302
    again = client.get(_url(w, "/join"), follow_redirects=True)
    assert "already have a nomination or a request waiting" in again.text
    made = _requests(w.group)[0]
    chair = app.test_client()
    sign_in(chair, w.chair)
    no_reason = chair.post(_url(w, f"/requests/{made.id}/decline"), data={})
    assert no_reason.status_code == 400
    answer = chair.post(
        _url(w, f"/requests/{made.id}/decline"), data={"reason": "Full"}
    )
    assert answer.status_code == 302
    db.session.refresh(made)
    assert made.status == "declined"


def test_nominating_someone_else_or_fuzz_is_refused(app, w):
    client = app.test_client()
    sign_in(client, w.leader)
    for person in (str(w.outsider.id), "abc", "99999999999", ""):
        answer = client.post(
            _url(w, "/nominate"), data={"person": person, "position": "member"}
        )
        assert answer.status_code == 400, person
    bad_position = client.post(
        _url(w, "/nominate"), data={"person": str(w.nominee.id), "position": "chair"}
    )
    assert bad_position.status_code == 400
    member = client.post(
        _url(w, "/nominate"), data={"person": str(w.member.id), "position": "member"}
    )
    assert member.status_code == 400 and "already a member" in member.text
    assert _requests(w.group) == []


def test_closed_group_routes_say_so_and_change_nothing(app, w):
    w.group.status, w.group.closed_at = "closed", utcnow()
    db.session.commit()
    client = app.test_client()
    sign_in(client, w.member)
    answer = client.post(_url(w, "/leave"), data={"confirm": "y"})
    assert answer.status_code == 302
    page = client.get(_url(w)).text
    assert "closed" in page
    assert len(_terms(w.group, w.member)) == 1
    sign_in(client, w.leader)
    assert client.get(_url(w, "/nominate")).status_code == 302
    assert client.get(f"/groups/{w.group.slug}").status_code == 200
    assert "Nominate someone" not in client.get(f"/groups/{w.group.slug}").text


def test_wrong_ids_are_404(app, w):
    other = _group("other-wg")
    made = service.ask_to_join(other, w.asker, "Hi")
    db.session.commit()
    client = app.test_client()
    sign_in(client, w.staff)
    assert client.get(_url(w, f"/requests/{made.id}")).status_code == 404
    assert client.get(_url(w, "/requests/999999")).status_code == 404
    assert client.get(_url(w, "/terms/999999")).status_code == 404
    assert client.get("/groups/no-such/members").status_code == 404


def test_roster_visibility_form(app, w):
    client = app.test_client()
    sign_in(client, w.member)
    assert (
        client.post(_url(w, "/visibility"), data={"visibility": "x"}).status_code == 400
    )
    assert (
        client.post(_url(w, "/visibility"), data={"visibility": "public"}).status_code
        == 302
    )
    assert queries.preference_of(w.group, w.member) == "public"
    assert w.member.name in app.test_client().get(_url(w)).text


def test_runner_changes_position_and_ends_a_term_by_form(app, w):
    client = app.test_client()
    sign_in(client, w.chair)
    assert client.get(_url(w, f"/terms/{w.term.id}")).status_code == 200
    chair_position = client.post(
        _url(w, f"/terms/{w.term.id}/position"), data={"position": "chair"}
    )
    assert chair_position.status_code == 400  # only the Secretariat gives it
    moved = client.post(
        _url(w, f"/terms/{w.term.id}/position"), data={"position": "champion"}
    )
    assert moved.status_code == 302
    again = client.post(_url(w, f"/terms/{w.term.id}/end"), data={"reason": "x"})
    assert again.status_code == 400 and "already ended" in again.text


def test_her_export_lists_her_requests(app, w):
    service.ask_to_join(w.group, w.asker, "My motivation")
    db.session.commit()
    client = app.test_client()
    sign_in(client, w.asker)
    held = client.get("/account/data.json").json["group_requests"]
    assert held[0]["note"] == "My motivation" and held[0]["status"] == "pending"
    sign_in(client, w.outsider)
    assert client.get("/account/data.json").json["group_requests"] == []


# --- Two runners accepting at once (PostgreSQL) -------------------------------------


@pytest.mark.commits
def test_two_runners_accepting_at_once_start_one_term(
    app, make_org, make_user, monkeypatch
):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")
    org = make_org()
    asker = make_user(org=org)
    chair, staff = make_user(org=org), make_user(roles=["secretariat"])
    group = _group("race-wg")
    memberships.start(chair, "chair", body=group.body)
    made = service.ask_to_join(group, asker, "Hello")
    db.session.commit()
    ids = {"request": made.id, "chair": chair.id, "staff": staff.id}
    both_read = threading.Barrier(2, timeout=10)
    real_locked = service._locked

    def locked_after_both(request):
        both_read.wait()
        return real_locked(request)

    results = {}

    def accept(name):
        from mentorship.auth.models import User

        with app.test_request_context():
            try:
                found = db.session.get(GroupRequest, ids["request"])
                assert found.status == "pending"
                service.accept(found, db.session.get(User, ids[name]))
                db.session.commit()
                results[name] = "accepted"
            except service.MembersError as error:
                db.session.rollback()
                results[name] = str(error)
            finally:
                db.session.remove()

    monkeypatch.setattr(service, "_locked", locked_after_both)
    threads = [threading.Thread(target=accept, args=(n,)) for n in ("chair", "staff")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(results.values()) == ["This was already decided.", "accepted"]
    db.session.expire_all()
    terms = db.session.scalars(
        sa.select(Membership).where(
            Membership.body_id == group.body_id, Membership.user_id == asker.id
        )
    ).all()
    assert len(terms) == 1


@pytest.mark.commits
def test_two_requests_at_once_keep_one(app, make_org, make_user, monkeypatch):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")
    asker = make_user(org=make_org())
    group = _group("race-wg2")
    ids = {"group": group.id, "asker": asker.id}
    both_checked = threading.Barrier(2, timeout=10)
    real_waiting = queries.waiting_for

    def waiting_after_both(group, user):
        found = real_waiting(group, user)
        both_checked.wait()
        return found

    results = []

    def ask():
        from mentorship.auth.models import User

        with app.test_request_context():
            try:
                service.ask_to_join(
                    db.session.get(WorkingGroup, ids["group"]),
                    db.session.get(User, ids["asker"]),
                    "Hi",
                )
                db.session.commit()
                results.append("made")
            except service.MembersError as error:
                db.session.rollback()
                results.append(str(error))
            finally:
                db.session.remove()

    monkeypatch.setattr(queries, "waiting_for", waiting_after_both)
    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(results)[-1] == "made" and len(results) == 2
    assert "already have" in sorted(results)[0]
    db.session.expire_all()
    assert len(_requests(db.session.get(WorkingGroup, ids["group"]))) == 1
