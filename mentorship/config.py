"""Settings, read from the environment. Every variable is listed in the README."""

import logging
import math
import os
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
PRIVACY_NOTICE_VERSION = "2026-12"


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name):
    """A comma-separated variable as a list; None when unset."""
    value = os.environ.get(name)
    if value is None:
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


def _base_url(env):
    """The public address of the site; only development has a default (its own)."""
    value = os.environ.get("BASE_URL", "").strip().rstrip("/")
    if value or env == "production":
        return value
    return f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"


def _trusted_hosts(env, base_url):
    hosts = _list("TRUSTED_HOSTS")
    if hosts is None and env == "production" and urlsplit(base_url).hostname:
        hosts = [urlsplit(base_url).hostname]
    return hosts


def from_environment():
    """Build the configuration mapping from environment variables."""
    env = os.environ.get("APP_ENV", "development")
    redis_url = os.environ.get("REDIS_URL", "")
    base_url = _base_url(env)
    return {
        "APP_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        # Keys survey answers' fingerprints (surveys/keys.py); SECRET_KEY when empty.
        # Keep it stable: rotate SECRET_KEY freely once this is set.
        "SURVEY_ANSWER_KEY": os.environ.get("SURVEY_ANSWER_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
        # Every link in an email is built on it, never on the request's Host header.
        "BASE_URL": base_url,
        "PREFERRED_URL_SCHEME": urlsplit(base_url).scheme or "http",
        # Host headers the site answers (others get 400); production defaults to
        # the host of BASE_URL.
        "TRUSTED_HOSTS": _trusted_hosts(env, base_url),
        # How many proxies in front of the app set X-Forwarded-For/-Proto (ProxyFix).
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0")),
        # Gunicorn's convention: how many worker processes serve the app.
        "WEB_CONCURRENCY": int(os.environ.get("WEB_CONCURRENCY", "1")),
        "SESSION_COOKIE_SECURE": env == "production",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "REMEMBER_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "mentorship" / "translations"),
        # Languages content is written and read in (core.translated); the interface
        # itself speaks those with a catalogue (en, fr, es).
        "LANGUAGES": _list("LANGUAGES") or ["en", "fr", "es"],
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "file"),
        "MAIL_FILE_PATH": os.environ.get("MAIL_FILE_PATH", str(INSTANCE / "outbox")),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL"),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "WIM Alliance <no-reply@wim-alliance.org>"
        ),
        # A refused message is tried again after 1x, 2x, 4x... this delay (seconds),
        # MAIL_RETRIES times, then kept for the Secretariat (core.notifications).
        "MAIL_RETRIES": int(os.environ.get("MAIL_RETRIES", "5")),
        "MAIL_RETRY_DELAY": int(os.environ.get("MAIL_RETRY_DELAY", "60")),
        "MAIL_TIMEOUT": int(os.environ.get("MAIL_TIMEOUT", "20")),
        # "json": one JSON object a line with the request id; "text"; unset: as is.
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", ""),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        "REDIS_URL": redis_url,
        "JOBS_BACKEND": os.environ.get(
            "JOBS_BACKEND", "redis" if redis_url else "sqlite"
        ),
        "JOBS_DB": os.environ.get("JOBS_DB", str(INSTANCE / "jobs.db")),
        "RATELIMIT_STORAGE_URI": os.environ.get(
            "RATELIMIT_STORAGE_URI", redis_url or "memory://"
        ),
        # Redis down: count in this process's memory meanwhile (and log it) rather
        # than refuse every login; a storage error never becomes a 500.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        "RATELIMIT_LOGIN": os.environ.get(
            "RATELIMIT_LOGIN", "10 per minute;50 per hour"
        ),
        # Each applies per email address and, separately, per client address.
        "RATELIMIT_REGISTER": os.environ.get(
            "RATELIMIT_REGISTER", "5 per minute;30 per hour"
        ),
        "RATELIMIT_RESET": os.environ.get(
            "RATELIMIT_RESET", "5 per minute;30 per hour"
        ),
        "FORCE_HTTPS": _bool("FORCE_HTTPS", env == "production"),
        "TOKEN_MAX_AGE": int(os.environ.get("TOKEN_MAX_AGE", str(2 * 24 * 3600))),
        "APPROVAL_EXPIRY_DAYS": int(os.environ.get("APPROVAL_EXPIRY_DAYS", "14")),
        "OFFER_EXPIRY_DAYS": int(os.environ.get("OFFER_EXPIRY_DAYS", "10")),
        # Days after an introduction before both sides are asked what came of it.
        "INTRODUCTION_FOLLOW_UP_DAYS": int(
            os.environ.get("INTRODUCTION_FOLLOW_UP_DAYS", "90")
        ),
        "REMINDER_AFTER_DAYS": int(os.environ.get("REMINDER_AFTER_DAYS", "4")),
        # Library files (core.storage): "local" under STORAGE_DIR (instance/files)
        # or "s3" (an S3-compatible store: bucket, endpoint, region, keys).
        "STORAGE_BACKEND": os.environ.get("STORAGE_BACKEND", "local"),
        "STORAGE_DIR": os.environ.get("STORAGE_DIR", str(INSTANCE / "files")),
        "S3_BUCKET": os.environ.get("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL", ""),
        "S3_REGION": os.environ.get("S3_REGION", ""),
        "S3_ACCESS_KEY_ID": os.environ.get("S3_ACCESS_KEY_ID", ""),
        "S3_SECRET_ACCESS_KEY": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
        "S3_PREFIX": os.environ.get("S3_PREFIX", ""),
        "LIBRARY_MAX_BYTES": int(
            os.environ.get("LIBRARY_MAX_BYTES", str(8 * 1024 * 1024))
        ),
        "INVITATION_MAX_AGE": int(
            os.environ.get("INVITATION_MAX_AGE", str(14 * 24 * 3600))
        ),
        # Webhooks: http:// and private or loopback hosts allowed (a receiver on
        # this machine); off in production, where only public https:// hosts are.
        "WEBHOOK_ALLOW_PRIVATE": _bool("WEBHOOK_ALLOW_PRIVATE", env != "production"),
        # Key the endpoints' signing secrets are derived from (default: SECRET_KEY's).
        "WEBHOOK_SIGNING_KEY": os.environ.get("WEBHOOK_SIGNING_KEY", ""),
        "WEBHOOK_TIMEOUT": float(os.environ.get("WEBHOOK_TIMEOUT", "10")),
        # Seconds before each retry: 1 min, 5 min, 30 min, 2 h, 12 h (6 attempts).
        "WEBHOOK_BACKOFF": [
            int(s)
            for s in _list("WEBHOOK_BACKOFF") or ["60", "300", "1800", "7200", "43200"]
        ],
        # Failed attempts in a row after which an endpoint is paused.
        "WEBHOOK_PAUSE_AFTER": int(os.environ.get("WEBHOOK_PAUSE_AFTER", "20")),
    }


