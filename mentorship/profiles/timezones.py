"""The time zones a person can choose: today's zones, named in her language.

IANA's zone.tab lists one current zone per country and area (no obsolete alias such
as Asia/Calcutta or US/Eastern). Zones of one country that keep the same clock all
year (Indiana's eleven zones and New York) are offered once, as the first zone.tab
lists. CLDR (through Babel) names each option by its country, and city where a
country has several clocks; the zone code itself is never shown.
"""

import functools
from datetime import UTC, datetime
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from flask_babel import get_locale


@functools.cache
def _zone_tab():
    """(country, zone) rows of zone.tab, in its order (most populous zone first)."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone = line.split("\t")[:3]
            rows.append((country, zone))
    return tuple(rows)


def _clock(zone, year):
    """The zone's UTC offsets mid-January and mid-July: its clock through the year."""
    tz = ZoneInfo(zone)
    return tuple(
        datetime(year, month, 15, 12, tzinfo=UTC).astimezone(tz).utcoffset()
        for month in (1, 7)
    )


@functools.cache
def _groups(year):
    """{(country, clock): zone} for every clock of every country, and its zones."""
    groups = {}
    for country, zone in _zone_tab():
        groups.setdefault((country, _clock(zone, year)), zone)
    return groups


def _year():
    return datetime.now(UTC).year


def choice_zones():
    """(country, zone) of every zone offered, one per country and clock."""
    return [(country, zone) for (country, _clock), zone in _groups(_year()).items()]


def offered_zones():
    """The set of zones offered this year."""
    return _offered(_year())


@functools.cache
def _offered(year):
    return frozenset(_groups(year).values())


def _country_of(zone):
    for country, listed in _zone_tab():
        if listed == zone:
            return country
    cldr_id = get_global("zone_aliases").get(zone, zone)
    territory = get_global("zone_territories").get(cldr_id, "")
    return territory if len(territory) == 2 and territory.isalpha() else None


def offered_zone(zone):
    """The offered zone keeping the same clock as `zone` in the same country, or None.

    'Asia/Calcutta' -> 'Asia/Kolkata'; 'America/Indiana/Knox' -> 'America/Chicago'.
    """
    try:
        clock = _clock(zone, _year())
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return None
    return _groups(_year()).get((_country_of(zone), clock))


def country_zone(country):
    """The zone to suggest for a person of `country`: its most populous, or None."""
    for listed_country, zone in choice_zones():
        if listed_country == country:
            return zone
    return None


def utc_offset(zone, now=None):
    """The zone's current offset from UTC, e.g. 'UTC+02:00'."""
    offset = ZoneInfo(zone).utcoffset(now or datetime.now(UTC))
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def zone_label(zone, country=None, now=None):
    """'Tanzania (UTC+03:00)', or 'United States, Chicago (UTC−06:00)' where the
    country has several clocks: in the reader's language, never the zone code."""
    try:
        offset = utc_offset(zone, now)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return zone or ""
    locale = Locale.parse(str(get_locale()))
    country = country or _country_of(zone)
    if not country:  # UTC, Etc/GMT+5: no place to name
        return offset
    place = locale.territories.get(country, country)
    if _clocks_in(country) > 1:
        city = get_timezone_location(zone, locale=locale, return_city=True)
        place = f"{place}, {city}"
    return f"{place} ({offset})"


def zone_name(zone, locale=None):
    """'South Africa Time', 'heure : Afrique du Sud': a zone as people say it.

    `locale` defaults to the reader's; jobs, outside any request, pass the recipient's.
    """
    try:
        offset = utc_offset(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return zone or ""
    if not _country_of(zone):  # UTC, Etc/GMT+5: no place to name
        return offset
    return get_timezone_location(zone, locale=Locale.parse(locale or str(get_locale())))


@functools.cache
def _clock_counts(year):
    counts = {}
    for country, _clock in _groups(year):
        counts[country] = counts.get(country, 0) + 1
    return counts


def _clocks_in(country):
    return _clock_counts(_year()).get(country, 0)
