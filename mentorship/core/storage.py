"""File storage under generated names: local by default, S3-compatible by setting.

`storage()` returns the configured backend:

- `local` (default): files under `STORAGE_DIR` (default `instance/files`), outside
  the web root (`static/` is the only folder served as is), in sub-folders of a
  generated name's first two characters;
- `s3`: an S3-compatible object store through boto3, with `S3_BUCKET`,
  `S3_ENDPOINT_URL` (empty for AWS), `S3_REGION`, `S3_ACCESS_KEY_ID`,
  `S3_SECRET_ACCESS_KEY` and an optional `S3_PREFIX`.

Both offer `put(data) -> key`, `get(key) -> bytes`, `delete(key)` and
`exists(key)`. A key is generated (`new_key`: 32 random hex characters and the
extension), never taken from the uploader. Callers that store a file inside a
transaction call `delete_on_rollback(key)` so that a refused or lost transaction
(a second upload racing the first) leaves no orphan file; deletions of files whose
row is deleted wait for the commit (`delete_after_commit`).
"""

import os
import re
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..db import db

_KEY = re.compile(r"^[0-9a-f]{32}(\.[a-z0-9]{1,8})?$")


def new_key(ext=""):
    """A fresh, unguessable storage name."""
    ext = re.sub(r"[^a-z0-9]", "", (ext or "").lower())[:8]
    return secrets.token_hex(16) + (f".{ext}" if ext else "")


def _valid(key):
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class LocalStorage:
    """Files in a folder of the instance, never served directly."""

    def __init__(self, root):
        self.root = Path(root)

    def _path(self, key):
        key = _valid(key)
        return self.root / key[:2] / key

    def put(self, data, ext=""):
        key = new_key(ext)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return key

    def get(self, key):
        return self._path(key).read_bytes()

    def exists(self, key):
        return self._path(key).exists()

    def delete(self, key):
        self._path(key).unlink(missing_ok=True)


class S3Storage:
    """Objects in one bucket of an S3-compatible store (AWS, MinIO, Ceph...)."""

    def __init__(self, bucket, prefix="", **client_options):
        import boto3

        self.bucket = bucket
        self.prefix = prefix
        self.client = boto3.client("s3", **client_options)

    def _name(self, key):
        return self.prefix + _valid(key)

    def put(self, data, ext=""):
        key = new_key(ext)
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)
        return key

    def get(self, key):
        answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        return answer["Body"].read()

    def exists(self, key):
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError:
            return False
        return True

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))


def storage(app=None):
    """The configured backend (one per app, made on first use)."""
    app = app or current_app
    backend = app.extensions.get("storage")
    if backend is None:
        backend = app.extensions["storage"] = _make(app.config)
    return backend


def _make(config):
    if config.get("STORAGE_BACKEND", "local") == "s3":
        options = {
            "endpoint_url": config.get("S3_ENDPOINT_URL") or None,
            "region_name": config.get("S3_REGION") or "us-east-1",
            "aws_access_key_id": config.get("S3_ACCESS_KEY_ID") or None,
            "aws_secret_access_key": config.get("S3_SECRET_ACCESS_KEY") or None,
        }
        return S3Storage(
            config["S3_BUCKET"], prefix=config.get("S3_PREFIX", ""), **options
        )
    root = config.get("STORAGE_DIR") or os.path.join(current_app.instance_path, "files")
    return LocalStorage(root)


# --- Files and transactions -----------------------------------------------------------

_ON_ROLLBACK = "storage.delete_on_rollback"
_ON_COMMIT = "storage.delete_after_commit"


def delete_on_rollback(key):
    """Delete the stored file `key` if the current transaction does not commit."""
    db.session().info.setdefault(_ON_ROLLBACK, []).append(key)


def delete_after_commit(key):
    """Delete the stored file `key` once the current transaction commits."""
    db.session().info.setdefault(_ON_COMMIT, []).append(key)


def _quietly_delete(keys):
    backend = storage()
    for key in keys:
        try:
            backend.delete(key)
        except Exception:  # pragma: no cover - a store down: logged, not raised
            current_app.logger.exception("could not delete stored file %s", key)


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    session.info.pop(_ON_ROLLBACK, None)
    keys = session.info.pop(_ON_COMMIT, None)
    if keys:
        _quietly_delete(keys)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session, previous_transaction):
    if previous_transaction.parent is not None:
        return  # a savepoint: the caller handles what it stored inside
    keys = session.info.pop(_ON_ROLLBACK, None)
    session.info.pop(_ON_COMMIT, None)
    if keys:
        _quietly_delete(keys)
