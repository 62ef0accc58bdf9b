"""The library's changes: resources, their files and versions, publishing,
translations and their review, translators, deletion, search indexing.

Every state change is one conditional UPDATE (`core.transitions`); a file is stored
before its row is written and deleted again if that row is refused (a second upload
racing for the same version number) or the transaction does not commit.
"""

import hashlib

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..core import search, storage, translated
from ..core.errors import ServiceError
from ..core.extract import text_of
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from . import notify
from .models import (
    FileStatus,
    Resource,
    ResourceFile,
    ResourceStatus,
    TranslatorAssignment,
)

SEARCH_KIND = "resource"

# status -> the states it may be reached from
MOVES = {
    "submit": (("draft",), "in_review"),
    "publish": (("draft", "in_review", "archived"), "published"),
    "return": (("in_review", "published"), "draft"),
    "archive": (("published",), "archived"),
}


class LibraryError(ServiceError):
    pass


def save(resource, form, by):
    """Write the form's fields into `resource` (a new one when None); returns it."""
    creating = resource is None
    if creating:
        resource = Resource(proposed_by_id=by.id, status=ResourceStatus.DRAFT)
        db.session.add(resource)
    resource.kind = form.kind.data
    resource.licence = form.licence.data
    resource.visibility = form.visibility.data
    resource.group_id = (
        form.group_id.data if form.visibility.data == "working_group" else None
    )
    resource.link_url = form.link_url.data or ""
    resource.source_lang = form.source_lang.data
    resource.owner_organisation_id = form.owner_organisation_id.data or None
    resource.owner_body_id = form.owner_body_id.data or None
    resource.title = translated.set_text(resource.title, form.title.data)
    resource.summary = translated.set_text(resource.summary, form.summary.data)
    resource.tags = translated.set_text(resource.tags, form.tags.data)
    resource.themes = form.chosen_themes
    resource.groups = form.chosen_groups
    db.session.flush()
    record(resource, "resource_created" if creating else "resource_edited", actor=by)
    reindex(resource)
    return resource


# --- Files and versions ---------------------------------------------------------


