"""The reminder of a pair's next meeting, a day before it (`core.schedule`)."""

from babel.dates import format_date, format_time

from ..core import schedule
from ..db import db, utcnow
from ..email import public_url, send_email
from . import services
from .models import Mentorship, MentorshipStatus


@schedule.handler(services.NEXT_MEETING_REMINDER)
def remind_next_meeting(payload, _reminder):
    """Both members hear of the meeting, in their language and time zone."""
    mentorship = db.session.get(Mentorship, payload["mentorship_id"])
    if mentorship is None or mentorship.status != MentorshipStatus.ACTIVE:
        return
    at = mentorship.next_meeting_at
    if at is None or at <= utcnow():
        return
    for person, partner in (
        (mentorship.mentee, mentorship.mentor),
        (mentorship.mentor, mentorship.mentee),
    ):
        if person is None or person.erased_at is not None:
            continue
        zone = services.time_zone_of(person, mentorship)
        locale = person.locale or "en"
        send_email(
            person,
            "next_meeting_reminder",
            person=person,
            partner=partner,
            mentorship=mentorship,
            day=format_date(at.astimezone(zone), "full", locale=locale),
            time=format_time(at.astimezone(zone), "short", locale=locale),
            zone=services.time_zone_name(zone, locale),
            ics_url=public_url(
                "mentorships.next_meeting_ics", mentorship_id=mentorship.id
            ),
        )