def _database_url():
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{INSTANCE / 'wim.db'}"
    # Hosting platforms still hand out the old scheme; psycopg 3 needs its own.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class ConfigError(RuntimeError):
    """Raised at start-up when production settings are unsafe."""


def check(config):
    """Fail fast on settings that must never reach production."""
    if config["APP_ENV"] == "production":
        _check_production(config)
    elif not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _development_secret()


def _check_production(config):
    problem = (
        _secret_key_problem(config.get("SECRET_KEY") or "")
        or _base_url_problem(config)
        or _rate_limit_problem(config)
    )
    if problem:
        raise ConfigError(problem)
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        raise ConfigError("DATABASE_URL must point at PostgreSQL in production")
    if config["MAIL_BACKEND"] != "smtp":
        raise ConfigError("MAIL_BACKEND must be 'smtp' in production")


# A random 32-digit hex key scores 95 at worst; patterns score far lower.
MIN_SECRET_BITS = 80


def _secret_key_problem(key):
    if len(key) < 32 or key.startswith("dev-"):
        return "SECRET_KEY must be set to a random value of 32+ characters"
    if secret_key_bits(key) < MIN_SECRET_BITS:
        return (
            "SECRET_KEY looks guessable (repeated or too few distinct characters): "
            "use e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    return None


def secret_key_bits(key):
    """A rough estimate of the entropy of `key`, in bits.

    Per-character Shannon entropy times the length of its shortest repeating unit:
    "a" * 32 gives 0 and "0123456789" * 4 gives 33, a 64-digit hex key about 250.
    """
    unit = _repeating_unit(key)
    counts = Counter(unit)
    per_char = -sum(n / len(unit) * math.log2(n / len(unit)) for n in counts.values())
    return per_char * len(unit)


def _repeating_unit(text):
    for size in range(1, len(text) // 2 + 1):
        repeats = text[:size] * (len(text) // size + 1)
        if repeats[: len(text)] == text:
            return text[:size]
    return text


LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}


def _base_url_problem(config):
    parts = urlsplit(config.get("BASE_URL") or "")
    if parts.scheme != "https" or not parts.hostname:
        return "BASE_URL must be the public https:// address of the site"
    if parts.hostname in LOCAL_HOSTS:
        return "BASE_URL must not point at this machine in production"
    server_name = config.get("SERVER_NAME")
    if server_name and server_name.split(":")[0] != parts.hostname:
        return "SERVER_NAME must be the host of BASE_URL"
    trusted = config.get("TRUSTED_HOSTS") or []
    if not any(_host_matches(parts.hostname, host) for host in trusted):
        return "TRUSTED_HOSTS must list the host of BASE_URL"
    return None


def _host_matches(hostname, pattern):
    if pattern.startswith("."):
        return hostname == pattern[1:] or hostname.endswith(pattern)
    return hostname == pattern


def _rate_limit_problem(config):
    # Each worker process keeps its own memory store: limits would multiply.
    if (
        config["RATELIMIT_STORAGE_URI"].startswith("memory://")
        and config.get("WEB_CONCURRENCY", 1) > 1
    ):
        return (
            "RATELIMIT_STORAGE_URI=memory:// counts per worker process: with "
            "WEB_CONCURRENCY > 1 set REDIS_URL (or RATELIMIT_STORAGE_URI)"
        )
    if config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        logging.getLogger(__name__).warning(
            "Rate limits are kept in this process's memory: they only hold with "
            "one worker process (WEB_CONCURRENCY=1). Set REDIS_URL otherwise."
        )
    return None


def _development_secret():
    """A per-checkout random key kept in instance/, so dev sessions survive restarts."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(os.urandom(32).hex())
    return path.read_text().strip()
