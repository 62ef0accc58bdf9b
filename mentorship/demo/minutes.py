"""Minutes of the demo's past sessions: approved, in three languages, with their
decisions and actions; the latest one still a draft open for amendment.

Only past sessions of the demo's series (round tables 2026 and 2027, the Global WIM
Calls) with people who attended get minutes; without them (the series are seeded
by demo/events) this does nothing. Written as rows, not through the services:
seeding sends no email.
"""

import random
from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import translated
from ..db import db, utcnow
from ..events.minutes import snapshot
from ..events.minutes_models import (
    ItemKind,
    Minutes,
    MinutesAmendment,
    MinutesItem,
    MinutesStatus,
)
from ..events.models import EventSeries, EventSession, Registration
from .plan import STAFF_DOMAIN

SERIES = ("round-tables-2026", "round-tables-2027", "global-wim-calls")
DRAFT_WINDOW = timedelta(days=5)

TEXT = {
    "en": (
        "The chair welcomed the participants and recalled the session's purpose.\n"
        "Each organisation shared where it stands on the theme, its results of the "
        "past months and what it finds hardest.\n"
        "The participants agreed on the points below and on who carries each action."
    ),
    "fr": (
        "La présidente a accueilli les participantes et rappelé l’objet de la séance.\n"
        "Chaque organisation a présenté où elle en est sur le thème, ses résultats "
        "des derniers mois et ce qui lui semble le plus difficile.\n"
        "Les participantes se sont accordées sur les points ci-dessous et sur qui "
        "porte chaque action."
    ),
    "es": (
        "La presidenta dio la bienvenida a las participantes y recordó el propósito "
        "de la sesión.\n"
        "Cada organización compartió su situación en el tema, sus resultados de los "
        "últimos meses y lo que le resulta más difícil.\n"
        "Las participantes acordaron los puntos siguientes y quién lleva cada acción."
    ),
}
DECISION = {
    "en": "Share the organisations' experiences in a common note before the next "
    "session.",
    "fr": "Réunir les expériences des organisations dans une note commune avant la "
    "prochaine séance.",
    "es": "Reunir las experiencias de las organizaciones en una nota común antes de "
    "la próxima sesión.",
}
ACTION = {
    "en": "Draft the common note and send it to the participants.",
    "fr": "Rédiger la note commune et l’envoyer aux participantes.",
    "es": "Redactar la nota común y enviarla a las participantes.",
}
AMENDMENT = {
    "en": "\nThe Secretariat will circulate the recording to those who attended.",
    "fr": "\nLe Secrétariat fera parvenir l’enregistrement aux participantes.",
    "es": "\nLa Secretaría hará llegar la grabación a las participantes.",
}


def seed_minutes(random_state=7):
    """Minutes for the demo's past sessions that have none yet; the latest one a
    draft open for amendment. Returns the minutes added."""
    now = utcnow()
    sessions = _past_sessions_with_attendees(now)
    if not sessions:
        return []
    rng = random.Random(random_state)
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    has_draft = db.session.scalar(
        sa.select(Minutes.id)
        .join(EventSession, EventSession.id == Minutes.session_id)
        .join(EventSeries, EventSeries.id == EventSession.series_id)
        .where(EventSeries.slug.in_(SERIES), Minutes.status == MinutesStatus.DRAFT)
        .limit(1)
    )
    added = []
    for n, session in enumerate(sessions):
        draft = not has_draft and n == len(sessions) - 1
        added.append(_minutes(session, staff, draft, rng, now))
    db.session.flush()
    return added


def _past_sessions_with_attendees(now):
    attended = sa.select(Registration.session_id).where(Registration.attended.is_(True))
    with_minutes = sa.select(Minutes.session_id)
    return db.session.scalars(
        sa.select(EventSession)
        .join(EventSeries, EventSeries.id == EventSession.series_id)
        .where(
            EventSeries.slug.in_(SERIES),
            EventSession.ends_at < now,
            EventSession.status == "scheduled",
            EventSession.id.in_(attended),
            EventSession.id.not_in(with_minutes),
        )
        .order_by(EventSession.starts_at, EventSession.id)
    ).all()


def _minutes(session, staff, draft, rng, now):
    by = staff.id if staff else session.organiser_id
    opened = max(session.ends_at + timedelta(days=1), now - timedelta(days=1))
    opened = min(opened, now)
    minutes = Minutes(
        session_id=session.id,
        text=translated.new_text("en", **TEXT),
        opened_at=opened,
        opened_by_id=by,
        revision=0,
    )
    if draft:
        minutes.status = MinutesStatus.DRAFT
        minutes.amend_until = now + DRAFT_WINDOW
    else:
        minutes.status = MinutesStatus.APPROVED
        minutes.amend_until = opened + timedelta(days=7)
        minutes.approved_at = min(opened + timedelta(days=8), now)
        minutes.approved_by_id = by
    db.session.add(minutes)
    db.session.flush()
    attendees = db.session.scalars(
        sa.select(Registration)
        .where(Registration.session_id == session.id, Registration.attended.is_(True))
        .order_by(Registration.id)
    ).all()
    owner = rng.choice(attendees)
    due = (session.ends_at + timedelta(days=30)).date()
    _item(minutes, ItemKind.DECISION, DECISION, by)
    _item(minutes, ItemKind.ACTION, ACTION, by, owner.user_id, due)
    _amend(minutes, owner.user_id, opened)
    return minutes


def _item(minutes, kind, texts, by, owner_id=None, due=None):
    db.session.add(
        MinutesItem(
            minutes_id=minutes.id,
            kind=kind,
            text=translated.new_text("en", **texts),
            owner_user_id=owner_id,
            due_on=due,
            created_by_id=by,
        )
    )


def _amend(minutes, author_id, opened):
    """One attendee added a line: the text before it stays in the history."""
    before = snapshot(minutes.text)
    bodies = {lang: TEXT[lang] + AMENDMENT[lang] for lang in TEXT}
    minutes.text = translated.set_text(
        minutes.text, translated.Edit("en", bodies, reviewed={"fr", "es"})
    )
    minutes.revision = 1
    db.session.add(
        MinutesAmendment(
            minutes_id=minutes.id,
            revision=1,
            author_id=author_id,
            created_at=opened + timedelta(hours=3),
            comment="Added the recording",
            previous=before,
        )
    )
