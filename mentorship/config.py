"""Settings, read from the environment. Every variable is listed in the README."""

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
PRIVACY_NOTICE_VERSION = "2026-11"


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment():
    """Build the configuration mapping from environment variables."""
    env = os.environ.get("APP_ENV", "development")
    redis_url = os.environ.get("REDIS_URL", "")
    return {
        "APP_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        # Keys survey answers' fingerprints (surveys/keys.py); SECRET_KEY when empty.
        # Keep it stable: rotate SECRET_KEY freely once this is set.
        "SURVEY_ANSWER_KEY": os.environ.get("SURVEY_ANSWER_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
        # Links in emails sent by background jobs, outside any request.
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        "SESSION_COOKIE_SECURE": env == "production",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "REMEMBER_COOKIE_SECURE": env == "production",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "mentorship" / "translations"),
        "LANGUAGES": ["en", "fr", "es"],
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
        "REDIS_URL": redis_url,
        "JOBS_BACKEND": os.environ.get(
            "JOBS_BACKEND", "redis" if redis_url else "sqlite"
        ),
        "RATELIMIT_STORAGE_URI": os.environ.get(
            "RATELIMIT_STORAGE_URI", redis_url or "memory://"
        ),
        "RATELIMIT_LOGIN": os.environ.get(
            "RATELIMIT_LOGIN", "10 per minute;50 per hour"
        ),
        "FORCE_HTTPS": _bool("FORCE_HTTPS", env == "production"),
        "TOKEN_MAX_AGE": int(os.environ.get("TOKEN_MAX_AGE", str(2 * 24 * 3600))),
        "APPROVAL_EXPIRY_DAYS": int(os.environ.get("APPROVAL_EXPIRY_DAYS", "14")),
        "OFFER_EXPIRY_DAYS": int(os.environ.get("OFFER_EXPIRY_DAYS", "10")),
        "REMINDER_AFTER_DAYS": int(os.environ.get("REMINDER_AFTER_DAYS", "4")),
        "INVITATION_MAX_AGE": int(
            os.environ.get("INVITATION_MAX_AGE", str(14 * 24 * 3600))
        ),
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
        key = config.get("SECRET_KEY") or ""
        if len(key) < 32 or key.startswith("dev-"):
            raise ConfigError(
                "SECRET_KEY must be set to a random value of 32+ characters"
            )
        if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            raise ConfigError("DATABASE_URL must point at PostgreSQL in production")
        if config["MAIL_BACKEND"] != "smtp":
            raise ConfigError("MAIL_BACKEND must be 'smtp' in production")
    elif not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _development_secret()


def _development_secret():
    """A per-checkout random key kept in instance/, so dev sessions survive restarts."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(os.urandom(32).hex())
    return path.read_text().strip()
