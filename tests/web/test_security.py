"""Security: links in emails, production settings, rate limits, caching, cookies.

Several tests build a second app on the same database, configured as production is
(no SERVER_NAME, a public BASE_URL, rate limits on), since the shared test app pins
SERVER_NAME to "localhost" and would hide a link built from the request's Host.
"""

import re
import subprocess
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from mentorship import config, create_app
from mentorship.auth import services
from mentorship.auth.models import User
from mentorship.config import ConfigError
from mentorship.db import db
from mentorship.email import send_email
from mentorship.extensions import limiter
from mentorship.jobs import huey
from mentorship.matches import runs
from mentorship.matches.models import MatchRun
from mentorship.matches.transitions import FlowError

from ..conftest import FreshContextClient
from ..factories import PASSWORD, login, signed_in
from .flow import make_programme

NEW_PASSWORD = "another quite long passphrase"
PUBLIC = "https://wim.example"
FORGED = "evil.example"


class HostClient(FreshContextClient):
    # Every request of a client made by _client(host=...) carries that Host header.
    host = None

    def open(self, *args, **kwargs):
        if self.host:
            kwargs.setdefault("base_url", f"http://{self.host}")
        return super().open(*args, **kwargs)


def _client(app, remote_addr="127.0.0.1", host=None):
    client = HostClient(app, app.response_class, use_cookies=True)
    client.environ_base["REMOTE_ADDR"] = remote_addr
    client.host = host
    return client


def _outbox(app):
    mail = app.extensions["mailman"]
    mail.outbox = []
    return mail.outbox


def _html(message):
    return next(c for c, mimetype in message.alternatives if mimetype == "text/html")


def _links(message):
    return re.findall(r"https?://[^\s\"<]+", message.body + _html(message))


@contextmanager
def _second_app(app, **overrides):
    """An app on the test database, as production would configure it."""
    enabled = limiter.enabled
    settings = {
        "TESTING": True,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "locmem",
        "JOBS_BACKEND": "immediate",
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "ARGON2_FAST": True,
        "FORCE_HTTPS": False,
        "SERVER_NAME": None,
        "BASE_URL": PUBLIC,
        **overrides,
    }
    second = create_app(settings)
    try:
        yield second
    finally:
        # The limiter is one object shared by every app: put it back as it was.
        if limiter.enabled:
            limiter.reset()
        limiter.enabled = enabled
        with second.app_context():
            db.engine.dispose()


@pytest.fixture
def public_app(app):
    with _second_app(app) as second:
        yield second


def _registration(email="amina@example.org"):
    return {
        "name": "Amina Diallo",
        "email": email,
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "organisation": "0",
        "locale": "en",
        "consent": "y",
    }


# --- 1. Every link in an email is on BASE_URL, whatever the Host header --------------


def _assert_public(messages):
    assert messages
    for message in messages:
        links = _links(message)
        assert links, message.body
        assert all(link.startswith(PUBLIC + "/") for link in links), links


@pytest.mark.commits  # a second app: its own engine and connections
def test_reset_link_ignores_a_forged_host(public_app, make_user):
    user = make_user(email="rosa@example.org")
    outbox = _outbox(public_app)
    client = _client(public_app, host=FORGED)
    response = client.post("/reset", data={"email": user.email})
    assert response.status_code == 302
    [message] = outbox
    assert "evil.example" not in message.body + _html(message)
    _assert_public([message])
    # The link works on the real site.
    path = re.search(r"https://wim\.example(/reset/\S+)", message.body).group(1)
    assert _client(public_app).get(path).status_code == 200


