"""The pipeline's changes: drafts and their versions, comment rounds and comments,
the Steering Committee's endorsement, publication.

Every state change is one conditional UPDATE (`core.transitions`), its rowcount
says who won; a comment locks its round's row (`with_for_update`) so that it cannot
slip in after the round's close. Services flush; the request commits.
"""

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from ..organisations.models import Organisation
from .models import (
    CommentRound,
    PublicationMode,
    Recommendation,
    RecommendationComment,
    RecommendationStatus,
    RecommendationVersion,
    RoundKind,
)
from .signals import recommendation_published

S = RecommendationStatus
EDITABLE = (S.DRAFT, S.MEMBERS_ROUND, S.ORGANISATIONS_ROUND)
ROUND_STATES = {
    RoundKind.MEMBERS: S.MEMBERS_ROUND,
    RoundKind.ORGANISATIONS: S.ORGANISATIONS_ROUND,
}
READY = ("source", "reviewed")
MAX_ROUND_DAYS = 90
COMMENT_MAX = 4000
NOTE_MAX = 500
REASON_MAX = 1000
BODY_MAX = 60000


class RecommendationError(ServiceError):
    pass


# --- Drafts and versions -------------------------------------------------------


def create(group, kind, title, summary, body, note, by):
    """A new draft with its first version."""
    if group.is_closed:
        raise RecommendationError(_l("This group is closed: it drafts nothing new."))
    recommendation = Recommendation(
        group_id=group.id,
        kind=kind,
        status=S.DRAFT,
        created_by_id=by.id,
        title=translated.set_text(None, title),
        summary=None if summary.is_empty() else translated.set_text(None, summary),
    )
    db.session.add(recommendation)
    db.session.flush()
    _new_version(recommendation, body, note, by)
    record(recommendation, "recommendation_created", actor=by, to_state=S.DRAFT)
    return recommendation


def _refuse_frozen(recommendation):
    if recommendation.status == S.PUBLISHED:
        raise RecommendationError(
            _l("A published version can never be edited: it stays as published.")
        )
    if recommendation.status in (S.ENDORSEMENT, S.ENDORSED):
        raise RecommendationError(
            _l(
                "It is with the Steering Committee: its text cannot change unless"
                " the committee returns it."
            )
        )
    if recommendation.status not in EDITABLE:
        raise RecommendationError(_l("This recommendation can no longer be edited."))


def save(recommendation, title, summary, body, note, by, read_version, new_version):
    """Write the draft's text: into its latest version while no round has seen it,
    else (or when asked) as a new version. `read_version` is the number she
    edited: a save on an older one is refused (someone saved meanwhile)."""
    locked = _lock(recommendation)
    _refuse_frozen(locked)
    latest = locked.latest
    if latest is None or latest.number != read_version:
        raise RecommendationError(
            _l("Someone saved a newer version meanwhile: look at it, then edit again.")
        )
    locked.title = translated.set_text(locked.title, title)
    if not summary.is_empty() or locked.summary is not None:
        locked.summary = translated.set_text(locked.summary, summary)
    if new_version or latest.locked_at is not None or latest.frozen_at is not None:
        version = _new_version(locked, body, note, by, based_on=latest)
    else:
        latest.body = translated.set_text(latest.body, body)
        latest.note = note or latest.note
        version = latest
    update_if(Recommendation, locked, updated_at=utcnow())
    record(locked, "recommendation_edited", actor=by, data={"version": version.number})
    return version


