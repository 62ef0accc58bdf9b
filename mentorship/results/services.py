"""The results' changes: opened on publication, updated, owned, linked; her data.

Services add and flush, the request commits. A result is opened once per
recommendation (the unique constraint decides a race). Each update or change of
owner first wins one conditional UPDATE of the result's row on the revision she
read: a double submit, or two people at once, cannot both pass; the loser gets a
translated message and nothing changes.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..auth.models import User
from ..core import memberships, translated
from ..core.errors import ServiceError
from ..core.models import Membership
from ..core.transitions import update_if
from ..db import db, utcnow
from ..events.minutes_models import ItemKind, Minutes, MinutesItem
from ..events.models import EventSeries, EventSession
from ..forms import db_id
from .models import Result, ResultLink, ResultStatus, ResultUpdate
from .report import for_report

__all__ = [
    "ResultError",
    "change_owner",
    "erase_for",
    "export_of",
    "for_report",
    "link",
    "open_result",
    "post_update",
    "unlink",
]

TEXT_MAX = 5000
REASON_MAX = 2000


class ResultError(ServiceError):
    """A result that cannot be changed as asked."""


# --- Opening, on publication -----------------------------------------------------


def chair_of(group):
    """The group's current chair (the longest serving, if several), or None."""
    return db.session.scalar(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(memberships.holding("chair", body_id=group.body_id))
        .order_by(Membership.starts_on, Membership.id)
        .limit(1)
    )


def result_of(recommendation_id):
    return db.session.scalar(
        sa.select(Result).where(Result.recommendation_id == recommendation_id)
    )


def open_result(recommendation):
    """The recommendation's result, opened now (planned, 0 %, owned by the group's
    chair) unless it exists; a second call, or a racing one, finds the first."""
    existing = result_of(recommendation.id)
    if existing is not None:
        return existing
    chair = chair_of(recommendation.group)
    result = Result(
        recommendation_id=recommendation.id,
        owner_id=chair.id if chair else None,
        status=ResultStatus.PLANNED,
        progress=0,
    )
    try:
        with db.session.begin_nested():
            db.session.add(result)
    except IntegrityError:
        return result_of(recommendation.id)
    record(result, "opened", to_state=ResultStatus.PLANNED)
    return result


def on_published(recommendation, **_extra):
    """Receiver of `recommendation_published`, in the publisher's transaction."""
    open_result(recommendation)


# --- Updates and owner -----------------------------------------------------------


def _claim(result, seen_revision):
    if not update_if(
        Result, result, Result.revision == seen_revision, revision=seen_revision + 1
    ):
        raise ResultError(
            _l(
                "Someone changed this result while you were reading it; nothing was"
                " saved. Read it again and try again."
            )
        )


def _next_state(result, status, progress, reason):
    """(status, progress) after the update, or ResultError."""
    new_status = status or result.status
    if new_status not in set(ResultStatus):
        raise ResultError(_l("Choose a status from the list."))
    if progress is not None and not 0 <= progress <= 100:
        raise ResultError(_l("The progress is a whole number from 0 to 100."))
    new_progress = result.progress if progress is None else progress
    if new_status == ResultStatus.DONE:
        if progress is None and status == ResultStatus.DONE:
            new_progress = 100
        if new_progress != 100:
            raise ResultError(_l("A result that is done is at 100 %."))
    newly_dropped = status == ResultStatus.DROPPED != result.status
    if newly_dropped and not reason:
        raise ResultError(_l("Say why the result is dropped."))
    return new_status, new_progress


def post_update(
    result,
    by,
    *,
    lang,
    text,
    on_date,
    seen_revision,
    status=None,
    progress=None,
    reason=None,
    today=None,
):
    """A dated update in her language, maybe setting the status and progress."""
    text = (text or "").strip()
    reason = (reason or "").strip()
    if not text:
        raise ResultError(_l("Write what happened."))
    if on_date is None or on_date > (today or utcnow().date()) + timedelta(days=1):
        raise ResultError(_l("The update's date cannot be in the future."))
    new_status, new_progress = _next_state(result, status, progress, reason)
    before = result.status
    _claim(result, seen_revision)
    if new_status == ResultStatus.DROPPED and reason:
        result.dropped_reason = translated.new_text(lang, **{lang: reason[:REASON_MAX]})
    elif new_status != ResultStatus.DROPPED:
        result.dropped_reason = None
    result.status = new_status
    result.progress = new_progress
    update = ResultUpdate(
        result=result,
        on_date=on_date,
        text=translated.new_text(lang, **{lang: text[:TEXT_MAX]}),
        author_id=by.id,
        new_status=status or None,
        new_progress=progress,
    )
    db.session.add(update)
    db.session.flush()
    record(
        result,
        "updated",
        actor=by,
        from_state=before,
        to_state=new_status,
        data={"update": update.id, "progress": new_progress},
    )
    return update


def owner_choices(result):
    """(user id, name) of the people who may own the result: the group's current
    members, by name."""
    group = result.recommendation.group
    people = db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.body_id == group.body_id, memberships.current())
        .order_by(User.name, User.id)
    ).unique()
    return [(person.id, person.name) for person in people]


