"""Issue 12's "Done when", walked as new users would, on the demo data.

The Secretariat creates a round table in London time with two seats; a member in
Lima (who reads Spanish) and a leader in Perth (who sets her zone on her account
page) each see it in their own time and register; a third person, who reads French,
is waitlisted and gets the seat when the Lima member cancels. Confirmations carry an
.ics, reminders arrive in each person's language; after the session the organiser
records attendance and publishes minutes in three languages, which the French
attendee reads in French.

Every step goes through the real pages (`pageforms.submit` reads each form from the
HTML as a browser would). Only the passing of time is simulated: the reminder sweep
is run for the moment it would run, and the session is moved into the past in the
database when "the day comes".
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mentorship import demo
from mentorship.auth.models import User
from mentorship.core import schedule
from mentorship.db import db, utcnow
from mentorship.events import times
from mentorship.events.minutes_models import Minutes
from mentorship.events.models import EventSeries, EventSession, Registration
from mentorship.organisations.models import Organisation

from .pageforms import mail_to, one, sign_in, submit, text_of

PASSWORD = demo.DEMO_PASSWORD
SECRETARIAT = "secretariat@wim-alliance.example.org"
LIMA = "lucia.mentor@wim-demo.example.org"  # Mujeres en Minería Perú, reads Spanish
PERTH = "coordinator@wim-australia.example.org"  # leads Women in Resources Australia
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def demo_data(app_ctx):
    demo.seed(n_members=60)
    db.session.commit()


def _third_person():
    """A member of a member organisation, registered for no event so far."""
    return one(
        sa.select(User.email)
        .join(Organisation, User.organisation_id == Organisation.id)
        .where(
            Organisation.status == "member",
            User.email.not_in([LIMA, PERTH]),
            User.email.endswith(".example.org"),
            ~User.email.startswith("coordinator@"),
            ~User.id.in_(sa.select(Registration.user_id)),
        )
        .order_by(User.id)
        .limit(1)
    )


def _text(content):
    """An attachment's content as text (the mail backend may decode text parts)."""
    return content if isinstance(content, str) else content.decode()


def _local(moment, zone):
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _shown(app, event, zone, locale):
    """The session's start as `events.times` writes it for that reader."""
    with app.test_request_context():
        return times.moment(event.starts_at, event.ends_at, zone, locale).starts


