"""Calendar files (RFC 5545) built with `icalendar`, never by hand.

One event per item, with a UID that is stable for the item (a calendar then updates
the event rather than adding a copy), a SEQUENCE that grows with each change, and
METHOD:CANCEL with STATUS:CANCELLED to take it out of the reader's calendar.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar

PRODID = "-//International WIM Alliance//Platform//EN"


def stable_uid(kind, entity_id, host, part=""):
    """A UID that names the item, not its current time: `<kind>-<id>[-part]@host`."""
    suffix = f"-{part}" if part else ""
    return f"{kind}-{entity_id}{suffix}@{host}"


def event_ics(
    uid,
    start,
    end,
    summary,
    description="",
    url="",
    sequence=0,
    cancelled=False,
    now=None,
):
    """One event as an .ics file (bytes, CRLF line endings, folded at 75 octets).

    `start` is an aware datetime; `end` an aware datetime or a duration (timedelta).
    """
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", _utc(now or datetime.now(UTC)))
    event.add("dtstart", _utc(start))
    if isinstance(end, timedelta):
        event.add("duration", end)
    else:
        event.add("dtend", _utc(end))
    event.add("sequence", sequence)
    event.add("summary", str(summary))
    if description:
        event.add("description", str(description))
    if url:
        event.add("url", url)
    if cancelled:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()


def _utc(moment):
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a calendar with several (a feed): see `calendar_ics`.

    `status` is "CONFIRMED", "TENTATIVE" or "CANCELLED" (a calendar that
    subscribed drops a cancelled event).
    """

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    url: str = ""
    location: str = ""
    sequence: int = 0
    status: str = "CONFIRMED"


def calendar_ics(events, name="", method="PUBLISH", now=None):
    """Several events as one .ics file (a subscribable feed, or one event's file
    with its status and location). `events` are CalendarEvent."""
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", str(name))
    stamp = _utc(now or datetime.now(UTC))
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", _utc(item.start))
        event.add("dtend", _utc(item.end))
        event.add("sequence", item.sequence)
        event.add("summary", str(item.summary))
        if item.description:
            event.add("description", str(item.description))
        if item.url:
            event.add("url", item.url)
        if item.location:
            event.add("location", item.location)
        event.add("status", item.status)
        calendar.add_component(event)
    return calendar.to_ical()
