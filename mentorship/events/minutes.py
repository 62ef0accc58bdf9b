"""Minutes of a session: opened from its agenda, amended by those who attended
during a window, approved and locked by an organiser (the `minutes` part).

Services add and flush, the request commits. Every change to open minutes first
wins one conditional UPDATE of the minutes' row (`status = 'draft'`, the revision
she read, and for an attendee the window still open): two changes at once, or a
change racing the approval, cannot both pass; the loser gets a translated message
and nothing changes. Each amendment keeps the text it replaced.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import policy
from ..audit import record
from ..auth.models import User
from ..core import panels, translated
from ..core.errors import ServiceError
from ..core.models import TranslatedText, Translation
from ..core.notifications import notify, public_url
from ..core.transitions import transition, update_if
from ..db import db, utcnow
from ..organisations.models import Organisation
from . import times
from .minutes_models import ItemKind, Minutes, MinutesAmendment, MinutesItem
from .minutes_models import MinutesStatus as Status
from .models import EventSession, Registration

DEFAULT_WINDOW_DAYS = 7
MAX_WINDOW_DAYS = 60
COMMENT_MAX = 500
TEXT_MAX = 50_000
ITEM_MAX = 2000


class MinutesError(ServiceError):
    """Minutes that cannot be opened, changed or approved as asked."""


# --- Reading -------------------------------------------------------------------------


def minutes_of(session):
    return db.session.scalar(sa.select(Minutes).where(Minutes.session_id == session.id))


def attendees(session):
    """The people who attended, by name."""
    return db.session.scalars(
        sa.select(User)
        .join(Registration, Registration.user_id == User.id)
        .where(Registration.session_id == session.id, Registration.attended.is_(True))
        .order_by(User.name, User.id)
    ).all()


def attending_organisations(session):
    """The organisations whose people attended, by name."""
    attended = sa.select(Registration.organisation_id).where(
        Registration.session_id == session.id, Registration.attended.is_(True)
    )
    return db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.id.in_(attended))
        .order_by(Organisation.name)
    ).all()


def neighbours(session):
    """(previous, next): the nearest earlier and later sessions of the same series
    with approved minutes (or None)."""
    approved = (
        sa.select(EventSession)
        .join(Minutes, Minutes.session_id == EventSession.id)
        .where(
            EventSession.series_id == session.series_id,
            EventSession.id != session.id,
            Minutes.status == Status.APPROVED,
        )
    )
    earlier = db.session.scalar(
        approved.where(EventSession.starts_at < session.starts_at)
        .order_by(EventSession.starts_at.desc())
        .limit(1)
    )
    later = db.session.scalar(
        approved.where(EventSession.starts_at > session.starts_at)
        .order_by(EventSession.starts_at)
        .limit(1)
    )
    return earlier, later


# --- Opening ---------------------------------------------------------------------


def open_minutes(session, by, window_days=DEFAULT_WINDOW_DAYS, now=None):
    """A draft made from the session's agenda, open for amendment `window_days`;
    those who attended are told."""
    now = now or utcnow()
    if session.is_cancelled:
        raise MinutesError(_l("A cancelled session has no minutes."))
    if not session.has_ended(now):
        raise MinutesError(_l("The minutes open once the session has ended."))
    if not 1 <= window_days <= MAX_WINDOW_DAYS:
        raise MinutesError(_l("The amendment window is 1 to 60 days."))
    minutes = Minutes(
        session_id=session.id,
        status=Status.DRAFT,
        text=_copy(session.agenda),
        amend_until=now + timedelta(days=window_days),
        opened_at=now,
        opened_by_id=by.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(minutes)
            db.session.flush()
    except IntegrityError:
        already = _l("The minutes of this session are already open.")
        raise MinutesError(already) from None
    record(minutes, "opened", actor=by, to_state=Status.DRAFT)
    _tell_attendees(session, minutes, "events_minutes_draft")
    return minutes


def _copy(text):
    """A new text with the same languages and statuses (None stays None)."""
    if text is None or not any(row.body for row in text.translations.values()):
        return None
    copy = TranslatedText(source_lang=text.source_lang, translations={})
    for lang, row in text.translations.items():
        copy.translations[lang] = Translation(
            lang=lang, body=row.body, status=row.status
        )
    return copy


# --- Changing the draft ------------------------------------------------------------


def _claim(minutes, by, seen_revision, now):
    """Win the right to change the minutes once: one conditional UPDATE."""
    refusal = policy.minutes_change_refusal(by, minutes.session, minutes, now)
    if refusal is not None:
        raise MinutesError(refusal)
    conditions = [Minutes.status == Status.DRAFT, Minutes.revision == seen_revision]
    if not policy.can_organise(by, minutes.session):
        conditions.append(Minutes.amend_until > now)
    if not update_if(Minutes, minutes, *conditions, revision=Minutes.revision + 1):
        refusal = policy.minutes_change_refusal(by, minutes.session, minutes, now)
        raise MinutesError(
            refusal
            or _l(
                "Someone changed the minutes while you were reading them; nothing"
                " was saved. Read the new text and try again."
            )
        )
    return minutes.revision


def snapshot(text):
    """The text as stored in an amendment: its source and each language's body."""
    if text is None:
        return {"source": None, "bodies": {}}
    bodies = {lang: row.body for lang, row in text.translations.items() if row.body}
    return {"source": text.source_lang, "bodies": bodies}


