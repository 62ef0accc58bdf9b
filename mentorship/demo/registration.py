"""A full session with an offered seat and a waitlist (the `registration` part).

One "Tailings and closure workshop" next fortnight, three seats, a 48-hour
confirmation: two members hold a seat, a third has been offered the seat someone
freed (she confirms or declines it on the session page), two more wait. Written as
rows (seeding sends no email); the offer's lapse is scheduled like a real one.
"""

from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import schedule, translated
from ..db import db, utcnow
from ..events import registration
from ..events.models import EventSeries, EventSession, Registration
from ..organisations.models import Organisation
from .plan import STAFF_DOMAIN

SLUG = "demo-workshops-waitlist"


def seed_registration(random_state=7):
    """Idempotent: does nothing when the series is there."""
    if db.session.scalar(sa.select(EventSeries.id).where(EventSeries.slug == SLUG)):
        return
    people = db.session.scalars(
        sa.select(User)
        .join(Organisation, User.organisation_id == Organisation.id)
        .where(
            Organisation.status == "member",
            ~User.email.endswith(f"@{STAFF_DOMAIN}"),
        )
        .order_by(User.id)
        .limit(5)
    ).all()
    if len(people) < 5:
        return
    start = (utcnow() + timedelta(days=14)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    series = EventSeries(
        slug=SLUG,
        kind="other",
        name=translated.new_text("en", en="Workshops", fr="Ateliers", es="Talleres"),
        confirm_hours=48,
    )
    session = EventSession(
        series=series,
        title=translated.new_text(
            "en",
            en="Tailings and closure workshop",
            fr="Atelier résidus miniers et fermeture",
            es="Taller de relaves y cierre",
        ),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        timezone="America/Lima",
        audience="members",
        capacity=3,
        join_url="https://meet.example.org/demo-workshop",
        questions=[
            {
                "id": "topic",
                "label": {
                    "en": "What would you like to discuss?",
                    "fr": "De quoi aimeriez-vous parler ?",
                    "es": "¿De qué le gustaría hablar?",
                },
                "required": False,
            }
        ],
    )
    db.session.add_all([series, session])
    db.session.flush()
    now = utcnow().replace(microsecond=0)
    statuses = ["registered", "registered", "offered", "waitlisted", "waitlisted"]
    for i, (person, status) in enumerate(zip(people, statuses, strict=True)):
        organisation = person.organisation
        row = Registration(
            session_id=session.id,
            user_id=person.id,
            organisation_id=organisation.id,
            region=organisation.region,
            status=status,
            list_visibility="everyone" if i % 2 == 0 else "organisers",
            created_at=now - timedelta(hours=10 - i),
            waitlisted_at=now - timedelta(hours=10 - i)
            if status == "waitlisted"
            else None,
            offer_expires_at=now + timedelta(hours=40) if status == "offered" else None,
        )
        db.session.add(row)
        db.session.flush()
        if status == "offered":
            schedule.schedule(
                f"event-offer:{row.id}",
                row.offer_expires_at,
                registration.LAPSE_JOB,
                {"registration_id": row.id},
            )
    db.session.flush()