def change_owner(result, owner_id, by, seen_revision):
    """Give the result to another current member of the group."""
    if owner_id not in dict(owner_choices(result)):
        raise ResultError(_l("The owner must be a current member of the group."))
    if owner_id == result.owner_id:
        raise ResultError(_l("She already owns this result."))
    _claim(result, seen_revision)
    result.owner_id = owner_id
    db.session.flush()
    record(result, "owner_changed", actor=by, data={"owner": owner_id})
    return result


# --- Links to the group's meetings and actions -------------------------------------


def _of_group(group):
    """SELECT of the ids of the group's meetings: sessions of its series."""
    return (
        sa.select(EventSession.id)
        .join(EventSeries, EventSeries.id == EventSession.series_id)
        .where(EventSeries.body_id == group.body_id)
    )


def meetings_of(group):
    """The group's meetings, newest first."""
    return db.session.scalars(
        sa.select(EventSession)
        .where(EventSession.id.in_(_of_group(group)))
        .order_by(EventSession.starts_at.desc(), EventSession.id)
    ).all()


def actions_of(group):
    """The actions recorded in the minutes of the group's meetings, newest first."""
    return db.session.scalars(
        sa.select(MinutesItem)
        .join(Minutes, Minutes.id == MinutesItem.minutes_id)
        .where(
            MinutesItem.kind == ItemKind.ACTION,
            Minutes.session_id.in_(_of_group(group)),
        )
        .order_by(MinutesItem.id.desc())
    ).all()


def _target(result, target):
    """(session id, item id) of a "session:ID" or "item:ID" of the result's group,
    else ResultError."""
    kind, _sep, number = (target or "").partition(":")
    try:
        target_id = db_id(number)
    except (TypeError, ValueError):
        target_id = None
    group = result.recommendation.group
    if kind == "session" and target_id is not None:
        found = db.session.scalar(_of_group(group).where(EventSession.id == target_id))
        if found is not None:
            return target_id, None
    if kind == "item" and target_id is not None:
        found = db.session.scalar(
            sa.select(MinutesItem.id)
            .join(Minutes, Minutes.id == MinutesItem.minutes_id)
            .where(
                MinutesItem.id == target_id,
                MinutesItem.kind == ItemKind.ACTION,
                Minutes.session_id.in_(_of_group(group)),
            )
        )
        if found is not None:
            return None, target_id
    raise ResultError(
        _l("Link only the group's own meetings and the actions of their minutes.")
    )


def link(result, target, by):
    """Link one of the group's meetings or actions to the result (once)."""
    session_id, item_id = _target(result, target)
    row = ResultLink(
        result_id=result.id, session_id=session_id, item_id=item_id, linked_by_id=by.id
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        raise ResultError(_l("This is already linked to the result.")) from None
    db.session.expire(result, ["links"])
    record(result, "linked", actor=by, data={"session": session_id, "item": item_id})
    return row


def unlink(result, link_id, by):
    """Take a link off the result (a link of another result is not found)."""
    row = db.session.scalar(
        sa.select(ResultLink).where(
            ResultLink.id == link_id, ResultLink.result_id == result.id
        )
    )
    if row is None:
        raise ResultError(_l("This link was already removed."))
    record(result, "unlinked", actor=by, data={"link": row.id})
    db.session.delete(row)
    db.session.flush()
    db.session.expire(result, ["links"])


# --- Her data ----------------------------------------------------------------------


def _texts(text):
    if text is None:
        return {}
    return {lang: row.body for lang, row in text.translations.items() if row.body}


def export_of(user):
    """Her updates and the results she owns (mydata's export)."""
    updates = db.session.scalars(
        sa.select(ResultUpdate)
        .where(ResultUpdate.author_id == user.id)
        .order_by(ResultUpdate.on_date, ResultUpdate.id)
    ).all()
    owned = db.session.scalars(
        sa.select(Result).where(Result.owner_id == user.id).order_by(Result.id)
    ).all()
    return {
        "updates": [
            {
                "result": update.result_id,
                "date": update.on_date.isoformat(),
                "text": _texts(update.text),
                "status": update.new_status,
                "progress": update.new_progress,
            }
            for update in updates
        ],
        "owned": [
            {
                "result": result.id,
                "recommendation": _texts(result.recommendation.title),
                "status": result.status,
                "progress": result.progress,
            }
            for result in owned
        ],
    }


def erase_for(user, **_extra):
    """Her account is erased (core.signals.person_erased): her updates' words go
    (their dates and figures stay in the results' history), and the results she
    owned have no owner until the group's runners give them one."""
    updates = db.session.scalars(
        sa.select(ResultUpdate).where(
            ResultUpdate.author_id == user.id, ResultUpdate.text_id.is_not(None)
        )
    ).all()
    for update in updates:
        update.text = None  # the text is deleted with it (delete-orphan)
    db.session.execute(
        sa.update(Result)
        .where(Result.owner_id == user.id)
        .values(owner_id=None, revision=Result.revision + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