def amend(minutes, edit, comment, by, seen_revision, now=None):
    """Change the minutes' text, keeping the text it replaced."""
    now = now or utcnow()
    comment = (comment or "").strip()
    if edit.is_empty():
        raise MinutesError(_l("The minutes' text cannot be empty."))
    if not comment:
        raise MinutesError(_l("Say in a few words what you changed."))
    before = snapshot(minutes.text)
    cleaned = {lang: body.strip() for lang, body in edit.bodies.items() if body.strip()}
    same_source = edit.source_lang == before["source"]
    if cleaned == before["bodies"] and same_source and not edit.reviewed:
        raise MinutesError(_l("The text is unchanged: nothing was saved."))
    revision = _claim(minutes, by, seen_revision, now)
    minutes.text = translated.set_text(minutes.text, edit)
    db.session.add(
        MinutesAmendment(
            minutes_id=minutes.id,
            revision=revision,
            author_id=by.id,
            created_at=now,
            comment=comment[:COMMENT_MAX],
            previous=before,
        )
    )
    db.session.flush()
    record(minutes, "amended", actor=by, data={"revision": revision})
    return minutes


def add_item(minutes, kind, edit, by, seen_revision, owner=None, due_on=None, now=None):
    """A decision, or an action with its owner ("user:ID" or "org:ID", one who
    attended) and due date."""
    now = now or utcnow()
    if kind not in (ItemKind.DECISION, ItemKind.ACTION):
        raise MinutesError(_l("Choose decision or action."))
    if edit.is_empty():
        raise MinutesError(_l("Write the decision or action."))
    owner_user_id = owner_org_id = None
    if kind == ItemKind.ACTION:
        if due_on is None:
            raise MinutesError(_l("Enter the date the action is due."))
        owner_user_id, owner_org_id = _owner(minutes.session, owner)
    else:
        due_on = None
    _claim(minutes, by, seen_revision, now)
    item = MinutesItem(
        minutes_id=minutes.id,
        kind=kind,
        text=translated.set_text(None, edit),
        owner_user_id=owner_user_id,
        owner_organisation_id=owner_org_id,
        due_on=due_on,
        created_at=now,
        created_by_id=by.id,
    )
    db.session.add(item)
    db.session.flush()
    record(minutes, "item_added", actor=by, data={"item": item.id, "kind": kind})
    return item


def owner_choices(session):
    """(value, label) of who may own an action: people and organisations that
    attended."""
    people = [(f"user:{p.id}", p.name) for p in attendees(session)]
    orgs = [(f"org:{o.id}", o.name) for o in attending_organisations(session)]
    return people + orgs


def _owner(session, owner):
    """(user id, organisation id) of a valid owner, else MinutesError."""
    if owner in dict(owner_choices(session)):
        kind, _sep, number = owner.partition(":")
        return (int(number), None) if kind == "user" else (None, int(number))
    raise MinutesError(
        _l("An action's owner must be a person or an organisation that attended.")
    )


