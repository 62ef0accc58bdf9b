# ruff: noqa: E501  (the reports' lines read as whole sentences in three languages)
"""The Steering Committee's space for the demo: its series of meetings (three past,
one to come, the second Thursday of each month at 15:00 in Paris) and its reports, the
last two quarters' published and the current one's in draft.

Through the services with every email silenced: seeding sends no email. The
committee's members come from the elections' demo when there is one; the space
works without them (the Secretariat and the "steering" account see it). Idempotent:
a database with a committee report already is left as it is.
"""

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import notifications, translated
from ..core.transitions import update_if
from ..db import db, utcnow
from ..elections import reports, space
from ..elections.models_reports import CommitteeReport
from ..groups.meetings import nth_weekday
from .plan import STAFF_DOMAIN

MEETING_AT = time(15, 0)  # Paris: morning in the Americas, evening in Asia

TITLES = {
    "en": "The Steering Committee's report for {period}",
    "fr": "Rapport du Comité de pilotage pour {period}",
    "es": "Informe del Comité Directivo para {period}",
}
BODIES = {
    "en": (
        "The committee met once a month during {period}. It endorsed the working "
        "groups' recommendations sent to it and followed the preparation of the "
        "next election.\n"
        "The Secretariat's figures on mentoring and events are on the Alliance's "
        "results pages. Write to the Secretariat with any question for the committee."
    ),
    "fr": (
        "Le comité s'est réuni une fois par mois pendant la période {period}. Il a "
        "approuvé les recommandations que les groupes de travail lui ont transmises "
        "et suivi la préparation de la prochaine élection.\n"
        "Les chiffres du Secrétariat sur le mentorat et les événements figurent sur "
        "les pages de résultats de l'Alliance. Écrivez au Secrétariat pour toute "
        "question au comité."
    ),
    "es": (
        "El comité se reunió una vez al mes durante el período {period}. Respaldó "
        "las recomendaciones que le enviaron los grupos de trabajo y siguió la "
        "preparación de la próxima elección.\n"
        "Las cifras de la Secretaría sobre mentoría y eventos están en las páginas "
        "de resultados de la Alianza. Escriba a la Secretaría con cualquier pregunta "
        "para el comité."
    ),
}
MEETING_TITLES = {
    "en": "Steering Committee meeting, {month}",
    "fr": "Réunion du Comité de pilotage, {month}",
    "es": "Reunión del Comité Directivo, {month}",
}


def seed_elections_space(random_state=7):
    """Add the committee's meetings and reports; flushes, the caller commits."""
    if db.session.scalar(sa.select(CommitteeReport.id).limit(1)) is not None:
        return
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    if staff is None:
        return
    today = utcnow().date()
    with notifications.muted():
        _meetings(staff, today)
        _reports(staff, today)
    db.session.flush()


def _meetings(staff, today):
    """The second Thursday of the last three months, and the next one to come."""
    series = space.ensure_series(staff)
    month = date(today.year, today.month, 1)
    days = [_second_thursday(_add_months(month, -back)) for back in (3, 2, 1)]
    coming = _second_thursday(month)
    days.append(coming if coming > today else _second_thursday(_add_months(month, 1)))
    for day in days:
        label = day.strftime("%Y-%m")
        title = translated.Edit(
            "en",
            {lang: text.format(month=label) for lang, text in MEETING_TITLES.items()},
            reviewed=set(MEETING_TITLES),
        )
        space.add_meeting(
            series, title, datetime.combine(day, MEETING_AT), "Europe/Paris", staff
        )


def _second_thursday(first):
    return nth_weekday(first.year, first.month, 2, 3)


def _add_months(first, months):
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _quarter(first):
    """(label, first day, last day) of the quarter starting on `first`."""
    last = _add_months(first, 3) - timedelta(days=1)
    return f"{first.year} Q{(first.month - 1) // 3 + 1}", first, last


def _reports(staff, today):
    current = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    for back in (6, 3, 0):
        period, starts, ends = _quarter(_add_months(current, -back))
        found = reports.draft(
            reports.ReportValues(
                period=period,
                starts_on=starts,
                ends_on=ends,
                title=_edit(TITLES, period),
                body=_edit(BODIES, period),
            ),
            staff,
        )
        if back:
            reports.publish(found, staff)
            # Published some days after its quarter, as the Secretariat would.
            published = datetime.combine(ends + timedelta(days=10), MEETING_AT, UTC)
            update_if(CommitteeReport, found, published_at=min(published, utcnow()))


def _edit(texts, period):
    return translated.Edit(
        "en",
        {lang: text.format(period=period) for lang, text in texts.items()},
        reviewed=set(texts),
    )
