"""What the events' pages read: the calendar (filtered and paginated in SQL, only
what the reader may see), a session, a series, her registrations, and the home
page's panel (availability and counts: `events.published`).

Every query here scopes with `policy.visible_sessions(reader)`; the pages never load
a session and then ask whether to show it.
"""

import json
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, lazyload, selectinload

from .. import policy, vocab
from ..core.pagination import paginate
from ..core.translated import name_only
from ..db import db, utcnow
from ..organisations.models import Theme
from . import times
from .models import (
    SEATED,
    EventSeries,
    EventSession,
    Registration,
    RegistrationStatus,
    SessionStatus,
)

PER_PAGE = 20
WHEN = ("upcoming", "past")


@dataclass(frozen=True)
class Filters:
    """The calendar's filters, each checked against what may be chosen."""

    when: str = "upcoming"
    series: str = ""  # a series' slug
    theme: str = ""  # a theme's slug
    language: str = ""  # spoken in, or interpreted into, this language
    spoken_only: bool = False  # no interpretation: spoken in it

    @classmethod
    def from_args(cls, args, choices):
        """Unknown values are ignored (the filter is left off), never an error."""

        def pick(name, allowed):
            value = args.get(name, "", type=str)
            return value if value in allowed else ""

        return cls(
            when=pick("when", WHEN) or "upcoming",
            series=pick("series", {s.slug for s in choices.series}),
            theme=pick("theme", {t.slug for t in choices.themes}),
            language=pick("language", set(choices.languages)),
            spoken_only=args.get("spoken", "") == "1",
        )

    @property
    def active(self):
        return bool(self.series or self.theme or self.language)


@dataclass(frozen=True)
class Choices:
    series: list  # EventSeries the reader may see a session of
    themes: list  # Theme
    languages: list  # codes, spoken or interpreted in some session she may see


def _listed():
    """Loader options of a session shown in a list: its title, its series' and
    theme's names; not its description or agenda."""
    return (
        *name_only(None, EventSession.title, EventSession.description),
        lazyload(EventSession.agenda),
        *name_only(EventSession.series, EventSeries.name, EventSeries.description),
        *name_only(EventSession.theme, Theme.name),
    )


def _title_only():
    """Loader options of a session shown by its title and time alone (her home
    page): its series without names (the audience check reads its body), no theme.
    A third of `_listed`'s rows: each joined text multiplies them by its languages."""
    return (
        *name_only(None, EventSession.title, EventSession.description),
        lazyload(EventSession.agenda),
        joinedload(EventSession.series).options(
            lazyload(EventSeries.name), lazyload(EventSeries.description)
        ),
        lazyload(EventSession.theme),
    )


def choices(reader):
    """The series, themes and languages the reader's filters offer."""
    visible = policy.visible_sessions(reader)
    series = (
        db.session.scalars(
            sa.select(EventSeries)
            .options(*name_only(None, EventSeries.name, EventSeries.description))
            .where(EventSeries.id.in_(sa.select(EventSession.series_id).where(visible)))
            .order_by(EventSeries.created_at.desc(), EventSeries.id.desc())
        )
        .unique()
        .all()
    )
    themes = (
        db.session.scalars(
            sa.select(Theme)
            .options(*name_only(None, Theme.name))
            .where(Theme.active.is_(True))
            .order_by(Theme.id)
        )
        .unique()
        .all()
    )
    languages = set()
    # As text: PostgreSQL has no equality on json, hence no DISTINCT of it.
    for spoken, interpretations in db.session.execute(
        sa.select(EventSession.language, sa.cast(EventSession.interpretations, sa.Text))
        .where(visible)
        .distinct()
    ):
        languages.add(spoken)
        languages.update(json.loads(interpretations or "[]") or ())
    order = {code: n for n, code in enumerate(vocab.SPOKEN_LANGUAGES)}
    return Choices(
        series=series,
        themes=themes,
        languages=sorted(languages, key=lambda c: (order.get(c, len(order)), c)),
    )