def remove_item(item, by, seen_revision, now=None):
    """Take a decision or action off open minutes."""
    minutes = item.minutes
    _claim(minutes, by, seen_revision, now or utcnow())
    record(minutes, "item_removed", actor=by, data={"item": item.id})
    db.session.delete(item)
    db.session.flush()


def change_window(minutes, window_days, by, now=None):
    """The organiser sets the window to end `window_days` from now (open minutes)."""
    now = now or utcnow()
    if not 1 <= window_days <= MAX_WINDOW_DAYS:
        raise MinutesError(_l("The amendment window is 1 to 60 days."))
    until = now + timedelta(days=window_days)
    if not update_if(
        Minutes, minutes, Minutes.status == Status.DRAFT, amend_until=until
    ):
        raise MinutesError(
            _l("These minutes are approved: they can no longer be changed.")
        )
    record(minutes, "window_changed", actor=by, data={"days": window_days})
    return minutes


# --- Approval and afterwards ---------------------------------------------------------


def approve(minutes, by, seen_revision, now=None):
    """Approve and lock the minutes as she read them (one of two organisers wins);
    those who attended are told."""
    now = now or utcnow()
    if minutes.is_approved:
        raise MinutesError(_l("These minutes are already approved."))
    if not snapshot(minutes.text)["bodies"]:
        raise MinutesError(_l("Write the minutes before approving them."))
    won = transition(
        Minutes,
        minutes,
        [Status.DRAFT],
        Status.APPROVED,
        Minutes.revision == seen_revision,
        actor=by,
        approved_at=now,
        approved_by_id=by.id,
    )
    if not won:
        if minutes.is_approved:
            raise MinutesError(_l("These minutes are already approved."))
        raise MinutesError(
            _l(
                "The minutes were changed since you read them: read them again"
                " before approving."
            )
        )
    _tell_attendees(minutes.session, minutes, "events_minutes_approved")
    return minutes


def mark_done(item, by, now=None):
    """Her action is done (once)."""
    if item.kind != ItemKind.ACTION:
        raise MinutesError(_l("Only an action can be marked done."))
    won = update_if(
        MinutesItem,
        item,
        MinutesItem.done_at.is_(None),
        done_at=now or utcnow(),
        done_by_id=by.id,
    )
    if not won:
        raise MinutesError(_l("This action is already marked done."))
    record(item.minutes, "action_done", actor=by, data={"item": item.id})
    return item


# --- Emails and the session page's panel -------------------------------------------


def _tell_attendees(session, minutes, template):
    url = public_url("events.minutes", session_id=session.id)
    for person in attendees(session):
        if person.erased_at is not None:
            continue
        notify(
            person,
            template,
            person=person,
            event=session,
            minutes=minutes,
            until=_window_end(person, session, minutes),
            url=url,
        )


def _window_end(person, session, minutes):
    """The window's end in her own clock and language (her zone, else the
    session's): the request's own browser zone is the sender's, not hers."""
    zone = times.person_zone(person)
    with force_locale(person.locale or "en"):
        return window_end(session, minutes, zone)


def window_end(session, minutes, zone):
    """The amendment window's end in `zone` (else the session's), with the zone."""
    shown = times.moment(
        minutes.amend_until, minutes.amend_until, zone or session.timezone
    )
    return f"{shown.starts} ({shown.zone})"


def init_app(app):
    panels.register(
        app, "event.session", "minutes", "events/minutes/_panel.html", panel
    )


def panel(session, reader):
    """The minutes (or "draft open for amendment") for those who may read them;
    "open the minutes" for an organiser once the session has ended."""
    minutes = minutes_of(session)
    if minutes is not None and policy.can_read_minutes(reader, session, minutes):
        return {
            "session": session,
            "minutes": minutes,
            "open": False,
            "window_open": minutes.window_is_open(),
        }
    if (
        minutes is None
        and session.has_ended()
        and not session.is_cancelled
        and policy.can_open_minutes(reader, session)
    ):
        return {"session": session, "minutes": None, "open": True}
    return None
