"""The candidate's material for her nomination (part nominations): her statement
in her language and its translations, her photo and CV (checked uploads kept in
`core.storage`), and what becomes of them in her data export and erasure.

Services flush, the request commits; a refusal raises ElectionError with a
translated message and changes nothing (a stored file is deleted on rollback).
"""

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import storage, translated, uploads
from ..db import db
from . import nominations
from .models import ElectionStatus, Eligibility, Nomination, NominationStatus
from .services import ElectionError


def _ensure_editable(nomination):
    """Her material changes while nominations are open and the nomination lives."""
    if nomination.election.status != ElectionStatus.NOMINATING:
        raise ElectionError(
            _l("Nominations are closed for this election: nothing changed.")
        )
    if nomination.status not in nominations.LIVE:
        raise ElectionError(_l("This nomination is no longer live: nothing changed."))


def set_statement(nomination, lang, body, by):
    """Her statement in `lang` (the source: other languages become outdated)."""
    _ensure_editable(nomination)
    if lang not in translated.languages() or not (body or "").strip():
        raise ElectionError(_l("Write your statement."))
    nomination.statement = translated.set_text(
        nomination.statement, translated.Edit(lang, {lang: body})
    )
    db.session.flush()
    record(nomination, "statement_written", actor=by, data={"lang": lang})
    return nomination


def set_translations(nomination, edit, by):
    """The Secretariat (or a translator) fills the statement's other languages."""
    if nomination.statement is None:
        raise ElectionError(_l("She has not written her statement yet."))
    if edit.is_empty():
        raise ElectionError(_l("Write your statement."))
    nomination.statement = translated.set_text(nomination.statement, edit)
    db.session.flush()
    record(nomination, "statement_translated", actor=by)
    return nomination


def _store(checked):
    try:
        key = storage.storage().put(checked.data, checked.ext)
    except Exception as error:  # the disk is full or the object store unreachable
        current_app.logger.exception("could not store an upload")
        raise ElectionError(
            _l("The file could not be stored just now; please try again later.")
        ) from error
    storage.delete_on_rollback(key)
    return key


def set_photo(nomination, raw, filename, by):
    """Her photo (PNG or JPEG, checked from its content); the old one goes."""
    _ensure_editable(nomination)
    try:
        checked = uploads.check(raw, filename, accepted=uploads.IMAGES)
    except uploads.UploadRejected as rejected:
        raise ElectionError(rejected.message()) from None
    old = nomination.photo_key
    nomination.photo_key = _store(checked)
    nomination.photo_type = checked.mime
    if old:
        storage.delete_after_commit(old)
    db.session.flush()
    record(nomination, "photo_uploaded", actor=by)
    return nomination


def set_cv(nomination, raw, filename, by):
    """Her CV (a PDF, checked from its content); the old one goes."""
    _ensure_editable(nomination)
    try:
        checked = uploads.check(raw, filename, accepted=uploads.PDF)
    except uploads.UploadRejected as rejected:
        raise ElectionError(rejected.message()) from None
    old = nomination.cv_key
    nomination.cv_key = _store(checked)
    nomination.cv_name = checked.filename
    nomination.cv_type = checked.mime
    if old:
        storage.delete_after_commit(old)
    db.session.flush()
    record(nomination, "cv_uploaded", actor=by)
    return nomination


def read_file(key):
    """The stored bytes, or None when the store lost them or is unreachable."""
    if not key:
        return None
    try:
        return storage.storage().get(key)
    except (OSError, ValueError):
        return None
    except Exception:  # the object store is unreachable or lost the object
        current_app.logger.exception("stored file %s unreadable", key)
        return None


# --- Her data ---------------------------------------------------------------------


def _hers(user):
    return db.session.scalars(
        sa.select(Nomination)
        .where(Nomination.candidate_id == user.id)
        .order_by(Nomination.id)
    ).all()


def erase_for(user, **_extra):
    """Her account is erased (core.signals.person_erased): her live nominations are
    withdrawn, her statement, photo and CV go; a refusal's reason goes with her
    (the check is back to pending, as the reason column cannot be empty when
    refused). Nominations she made stay her organisation's."""
    for nomination in _hers(user):
        live = nomination.status in nominations.LIVE and (
            nomination.election.status
            in (ElectionStatus.NOMINATING, ElectionStatus.VOTING)
        )
        if live:
            nominations.withdraw(nomination, user, reason="erased")
        for key in (nomination.photo_key, nomination.cv_key):
            if key:
                storage.delete_after_commit(key)
        nomination.statement = None
        nomination.photo_key = nomination.photo_type = None
        nomination.cv_key = nomination.cv_name = nomination.cv_type = None
        if nomination.eligibility == Eligibility.INELIGIBLE:
            nomination.eligibility = Eligibility.PENDING
            nomination.eligibility_reason = ""
    db.session.flush()


def export_of(user):
    """The nominations she received (with her statement and files' names) and those
    she made for an organisation, for her data export (JSON-safe)."""
    received = [
        {
            "nomination_id": n.id,
            "election_id": n.election_id,
            "organisation": n.organisation.name if n.organisation else None,
            "status": n.status,
            "eligibility": n.eligibility,
            "eligibility_reason": n.eligibility_reason,
            "statement": {
                lang: n.statement.body(lang)
                for lang in translated.languages()
                if n.statement is not None and n.statement.body(lang)
            },
            "photo": bool(n.photo_key),
            "cv": n.cv_name,
            "nominated_at": n.created_at.isoformat() if n.created_at else None,
        }
        for n in _hers(user)
    ]
    made = db.session.scalars(
        sa.select(Nomination)
        .where(Nomination.nominated_by_id == user.id)
        .order_by(Nomination.id)
    ).all()
    return {
        "received": received,
        "made": [
            {
                "nomination_id": n.id,
                "election_id": n.election_id,
                "organisation": n.organisation.name if n.organisation else None,
                "candidate": n.candidate.name if n.candidate else None,
                "status": n.status,
                "nominated_at": n.created_at.isoformat() if n.created_at else None,
            }
            for n in made
        ],
    }


def proposed_to(user):
    """Her nominations waiting for her answer while nominations are open."""
    if not user.is_authenticated:
        return []
    return db.session.scalars(
        sa.select(Nomination)
        .where(
            Nomination.candidate_id == user.id,
            Nomination.status == NominationStatus.PROPOSED,
            Nomination.election.has(status=ElectionStatus.NOMINATING),
        )
        .order_by(Nomination.id)
    ).all()
