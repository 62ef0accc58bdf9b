# ruff: noqa: E501  (the minutes' lines read as whole sentences in three languages)
"""The four demo groups' monthly meetings: a year of them in each group's series
(nine past, three to come), on the group's own day and time (a third of the members
never register: they read the minutes); the past ones with
their attendance and approved minutes holding a decision and an action (the older
actions done, the recent ones open); the next one with members registered and one
invited guest (Amina, who belongs to no group, for "Role Models & Mentors").

Written as rows, not through the services: seeding sends no email. A group whose
series exists is left as it is, so seeding twice is harmless.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships, translated
from ..core.models import Body, Membership
from ..db import db, utcnow
from ..events.minutes_models import ItemKind, Minutes, MinutesItem, MinutesStatus
from ..events.models import EventSeries, EventSession, Registration
from ..events.organising import to_utc
from ..groups.meetings import nth_weekday, title_edit
from ..groups.meetings_models import MeetingGuest
from ..groups.models import WorkingGroup
from .groups import AMINA
from .plan import STAFF_DOMAIN

PAST, UPCOMING = 9, 3
ATTENDED = 0.85


@dataclass(frozen=True)
class Slot:
    ordinal: int
    weekday: int
    local: time
    zone: str
    language: str


SLOTS = {
    "role-models-mentors": Slot(2, 1, time(10, 0), "America/Lima", "es"),
    "stem-women-in-mining": Slot(1, 2, time(15, 0), "Africa/Johannesburg", "en"),
    "inclusive-workplace-design": Slot(3, 3, time(9, 0), "Australia/Perth", "en"),
    "global-data-deficit": Slot(-1, 0, time(13, 0), "Europe/London", "fr"),
}
AGENDA = {
    "en": "Round of news from the members\nProgress on the deliverables\nDecisions and actions",
    "fr": "Tour de table des membres\nAvancement des livrables\nDécisions et actions",
    "es": "Ronda de novedades de las integrantes\nAvance de los entregables\nDecisiones y acciones",
}
MINUTES = {
    "en": "The chair welcomed the members and guests.\nEach member shared her organisation's news on the theme; the group reviewed the progress of its deliverables.\nThe group agreed on the decision and the action below.",
    "fr": "La présidente a accueilli les membres et les invitées.\nChaque membre a partagé les nouvelles de son organisation sur le thème ; le groupe a fait le point sur ses livrables.\nLe groupe s'est accordé sur la décision et l'action ci-dessous.",
    "es": "La presidenta dio la bienvenida a las integrantes y a las invitadas.\nCada integrante compartió las novedades de su organización sobre el tema; el grupo revisó el avance de sus entregables.\nEl grupo acordó la decisión y la acción siguientes.",
}
DECISIONS = [
    {
        "en": "Adopt the outline of the yearly review.",
        "fr": "Adopter le plan du bilan annuel.",
        "es": "Adoptar el esquema del balance anual.",
    },
    {
        "en": "Ask every member organisation for one example of good practice.",
        "fr": "Demander à chaque organisation membre un exemple de bonne pratique.",
        "es": "Pedir a cada organización miembro un ejemplo de buena práctica.",
    },
    {
        "en": "Submit the draft recommendation to the members' comment round.",
        "fr": "Soumettre le projet de recommandation aux commentaires des membres.",
        "es": "Someter el borrador de recomendación a los comentarios de las integrantes.",
    },
]
ACTIONS = [
    {
        "en": "Collect the organisations' figures for the review.",
        "fr": "Rassembler les chiffres des organisations pour le bilan.",
        "es": "Reunir las cifras de las organizaciones para el balance.",
    },
    {
        "en": "Draft the section on good practice and circulate it.",
        "fr": "Rédiger la partie sur les bonnes pratiques et la faire circuler.",
        "es": "Redactar la sección de buenas prácticas y hacerla circular.",
    },
    {
        "en": "Prepare the slides for the next Global WIM Call.",
        "fr": "Préparer les diapositives du prochain appel mondial WIM.",
        "es": "Preparar las diapositivas de la próxima llamada global WIM.",
    },
]


def seed_group_meetings(random_state=7):
    """A year of monthly meetings for each demo group that has no series yet;
    flushes, the caller commits."""
    rng = random.Random(random_state)
    staff = _by_email(f"secretariat@{STAFF_DOMAIN}")
    now = utcnow()
    for slug, slot in SLOTS.items():
        group = _group(slug)
        if group is None or _has_series(group):
            continue
        members = _members(group)
        if not members:
            continue
        series = _series(group, staff)
        sessions = [
            _session(series, group, day, slot, staff) for day in _days(slot, now)
        ]
        db.session.flush()
        # A third of the members never come: they read the minutes instead.
        regulars = [p for n, p in enumerate(members) if n % 3 != 2]
        for n, session in enumerate(sessions):
            if session.ends_at <= now:
                _past(session, regulars, staff, n, rng, now)
            else:
                _upcoming(session, regulars, rng, now)
        _guest(group, sessions, members, staff, now)
    db.session.flush()


def _group(slug):
    return db.session.scalar(
        sa.select(WorkingGroup).join(Body).where(Body.slug == slug)
    )


def _has_series(group):
    found = sa.select(EventSeries.id).where(
        EventSeries.body_id == group.body_id, EventSeries.kind == "working_group"
    )
    return db.session.scalar(found.limit(1)) is not None


def _members(group):
    """The group's current members, in id order."""
    return db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.body_id == group.body_id, memberships.current())
        .order_by(User.id)
    ).all()