def test_a_round_table_from_creation_to_minutes(app, app_ctx, demo_data, outbox):
    series = one(sa.select(EventSeries).filter_by(slug="round-tables-2027"))
    third = _third_person()
    assert third, "the demo has a member with no registration"
    start = (utcnow() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)

    # 1. The Secretariat creates the session, in London time, with two seats.
    staff = app.test_client()
    sign_in(staff, SECRETARIAT, PASSWORD)
    response = submit(
        staff,
        f"/admin/events/series/{series.id}/sessions/new",
        {
            "title-source": "en",
            "title-en": "Critical minerals and women's work",
            "title-fr": "Minerais critiques et travail des femmes",
            "title-es": "Minerales críticos y trabajo de las mujeres",
            "agenda-source": "en",
            "agenda-en": "1. Welcome\n2. Figures from the regions",
            "agenda-fr": "1. Accueil\n2. Les chiffres des régions",
            "agenda-es": "1. Bienvenida\n2. Las cifras de las regiones",
            "timezone": "Europe/London",
            "starts_local": _local(start, LONDON),
            "ends_local": _local(start + timedelta(hours=1, minutes=30), LONDON),
            "join_url": "https://meet.example.org/critical-minerals",
            "audience": "members",
            "capacity": "2",
        },
        having=["starts_local"],
    )
    assert response.status_code == 200, text_of(response)[:2000]
    event = one(
        sa.select(EventSession).where(
            EventSession.series_id == series.id, EventSession.starts_at == start
        )
    )
    assert event is not None and event.timezone == "Europe/London"
    url = f"/events/{event.id}"

    # 2. The leader in Perth sets her zone on her account page.
    perth = app.test_client()
    sign_in(perth, PERTH, PASSWORD)
    submit(
        perth,
        "/account",
        {"account-timezone": "Australia/Perth"},
        having=["account-name"],
    )
    assert one(sa.select(User.timezone).filter_by(email=PERTH)) == "Australia/Perth"

    # 3. Each sees the session in her own time, with London's beside it, and registers.
    lima = app.test_client()
    sign_in(lima, LIMA, PASSWORD)
    for client, zone, locale in (
        (lima, "America/Lima", "es"),
        (perth, "Australia/Perth", "en"),
    ):
        page = text_of(client.get(url))
        assert _shown(app, event, zone, locale) in page
        assert _shown(app, event, "Europe/London", locale) in page
        answer = submit(
            client,
            url,
            {"visibility": "everyone"},
            action=f"/events/{event.id}/register",
        )
        assert answer.status_code == 200
    lima_page = text_of(lima.get(url))
    assert "Está inscrita en esta sesión." in lima_page

    # 4. A third person, who chooses French for her emails, is waitlisted.
    waiting = app.test_client()
    sign_in(waiting, third, PASSWORD)
    submit(waiting, "/account", {"account-locale": "fr"}, having=["account-name"])
    submit(
        waiting,
        url,
        {"visibility": "organisers"},
        action=f"/events/{event.id}/register",
    )
    assert "liste d’attente" in text_of(waiting.get(url))

    # Each confirmation came in her language, with the session as an .ics file.
    (to_lima,) = mail_to(outbox, LIMA)
    assert to_lima.subject.startswith("Está inscrita")
    name, ics, mime = to_lima.attachments[0]
    assert name.endswith(".ics") and mime.startswith("text/calendar")
    assert "Minerales críticos" in _text(ics) and "SEQUENCE:0" in _text(ics)
    (to_perth,) = mail_to(outbox, PERTH)
    assert to_perth.subject.startswith("You are registered")
    (to_third,) = mail_to(outbox, third)
    assert to_third.subject.startswith("Vous êtes sur la liste d’attente")

    # 5. The Lima member cancels; the seat passes to the third person at once.
    submit(lima, url, action=f"/events/{event.id}/cancel")
    statuses = dict(
        db.session.execute(
            sa.select(User.email, Registration.status)
            .join(Registration, Registration.user_id == User.id)
            .where(Registration.session_id == event.id)
        ).all()
    )
    assert statuses == {LIMA: "cancelled", PERTH: "registered", third: "registered"}
    promoted = mail_to(outbox, third)[-1]
    assert promoted.subject.startswith("Une place est à vous")
    assert promoted.attachments and promoted.attachments[0][0].endswith(".ics")
    cancelled = mail_to(outbox, LIMA)[-1]
    assert "METHOD:CANCEL" in _text(cancelled.attachments[0][1])

    # 6. Reminders: a day before, each person holding a seat, in her language.
    outbox.clear()
    schedule.due(start - timedelta(hours=24) + timedelta(minutes=1))
    titles = ("Critical minerals", "Minerais critiques", "Minerales críticos")
    ours = [m for m in outbox if any(title in m.subject for title in titles)]
    subjects = {m.to[0]: m.subject for m in ours}
    assert len(ours) == 2 and set(subjects) == {PERTH, third}  # not to Lima
    assert subjects[PERTH] == "Reminder: Critical minerals and women's work"
    assert subjects[third] == "Rappel : Minerais critiques et travail des femmes"

    # 7. The day comes; the organiser records attendance.
    event.starts_at = utcnow() - timedelta(hours=2)
    event.ends_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    ids = dict(
        db.session.execute(
            sa.select(User.email, Registration.id)
            .join(Registration, Registration.user_id == User.id)
            .where(Registration.session_id == event.id)
        ).all()
    )
    submit(
        staff,
        f"/events/{event.id}/organise",
        {f"mark-{ids[PERTH]}": "attended", f"mark-{ids[third]}": "attended"},
        action=f"/events/{event.id}/attendance",
    )
    attended = db.session.scalars(
        sa.select(Registration.user_id).where(
            Registration.session_id == event.id, Registration.attended.is_(True)
        )
    ).all()
    assert len(attended) == 2

    # 8. Minutes: opened from the agenda, completed in three languages, approved.
    minutes_url = f"/events/{event.id}/minutes"
    submit(staff, minutes_url, action=minutes_url)
    submit(
        staff,
        f"{minutes_url}/amend",
        {
            "text-source": "en",
            "text-en": "Figures from every region were shared.",
            "text-fr": "Les chiffres de chaque région ont été partagés.",
            "text-es": "Se compartieron las cifras de cada región.",
            "comment": "Final text",
        },
        having=["comment"],
    )
    submit(staff, minutes_url, {"confirm": "y"}, action=f"{minutes_url}/approve")
    minutes = one(sa.select(Minutes).filter_by(session_id=event.id))
    assert minutes.status == "approved"
    assert {lang: minutes.text.body(lang) for lang in ("en", "fr", "es")} == {
        "en": "Figures from every region were shared.",
        "fr": "Les chiffres de chaque région ont été partagés.",
        "es": "Se compartieron las cifras de cada región.",
    }
    page = text_of(waiting.get(minutes_url))
    assert "Les chiffres de chaque région ont été partagés." in page
    subjects = [m.subject for m in mail_to(outbox, third)]
    assert (
        "Compte rendu approuvé : Minerais critiques et travail des femmes" in subjects
    )