def _new_version(recommendation, body, note, by, based_on=None):
    number = (based_on.number if based_on else 0) + 1
    text = translated.set_text(None, body)
    if based_on is not None:
        # A translation carried over keeps its status only if not rewritten.
        text = _carry_statuses(based_on.body, body)
    version = RecommendationVersion(
        recommendation_id=recommendation.id,
        number=number,
        body=text,
        note=note or "",
        created_by_id=by.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(version)
    except sa.exc.IntegrityError:
        raise RecommendationError(
            _l("Someone saved a newer version meanwhile: look at it, then edit again.")
        ) from None
    db.session.expire(recommendation, ["versions"])
    return version


def _carry_statuses(previous, edit):
    """A new version's text: the previous statuses, then the edit applied (a changed
    source marks the other languages outdated; core.translated)."""
    text = translated.new_text(
        previous.source_lang,
        **{lang: previous.body(lang) for lang in translated.languages()},
    )
    for lang in translated.languages():
        row = text.translations.get(lang)
        if row is not None and lang != previous.source_lang:
            row.status = previous.translations[lang].status
    return translated.set_text(text, edit)


def translate(recommendation, edit, by):
    """Write or review the translations of the latest version while its source is
    fixed (with the Steering Committee, endorsed or published): the source
    language's text cannot change."""
    locked = _lock(recommendation)
    if locked.status not in (S.ENDORSEMENT, S.ENDORSED, S.PUBLISHED):
        raise RecommendationError(_l("Edit the draft itself: its text is still open."))
    version = locked.latest
    source = version.body.source_lang
    if edit.source_lang != source or edit.bodies.get(source, "").strip() != (
        version.body.body(source)
    ):
        raise RecommendationError(
            _l(
                "A published version can never be edited: only its missing or draft"
                " translations may be written."
            )
        )
    translated.set_text(version.body, edit)
    record(
        locked, "recommendation_translated", actor=by, data={"version": version.number}
    )
    return version


def _lock(recommendation):
    """The recommendation's row, locked until the transaction ends (read afresh)."""
    db.session.execute(
        sa.select(Recommendation.id)
        .where(Recommendation.id == recommendation.id)
        .with_for_update()
    )
    db.session.expire(recommendation)
    return recommendation


# --- Rounds ----------------------------------------------------------------------


def open_round(recommendation, kind, ends_on, by, today=None):
    """Open the members' round (from a draft) or the organisations' round (after a
    members' round) on the latest version, until the end of `ends_on` (UTC)."""
    today = today or utcnow().date()
    if not today < ends_on <= today + timedelta(days=MAX_ROUND_DAYS):
        raise RecommendationError(_l("The round ends after today and within 90 days."))
    if kind == RoundKind.ORGANISATIONS and not _had_round(
        recommendation, RoundKind.MEMBERS
    ):
        raise RecommendationError(
            _l("The organisations' round follows the members' round: open that first.")
        )
    version = recommendation.latest
    won = transition(
        Recommendation,
        recommendation,
        (S.DRAFT,),
        ROUND_STATES[kind],
        actor=by,
    )
    if not won:
        raise RecommendationError(
            _l("A round can only open on a draft: it is not a draft any more.")
        )
    update_if(RecommendationVersion, version, locked_at=utcnow())
    ends_at = datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=UTC)
    opened = CommentRound(
        recommendation_id=recommendation.id,
        version_id=version.id,
        kind=kind,
        opened_by_id=by.id,
        ends_at=ends_at,
    )
    db.session.add(opened)
    db.session.flush()
    return opened


def _had_round(recommendation, kind):
    return (
        db.session.scalar(
            sa.select(CommentRound.id).where(
                CommentRound.recommendation_id == recommendation.id,
                CommentRound.kind == kind,
            )
        )
        is not None
    )


def open_round_of(recommendation):
    """Its open round (not closed; maybe past its end date), or None."""
    return db.session.scalar(
        sa.select(CommentRound).where(
            CommentRound.recommendation_id == recommendation.id,
            CommentRound.closed_at.is_(None),
        )
    )


def close_round(recommendation, by):
    """Close the open round: the recommendation is a draft again (to edit, to open
    the organisations' round, or to send to the Steering Committee)."""
    current = open_round_of(recommendation)
    if current is None:
        raise RecommendationError(_l("No round is open."))
    if not update_if(
        CommentRound,
        current,
        CommentRound.closed_at.is_(None),
        closed_at=utcnow(),
        closed_by_id=by.id,
    ):
        raise RecommendationError(_l("The round was closed meanwhile."))
    transition(
        Recommendation,
        recommendation,
        tuple(ROUND_STATES.values()),
        S.DRAFT,
        actor=by,
    )
    return current


def rounds_of(recommendation):
    return db.session.scalars(
        sa.select(CommentRound)
        .where(CommentRound.recommendation_id == recommendation.id)
        .order_by(CommentRound.opened_at, CommentRound.id)
    ).all()


# --- Comments ------------------------------------------------------------------


