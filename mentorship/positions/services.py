"""Writing, publishing and answering positions: services add and flush, the request
commits. Every state change is one conditional UPDATE (or a unique INSERT) with its
audit row; a refused change raises PositionError with a translated message."""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from . import notify
from .models import (
    Answer,
    Position,
    PositionVersion,
    Ratification,
    RatificationStatus,
    VersionStatus,
)

COMMENT_MAX = 2000
REASON_MAX = 1000


class PositionError(ServiceError):
    """A position, version or answer that cannot be changed as asked."""


def today():
    """Windows are counted in UTC days, like every stored date."""
    return utcnow().date()


# --- The Secretariat: drafts and publication ---------------------------------------


def create_position(kind, title, text, by):
    """A new position (or priority) with its first version as a draft."""
    position = Position(kind=kind, created_by_id=by.id)
    version = PositionVersion(
        number=1,
        status=VersionStatus.DRAFT,
        title=translated.set_text(None, title),
        text=translated.set_text(None, text),
    )
    position.versions.append(version)
    db.session.add(position)
    db.session.flush()
    record(position, "created", actor=by, to_state=kind)
    record(version, "drafted", actor=by, to_state=VersionStatus.DRAFT)
    return position


def update_draft(version, title, text, by):
    """Change a draft's texts; a published version never changes."""
    _ensure_draft(version)
    version.title = translated.set_text(version.title, title)
    version.text = translated.set_text(version.text, text)
    version.updated_at = utcnow()
    db.session.flush()
    record(version, "draft_updated", actor=by, from_state=VersionStatus.DRAFT)
    return version


def new_version(position, by):
    """A draft of the next version, starting from the current version's texts."""
    if position.draft is not None:
        raise PositionError(_l("This position already has a draft version."))
    current = position.current
    number = max((v.number for v in position.versions), default=0) + 1
    version = PositionVersion(
        position_id=position.id,
        number=number,
        status=VersionStatus.DRAFT,
        title=_copy(current.title if current else None),
        text=_copy(current.text if current else None),
    )
    try:
        with db.session.begin_nested():
            db.session.add(version)
    except IntegrityError:  # another draft was started meanwhile
        raise PositionError(_l("This position already has a draft version.")) from None
    record(version, "drafted", actor=by, to_state=VersionStatus.DRAFT)
    db.session.expire(position, ["versions"])
    return version


def _copy(text):
    if text is None:
        return None
    bodies = {lang: row.body for lang, row in text.translations.items()}
    reviewed = {
        lang for lang, row in text.translations.items() if row.status == "reviewed"
    }
    edit = translated.Edit(text.source_lang, bodies, reviewed)
    return translated.set_text(None, edit)


def publish(version, opens_on, closes_on, by):
    """Publish a draft with its window; the previous version, if still published,
    is superseded (its window closes now). Emails every member organisation's
    delegate and alternate, and schedules the reminder before the window closes."""
    _ensure_draft(version)
    _check_window(opens_on, closes_on)
    if _empty(version.title) or _empty(version.text):
        raise PositionError(
            _l("Write the title and the text before publishing this version.")
        )
    now = utcnow()
    won = transition(
        PositionVersion,
        version,
        [VersionStatus.DRAFT],
        VersionStatus.PUBLISHED,
        actor=by,
        opens_on=opens_on,
        closes_on=closes_on,
        published_at=now,
        published_by_id=by.id,
    )
    if not won:
        raise PositionError(_l("This version was published meanwhile."))
    for older in _still_published(version):
        if transition(
            PositionVersion,
            older,
            [VersionStatus.PUBLISHED],
            VersionStatus.SUPERSEDED,
            actor=by,
            reason=f"version {version.number} published",
            superseded_at=now,
        ):
            notify.cancel_reminder(older)
    notify.version_published(version)
    notify.schedule_reminder(version)
    return version


def _still_published(version):
    return db.session.scalars(
        sa.select(PositionVersion).where(
            PositionVersion.position_id == version.position_id,
            PositionVersion.id != version.id,
            PositionVersion.status == VersionStatus.PUBLISHED,
        )
    ).all()