def _series(group, staff):
    name = group.body.name
    bodies = {lang: row.body for lang, row in name.translations.items() if row.body}
    series = EventSeries(
        slug=f"{group.slug}-meetings",
        kind="working_group",
        name=translated.set_text(
            None, translated.Edit(name.source_lang, bodies, reviewed=set(bodies))
        ),
        default_audience="working_group",
        body_id=group.body_id,
        created_by_id=staff.id if staff else None,
    )
    db.session.add(series)
    return series


def _days(slot, now):
    """PAST meeting days before this month and UPCOMING from it (by month)."""
    year, month = now.year, now.month
    days = []
    for shift in range(-PAST, UPCOMING + 1):
        y, m = divmod((year * 12 + month - 1) + shift, 12)
        days.append(nth_weekday(y, m + 1, slot.ordinal, slot.weekday))
    starts = [to_utc(datetime.combine(d, slot.local), slot.zone) for d in days]
    past = [d for d, s in zip(days, starts, strict=True) if s < now][-PAST:]
    coming = [d for d, s in zip(days, starts, strict=True) if s >= now][:UPCOMING]
    return past + coming


def _session(series, group, day, slot, staff):
    starts = to_utc(datetime.combine(day, slot.local), slot.zone)
    session = EventSession(
        series=series,
        title=translated.set_text(None, title_edit(group, day)),
        agenda=translated.new_text("en", **AGENDA),
        theme_id=group.theme_id,
        language=slot.language,
        interpretations=[],
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        timezone=slot.zone,
        join_url=f"https://meet.example.org/wim/{group.slug}-{day:%Y-%m}",
        audience="working_group",
        organiser_id=staff.id if staff else None,
    )
    db.session.add(session)
    return session


def _register(session, person, when, attended=None):
    organisation = person.organisation
    registration = Registration(
        session_id=session.id,
        user_id=person.id,
        organisation_id=organisation.id if organisation else None,
        region=organisation.region if organisation else None,
        status="registered",
        list_visibility="everyone" if person.id % 3 else "organisers",
        created_at=when,
        updated_at=when,
    )
    if attended is not None:
        registration.attended = attended
        registration.attendance_source = "organiser"
        registration.attendance_marked_at = session.ends_at + timedelta(hours=20)
    db.session.add(registration)
    return registration


def _past(session, members, staff, n, rng, now):
    """Attendance, then approved minutes with one decision and one action."""
    joined = session.starts_at - timedelta(days=10)
    present = []
    for person in members:
        came = rng.random() < ATTENDED
        _register(session, person, joined, attended=came)
        if came:
            present.append(person)
    db.session.flush()
    if not present:
        return
    by = staff.id if staff else session.organiser_id
    opened = session.ends_at + timedelta(days=1)
    minutes = Minutes(
        session_id=session.id,
        status=MinutesStatus.APPROVED,
        text=translated.new_text("en", **MINUTES),
        amend_until=opened + timedelta(days=7),
        opened_at=opened,
        opened_by_id=by,
        approved_at=min(opened + timedelta(days=8), now),
        approved_by_id=by,
    )
    db.session.add(minutes)
    db.session.flush()
    due = (session.ends_at + timedelta(days=45)).date()
    owner = present[n % len(present)]
    done = due < now.date() - timedelta(days=30)
    for kind, texts, owner_id, due_on in (
        (ItemKind.DECISION, DECISIONS[n % len(DECISIONS)], None, None),
        (ItemKind.ACTION, ACTIONS[n % len(ACTIONS)], owner.id, due),
    ):
        db.session.add(
            MinutesItem(
                minutes_id=minutes.id,
                kind=kind,
                text=translated.new_text("en", **texts),
                owner_user_id=owner_id,
                due_on=due_on,
                done_at=opened + timedelta(days=30) if done and owner_id else None,
                done_by_id=owner_id if done and owner_id else None,
                created_at=opened,
                created_by_id=by,
            )
        )


def _upcoming(session, members, rng, now):
    """The next meeting: most members registered; later ones: a few."""
    share = 0.7 if session.starts_at - now < timedelta(days=35) else 0.3
    for person in members:
        if rng.random() < share:
            _register(session, person, now - timedelta(days=2))


def _guest(group, sessions, members, staff, now):
    """One guest on the next meeting: Amina for Role Models & Mentors, else the
    first person of a member organisation outside the group."""
    upcoming = [s for s in sessions if s.starts_at > now]
    if not upcoming:
        return
    guest = _by_email(AMINA) if group.slug == "role-models-mentors" else None
    if guest is None or guest in members:
        inside = sa.select(Membership.user_id).where(
            Membership.body_id == group.body_id
        )
        guest = db.session.scalar(
            sa.select(User)
            .where(
                User.organisation_id.is_not(None),
                User.erased_at.is_(None),
                User.id.not_in(inside),
                User.email != AMINA,
            )
            .order_by(User.id)
            .limit(1)
        )
    if guest is None:
        return
    db.session.add(
        MeetingGuest(
            session_id=upcoming[0].id,
            user_id=guest.id,
            invited_by_id=staff.id if staff else None,
            invited_at=now - timedelta(days=3),
        )
    )


def _by_email(email):
    return db.session.scalar(sa.select(User).where(User.email == email))