def _interpreted_into(code):
    """SQL: the session offers interpretation into `code` (a known language code;
    the JSON list is matched as text, the same on SQLite and PostgreSQL)."""
    return sa.cast(EventSession.interpretations, sa.Text).like(f'%"{code}"%')


def calendar(reader, filters, page, now=None, per_page=PER_PAGE):
    """One page of the sessions the reader may see, as the filters ask."""
    now = now or utcnow()
    query = sa.select(EventSession).where(policy.visible_sessions(reader))
    if filters.when == "past":
        query = query.where(EventSession.ends_at <= now).order_by(
            EventSession.starts_at.desc(), EventSession.id.desc()
        )
    else:
        query = query.where(EventSession.ends_at > now).order_by(
            EventSession.starts_at, EventSession.id
        )
    if filters.series:
        query = query.where(
            EventSession.series_id.in_(
                sa.select(EventSeries.id).where(EventSeries.slug == filters.series)
            )
        )
    if filters.theme:
        query = query.where(
            EventSession.theme_id.in_(
                sa.select(Theme.id).where(Theme.slug == filters.theme)
            )
        )
    if filters.language:
        spoken = EventSession.language == filters.language
        query = query.where(
            spoken
            if filters.spoken_only
            else sa.or_(spoken, _interpreted_into(filters.language))
        )
    return paginate(query.options(*_listed()), page, per_page)


def series_sessions(series, reader, now=None):
    """(upcoming, past) sessions of a series that the reader may see."""
    now = now or utcnow()
    sessions = (
        db.session.scalars(
            sa.select(EventSession)
            .options(*_listed())
            .where(EventSession.series_id == series.id, policy.visible_sessions(reader))
            .order_by(EventSession.starts_at, EventSession.id)
        )
        .unique()
        .all()
    )
    upcoming = [s for s in sessions if s.ends_at > now]
    past = [s for s in sessions if s.ends_at <= now][::-1]
    return upcoming, past


def session_page(session_id):
    """A session with what its page shows loaded (its texts, series, theme,
    organiser, reservations), or None."""
    return (
        db.session.scalars(
            sa.select(EventSession)
            .options(
                joinedload(EventSession.series).joinedload(EventSeries.body),
                joinedload(EventSession.theme),
                joinedload(EventSession.organiser),
                selectinload(EventSession.reservations),
            )
            .where(EventSession.id == session_id)
        )
        .unique()
        .one_or_none()
    )


def series_by_slug(slug):
    return db.session.scalar(
        sa.select(EventSeries)
        .options(joinedload(EventSeries.body))
        .where(EventSeries.slug == slug)
    )


# --- Her events ----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One of her registrations as her page shows it."""

    registration: Registration
    session: EventSession
    waitlist_position: int | None = None
    # An offered seat's deadline in her clock (events.times.Moment), else None.
    deadline: object = None


def _place(registration, positions, zone):
    expires = registration.offer_expires_at
    deadline = None
    if registration.status == RegistrationStatus.OFFERED and expires is not None:
        deadline = times.moment(expires, expires, zone or registration.session.timezone)
    return Place(
        registration, registration.session, positions.get(registration.id), deadline
    )


@dataclass
class MyEvents:
    upcoming: list = field(default_factory=list)  # of Place, soonest first
    past: list = field(default_factory=list)  # most recent first
    cancelled: list = field(default_factory=list)


def _waitlist_statement():
    ahead = aliased(Registration)
    return (
        sa.select(Registration.id, sa.func.count(ahead.id))
        .outerjoin(
            ahead,
            sa.and_(
                ahead.session_id == Registration.session_id,
                ahead.status == RegistrationStatus.WAITLISTED,
                sa.or_(
                    ahead.waitlisted_at < Registration.waitlisted_at,
                    sa.and_(
                        ahead.waitlisted_at == Registration.waitlisted_at,
                        ahead.id < Registration.id,
                    ),
                ),
            ),
        )
        .where(Registration.id.in_(sa.bindparam("ids", expanding=True)))
        .group_by(Registration.id)
    )


