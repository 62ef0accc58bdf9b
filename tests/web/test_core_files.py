"""The kernel's file pieces: upload checks (type by content, executables, zip bombs,
names), storage (local, and S3 against a real S3-compatible server on loopback),
files forgotten when a transaction does not commit, text extraction, and full-text
search in three languages on the database under test."""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile

import pytest

from mentorship.core import extract, search, storage, uploads
from mentorship.db import db
from mentorship.library.samples import make_docx, make_pdf

PDF = make_pdf("Plantilla de estatutos", ["Artículo 1"])
DOCX = make_docx("Modèle de formulaire d'adhésion", ["Nom, prénom"])
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# --- Upload checks -------------------------------------------------------------------


def test_type_is_read_from_content():
    assert uploads.check(PDF, "statutes.pdf").mime == "application/pdf"
    assert uploads.check(DOCX, "form.docx").ext == "docx"
    assert uploads.check(PNG, "logo.PNG").ext == "png"
    # No extension: the content's is added.
    assert uploads.check(PDF, "statutes").filename == "statutes.pdf"


@pytest.mark.parametrize(
    ("raw", "name", "code"),
    [
        (DOCX, "report.pdf", "name_mismatch"),  # not what its name says
        (PDF, "form.docx", "name_mismatch"),
        (b"MZ\x90\x00" + b"\x00" * 60, "guide.pdf", "executable"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 20, "guide.pdf", "executable"),
        (b"#!/bin/sh\nrm -rf /\n", "notes.pdf", "executable"),
        (PDF, "statutes.exe", "executable"),
        (b"plain text, not a document", "notes.pdf", "unknown_type"),
        (b"<svg onload=alert(1)>", "logo.svg", "unknown_type"),
        (b"", "empty.pdf", "empty"),
        (b"PK\x03\x04 not really a zip", "form.docx", "damaged"),
    ],
)
def test_bad_uploads_are_refused(raw, name, code):
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check(raw, name)
    assert refused.value.code == code


def test_size_limit():
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check(PDF + b"\x00" * 2048, "big.pdf", max_bytes=1024)
    assert refused.value.code == "too_large"


def zip_bomb():
    """A 'Word file' whose one entry expands 50 MB of zeros from ~50 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (50 * 1024 * 1024))
    return out.getvalue()


def test_zip_bomb_is_refused_before_extraction():
    bomb = zip_bomb()
    assert len(bomb) < 200_000
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check(bomb, "innocent.docx")
    assert refused.value.code == "zip_bomb"


def test_too_many_entries_is_a_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
        for n in range(uploads.MAX_ENTRIES):
            archive.writestr(f"x/{n}", "")
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check(out.getvalue(), "many.docx")
    assert refused.value.code == "zip_bomb"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\ana\\Estatutos.pdf", "Estatutos.pdf"),
        ("/var/www/static/x.pdf", "x.pdf"),
        ("na\x00me\r\n.pdf", "na_me_.pdf"),
        ("Guía práctica.pdf", "Guía práctica.pdf"),
    ],
)
def test_paths_are_stripped_from_names(given, kept):
    assert uploads.safe_name(given) == kept


def test_content_disposition_is_safe():
    header = uploads.content_disposition('Guía "práctica"\r\nX-Evil: 1.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''Gu%C3%ADa" in header


# --- Text extraction -------------------------------------------------------------


def test_text_of_pdf_and_office_files():
    assert "Plantilla de estatutos" in extract.text_of(PDF, "pdf")
    assert "formulaire d'adhésion" in extract.text_of(DOCX, "docx")
    assert extract.text_of(PNG, "png") == ""
    assert extract.text_of(b"%PDF-1.4 garbage", "pdf") == ""


# --- Storage ---------------------------------------------------------------------


def test_local_storage_under_generated_names(app, tmp_path):
    backend = storage.LocalStorage(tmp_path)
    key = backend.put(b"data", "pdf")
    assert key.endswith(".pdf") and len(key) == 36
    assert backend.get(key) == b"data" and backend.exists(key)
    assert (tmp_path / key[:2] / key).exists()
    backend.delete(key)
    assert not backend.exists(key)
    with pytest.raises(ValueError):
        backend.get("../../secret_key")


def test_the_configured_store_lives_outside_the_web_root(app):
    with app.app_context():
        root = storage.storage().root.resolve()
    assert not str(root).startswith(str(app.root_path + "/../static"))


def test_file_of_a_rolled_back_transaction_is_deleted(app_ctx):
    backend = storage.storage()
    search.index("probe", 9, {"en": "a write that is undone"})
    key = backend.put(b"orphan?", "pdf")
    storage.delete_on_rollback(key)
    db.session.rollback()
    assert not backend.exists(key)


def test_file_deleted_after_commit_only(app_ctx):
    backend = storage.storage()
    key = backend.put(b"to delete", "pdf")
    storage.delete_after_commit(key)
    assert backend.exists(key)
    db.session.commit()
    assert not backend.exists(key)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3-compatible server on loopback (skipped when it cannot start)."""
    moto_server = shutil.which("moto_server") or os.path.join(
        os.path.dirname(sys.executable), "moto_server"
    )
    if not os.path.exists(moto_server):
        pytest.skip("moto[server] is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [moto_server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.skip("moto_server did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_s3_storage_against_a_real_server(s3_server):
    import boto3

    options = {
        "endpoint_url": s3_server,
        "region_name": "us-east-1",
        "aws_access_key_id": "test",
        "aws_secret_access_key": "test",
    }
    boto3.client("s3", **options).create_bucket(Bucket="library")
    backend = storage.S3Storage("library", prefix="files/", **options)
    key = backend.put(PDF, "pdf")
    assert backend.exists(key)
    assert backend.get(key) == PDF
    listed = boto3.client("s3", **options).list_objects_v2(Bucket="library")
    assert [o["Key"] for o in listed["Contents"]] == [f"files/{key}"]
    backend.delete(key)
    assert not backend.exists(key)


def test_s3_is_chosen_by_configuration(app, s3_server):
    import boto3

    config = {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": "configured",
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_PREFIX": "",
    }
    boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket="configured")
    with app.app_context():
        backend = storage._make(config)
    assert isinstance(backend, storage.S3Storage)
    key = backend.put(b"%PDF-1.4", "pdf")
    assert backend.get(key) == b"%PDF-1.4"


# --- Search ----------------------------------------------------------------------


def test_search_across_three_languages(app_ctx):
    search.index(
        "probe", 1, {"en": "Statutes template", "es": "Plantilla de estatutos"}
    )
    search.index("probe", 2, {"fr": "Guide de la médiation", "en": "Mediation guide"})
    search.index("probe", 3, {"es": "Guía práctica de mentoría"})

    def ids(text):
        return set(db.session.scalars(search.matching("probe", text)))

    assert ids("plantilla") == {1}
    assert ids("statutes") == {1}
    assert ids("médiation") == {2}
    assert ids("guía") == {3}
    assert ids("mediation guide") == {2}
    assert ids("nothing-like-this") == set()
    # Hostile input is words, never syntax.
    assert ids('"plantilla" * ( ) - : ^') == {1}
    assert search.matching("probe", "  ") is None
    search.remove("probe", 1)
    assert ids("plantilla") == set()
