"""Processes of a small cluster on one machine, and a browser that speaks HTTP.

App hosts are gunicorn with the repository's gunicorn.conf.py; job consumers are
`huey_consumer mentorship.worker.huey`; Redis and (for the restart test) PostgreSQL
are private servers started here. Each process is started in its own session, so
that stopping it stops its children (gunicorn's workers) by process group id.
"""

import contextlib
import copy
import email
import email.policy
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, seconds, what, interval=0.2):
    """Poll `predicate` until it returns a true value; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {seconds} s")


class Process:
    """A child process in its own session, stopped by process group."""

    def __init__(self, name, command, env, log_dir, cwd=ROOT, user=None):
        self.name = name
        self.log_path = Path(log_dir) / f"{name}.log"
        if user and os.geteuid() == 0:
            command = ["runuser", "-u", user, "--", *command]
        self.command, self.env, self.cwd = command, env, cwd
        self.process = None

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def signal(self, signum):
        if self.alive():
            os.killpg(self.process.pid, signum)

    def stop(self, seconds=15):
        """SIGTERM to the group (graceful), SIGKILL after `seconds`."""
        if not self.alive():
            return
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_text(self):
        return (
            self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        )

    def json_lines(self):
        """The JSON log lines this process wrote (other lines skipped)."""
        lines = []
        for line in self.log_text().splitlines():
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    lines.append(json.loads(line))
        return lines


class Host(Process):
    """One app host: gunicorn, two workers, on its own loopback port."""

    def __init__(self, name, env, log_dir, workers=2, threads=4):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "wsgi:app",
        ]
        super().__init__(name, command, env, log_dir)

    def wait_ready(self, seconds=90):
        def answers():
            if not self.alive():
                raise AssertionError(f"{self.name} stopped:\n{self.log_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    return True
            except OSError:
                return False

        wait_for(answers, seconds, f"{self.name} answering", interval=0.3)
        return self

    def worker_pids(self):
        """The gunicorn workers' process ids (children of the master)."""
        out = subprocess.run(
            ["pgrep", "-P", str(self.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in out.split()]


class Consumer(Process):
    """One job consumer: huey with two worker threads, periodic jobs on unless
    `periodic` is false.

    A consumer a test starts for a queue of its own shares the cluster's database:
    with periodic jobs on, crossing a five-minute mark it would sweep the cluster's
    due reminders through that test's mail settings, so they never reach the
    cluster's outbox (CI saw both tests fail so)."""

    def __init__(self, name, env, log_dir, periodic=True):
        command = [
            str(BIN / "huey_consumer"),
            "mentorship.worker.huey",
            "-k",
            "thread",
            "-w",
            "2",
            "-d",
            "0.1",
            "-m",
            "0.5",
        ]
        if not periodic:
            command.append("--no-periodic")
        super().__init__(name, command, env, log_dir)


class RedisServer(Process):
    """A private redis-server on a free port, no persistence."""

    def __init__(self, log_dir, port=None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        super().__init__(f"redis-{self.port}", command, os.environ.copy(), log_dir)

    def start(self):
        super().start()
        wait_for(self.answers, 10, "redis-server answering")
        return self

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def postgres_bin(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if found:
        return str(found[-1])
    return shutil.which(name)


class PrivateCluster:
    """A PostgreSQL cluster of its own (initdb in a temporary folder), so that a
    test may restart it without touching the server other work shares.

    Run as the `postgres` user when the tests run as root (initdb refuses root),
    in a folder of its own outside pytest's (which only root may enter).
    """

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="wim-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command):
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            postgres_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
        )
        return self

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        options += " -c fsync=off -c max_connections=60"
        self._run(
            postgres_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        return self

    def stop(self, mode="fast"):
        self._run(
            postgres_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-m",
            mode,
            "-w",
            "-t",
            "60",
            "stop",
        )

    def restart(self):
        self.stop()
        self.start()

    def remove(self):
        """Stop it if it runs, and delete its files."""
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def psql(url, sql):
    """Run SQL through psql (no driver needed in the test process)."""
    result = subprocess.run(
        [postgres_bin("psql"), url, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode:
        raise AssertionError(f"psql failed: {result.stderr}")
    return result.stdout.strip()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", errors="replace")

    @property
    def location(self):
        return self.headers.get("Location", "")

    def json(self):
        return json.loads(self.body)


class Browser:
    """One person's browser: its cookies, its own client address (through the
    proxy's X-Forwarded-For, which the hosts trust with PROXY_HOPS=1)."""

    def __init__(self, client_ip="203.0.113.1"):
        self.jar = CookieJar()
        self.client_ip = client_ip
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, url, data=None, headers=None, timeout=30):
        headers = {"X-Forwarded-For": self.client_ip, **(headers or {})}
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, url, **kwargs):
        return self.request(url, **kwargs)

    def post_form(self, page_url, data, action_url=None, **kwargs):
        """Open the page, then post `data` to it with the page's CSRF token."""
        page = self.get(page_url)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
        assert token, f"no form token on {page_url} ({page.status})"
        return self.request(
            action_url or page_url, {**data, "csrf_token": token.group(1)}, **kwargs
        )

    def post_token(self, url, page, data=None, **kwargs):
        """Post to `url` with the form token found on `page` (a Response)."""
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
        assert token, f"no form token on the page ({page.status})"
        return self.request(
            url, {**(data or {}), "csrf_token": token.group(1)}, **kwargs
        )

    def clone(self):
        """Another browser with a copy of this one's cookies (a copied session)."""
        other = Browser(self.client_ip)
        for cookie in self.jar:
            other.jar.set_cookie(copy.copy(cookie))
        return other

    def login(self, base, email, password):
        return self.post_form(base + "/login", {"email": email, "password": password})


def read_outbox(folder):
    """Every message the file mail backend wrote: [(to, subject)]."""
    messages = []
    for path in sorted(Path(folder).glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk, policy=email.policy.default)
            messages.append((str(message["To"]), str(message["Subject"])))
    return messages


class SmtpServer:
    """A tiny SMTP server in a thread: it accepts, or refuses every recipient
    (554), as `refuse` says. Received messages are kept in `received`."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.refuse = False
        self.received = []
        self.refused = 0
        self.server = None

    def start(self):
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 test ESMTP")
                recipients, lines, in_data = [], [], False
                for raw in self.rfile:
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    if in_data:
                        if line == ".":
                            owner.received.append((recipients, "\n".join(lines)))
                            recipients, lines, in_data = [], [], False
                            self.reply("250 queued")
                        else:
                            lines.append(line)
                        continue
                    verb = line[:4].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 test")
                    elif verb == "MAIL":
                        self.reply("250 ok")
                    elif verb == "RCPT":
                        if owner.refuse:
                            owner.refused += 1
                            self.reply("554 5.7.1 refused by policy")
                        else:
                            recipients.append(line.split(":", 1)[1].strip(" <>"))
                            self.reply("250 ok")
                    elif verb == "DATA":
                        in_data = True
                        self.reply("354 go ahead")
                    elif verb == "RSET":
                        recipients = []
                        self.reply("250 ok")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 ok")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
