"""Each reader's clock beside the session's: never a raw UTC.

`reader_zone(user)` is the zone a person reads times in: her profile's, else her
organisation's country's main zone, else the browser's (the `tz` cookie set by
static/js/timezone.js), else None (the page then shows the session's own zone
alone). `of(session, zone)` is what `templates/events/_when.html` draws: the start
and end in her zone, and in the session's zone when it differs.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime, format_time
from flask import has_request_context, request
from flask_babel import get_locale

from ..profiles import timezones

COOKIE = "tz"


def valid_zone(name):
    """The zone if IANA knows it (today's name for an alias), else None."""
    if not name or not isinstance(name, str) or len(name) > 64:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return timezones.offered_zone(name) or name


def reader_zone(user):
    """The zone key a person reads times in, or None when nothing tells."""
    if user is not None and getattr(user, "is_authenticated", False):
        for profile in user.profiles:
            if valid_zone(profile.timezone):
                return valid_zone(profile.timezone)
        organisation = user.organisation
        if organisation is not None and organisation.country:
            zone = timezones.country_zone(organisation.country)
            if zone:
                return zone
    if has_request_context():
        return valid_zone(request.cookies.get(COOKIE))
    return None


@dataclass(frozen=True)
class Moment:
    """A start and end as one reader sees them."""

    starts: str
    ends: str
    zone: str  # 'Peru (UTC−05:00)'
    iso: str  # the start in ISO 8601 with its offset, for <time datetime>


@dataclass(frozen=True)
class Times:
    """The reader's view (None when her zone is unknown) and the session's own."""

    reader: Moment | None
    session: Moment

    @property
    def differ(self):
        return self.reader is not None and self.reader.zone != self.session.zone


def moment(starts_at, ends_at, zone, locale=None):
    tz = ZoneInfo(zone)
    locale = locale or str(get_locale())
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    ends = (
        format_time(end, "short", locale=locale)
        if end.date() == start.date()
        else format_datetime(end, "medium", locale=locale)
    )
    return Moment(
        starts=format_datetime(start, "medium", locale=locale),
        ends=ends,
        zone=timezones.zone_label(zone, now=starts_at),
        iso=start.isoformat(),
    )


def of(session, zone, locale=None):
    """The session's times for a reader in `zone` (a key, or None)."""
    own = moment(session.starts_at, session.ends_at, session.timezone, locale)
    reader = None
    if zone and zone != session.timezone:
        reader = moment(session.starts_at, session.ends_at, zone, locale)
    elif zone:
        reader = own
    return Times(reader=reader, session=own)


def now_in(zone):
    return datetime.now(ZoneInfo(zone))
