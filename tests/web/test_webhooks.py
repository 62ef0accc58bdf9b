"""Webhooks: an organisation's endpoints receive its own members' events, signed
(Standard Webhooks), retried with backoff and logged; the coordinators' pages.

A real HTTP receiver listens on loopback in a thread and checks each signature
with its own code (not the product's). It touches no database, so the tests keep
the savepoint isolation; jobs run inline, the first attempt right after commit,
and the retries through `services.retry_due(now)` with `now` moved past each delay.
"""

import base64
import hashlib
import hmac
import itertools
import json
import re
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from mentorship.auth.models import User
from mentorship.db import db, utcnow
from mentorship.events import registration
from mentorship.profiles.models import Side
from mentorship.programmes import services as programmes
from mentorship.webhooks import services
from mentorship.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

from ..factories import make_programme, sign_in
from .flow import enrol, released_proposal
from .test_events_registration import make_session

ALL_EVENTS = list(services.EVENT_TYPES)


# --- The receiver --------------------------------------------------------------------


def verify(secret, headers, body):
    """A receiver's check, written from the Standard Webhooks convention."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    return any(
        hmac.compare_digest(sig.encode(), b"v1," + expected)
        for sig in headers["webhook-signature"].split()
    )


class Receiver:
    def __init__(self):
        self.received = []  # (path, headers, body)
        self.status = 200
        self.delay = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.received.append((self.path, headers, body))
                if receiver.delay:
                    time.sleep(receiver.delay)
                try:
                    self.send_response(receiver.status)
                    if 300 <= receiver.status < 400:
                        self.send_header("Location", "/elsewhere")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the client gave up (timeout)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_address[1]}/{path}"

    def to(self, path):
        return [(h, b) for p, h, b in self.received if p == f"/{path}"]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- The world -----------------------------------------------------------------------


@pytest.fixture
def world(app, make_org, make_user):
    org_a, org_b, org_c = make_org(), make_org(region="europe"), make_org()
    return {
        "org_a": org_a,
        "org_b": org_b,
        "org_c": org_c,
        "member_a": make_user(org=org_a, name="Amina Diallo"),
        "member_b": make_user(org=org_b, name="Lucía Quispe"),
        "coord_a": make_user(org=org_a, roles=["coordinator"], name="Coord A"),
        "coord_b": make_user(org=org_b, roles=["coordinator"], name="Coord B"),
        "coord_c": make_user(org=org_c, roles=["coordinator"]),
        "secretariat": make_user(roles=["secretariat"]),
    }


def add(org, url, events=ALL_EVENTS, by=None):
    by = by or db.session.scalar(sa.select(User).limit(1))
    endpoint, secret = services.add_endpoint(org.id, url, events, by=by)
    db.session.commit()
    return endpoint, secret


def deliveries(endpoint):
    db.session.expire_all()
    return db.session.scalars(
        sa.select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id)
    ).all()


def only_signed_body(receiver, path, secret):
    """The one message the endpoint received, its signature checked."""
    (headers, body), *others = receiver.to(path)
    assert others == []
    assert verify(secret, headers, body)
    assert headers["content-type"] == "application/json"
    message = json.loads(body)
    assert message["id"] == headers["webhook-id"]
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 600
    return message


def endpoints_for_abc(world, receiver):
    return {
        key: add(world[f"org_{key}"], receiver.url(key), by=world[f"coord_{key}"])
        for key in "abc"
    }


# --- Events --------------------------------------------------------------------------


def test_enrolment_is_sent_signed_to_her_organisation_only(world, receiver):
    ends = endpoints_for_abc(world, receiver)
    programme = make_programme()
    programmes.enrol(world["member_a"], programme, "mentee", {"goals": "Tailings"})
    db.session.commit()

    message = only_signed_body(receiver, "a", ends["a"][1])
    assert receiver.to("b") == [] and receiver.to("c") == []
    assert message["type"] == "enrolment.created"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", message["timestamp"])
    assert message["organisation"] == {
        "id": world["org_a"].id,
        "name": world["org_a"].name,
    }
    assert message["data"]["member"] == {
        "id": world["member_a"].id,
        "name": "Amina Diallo",
    }
    assert message["data"]["programme"] == {"id": programme.id, "name": "Pilot cohort"}
    assert "Tailings" not in json.dumps(message)  # her goals stay hers
    (delivery,) = deliveries(ends["a"][0])
    assert delivery.status == "succeeded" and delivery.attempts == 1
    assert delivery.attempt_log[0].status_code == 200
    assert deliveries(ends["b"][0]) == []


def test_a_match_tells_each_organisation_of_its_own_member(app, world, receiver):
    ends = endpoints_for_abc(world, receiver)
    programme = make_programme()
    mentee = enrol(programme, world["member_a"], Side.MENTEE)
    mentor = enrol(programme, world["member_b"], Side.MENTOR, capacity=2)
    proposal = released_proposal(programme, mentee, mentor)
    for person, url in (
        (world["coord_a"], f"/proposals/{proposal.id}/approve"),
        (world["coord_b"], f"/proposals/{proposal.id}/approve"),
        (world["member_a"], f"/offers/{proposal.id}/accept"),
    ):
        client = app.test_client()
        sign_in(client, person)
        assert client.post(url).status_code == 302
        assert receiver.received == []  # no match until both accept
    client = app.test_client()
    sign_in(client, world["member_b"])
    assert client.post(f"/offers/{proposal.id}/accept").status_code == 302

    to_a = only_signed_body(receiver, "a", ends["a"][1])
    to_b = only_signed_body(receiver, "b", ends["b"][1])
    assert receiver.to("c") == []
    assert to_a["type"] == to_b["type"] == "match.made"
    assert to_a["data"]["mentorship"]["id"] == to_b["data"]["mentorship"]["id"]
    assert to_a["data"]["members"] == [
        {"id": world["member_a"].id, "name": "Amina Diallo", "role": "mentee"}
    ]
    assert to_b["data"]["members"] == [
        {"id": world["member_b"].id, "name": "Lucía Quispe", "role": "mentor"}
    ]
    # Neither organisation learns the other's member through its webhook.
    assert "Quispe" not in json.dumps(to_a) and "Diallo" not in json.dumps(to_b)
    assert to_a["organisation"]["id"] == world["org_a"].id


def test_registration_and_cancellation(world, receiver):
    ends = endpoints_for_abc(world, receiver)
    session = make_session(capacity=10)
    registration.register(session.id, world["member_b"], {}, "everyone")
    db.session.commit()
    registration.cancel(session.id, world["member_b"])
    db.session.commit()

    assert receiver.to("a") == [] and receiver.to("c") == []
    created, cancelled = (json.loads(b) for _h, b in receiver.to("b"))
    assert all(verify(ends["b"][1], h, b) for h, b in receiver.to("b"))
    assert created["type"] == "registration.created"
    assert cancelled["type"] == "registration.cancelled"
    assert created["data"]["member"]["id"] == world["member_b"].id
    assert created["data"]["session"]["title"] == "Mine closure"
    assert created["data"]["session"]["starts_at"].endswith("+00:00")
    assert created["data"]["registration"]["status"] == "registered"
    assert cancelled["data"]["registration"]["status"] == "cancelled"
    assert created["id"] != cancelled["id"]


def test_only_the_events_chosen_are_sent(world, receiver):
    endpoint, _secret = add(world["org_a"], receiver.url("a"), ["match.made"])
    programmes.enrol(world["member_a"], make_programme(), "mentee", {})
    db.session.commit()
    assert receiver.received == [] and deliveries(endpoint) == []


def test_a_rollback_sends_nothing(world, receiver):
    add(world["org_a"], receiver.url("a"))
    programmes.enrol(world["member_a"], make_programme(), "mentee", {})
    db.session.rollback()
    assert receiver.received == []
    assert db.session.scalar(sa.select(sa.func.count(WebhookDelivery.id))) == 0


# --- Failures, retries, the log ------------------------------------------------------


def run_the_schedule(delivery, app):
    """Move time past each retry's moment; return the attempts' times."""
    for _ in range(len(app.config["WEBHOOK_BACKOFF"])):
        db.session.expire_all()
        row = db.session.get(WebhookDelivery, delivery.id)
        if row.status != "pending":
            break
        services.retry_due(row.next_attempt_at - timedelta(seconds=1))  # not yet
        assert db.session.get(WebhookDelivery, delivery.id).attempts == row.attempts
        services.retry_due(row.next_attempt_at)
    db.session.expire_all()
    return db.session.get(WebhookDelivery, delivery.id)


@pytest.mark.parametrize("failure", ["500", "timeout", "refused", "redirect"])
def test_a_failing_receiver_is_retried_with_backoff_then_failed(
    app, world, receiver, monkeypatch, failure
):
    monkeypatch.setitem(app.config, "WEBHOOK_TIMEOUT", 0.3)
    url = receiver.url("a")
    if failure == "500":
        receiver.status = 500
    elif failure == "timeout":
        receiver.delay = 1.0
    elif failure == "redirect":
        receiver.status = 302
    else:
        url = f"http://127.0.0.1:{closed_port()}/a"
    endpoint, _secret = add(world["org_a"], url)
    programmes.enrol(world["member_a"], make_programme(), "mentee", {})
    db.session.commit()

    (delivery,) = deliveries(endpoint)
    assert delivery.status == "pending" and delivery.attempts == 1
    delivery = run_the_schedule(delivery, app)
    assert delivery.status == "failed"
    assert delivery.attempts == 6 and delivery.next_attempt_at is None
    log = delivery.attempt_log
    assert len(log) == 6
    gaps = [(b.attempted_at - a.attempted_at) for a, b in itertools.pairwise(log)]
    assert gaps == [timedelta(seconds=s) for s in (60, 300, 1800, 7200, 43200)]
    if failure == "500":
        assert {a.status_code for a in log} == {500}
        assert len(receiver.to("a")) == 6
        # Every retry is the same message: same id, same body.
        assert len({h["webhook-id"] for h, _b in receiver.to("a")}) == 1
        assert len({b for _h, b in receiver.to("a")}) == 1
    elif failure == "redirect":
        assert {a.status_code for a in log} == {302}
        assert len(receiver.to("elsewhere")) == 0  # not followed
    else:
        assert {a.status_code for a in log} == {None}
        assert all(a.error for a in log)
        if failure == "timeout":
            assert all(a.duration_ms >= 250 for a in log)
    # Nothing is left to retry.
    assert services.retry_due(utcnow() + timedelta(days=30)) == []


def test_a_retry_that_succeeds(app, world, receiver):
    receiver.status = 503
    endpoint, secret = add(world["org_a"], receiver.url("a"))
    programmes.enrol(world["member_a"], make_programme(), "mentee", {})
    db.session.commit()
    (delivery,) = deliveries(endpoint)
    receiver.status = 204
    services.retry_due(delivery.next_attempt_at)
    (delivery,) = deliveries(endpoint)
    assert delivery.status == "succeeded" and delivery.attempts == 2
    assert [a.status_code for a in delivery.attempt_log] == [503, 204]
    assert db.session.get(WebhookEndpoint, endpoint.id).failures_in_a_row == 0


def test_an_endpoint_failing_again_and_again_is_paused_and_coordinators_told(
    app, world, receiver, monkeypatch, outbox
):
    monkeypatch.setitem(app.config, "WEBHOOK_PAUSE_AFTER", 3)
    receiver.status = 500
    endpoint, _secret = add(world["org_a"], receiver.url("a"))
    programme = make_programme()
    for role in ("mentee", "mentor"):
        programmes.enrol(world["member_a"], programme, role, {})
        db.session.commit()
    first, _second = deliveries(endpoint)
    services.retry_due(first.next_attempt_at)
    endpoint = db.session.get(WebhookEndpoint, endpoint.id)
    assert endpoint.status == "paused" and endpoint.paused_reason == "failures"
    assert [m.to for m in outbox] == [[world["coord_a"].email]]
    assert "paused" in outbox[0].subject
    # Paused: nothing more is tried, nothing new recorded.
    sent = len(receiver.received)
    assert services.retry_due(utcnow() + timedelta(days=3)) == []
    programmes.enrol(world["member_a"], make_programme(), "mentee", {})
    db.session.commit()
    assert len(receiver.received) == sent and len(deliveries(endpoint)) == 2


def test_pausing_stops_deliveries_and_resuming_restarts_them(app, world, receiver):
    endpoint, _secret = add(world["org_a"], receiver.url("a"))
    client = app.test_client()
    sign_in(client, world["coord_a"])
    base = f"/organisations/{world['org_a'].id}/webhooks/{endpoint.id}"
    assert client.post(base + "/pause").status_code == 302
    programmes.enrol(world["member_a"], make_programme(), "mentee", {})
    db.session.commit()
    assert receiver.received == [] and deliveries(endpoint) == []
    assert client.post(base + "/resume").status_code == 302
    programmes.enrol(world["member_a"], make_programme(), "mentee", {})
    db.session.commit()
    assert len(receiver.received) == 1


# --- The pages -----------------------------------------------------------------------


def coordinator(app, world, key="a", locale=None):
    client = app.test_client()
    sign_in(client, world[f"coord_{key}"], locale=locale)
    return client


def count_endpoints():
    return db.session.scalar(sa.select(sa.func.count(WebhookEndpoint.id)))


def test_add_an_endpoint_see_its_secret_once_and_use_it(app, world, receiver):
    client = coordinator(app, world)
    base = f"/organisations/{world['org_a'].id}/webhooks"
    page = client.get(f"/organisations/{world['org_a'].id}/members")
    assert base.encode() in page.data
    response = client.post(
        base, data={"url": receiver.url("a"), "events": ["enrolment.created"]}
    )
    assert response.status_code == 200
    secret = re.search(rb'value="(whsec_[A-Za-z0-9+/=]+)"', response.data)[1].decode()
    (endpoint,) = services.endpoints_of(world["org_a"].id)
    assert endpoint.events == ["enrolment.created"]
    assert secret.encode() not in client.get(base).data  # shown once
    page = client.get(f"{base}/{endpoint.id}")
    assert secret.encode() not in page.data

    assert client.post(f"{base}/{endpoint.id}/test").status_code == 302
    message = only_signed_body(receiver, "a", secret)
    assert message["type"] == "webhook.test"
    page = client.get(f"{base}/{endpoint.id}").data.decode()
    assert "webhook.test" in page and "HTTP 200" in page


def test_rotating_the_secret(app, world, receiver):
    endpoint, old = add(world["org_a"], receiver.url("a"), by=world["coord_a"])
    client = coordinator(app, world)
    base = f"/organisations/{world['org_a'].id}/webhooks/{endpoint.id}"
    response = client.post(base + "/secret")
    new = re.search(rb'value="(whsec_[A-Za-z0-9+/=]+)"', response.data)[1].decode()
    assert new != old
    client.post(base + "/test")
    headers, body = receiver.to("a")[0]
    assert verify(new, headers, body) and not verify(old, headers, body)


def test_send_again(app, world, receiver):
    receiver.status = 500
    endpoint, _secret = add(world["org_a"], receiver.url("a"), ["match.made"])
    client = coordinator(app, world)
    base = f"/organisations/{world['org_a'].id}/webhooks/{endpoint.id}"
    client.post(base + "/test")
    (delivery,) = deliveries(endpoint)
    response = client.post(f"{base}/deliveries/{delivery.id}/resend")
    assert response.status_code == 302  # still pending: refused with a message
    assert deliveries(endpoint)[0].attempts == 1
    run_the_schedule(delivery, app)
    receiver.status = 200
    client.post(f"{base}/deliveries/{delivery.id}/resend")
    (delivery,) = deliveries(endpoint)
    assert delivery.status == "succeeded"
    assert [a.status_code for a in delivery.attempt_log] == [500] * 6 + [200]
    assert len({h["webhook-id"] for h, _b in receiver.to("a")}) == 1


def test_delete(app, world, receiver):
    endpoint, _secret = add(world["org_a"], receiver.url("a"))
    client = coordinator(app, world)
    base = f"/organisations/{world['org_a'].id}/webhooks"
    client.post(f"{base}/{endpoint.id}/test")
    assert client.post(f"{base}/{endpoint.id}/delete").status_code == 302
    assert count_endpoints() == 0
    assert db.session.scalar(sa.select(sa.func.count(WebhookAttempt.id))) == 0


@pytest.mark.parametrize(
    "url, events, production, message",
    [
        ("not a url", ALL_EVENTS, False, "Enter a complete web address"),
        ("ftp://example.org/x", ALL_EVENTS, False, "Enter a complete web address"),
        ("", ALL_EVENTS, False, "Enter a complete web address"),
        ("https://u:p@example.org/", ALL_EVENTS, False, "user name or password"),
        ("https://example.org/h", ["member.deleted"], False, "from the list"),
        ("https://example.org/h", [], False, "at least one event"),
        ("http://93.184.216.34/h", ALL_EVENTS, True, "Enter a complete web address"),
        ("https://127.0.0.1/h", ALL_EVENTS, True, "private or local network"),
        ("https://10.1.2.3/h", ALL_EVENTS, True, "private or local network"),
        ("https://169.254.169.254/", ALL_EVENTS, True, "private or local network"),
        ("https://[::1]/h", ALL_EVENTS, True, "private or local network"),
        ("https://localhost/h", ALL_EVENTS, True, "private or local network"),
    ],
)
def test_bad_input_changes_nothing(
    app, world, monkeypatch, url, events, production, message
):
    if production:
        monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    client = coordinator(app, world)
    response = client.post(
        f"/organisations/{world['org_a'].id}/webhooks",
        data={"url": url, "events": events},
    )
    assert response.status_code == 400
    assert message in response.data.decode()
    assert count_endpoints() == 0


def test_a_public_https_address_passes_in_production(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    client = coordinator(app, world)
    response = client.post(
        f"/organisations/{world['org_a'].id}/webhooks",
        data={"url": "https://93.184.216.34/hook", "events": ["match.made"]},
    )
    assert response.status_code == 200 and count_endpoints() == 1


def test_bad_input_in_french(app, world):
    client = coordinator(app, world, locale="fr")
    response = client.post(
        f"/organisations/{world['org_a'].id}/webhooks",
        data={"url": "nope", "events": ALL_EVENTS},
    )
    assert response.status_code == 400
    assert 'lang="fr"' in response.data.decode()
    assert count_endpoints() == 0


def test_who_reaches_the_pages(app, world, receiver):
    endpoint, _secret = add(world["org_a"], receiver.url("a"))
    base = f"/organisations/{world['org_a'].id}/webhooks"
    expected = {
        "coord_a": (200, 200, 302),
        "secretariat": (200, 200, 403),
        "coord_b": (404, 404, 404),
        "member_a": (404, 404, 404),
    }
    for who, (index, page, action) in expected.items():
        client = app.test_client()
        sign_in(client, world[who])
        assert client.get(base).status_code == index, who
        assert client.get(f"{base}/{endpoint.id}").status_code == page, who
        assert client.post(f"{base}/{endpoint.id}/pause").status_code == action, who
    # An endpoint of A under B's address is out of reach, even for B's coordinator.
    client = coordinator(app, world, "b")
    other = f"/organisations/{world['org_b'].id}/webhooks/{endpoint.id}"
    assert client.get(other).status_code == 404
    assert client.post(other + "/delete").status_code == 404
    assert count_endpoints() == 1
    # The Secretariat reads without buttons.
    client = app.test_client()
    sign_in(client, world["secretariat"])
    assert b"/pause" not in client.get(f"{base}/{endpoint.id}").data


def test_changing_the_events(app, world, receiver):
    endpoint, _secret = add(world["org_a"], receiver.url("a"), ["match.made"])
    client = coordinator(app, world)
    url = f"/organisations/{world['org_a'].id}/webhooks/{endpoint.id}/events"
    for bad, message in (([], "at least one event"), (["nope"], "from the list")):
        response = client.post(url, data={"events": bad})
        assert response.status_code == 400 and message in response.data.decode()
        db.session.expire_all()
        assert db.session.get(WebhookEndpoint, endpoint.id).events == ["match.made"]
    response = client.post(url, data={"events": ["enrolment.created"]})
    assert response.status_code == 302
    programmes.enrol(world["member_a"], make_programme(), "mentee", {})
    db.session.commit()
    assert [json.loads(b)["type"] for _h, b in receiver.to("a")] == [
        "enrolment.created"
    ]