def _ensure_draft(version):
    if version.status != VersionStatus.DRAFT:
        raise PositionError(
            _l("A published version never changes: prepare a new version instead.")
        )


def _check_window(opens_on, closes_on):
    if not isinstance(opens_on, date) or not isinstance(closes_on, date):
        raise PositionError(_l("Enter the days the window opens and closes."))
    if closes_on <= opens_on:
        raise PositionError(_l("The window must close after it opens."))
    if closes_on < today():
        raise PositionError(_l("The window must close today or later."))


def _empty(text):
    return text is None or not text.body(text.source_lang)


# --- Organisations: answers and withdrawals ----------------------------------------


def answer(version, organisation, answer_code, comment, by):
    """The organisation's one answer to `version`, given by its delegate `by`
    (the caller has checked she speaks for it). The unique (version, organisation)
    decides a race: the second answer is refused, nothing changed."""
    if answer_code not in set(Answer):
        raise PositionError(_l("Choose ratify, abstain or decline."))
    if version.window_state(today()) == "upcoming":
        raise PositionError(
            _l(
                "Answers to this version open on %(day)s: nothing was saved.",
                day=version.opens_on.isoformat(),
            )
        )
    if not version.is_open(today()):
        raise PositionError(
            _l("The window for answering this version is closed: nothing was saved.")
        )
    _refuse_second_answer(version, organisation)
    ratification = Ratification(
        version_id=version.id,
        organisation_id=organisation.id,
        answer=answer_code,
        comment=(comment or "").strip()[:COMMENT_MAX],
        answered_by_id=by.id,
        answered_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(ratification)
    except IntegrityError:  # the delegate and the alternate clicked at once
        raise PositionError(_already_answered()) from None
    record(
        ratification,
        "answered",
        actor=by,
        to_state=answer_code,
        data={"version_id": version.id, "organisation_id": organisation.id},
    )
    return ratification


def _refuse_second_answer(version, organisation):
    existing = db.session.scalar(
        sa.select(Ratification.status).where(
            Ratification.version_id == version.id,
            Ratification.organisation_id == organisation.id,
        )
    )
    if existing == RatificationStatus.WITHDRAWN:
        raise PositionError(
            _l(
                "Your organisation withdrew its answer to this version;"
                " it cannot answer it again."
            )
        )
    if existing is not None:
        raise PositionError(_already_answered())


def _already_answered():
    return _l("Your organisation has already answered this version.")


def withdraw(ratification, reason, by):
    """Withdraw an organisation's answer, within or after the window; the row stays
    (shown as withdrawn) and the organisation cannot answer that version again."""
    reason = (reason or "").strip()[:REASON_MAX]
    won = transition(
        Ratification,
        ratification,
        [RatificationStatus.ANSWERED],
        RatificationStatus.WITHDRAWN,
        actor=by,
        reason=reason,
        withdrawn_at=utcnow(),
        withdrawn_by_id=by.id,
        withdraw_reason=reason,
    )
    if not won:
        raise PositionError(_l("This answer was already withdrawn."))
    return ratification


def change_window(version, closes_on, by):
    """Move the closing day of a published version's window (its texts never
    change); the reminder moves with it."""
    if version.status != VersionStatus.PUBLISHED:
        raise PositionError(_l("Only a published, current version has a window."))
    _check_window(version.opens_on, closes_on)
    before = version.closes_on
    won = update_if(
        PositionVersion,
        version,
        PositionVersion.status == VersionStatus.PUBLISHED,
        closes_on=closes_on,
    )
    if not won:
        raise PositionError(_l("This version was superseded meanwhile."))
    record(
        version,
        "window_changed",
        actor=by,
        from_state=VersionStatus.PUBLISHED,
        to_state=VersionStatus.PUBLISHED,
        data={"closes_on": closes_on.isoformat(), "was": before.isoformat()},
    )
    notify.schedule_reminder(version)
    return version
