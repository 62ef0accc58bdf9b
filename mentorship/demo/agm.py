"""The demo's AGMs: last December's, held (agenda, check-ins, an AGM proxy, two
resolutions voted as closed decisions, one of them amended first, approved
minutes, a pack in three languages), and this December's, planned.

Written as rows, not through the services: seeding sends no email. Idempotent: an
AGM of a year already present is left as it is. Needs the delegates that
demo/roles names; without them the held AGM has no check-ins and nothing is voted.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ..agm.models import (
    AgendaItem,
    Agm,
    AgmCheckIn,
    AgmStatus,
    MotionStatus,
    PackSection,
)
from ..auth.models import User
from ..core import memberships, translated
from ..core.models import Membership
from ..db import db, utcnow
from ..decisions import counting
from ..decisions.models import Ballot, Decision, Participation, Proxy
from ..events.minutes_models import ItemKind, Minutes, MinutesItem, MinutesStatus
from ..events.models import EventSeries, EventSession
from ..organisations.models import Organisation
from .plan import STAFF_DOMAIN

ZONE = "Europe/Paris"
DAY = 10  # the held AGM's day of December
PLANNED_DAY = 17
ABSENT = 3  # member organisations with a delegate that did not attend
T = translated.new_text

SERIES = {
    "en": "Annual General Meetings",
    "fr": "Assemblées générales annuelles",
    "es": "Asambleas generales anuales",
}
TITLE = {
    "en": "Annual General Meeting {year}",
    "fr": "Assemblée générale annuelle {year}",
    "es": "Asamblea general anual {year}",
}
REPORT = {
    "en": (
        "Annual report {year}",
        "The Secretariat presents the year's work: "
        "round tables, working groups, mentoring and the Global Data Deficit.",
    ),
    "fr": (
        "Rapport annuel {year}",
        "Le Secrétariat présente le travail de l'année : "
        "tables rondes, groupes de travail, mentorat et le déficit mondial de données.",
    ),
    "es": (
        "Informe anual {year}",
        "La Secretaría presenta el trabajo del año: mesas "
        "redondas, grupos de trabajo, mentoría y el déficit mundial de datos.",
    ),
}
PLAN = {
    "en": (
        "Adopt the work plan {next}",
        "The Alliance adopts the work plan {next}: "
        "eight round tables, the four working groups, and an annual report.",
    ),
    "fr": (
        "Adopter le plan de travail {next}",
        "L'Alliance adopte le plan de "
        "travail {next} : huit tables rondes, les quatre groupes de travail et un "
        "rapport annuel.",
    ),
    "es": (
        "Adoptar el plan de trabajo {next}",
        "La Alianza adopta el plan de trabajo "
        "{next}: ocho mesas redondas, los cuatro grupos de trabajo y un informe "
        "anual.",
    ),
}
AMENDMENT = {
    "en": (
        "Add a data chapter to the work plan",
        "Add: the Global Data Deficit working group publishes its first indicators.",
    ),
    "fr": (
        "Ajouter un chapitre sur les données",
        "Ajouter : le groupe de travail sur "
        "le déficit mondial de données publie ses premiers indicateurs.",
    ),
    "es": (
        "Añadir un capítulo sobre datos",
        "Añadir: el grupo de trabajo sobre el "
        "déficit mundial de datos publica sus primeros indicadores.",
    ),
}
THEMES = {
    "en": (
        "Vote new themes every two years",
        "Working-group themes are proposed "
        "and voted by the member organisations every two years.",
    ),
    "fr": (
        "Voter de nouveaux thèmes tous les deux ans",
        "Les thèmes des groupes de "
        "travail sont proposés et votés par les organisations membres tous les "
        "deux ans.",
    ),
    "es": (
        "Votar nuevos temas cada dos años",
        "Los temas de los grupos de trabajo "
        "son propuestos y votados por las organizaciones miembro cada dos años.",
    ),
}
ACCOUNTS = {
    "en": (
        "Financial report {year}",
        "Income came from member contributions and "
        "two grants; spending went to interpretation and the platform.",
    ),
    "fr": (
        "Rapport financier {year}",
        "Les recettes proviennent des contributions "
        "des membres et de deux subventions ; les dépenses, de l'interprétation "
        "et de la plateforme.",
    ),
    "es": (
        "Informe financiero {year}",
        "Los ingresos provienen de las "
        "contribuciones de los miembros y de dos subvenciones; los gastos, de la "
        "interpretación y la plataforma.",
    ),
}
ELECTION = {
    "en": (
        "Steering Committee election results",
        "Four seats were filled, at "
        "least one per region; the round-by-round count is published.",
    ),
    "fr": (
        "Résultats de l'élection du Comité directeur",
        "Quatre sièges ont été "
        "pourvus, au moins un par région ; le décompte tour par tour est publié.",
    ),
    "es": (
        "Resultados de la elección del Comité Directivo",
        "Se cubrieron cuatro "
        "puestos, al menos uno por región; se publica el recuento ronda a ronda.",
    ),
}
MINUTES = {
    "en": "The chair opened the AGM, noted the quorum and the proxies, and the "
    "organisations present voted the motions below.",
    "fr": "La présidente a ouvert l'AG, constaté le quorum et les procurations, et "
    "les organisations présentes ont voté les motions ci-dessous.",
    "es": "La presidenta abrió la asamblea, constató el quórum y los poderes, y las "
    "organizaciones presentes votaron las mociones siguientes.",
}


def _texts(table, **values):
    titles = {lang: pair[0].format(**values) for lang, pair in table.items()}
    bodies = {lang: pair[1].format(**values) for lang, pair in table.items()}
    return T("en", **titles), T("en", **bodies)


def dates(today=None):
    """(held day, planned day): last December's and this December's AGM."""
    today = today or utcnow().date()
    planned = date(today.year, 12, PLANNED_DAY)
    if planned <= today:
        planned = date(today.year + 1, 12, PLANNED_DAY)
    return date(planned.year - 1, 12, DAY), planned


def seed_agm(random_state=7):
    """Add the held and the planned AGM; flushes, the caller commits."""
    staff = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    if staff is None:
        return None
    held_day, planned_day = dates()
    series = _series(staff)
    if not db.session.scalar(sa.select(Agm.id).where(Agm.year == planned_day.year)):
        _planned(series, planned_day, staff)
    if not db.session.scalar(sa.select(Agm.id).where(Agm.year == held_day.year)):
        _held(series, held_day, staff)
    db.session.flush()
    return series


def _series(staff):
    series = db.session.scalar(sa.select(EventSeries).where(EventSeries.slug == "agm"))
    if series is None:
        series = EventSeries(
            slug="agm",
            kind="other",
            name=T("en", **SERIES),
            default_audience="members",
            created_by_id=staff.id,
        )
        db.session.add(series)
        db.session.flush()
    return series


def _session(series, day, staff):
    starts = datetime.combine(day, time(14, 0), ZoneInfo(ZONE)).astimezone(
        ZoneInfo("UTC")
    )
    session = EventSession(
        series=series,
        title=T("en", **{k: v.format(year=day.year) for k, v in TITLE.items()}),
        language="en",
        interpretations=["es", "fr"],
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        timezone=ZONE,
        join_url="https://meet.example.org/wim/agm",
        audience="members",
        organiser_id=staff.id,
    )
    db.session.add(session)
    db.session.flush()
    return session


def _agm(series, day, staff, status):
    session = _session(series, day, staff)
    agm = Agm(
        session_id=session.id,
        year=day.year,
        quorum_percent=50,
        status=status,
        created_by_id=staff.id,
        created_at=session.starts_at - timedelta(days=60),
    )
    db.session.add(agm)
    db.session.flush()
    return agm


def _item(agm, position, kind, table, status, parent=None, **values):
    title, text = _texts(table, **values)
    item = AgendaItem(
        agm_id=agm.id,
        position=position,
        kind=kind,
        title=title,
        text=text,
        status=status,
        parent_id=parent.id if parent is not None else None,
        proposer="steering_committee" if kind == "motion" else "secretariat",
    )
    db.session.add(item)
    db.session.flush()
    return item


def _section(agm, position, kind, table, **values):
    title, text = _texts(table, **values)
    db.session.add(
        PackSection(agm_id=agm.id, position=position, kind=kind, title=title, text=text)
    )


def _planned(series, day, staff):
    agm = _agm(series, day, staff, AgmStatus.PLANNED)
    _item(agm, 1, "report", REPORT, MotionStatus.TABLED, year=day.year)
    _item(agm, 2, "motion", PLAN, MotionStatus.TABLED, next=day.year + 1)
    _section(agm, 1, "report", REPORT, year=day.year)
    return agm


# --- The held AGM --------------------------------------------------------------------


def _speakers():
    """(organisation, its voting delegate) for each member organisation that has
    one, by organisation name."""
    rows = db.session.execute(
        sa.select(Organisation, User)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .join(User, User.id == Membership.user_id)
        .where(
            Organisation.status == "member",
            Membership.position == "voting_delegate",
            memberships.current(),
        )
        .order_by(Organisation.name, User.id)
    ).all()
    seen, found = set(), []
    for organisation, person in rows:
        if organisation.id not in seen:
            seen.add(organisation.id)
            found.append((organisation, person))
    return found


def _held(series, day, staff):
    agm = _agm(series, day, staff, AgmStatus.CLOSED)
    session = agm.session
    _item(agm, 1, "report", REPORT, MotionStatus.TABLED, year=day.year)
    plan = _item(agm, 2, "motion", PLAN, MotionStatus.CARRIED, next=day.year + 1)
    amendment = _item(agm, 3, "motion", AMENDMENT, MotionStatus.CARRIED, parent=plan)
    themes = _item(agm, 4, "motion", THEMES, MotionStatus.CARRIED)
    _item(agm, 5, "election", ELECTION, MotionStatus.TABLED)
    _section(agm, 1, "report", REPORT, year=day.year)
    _section(agm, 2, "financial_report", ACCOUNTS, year=day.year)
    _section(agm, 3, "election_results", ELECTION)
    speakers = _speakers()
    present = speakers[: max(0, len(speakers) - ABSENT)]
    for n, (organisation, delegate) in enumerate(present):
        db.session.add(
            AgmCheckIn(
                agm_id=agm.id,
                organisation_id=organisation.id,
                delegate_id=delegate.id,
                position="voting_delegate",
                checked_in_by_id=staff.id,
                checked_in_at=session.starts_at + timedelta(minutes=n % 20),
            )
        )
    proxy = _proxy(session, speakers, present, staff)
    voters = [(o, d, None) for o, d in present]
    if proxy is not None:
        voters.append((proxy.organisation, proxy.holder, proxy))
    minutes = _minutes(session, staff)
    # The amendment first, then the motion it amends, then the second motion.
    choices = ("agree", "agree", "agree", "disagree", "abstain")
    for offset, item in ((60, amendment), (75, plan), (100, themes)):
        decision = _decision(agm, item, voters, choices, staff, offset)
        item.decision_id = decision.id
        entry = MinutesItem(
            minutes_id=minutes.id,
            kind=ItemKind.DECISION,
            text=_title_copy(item),
            created_at=minutes.opened_at,
            created_by_id=staff.id,
        )
        db.session.add(entry)
        db.session.flush()
        item.minutes_item_id = entry.id
    return agm


def _title_copy(item):
    """A new text holding the item's title in its three languages."""
    return T("en", **{lang: item.title.body(lang) for lang in ("en", "fr", "es")})