@pytest.mark.commits  # a second app: its own engine and connections
def test_registration_and_email_change_links_ignore_a_forged_host(
    public_app, make_user
):
    outbox = _outbox(public_app)
    _client(public_app, host=FORGED).post("/register", data=_registration())
    make_user(email="taken@example.org")
    _client(public_app, host=FORGED).post(
        "/register", data=_registration("taken@example.org")
    )
    user = make_user(email="me@example.org")
    client = _client(public_app, host=FORGED)
    login(client, user.email)
    client.post(
        "/account/email",
        data={"email-email": "new@example.org", "email-current_password": PASSWORD},
    )
    assert [m.to for m in outbox] == [
        ["amina@example.org"],
        ["taken@example.org"],
        ["new@example.org"],
        ["me@example.org"],
    ]
    _assert_public(outbox[:3])


@pytest.mark.commits  # a second app: its own engine and connections
def test_invitation_link_ignores_a_forged_host(public_app, make_org, make_user):
    org = make_org()
    coordinator = make_user(org=org, roles=["coordinator"])
    outbox = _outbox(public_app)
    client = _client(public_app, host=FORGED)
    login(client, coordinator.email)
    client.post(
        f"/organisations/{org.id}/invite",
        data={"emails": "ines@example.org", "locale": "en"},
    )
    _assert_public(outbox)


@pytest.mark.commits  # a second app: its own engine and connections
def test_links_written_in_email_templates_ignore_the_request(public_app, make_user):
    """Offers, reminders and the like build their links inside the template."""
    person = make_user()
    outbox = _outbox(public_app)
    with public_app.test_request_context("/", base_url="http://evil.example"):
        send_email(person, "proposals_waiting", person=person, count=2)
    _assert_public(outbox)


@pytest.mark.commits  # a second app: its own engine and connections
def test_trusted_hosts_refuse_a_forged_host(app):
    with _second_app(app, TRUSTED_HOSTS=["wim.example"]) as second:
        assert _client(second, host="wim.example").get("/").status_code == 200
        response = _client(second, host=FORGED).post(
            "/reset", data={"email": "x@example.org"}
        )
        assert response.status_code == 400
        assert "This address is not served here." in response.text


def _production(**overrides):
    settings = {
        "APP_ENV": "production",
        "SECRET_KEY": "8f1c0b6a4d2e9f7a3c5b1e0d8a6f4c2b9e7d5a3f1c0b8e6d",
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/wim",
        "MAIL_BACKEND": "smtp",
        "BASE_URL": PUBLIC,
        "SERVER_NAME": None,
        "TRUSTED_HOSTS": ["wim.example"],
        "RATELIMIT_STORAGE_URI": "redis://cache:6379/0",
        "WEB_CONCURRENCY": 4,
    }
    settings.update(overrides)
    return settings


def test_production_settings_pass_the_check():
    config.check(_production())


@pytest.mark.parametrize(
    "overrides",
    [
        {"BASE_URL": ""},
        {"BASE_URL": "http://127.0.0.1:5000"},
        {"BASE_URL": "https://localhost"},
        {"BASE_URL": "http://wim.example"},  # sessions are https-only there
        {"SERVER_NAME": "elsewhere.example"},
        {"TRUSTED_HOSTS": None},
        {"TRUSTED_HOSTS": ["elsewhere.example"]},
    ],
)
def test_production_refuses_a_missing_or_local_public_address(overrides):
    with pytest.raises(ConfigError):
        config.check(_production(**overrides))


def test_production_base_url_has_no_default(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    settings = config.from_environment()
    assert settings["BASE_URL"] == ""
    monkeypatch.setenv("BASE_URL", "https://mentoring.wim.example/")
    settings = config.from_environment()
    assert settings["BASE_URL"] == "https://mentoring.wim.example"
    assert settings["TRUSTED_HOSTS"] == ["mentoring.wim.example"]
    assert settings["PREFERRED_URL_SCHEME"] == "https"


def test_development_base_url_follows_the_port(monkeypatch):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "5050")
    assert config.from_environment()["BASE_URL"] == "http://127.0.0.1:5050"


# --- 5. Rate limits, registration and reset that reveal nothing ----------------------


@pytest.fixture
def limited_app(app):
    with _second_app(
        app,
        RATELIMIT_ENABLED=True,
        RATELIMIT_REGISTER="2 per minute",
        RATELIMIT_RESET="2 per minute",
    ) as second:
        yield second