def add_file(resource, lang, checked, by):
    """Store `checked` (a core.uploads.Checked) as the next version of the resource's
    file in `lang`. The source's new version marks older translations outdated and
    tells their translators; a translation is a draft for review."""
    try:
        key = storage.storage().put(checked.data, checked.ext)
    except Exception as error:  # the disk is full or the object store unreachable
        current_app.logger.exception("could not store an upload")
        raise LibraryError(
            _l("The file could not be stored just now; please try again later.")
        ) from error
    storage.delete_on_rollback(key)
    source = lang == resource.source_lang
    current_source = resource.source_file()
    version = 1 + (
        db.session.scalar(
            sa.select(sa.func.max(ResourceFile.version)).where(
                ResourceFile.resource_id == resource.id, ResourceFile.lang == lang
            )
        )
        or 0
    )
    row = ResourceFile(
        resource_id=resource.id,
        lang=lang,
        version=version,
        status=FileStatus.SOURCE if source else FileStatus.DRAFT,
        based_on=None if source or current_source is None else current_source.version,
        storage_key=key,
        filename=checked.filename,
        mime=checked.mime,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        text=text_of(checked.data, checked.ext),
        uploaded_by_id=by.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        _forget(key)
        raise LibraryError(
            _l("Another file was uploaded at the same moment: look, then try again.")
        ) from None
    db.session.expire(resource, ["files"])
    record(row, "file_uploaded", actor=by, to_state=row.status, data={"lang": lang})
    if source:
        outdated = _outdate_translations(resource)
        if outdated:
            notify.source_changed(resource, outdated)
    else:
        notify.translation_ready(resource, row)
    reindex(resource)
    return row


def _forget(key):
    try:
        storage.storage().delete(key)
    except Exception:  # pragma: no cover - the store is down: rollback retries
        storage.delete_on_rollback(key)


def _outdate_translations(resource):
    """Languages whose latest translation is now of an older source: outdated."""
    latest = resource.latest()
    langs = [
        lang
        for lang, file in latest.items()
        if lang != resource.source_lang
        and file.status in (FileStatus.DRAFT, FileStatus.REVIEWED)
    ]
    if langs:
        db.session.execute(
            sa.update(ResourceFile)
            .where(
                ResourceFile.id.in_([latest[lang].id for lang in langs]),
                ResourceFile.status.in_((FileStatus.DRAFT, FileStatus.REVIEWED)),
            )
            .values(status=FileStatus.OUTDATED)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(resource, ["files"])
        for lang in langs:
            db.session.expire(latest[lang])
    return langs


def review(file, by):
    """The reviewer approves a draft translation: readers get it from now on."""
    latest = file.resource.latest().get(file.lang)
    if latest is None or latest.id != file.id:
        raise LibraryError(_l("A newer file was uploaded since: review that one."))
    won = transition(
        ResourceFile,
        file,
        (FileStatus.DRAFT,),
        FileStatus.REVIEWED,
        actor=by,
        reviewed_by_id=by.id,
    )
    if not won:
        raise LibraryError(_l("This translation is not waiting for review any more."))
    notify.translation_reviewed(file.resource, file)
    return file


def delete_resource(resource, by):
    """Delete the resource, its texts and every version of its files (the stored
    files once the deletion commits)."""
    for file in resource.files:
        storage.delete_after_commit(file.storage_key)
    search.remove(SEARCH_KIND, resource.id)
    record(resource, "resource_deleted", actor=by)
    db.session.delete(resource)
    db.session.flush()


# --- Publishing -----------------------------------------------------------------


def move(resource, action, by):
    from_states, to_state = MOVES[action]
    values = {"published_at": utcnow()} if to_state == "published" else {}
    if not transition(Resource, resource, from_states, to_state, actor=by, **values):
        raise LibraryError(_l("The resource changed meanwhile: look, then try again."))
    if action == "submit":
        notify.proposed(resource)
    return resource


# --- Translators ----------------------------------------------------------------


def assign(resource, lang, user, by):
    """Assign a volunteer translator to a language of the resource."""
    exists = db.session.scalar(
        sa.select(TranslatorAssignment.id).where(
            TranslatorAssignment.resource_id == resource.id,
            TranslatorAssignment.lang == lang,
            TranslatorAssignment.user_id == user.id,
        )
    )
    if exists:
        raise LibraryError(_l("She is already assigned to this language."))
    assignment = TranslatorAssignment(
        resource_id=resource.id, lang=lang, user_id=user.id
    )
    try:
        with db.session.begin_nested():
            db.session.add(assignment)
    except IntegrityError:
        raise LibraryError(_l("She is already assigned to this language.")) from None
    record(assignment, "translator_assigned", actor=by, data={"lang": lang})
    notify.assigned(resource, assignment)
    return assignment


def translator_ids(resource_id, lang=None):
    query = sa.select(TranslatorAssignment.user_id).where(
        TranslatorAssignment.resource_id == resource_id
    )
    if lang is not None:
        query = query.where(TranslatorAssignment.lang == lang)
    return set(db.session.scalars(query))


def translators_by_lang(resource_id):
    """{lang: ids of the translators assigned to it}, in one query."""
    by_lang = {}
    rows = db.session.execute(
        sa.select(TranslatorAssignment.lang, TranslatorAssignment.user_id).where(
            TranslatorAssignment.resource_id == resource_id
        )
    )
    for lang, user_id in rows:
        by_lang.setdefault(lang, set()).add(user_id)
    return by_lang


# --- Reading --------------------------------------------------------------------


def file_for(resource, lang):
    """(file, fallback) a reader of `lang` gets: hers when written and reviewed
    (or the source), else the source with fallback=True; (None, False) when there
    is no file."""
    latest = resource.latest()
    mine = latest.get(lang)
    if mine is not None and mine.status in (FileStatus.SOURCE, FileStatus.REVIEWED):
        return mine, False
    source = latest.get(resource.source_lang)
    if source is not None:
        return source, True
    return None, False


def readable_files(resource):
    """{lang: file} of the files a reader may download (source and reviewed)."""
    return {
        lang: file
        for lang, file in resource.latest().items()
        if file.status in (FileStatus.SOURCE, FileStatus.REVIEWED, FileStatus.OUTDATED)
    }


def count_download(resource):
    update_if(Resource, resource, downloads=Resource.downloads + 1)


def reindex(resource):
    """The resource's searchable text per language: its title, summary and tags
    and the text of its latest file in that language."""
    texts = {}
    latest = resource.latest()
    for lang in translated.languages():
        parts = [
            text.body(lang)
            for text in (resource.title, resource.summary, resource.tags)
            if text is not None
        ]
        file = latest.get(lang)
        if file is not None:
            parts.append(file.text or "")
        texts[lang] = "\n".join(part for part in parts if part)
    search.index(SEARCH_KIND, resource.id, texts)


def export_of(user):
    """Her translator assignments, for her data export (JSON-safe)."""
    rows = db.session.scalars(
        sa.select(TranslatorAssignment)
        .where(TranslatorAssignment.user_id == user.id)
        .order_by(TranslatorAssignment.created_at, TranslatorAssignment.id)
    ).all()
    return [
        {
            "resource_id": row.resource_id,
            "language": row.lang,
            "assigned_at": row.created_at.isoformat() if row.created_at else None,
        }
        for row in rows
    ]
