"""Each reader's clock beside the session's: never a raw UTC.

`reader_zone(user)` is the zone a person reads times in, the first of:

1. her profile's zone;
2. the zone she chose on her account page (`users.timezone`);
3. her organisation's country's main zone;
4. her browser's zone (the `tz` cookie set by static/js/browser-zone.js), validated;
5. the country of her browser's language region (Accept-Language `es-PE` -> Lima);

else None: the page then shows the session's own zone alone, and says so.
`of(session, zone)` is what `templates/events/_when.html` draws: the start and end in
her zone, and in the session's zone when it differs. `strip(session)` is the
session's time in the Alliance's main member regions, each named by its city in
the reader's language (CLDR), with "next day" / "previous day" marks.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_skeleton, format_time, get_timezone_location
from flask import has_request_context, request
from flask_babel import get_locale

from ..profiles import timezones

COOKIE = "tz"

# Where the Alliance's members are: one clock per main member region, west to east.
REGIONAL_ZONES = (
    "America/Lima",
    "America/Mexico_City",
    "America/Toronto",
    "Europe/London",
    "Africa/Accra",
    "Africa/Johannesburg",
    "Australia/Perth",
    "Australia/Sydney",
)

# A country with several clocks: the one most of its people live by (zone.tab lists
# St John's first for Canada, Lord Howe for Australia).
MAIN_ZONES = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CD": "Africa/Kinshasa",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "MN": "Asia/Ulaanbaatar",
    "MX": "America/Mexico_City",
    "NZ": "Pacific/Auckland",
    "PG": "Pacific/Port_Moresby",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "US": "America/New_York",
}


def main_zone(country):
    """The zone most people of `country` live by, or None."""
    if not country:
        return None
    zone = MAIN_ZONES.get(country)
    if zone:
        return timezones.offered_zone(zone) or zone
    return timezones.country_zone(country)


def valid_zone(name):
    """The zone if IANA knows it (today's name for an alias), else None."""
    if not name or not isinstance(name, str) or len(name) > 64:
        return None
    if name.startswith(("/", ".")) or ".." in name or "\x00" in name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return timezones.offered_zone(name) or name


def account_zone(user):
    """Her own choice: her profile's zone, else her account's, else None."""
    for profile in user.profiles:
        if valid_zone(profile.timezone):
            return valid_zone(profile.timezone)
    return valid_zone(getattr(user, "timezone", None))


def person_zone(user):
    """The zone of a person, from what the platform knows of her (no request):
    profile, account, then her organisation's country. None when nothing tells."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    zone = account_zone(user)
    if zone:
        return zone
    organisation = user.organisation
    if organisation is not None and organisation.country:
        return main_zone(organisation.country)
    return None


def browser_zone():
    """The browser's zone (the `tz` cookie), else its language region's country's."""
    if not has_request_context():
        return None
    zone = valid_zone(request.cookies.get(COOKIE))
    if zone:
        return zone
    return language_region_zone(request.accept_languages)


def language_region_zone(accept_languages):
    """'es-PE' -> America/Lima: the main zone of the first language with a region."""
    for value, _quality in accept_languages:
        _language, _sep, region = value.replace("_", "-").partition("-")
        region = region.split("-")[-1] if region else ""
        if len(region) == 2 and region.isalpha():
            zone = main_zone(region.upper())
            if zone:
                return zone
    return None


def reader_zone(user):
    """The zone key a person reads times in, or None when nothing tells."""
    return person_zone(user) or browser_zone()


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

    @property
    def unknown(self):
        """Her zone is unknown: the session's own zone is shown alone, labelled."""
        return self.reader is None


def _locale(locale=None):
    return str(locale or get_locale() or "en")


def moment(starts_at, ends_at, zone, locale=None):
    tz = ZoneInfo(zone)
    locale = _locale(locale)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    ends = (
        format_time(end, "short", locale=locale)
        if end.date() == start.date()
        else _day_and_time(end, locale)
    )
    return Moment(
        starts=_day_and_time(start, locale),
        ends=ends,
        zone=timezones.zone_label(zone, now=starts_at),
        iso=start.isoformat(),
    )


def _day_and_time(moment, locale):
    """'Wed, Mar 10, 2027, 9:00 AM', 'mer. 10 mars 2027 à 09:00': the weekday
    helps when the reader's day is not the organiser's; no seconds."""
    pattern = Locale.parse(locale).datetime_formats["medium"]
    pattern = str(getattr(pattern, "pattern", pattern))
    return pattern.replace(
        "{1}", format_skeleton("yMMMEd", moment, locale=locale)
    ).replace("{0}", format_time(moment, "short", locale=locale))


def of(session, zone, locale=None):
    """The session's times for a reader in `zone` (a key, or None)."""
    own = moment(session.starts_at, session.ends_at, session.timezone, locale)
    reader = None
    if zone and zone != session.timezone:
        reader = moment(session.starts_at, session.ends_at, zone, locale)
    elif zone:
        reader = own
    return Times(reader=reader, session=own)


@dataclass(frozen=True)
class Place:
    """The session's start in one of the Alliance's regions."""

    city: str  # 'Lima', 'Ciudad de México': CLDR's name in the reader's language
    time: str  # '09:00'
    day: int  # -1 the day before the session's own date, 0 the same, +1 the next
    iso: str
    zone: str  # the IANA key, for tests and <time>; never shown


def strip(session, locale=None, zones=REGIONAL_ZONES):
    """The session's start in each main member region, west to east."""
    locale = _locale(locale)
    babel_locale = Locale.parse(locale)
    own_date = session.starts_at.astimezone(ZoneInfo(session.timezone)).date()
    places = []
    for zone in zones:
        start = session.starts_at.astimezone(ZoneInfo(zone))
        day = (start.date() - own_date).days
        places.append(
            Place(
                city=get_timezone_location(zone, locale=babel_locale, return_city=True),
                time=format_time(start, "short", locale=locale),
                day=max(-1, min(1, day)),
                iso=start.isoformat(),
                zone=zone,
            )
        )
    return places