def _proxy(session, speakers, present, staff):
    """The first absent organisation hands its vote to the first present delegate."""
    absent = [pair for pair in speakers if pair not in present]
    if not absent or not present:
        return None
    (organisation, _delegate), (holder_org, holder) = absent[0], present[0]
    proxy = Proxy(
        scope="agm",
        session_id=session.id,
        organisation_id=organisation.id,
        holder_id=holder.id,
        holder_organisation_id=holder_org.id,
        granted_by_id=_delegate.id,
        granted_at=session.starts_at - timedelta(days=3),
        expires_at=session.ends_at,
    )
    db.session.add(proxy)
    db.session.flush()
    return proxy


def _decision(agm, item, voters, choices, staff, offset):
    """A closed proposal at the AGM's session, with its ballots and its count."""
    opened = agm.session.starts_at + timedelta(minutes=offset)
    members = db.session.scalar(
        sa.select(sa.func.count(Organisation.id)).where(Organisation.status == "member")
    )
    decision = Decision(
        kind="proposal",
        status="closed",
        title=_title_copy(item),
        quorum_percent=agm.quorum_percent,
        session_id=agm.session_id,
        opened_at=opened,
        closes_at=opened + timedelta(minutes=15),
        closed_at=opened + timedelta(minutes=12),
        electorate_size=members,
        created_by_id=staff.id,
        created_at=opened - timedelta(minutes=1),
    )
    db.session.add(decision)
    db.session.flush()
    cast = []
    for n, (organisation, person, proxy) in enumerate(voters):
        choice = {"choice": choices[n % len(choices)]}
        cast.append(choice)
        db.session.add(
            Participation(
                decision_id=decision.id,
                organisation_id=organisation.id,
                via="proxy" if proxy is not None else "delegate",
                proxy_id=proxy.id if proxy is not None else None,
                cast_by_id=person.id,
                cast_at=opened + timedelta(minutes=1 + n % 10),
            )
        )
        db.session.add(
            Ballot(
                decision_id=decision.id,
                organisation_id=organisation.id,
                choices=choice,
                receipt=f"D{decision.id:04d}{n:05d}"[:16],
            )
        )
    rules = counting.Rules(
        kind="proposal", electorate_size=members, quorum_percent=agm.quorum_percent
    )
    decision.counts = counting.count(rules, [], cast)
    decision.outcome = decision.counts["outcome"]
    item.status = (
        MotionStatus.CARRIED if decision.outcome == "passed" else MotionStatus.REJECTED
    )
    db.session.flush()
    return decision


def _minutes(session, staff):
    opened = session.ends_at + timedelta(days=1)
    minutes = Minutes(
        session_id=session.id,
        status=MinutesStatus.APPROVED,
        text=T("en", **MINUTES),
        amend_until=opened + timedelta(days=7),
        opened_at=opened,
        opened_by_id=staff.id,
        approved_at=opened + timedelta(days=8),
        approved_by_id=staff.id,
        revision=0,
    )
    db.session.add(minutes)
    db.session.flush()
    return minutes