@pytest.mark.commits  # a second app: its own engine and connections
def test_register_is_rate_limited_per_client(limited_app, app_ctx):
    client = _client(limited_app, "10.0.0.1")
    for n in range(2):
        response = client.post("/register", data=_registration(f"p{n}@example.org"))
        assert response.status_code == 200
    response = client.post("/register", data=_registration("p9@example.org"))
    assert response.status_code == 429
    assert services.find_by_email("p9@example.org") is None
    assert client.get("/register").status_code == 200  # reading the form stays free


@pytest.mark.commits  # a second app: its own engine and connections
def test_register_is_rate_limited_per_address(limited_app, app_ctx):
    for n in range(2):
        client = _client(limited_app, f"10.0.1.{n}")
        assert client.post("/register", data=_registration()).status_code == 200
    client = _client(limited_app, "10.0.1.9")
    assert client.post("/register", data=_registration()).status_code == 429
    response = client.post("/register", data=_registration("other@example.org"))
    assert response.status_code == 200


@pytest.mark.commits  # a second app: its own engine and connections
def test_reset_is_rate_limited_per_client_and_per_address(limited_app, make_user):
    user = make_user()
    outbox = _outbox(limited_app)
    client = _client(limited_app, "10.0.2.1")
    for _ in range(2):
        assert client.post("/reset", data={"email": user.email}).status_code == 302
    assert client.post("/reset", data={"email": "x@example.org"}).status_code == 429
    other = _client(limited_app, "10.0.2.2")
    assert other.post("/reset", data={"email": user.email}).status_code == 429
    assert other.post("/reset", data={"email": "y@example.org"}).status_code == 302
    assert len(outbox) == 2


@pytest.mark.commits  # a second app: its own engine and connections
def test_forwarded_clients_have_separate_limits_behind_the_proxy(app, make_user):
    """PROXY_HOPS=1: the proxy's X-Forwarded-For names the client, one bucket each."""
    make_user(email="rosa@example.org")
    with _second_app(
        app, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute", PROXY_HOPS=1
    ) as second:

        def attempt(client_address):
            client = _client(second, "10.9.9.9")  # every request comes via the proxy
            headers = {"X-Forwarded-For": client_address}
            data = {"email": f"guess-{client_address}@example.org", "password": "x"}
            return client.post("/login", data=data, headers=headers).status_code

        assert [attempt("203.0.113.7") for _ in range(3)] == [400, 400, 429]
        # Another client behind the same proxy still has her own attempts.
        assert [attempt("198.51.100.23") for _ in range(3)] == [400, 400, 429]