def comment(recommendation, section, body, by, organisation_id=None, now=None):
    """Her comment on a section of the round's version; in the organisations'
    round, on behalf of `organisation_id` (a member organisation she speaks for,
    checked by the caller's policy). The round's row is locked: a close waiting
    behind it sees the comment, a comment behind a close is refused."""
    now = now or utcnow()
    current = open_round_of(recommendation)
    if current is not None:
        current = db.session.scalars(
            sa.select(CommentRound)
            .where(CommentRound.id == current.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
    if current is None or not current.is_open(now):
        raise RecommendationError(_l("Comments are taken only while a round is open."))
    if current.kind == RoundKind.ORGANISATIONS:
        organisation = db.session.get(Organisation, organisation_id or 0)
        if organisation is None or organisation.status != "member":
            raise RecommendationError(
                _l("Choose the member organisation you comment for.")
            )
    elif organisation_id:
        raise RecommendationError(
            _l("In the members' round, you comment for yourself.")
        )
    if not 1 <= section <= current.version.section_count:
        raise RecommendationError(_l("That section does not exist in this version."))
    row = RecommendationComment(
        round_id=current.id,
        version_id=current.version_id,
        section=section,
        author_id=by.id,
        organisation_id=organisation_id
        if current.kind == RoundKind.ORGANISATIONS
        else None,
        body=body,
        created_at=now,
    )
    db.session.add(row)
    db.session.flush()
    return row


def mark_addressed(row, by):
    if not update_if(
        RecommendationComment,
        row,
        RecommendationComment.addressed_at.is_(None),
        addressed_at=utcnow(),
        addressed_by_id=by.id,
    ):
        raise RecommendationError(_l("This comment is already marked addressed."))
    return row


def comments_by_version(recommendation):
    """{version id: {section: [comments]}}, oldest first."""
    rows = db.session.scalars(
        sa.select(RecommendationComment)
        .join(RecommendationVersion)
        .where(RecommendationVersion.recommendation_id == recommendation.id)
        .order_by(RecommendationComment.created_at, RecommendationComment.id)
    ).all()
    found = {}
    for row in rows:
        found.setdefault(row.version_id, {}).setdefault(row.section, []).append(row)
    return found


# --- The Steering Committee ---------------------------------------------------


def send_for_endorsement(recommendation, by):
    """After a members' round, the runners send it to the Steering Committee."""
    if not _had_round(recommendation, RoundKind.MEMBERS):
        raise RecommendationError(
            _l("Hold the members' round before sending it to the Steering Committee.")
        )
    if not transition(
        Recommendation, recommendation, (S.DRAFT,), S.ENDORSEMENT, actor=by
    ):
        raise RecommendationError(
            _l("Only a draft with no open round can be sent to the Steering Committee.")
        )
    return recommendation


def endorse(recommendation, by):
    if not transition(
        Recommendation,
        recommendation,
        (S.ENDORSEMENT,),
        S.ENDORSED,
        actor=by,
        endorsed_at=utcnow(),
        endorsed_by_id=by.id,
    ):
        raise RecommendationError(
            _l("It is not awaiting the Steering Committee's endorsement any more.")
        )
    return recommendation


def return_to_group(recommendation, reason, by):
    if not transition(
        Recommendation,
        recommendation,
        (S.ENDORSEMENT,),
        S.DRAFT,
        actor=by,
        reason=reason,
    ):
        raise RecommendationError(
            _l("It is not awaiting the Steering Committee's endorsement any more.")
        )
    return recommendation


# --- Publication -----------------------------------------------------------------


def missing_languages(version):
    """Languages of the version not ready for readers (missing, draft, outdated)."""
    return [
        lang
        for lang in translated.languages()
        if version.body.status(lang) not in READY
    ]


def shown_text(version, lang):
    """What a reader of `lang` sees (core.translated.Shown): her language once its
    translation is reviewed, else the source with fallback=True."""
    text = version.body
    if text.status(lang) in READY:
        return translated.Shown(text.body(lang), lang)
    source = text.source_lang
    return translated.Shown(text.body(source), source, fallback=True)


def publish(recommendation, mode, by):
    """Publish the endorsed recommendation: its latest version is frozen; with
    mode "all_languages", only once every language is reviewed."""
    if recommendation.status == S.PUBLISHED:
        raise RecommendationError(_l("It is already published."))
    version = recommendation.latest
    if mode == PublicationMode.ALL_LANGUAGES and missing_languages(version):
        raise RecommendationError(
            _l(
                "Not every language is ready: write and review the missing"
                " translations, or publish now with a note to their readers."
            )
        )
    now = utcnow()
    if not transition(
        Recommendation,
        recommendation,
        (S.ENDORSED,),
        S.PUBLISHED,
        actor=by,
        published_at=now,
        publication_mode=mode,
    ):
        if recommendation.status == S.PUBLISHED:
            raise RecommendationError(_l("It is already published."))
        raise RecommendationError(
            _l("Only a recommendation the Steering Committee endorsed is published.")
        )
    update_if(RecommendationVersion, version, frozen_at=now)
    recommendation_published.send(recommendation)
    return recommendation


# --- History and her data --------------------------------------------------------


def history(recommendation):
    """Its status changes (audit events), oldest first."""
    from ..audit.models import AuditEvent

    return db.session.scalars(
        sa.select(AuditEvent)
        .where(
            AuditEvent.entity_type == Recommendation.__tablename__,
            AuditEvent.entity_id == recommendation.id,
            AuditEvent.to_state.is_not(None),
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()


def export_of(user):
    """Her comments on recommendations, for her data export (JSON-safe)."""
    rows = db.session.scalars(
        sa.select(RecommendationComment)
        .where(RecommendationComment.author_id == user.id)
        .order_by(RecommendationComment.created_at, RecommendationComment.id)
    ).all()
    return [
        {
            "recommendation_id": row.version.recommendation_id,
            "version": row.version.number,
            "section": row.section,
            "organisation": row.organisation.name if row.organisation else None,
            "comment": row.body,
            "written_at": row.created_at.isoformat() if row.created_at else None,
        }
        for row in rows
    ]