# Built once: constructing this self-join cost her home page ~1 ms per view.
WAITLIST_POSITIONS = _waitlist_statement()


def _waitlist_positions(registration_ids):
    """{registration id: her place on its session's waitlist, from 1}."""
    if not registration_ids:
        return {}
    rows = db.session.execute(WAITLIST_POSITIONS, {"ids": list(registration_ids)})
    return {registration_id: n + 1 for registration_id, n in rows}


def _her_registrations(user, *conditions, order=None, limit=None, loading=_listed):
    query = (
        sa.select(Registration)
        .join(Registration.session)
        .options(joinedload(Registration.session).options(*loading()))
        .where(Registration.user_id == user.id, *conditions)
        .order_by(*(order or (EventSession.starts_at,)))
    )
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).unique().all()


def mine(user, now=None):
    """Her registrations: upcoming (seat, offer, waitlist with her place), past
    (attended or not) and cancelled (by her, by the organiser, or lapsed)."""
    now = now or utcnow()
    found = MyEvents()
    registrations = _her_registrations(user)
    waiting = [r.id for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    positions = _waitlist_positions(waiting)
    zone = times.reader_zone(user)
    for registration in registrations:
        session = registration.session
        place = _place(registration, positions, zone)
        active = registration.status in (*SEATED, RegistrationStatus.WAITLISTED)
        if session.is_cancelled or not active:
            found.cancelled.append(place)
        elif session.has_ended(now):
            found.past.append(place)
        else:
            found.upcoming.append(place)
    found.past.reverse()
    found.cancelled.sort(key=lambda p: p.session.starts_at, reverse=True)
    return found


# --- Her home page --------------------------------------------------------------------

HOME_LIMIT = 3


@dataclass(frozen=True)
class HomeEvents:
    next: list  # of Place: her next sessions (seat, offer or waitlist)
    open: list  # EventSession open for registration to her, not registered
    times: dict  # session id -> events.times.Times


def home(user, now=None):
    """Her next events and the sessions open for registration in her audience."""

    now = now or utcnow()
    upcoming = _her_registrations(
        user,
        EventSession.ends_at > now,
        EventSession.status == SessionStatus.SCHEDULED,
        Registration.status.in_((*SEATED, RegistrationStatus.WAITLISTED)),
        limit=HOME_LIMIT,
        loading=_title_only,
    )
    positions = _waitlist_positions(
        [r.id for r in upcoming if r.status == RegistrationStatus.WAITLISTED]
    )
    hers = sa.select(Registration.session_id).where(
        Registration.user_id == user.id,
        Registration.status.not_in(
            (RegistrationStatus.CANCELLED, RegistrationStatus.LAPSED)
        ),
    )
    open_now = (
        db.session.scalars(
            sa.select(EventSession)
            .options(*_title_only())
            .where(
                policy.visible_sessions(user),
                EventSession.status == SessionStatus.SCHEDULED,
                EventSession.starts_at > now,
                sa.or_(
                    EventSession.registration_opens_at.is_(None),
                    EventSession.registration_opens_at <= now,
                ),
                sa.or_(
                    EventSession.registration_closes_at.is_(None),
                    EventSession.registration_closes_at > now,
                ),
                EventSession.id.not_in(hers),
            )
            .order_by(EventSession.starts_at, EventSession.id)
            .limit(HOME_LIMIT)
        )
        .unique()
        .all()
    )
    open_now = [s for s in open_now if policy.is_in_audience(user, s)]
    zone = times.reader_zone(user)
    shown = [r.session for r in upcoming] + open_now
    return HomeEvents(
        next=[_place(r, positions, zone) for r in upcoming],
        open=open_now,
        times={s.id: times.of(s, zone) for s in shown},
    )
