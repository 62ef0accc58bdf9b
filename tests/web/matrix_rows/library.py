"""The library's rows: the list, a public resource and its download, the starter
kit are anyone's; a draft is its publishers' (404 to others); the translation
matrix, review and assignment are the Secretariat's (and translators')."""

from mentorship.core import storage, translated
from mentorship.db import db, utcnow
from mentorship.library.models import Resource, ResourceFile

from ..policy_rows import (
    LOGIN,
    PUBLIC,
    SIGNED_IN,
    SIGNED_IN_BAD,
    STAFF_BAD,
    STAFF_PAGE,
    STAFF_POST,
    row,
)

DRAFT_PAGE = row(LOGIN, 404, 404, 404, 404, 200, 404, 200, 200, 404)
DRAFT_POST = row(LOGIN, 404, 404, 404, 404, 302, 404, 302, 302, 404)
DRAFT_BAD = row(LOGIN, 404, 404, 404, 404, 400, 404, 400, 400, 404)
D = "/library/{library_draft_id}"

PUBLIC_ENDPOINTS = {
    "library.index",
    "library.detail",
    "library.download",
    "library.starter_kit",
}

ROWS = {
    ("library.index", "GET"): ("/library?q=plantilla&lang=es", {}, PUBLIC),
    ("library.starter_kit", "GET"): ("/library/starter-kit", {}, PUBLIC),
    ("library.detail", "GET"): ("/library/{library_public_id}", {}, PUBLIC),
    ("library.download", "GET"): (
        "/library/{library_public_id}/download",
        {},
        PUBLIC,
    ),
    ("library.file", "GET"): ("/library/files/{library_file_id}", {}, DRAFT_PAGE),
    ("library.new", "GET"): ("/library/new", {}, SIGNED_IN),
    ("library.new", "POST"): ("/library/new", {}, SIGNED_IN_BAD),
    ("library.edit", "GET"): (D + "/edit", {}, DRAFT_PAGE),
    ("library.edit", "POST"): (D + "/edit", {}, DRAFT_BAD),
    ("library.upload", "POST"): (D + "/files", {}, DRAFT_BAD),
    ("library.move", "POST"): (D + "/publish", {}, DRAFT_POST),
    ("library.delete", "GET"): (D + "/delete", {}, DRAFT_PAGE),
    ("library.delete", "POST"): (D + "/delete", {}, DRAFT_POST),
    ("library.translations", "GET"): ("/library/translations", {}, STAFF_PAGE),
    ("library.review", "POST"): (
        "/library/files/{library_draft_file_id}/review",
        {},
        STAFF_POST,
    ),
    ("library.assign", "POST"): (
        "/library/{library_public_id}/translators",
        {},
        STAFF_BAD,
    ),
}

PDF = b"%PDF-1.4\n%matrix\n"


def _file(resource, lang, version, status):
    key = storage.storage().put(PDF, "pdf")
    return ResourceFile(
        resource=resource,
        lang=lang,
        version=version,
        status=status,
        storage_key=key,
        filename=f"guide-{lang}.pdf",
        mime="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )


def world(ids, people, make_org, make_user):
    """A published public resource (English source, a French draft) and a draft."""
    public = Resource(
        kind="template",
        status="published",
        published_at=utcnow(),
        title=translated.new_text("en", en="Statutes outline", es="Plantilla"),
        starter_kit=True,
    )
    draft = Resource(
        kind="guide",
        status="draft",
        title=translated.new_text("en", en="A draft guide"),
        proposed_by_id=people["secretariat"].id,
    )
    source = _file(public, "en", 1, "source")
    french = _file(public, "fr", 1, "draft")
    db.session.add_all([public, draft, source, french])
    db.session.commit()
    return {
        "library_public_id": public.id,
        "library_draft_id": draft.id,
        "library_file_id": source.id,
        "library_draft_file_id": french.id,
    }