@pytest.mark.commits  # a second app: its own engine and connections
def test_without_proxy_hops_forwarded_addresses_are_not_believed(app, make_user):
    with _second_app(app, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute") as s:
        codes = [
            _client(s, "10.9.9.9")
            .post(
                "/login",
                data={"email": f"g{n}@example.org", "password": "x"},
                headers={"X-Forwarded-For": f"198.51.100.{n}"},
            )
            .status_code
            for n in range(3)
        ]
    assert codes == [400, 400, 429]


def test_production_refuses_memory_limits_with_several_workers():
    with pytest.raises(ConfigError, match="WEB_CONCURRENCY"):
        config.check(_production(RATELIMIT_STORAGE_URI="memory://"))
    config.check(_production(RATELIMIT_STORAGE_URI="memory://", WEB_CONCURRENCY=1))


@contextmanager
def _queued_jobs():
    """Jobs wait in the queue, as with a real worker, instead of running inline."""
    huey.immediate = False
    huey.flush()
    try:
        yield
    finally:
        huey.flush()
        huey.immediate = True


def test_reset_does_the_same_work_for_known_and_unknown_addresses(
    app, client, make_user, outbox
):
    user = make_user(email="rosa@example.org")
    with _queued_jobs():
        known = client.post("/reset", data={"email": user.email})
        unknown = client.post("/reset", data={"email": "nobody@example.org"})
        assert known.status_code == unknown.status_code == 302
        assert known.headers["Location"] == unknown.headers["Location"]
        # Neither request looked the address up nor sent anything: one job each.
        assert outbox == []
        assert huey.pending_count() == 2
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
    [message] = outbox
    assert message.to == ["rosa@example.org"]


# --- 6. Smaller holes ----------------------------------------------------------------


def test_email_change_ends_her_other_sessions(app, client, make_user, outbox):
    user = make_user(email="me@example.org")
    login(client, user.email)
    other_device = _client(app)
    login(other_device, user.email, remember="y")
    remembered = _client(app)
    remembered.set_cookie(
        "remember_token", other_device.get_cookie("remember_token").value
    )
    client.post(
        "/account/email",
        data={"email-email": "new@example.org", "email-current_password": PASSWORD},
    )
    link = re.search(r"http://localhost(/\S+)", outbox[0].body).group(1)
    client.get(link)
    assert signed_in(client)  # the browser that confirmed it stays signed in
    assert not signed_in(other_device)
    assert not signed_in(remembered)


def test_remember_me_cookie_is_same_site_and_http_only(client, make_user):
    user = make_user()
    response = login(client, user.email, remember="y")
    [cookie] = [
        c
        for c in response.headers.getlist("Set-Cookie")
        if c.startswith("remember_token=")
    ]
    assert "SameSite=Lax" in cookie
    assert "HttpOnly" in cookie


def test_pages_are_not_stored_but_static_files_are(client, make_user):
    user = make_user()
    login(client, user.email)
    for path in ("/account", "/profile", "/"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    assert client.get("/reset").headers["Cache-Control"] == "no-store"
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


@pytest.mark.parametrize(
    "key",
    [
        "a" * 32,
        "0123456789" * 4,
        "abcd" * 16,
        "passwordpasswordpasswordpassword",
        "dev-" + "x" * 40,
        "short",
    ],
)
def test_production_refuses_a_guessable_secret_key(key):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        config.check(_production(SECRET_KEY=key))


def test_random_secret_keys_pass():
    import secrets

    for _ in range(200):
        config.check(_production(SECRET_KEY=secrets.token_hex(16)))
        config.check(_production(SECRET_KEY=secrets.token_urlsafe(32)))


def test_a_run_cannot_start_on_a_programme_that_has_ended(app, app_ctx, make_user):
    secretariat = make_user(roles=["secretariat"])
    programme = make_programme()
    programme.starts_on = date.today() - timedelta(days=200)
    programme.ends_on = date.today() - timedelta(days=1)
    programme.enrol_opens_on = date.today() - timedelta(days=300)
    programme.enrol_closes_on = date.today() - timedelta(days=250)
    db.session.commit()
    with pytest.raises(FlowError) as refusal:
        runs.start_run(programme, secretariat)
    with app.test_request_context():
        assert "This programme has ended" in str(refusal.value)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(MatchRun.id))) == 0


def test_demo_seed_is_refused_in_production(app, runner, app_ctx):
    app.config["APP_ENV"] = "production"
    try:
        result = runner.invoke(args=["demo", "seed", "--members", "20"])
    finally:
        app.config["APP_ENV"] = "development"
    assert result.exit_code != 0
    assert "refused in production" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


# --- 13. A newcomer's first run ------------------------------------------------------


def test_demo_seed_prints_every_coordinatorlogin(runner, app_ctx):
    result = runner.invoke(args=["demo", "seed", "--members", "40"])
    assert result.exit_code == 0, result.output
    coordinators = db.session.scalars(
        sa.select(User.email).where(User.email.like("coordinator@%"))
    ).all()
    assert len(coordinators) > 5
    for email in coordinators:
        assert email in result.output
    assert "Women in Mining South Africa" in result.output


def test_make_run_takes_a_port():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=5050"], capture_output=True, text=True, check=True
    ).stdout
    assert "--port 5050" in dry_run
