"""This year's Steering Committee election for the demo, in its nomination phase:
five seats (at least one for Africa and one for Latin America & Caribbean, at most
one per organisation), nominations open a week ago and closing in three weeks;
member organisations' delegates nominated six people: two accepted with statements
in French and in Spanish (translated into English) and stand, one accepted and
waits for the Secretariat's check, two wait for their answer, one declined.

Through the services (the window, the number per organisation and the one accepted
nomination are the real rules), with every email silenced. Idempotent: a database
with an election already is left as it is.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import notifications, translated
from ..db import db, utcnow
from ..elections import candidacy, nominations, services, terms
from ..elections.models import Election
from ..organisations.models import Organisation
from .plan import STAFF_DOMAIN
from .theme_proposals import _delegates

STATEMENTS = {
    "fr": {
        "fr": (
            "Géologue depuis quinze ans, j'ai fondé le réseau de mentorat de mon "
            "organisation. Au Comité de pilotage, je veux que chaque région ait sa "
            "voix et que nos programmes atteignent les femmes des petites mines."
        ),
        "en": (
            "A geologist for fifteen years, I founded my organisation's mentoring "
            "network. On the Steering Committee I want every region heard and our "
            "programmes to reach women in small-scale mining."
        ),
    },
    "es": {
        "es": (
            "Ingeniera de minas, coordino desde hace seis años los programas de "
            "seguridad de mi organización. Quiero que la Alianza comparta lo que "
            "funciona entre regiones y que más mujeres lleguen a los directorios."
        ),
        "en": (
            "A mining engineer, I have run my organisation's safety programmes for "
            "six years. I want the Alliance to share what works across regions and "
            "more women to reach the boards."
        ),
    },
    "en": {
        "en": (
            "I chair my organisation's committee on mine closure. I would bring its "
            "experience of working with communities to the Steering Committee."
        ),
    },
}


def seed_elections_nominating(random_state=7):
    """Add this year's election in its nomination phase, for the terms that follow
    the current committee's (nothing if one is planned already)."""
    planned = sa.select(Election.id).where(Election.status.in_(["draft", "nominating"]))
    if db.session.scalar(planned.limit(1)) is not None:
        return
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    delegates = _delegates()
    if staff is None or len(delegates) < 4:
        return
    with notifications.muted():
        election = _election(staff)
        _nominate(election, delegates, staff)
    db.session.flush()


def _election(staff):
    now = utcnow()
    ending = [seat.ends_on for seat in terms.current_seats()]
    starts = min(ending) if ending else date(date.today().year + 1, 1, 1)
    year = date.today().year
    election = services.create(
        translated.Edit(
            "en",
            {
                "en": f"Steering Committee election {year}",
                "fr": f"Élection du Comité de pilotage {year}",
                "es": f"Elección del Comité Directivo {year}",
            },
        ),
        staff,
        seats=5,
        nominations_per_org=2,
        term_years=2,
        term_starts_on=starts,
        consecutive_terms=2,
        officers_by="allocated",
        offices=["chair", "vice_chair", "treasurer"],
        regions={"africa": (1, None), "latin_america_caribbean": (1, None)},
        nominations_open_at=now - timedelta(days=7),
        nominations_close_at=now + timedelta(days=21),
        voting_closes_at=now + timedelta(days=35),
    )
    services.open_nominations(election, staff)
    return election


def _candidates(delegates):
    """People of member organisations who are not delegates, one per organisation,
    French and Spanish speakers first."""
    taken = {person.id for person, _org in delegates}
    people = db.session.scalars(
        sa.select(User)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(Organisation.status == "member", User.erased_at.is_(None))
        .order_by(User.id)
    ).all()
    found, organisations = {}, set()
    for lang in ("fr", "es", "en", "en", "en", "en"):
        for person in people:
            if (
                person.id not in taken
                and person.organisation_id not in organisations
                and (person.locale == lang or lang == "en")
            ):
                taken.add(person.id)
                organisations.add(person.organisation_id)
                found.setdefault(lang, []).append(person)
                break
    return [p for lang in ("fr", "es", "en") for p in found.get(lang, [])]


def _nominate(election, delegates, staff):
    """Six nominations, each by another organisation's delegate, in their states."""
    candidates = _candidates(delegates)
    made = [
        nominations.nominate(election, org, person, delegate)
        for (delegate, org), person in zip(delegates, candidates, strict=False)
    ]
    for index, nomination in enumerate(made):
        person = nomination.candidate
        if index == 5:
            nominations.decline(nomination, person)
        if index > 2:
            continue  # waiting for her answer, or declined
        nominations.accept(nomination, person)
        lang = ("fr", "es", "en")[index]
        texts = STATEMENTS[lang]
        candidacy.set_statement(nomination, lang, texts[lang], person)
        if len(texts) > 1:
            edit = translated.Edit(lang, dict(texts), reviewed={"en"})
            candidacy.set_translations(nomination, edit, staff)
        if index < 2:
            nominations.check(nomination, staff, True)
