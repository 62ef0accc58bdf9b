"""The annual consultation of the member organisations: last year's, closed with
its results (confidential: aggregates published), and this year's, cloned from
it and open, some organisations with a draft and some submitted.

Written as rows, not through the services' open and submit: seeding sends no email.
Organisations answer through their current voting delegate, alternate or leader
(demo/roles.py names them).
"""

import random
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..consultations import answers as answer_rules
from ..consultations import notify, services
from ..consultations.answers import QuestionSpec
from ..consultations.models import Answer, Comment, Consultation, Response
from ..core import memberships, translated
from ..core.models import Membership
from ..db import db, utcnow
from ..organisations.models import Organisation
from ..policy.consultations import RESPONDERS
from .plan import STAFF_DOMAIN

TITLE = {
    "en": "Annual consultation of the member organisations",
    "fr": "Consultation annuelle des organisations membres",
    "es": "Consulta anual de las organizaciones miembro",
}
INTRO = {
    "en": "Each year the Secretariat asks every member organisation how the Alliance "
    "served it and what it should focus on next. Your organisation answers once.",
    "fr": "Chaque année, le Secrétariat demande à chaque organisation membre comment "
    "l'Alliance l'a servie et sur quoi elle devrait se concentrer. Votre "
    "organisation répond une fois.",
    "es": "Cada año, la Secretaría pregunta a cada organización miembro cómo le ha "
    "servido la Alianza y en qué debería centrarse. Su organización responde una "
    "vez.",
}
QUESTIONS = [
    (
        "single",
        {
            "en": "Did your organisation take part in an Alliance activity this year?",
            "fr": "Votre organisation a-t-elle participé à une activité de l'Alliance "
            "cette année ?",
            "es": "¿Participó su organización en una actividad de la Alianza este año?",
        },
        [
            {"en": "Yes", "fr": "Oui", "es": "Sí"},
            {"en": "No", "fr": "Non", "es": "No"},
        ],
        True,
    ),
    (
        "multiple",
        {
            "en": "Which ones?",
            "fr": "Lesquelles ?",
            "es": "¿Cuáles?",
        },
        [
            {
                "en": "Global WIM Calls",
                "fr": "Appels WIM mondiaux",
                "es": "Llamadas WIM",
            },
            {"en": "Round tables", "fr": "Tables rondes", "es": "Mesas redondas"},
            {"en": "Mentoring", "fr": "Mentorat", "es": "Mentoría"},
            {"en": "Working groups", "fr": "Groupes de travail", "es": "Grupos"},
        ],
        False,
    ),
    (
        "scale",
        {
            "en": "How useful was the Alliance to your organisation?",
            "fr": "Quelle a été l'utilité de l'Alliance pour votre organisation ?",
            "es": "¿Qué utilidad tuvo la Alianza para su organización?",
        },
        [],
        True,
    ),
    (
        "text",
        {
            "en": "What should the Alliance focus on next year?",
            "fr": "Sur quoi l'Alliance devrait-elle se concentrer l'an prochain ?",
            "es": "¿En qué debería centrarse la Alianza el próximo año?",
        },
        [],
        False,
    ),
]
FOCUS = (
    "Gender-disaggregated data from every member.",
    "More mentoring pairs across regions.",
    "Safety equipment designed for women.",
    "Round tables in Spanish and French.",
    "Support for new organisations in Africa.",
)


def seed_consultations(random_state=7):
    """Add last year's and this year's annual consultations, once."""
    taken = db.session.scalar(
        sa.select(Consultation.id).where(
            translated.body_in(Consultation.title_id, "en") == TITLE["en"]
        )
    )
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    if taken or staff is None:
        return None
    rng = random.Random(random_state)
    today = utcnow().date()
    voices = _voices(count=10)
    last = _consultation(staff, today - timedelta(days=380), today - timedelta(345))
    last.status, last.closed_at = "closed", _at(today - timedelta(days=340))
    for organisation, person in voices[:8]:
        _respond(last, organisation, person, _given(last, rng), submitted=True)
    current = services.clone(last, staff)
    current.opens_on, current.closes_on = today - timedelta(10), today + timedelta(20)
    current.status, current.opened_at = "open", _at(today - timedelta(days=10))
    db.session.flush()
    for n, (organisation, person) in enumerate(voices[:6]):
        response = _respond(
            current, organisation, person, _given(current, rng), submitted=n % 2 == 0
        )
        if n % 2:
            db.session.add(
                Comment(
                    response_id=response.id,
                    author_id=person.id,
                    body="Our board should confirm the answer on priorities.",
                )
            )
    db.session.flush()
    notify.schedule_reminders(current)
    return current


def _consultation(staff, opens_on, closes_on):
    consultation = services.create(
        translated.Edit("en", TITLE),
        translated.Edit("en", INTRO),
        "confidential",
        opens_on,
        closes_on,
        staff,
    )
    for kind, label, options, required in QUESTIONS:
        spec = QuestionSpec(
            kind=kind,
            label=translated.Edit("en", label),
            required=required,
            options=[translated.Edit("en", option) for option in options],
            scale_min=1 if kind == "scale" else None,
            scale_max=5 if kind == "scale" else None,
        )
        if kind == "multiple":  # only asked of those who took part
            spec.condition_option_id = consultation.questions[0].options[0].id
        services.save_question(consultation, None, spec, staff)
    consultation.status = "open"
    consultation.opened_at = _at(opens_on)
    return consultation


def _at(day):
    return datetime.combine(day, time(9), UTC)


def _given(consultation, rng):
    took_part, which, useful, focus = consultation.questions
    yes = rng.random() < 0.8
    given = {
        took_part.id: took_part.options[0 if yes else 1].id,
        useful.id: rng.choice((3, 4, 4, 5, 5)),
        focus.id: rng.choice(FOCUS),
    }
    if yes:
        given[which.id] = sorted(
            {option.id for option in which.options if rng.random() < 0.5}
            or {which.options[0].id}
        )
    return given


def _respond(consultation, organisation, person, given, submitted):
    moment = _at(consultation.opens_on + timedelta(days=3))
    response = Response(
        consultation_id=consultation.id,
        organisation_id=organisation.id,
        status="submitted" if submitted else "draft",
        updated_by_id=person.id,
        submitted_at=moment if submitted else None,
        submitted_by_id=person.id if submitted else None,
    )
    db.session.add(response)
    db.session.flush()
    questions = list(consultation.questions)
    kept = answer_rules.kept(questions, given)
    for question_id, option_id, scale, text in answer_rules.rows_of(questions, kept):
        db.session.add(
            Answer(
                response_id=response.id,
                question_id=question_id,
                option_id=option_id,
                scale_value=scale,
                text=text,
            )
        )
    return response


def _voices(count):
    """(organisation, one of its voting delegate, alternate or leader) for up to
    `count` member organisations that have one."""
    rows = db.session.execute(
        sa.select(Organisation, User)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .join(User, User.id == Membership.user_id)
        .where(
            Organisation.status == "member",
            Membership.position.in_(RESPONDERS),
            memberships.current(),
        )
        .order_by(Organisation.name, Membership.position.desc(), User.id)
    ).all()
    voices, seen = [], set()
    for organisation, person in rows:
        if organisation.id not in seen:
            seen.add(organisation.id)
            voices.append((organisation, person))
    return voices[:count]
