"""The annual report's sections, compiled from the live data of every feature.

Each section is a `Section`: its figures (label, shown value) and its charts
(bars: label, value). Every count of people goes through the kernel's disclosure
control (`core.disclosure`): under `MIN_GROUP` it is suppressed and shown as
"fewer than 5"; survey results appear only as the response counts the surveys'
dashboards publish. Counts of organisations, groups, meetings and documents are
not about people and are shown as they are.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .. import vocab
from ..core import disclosure
from ..db import db

SECTIONS = (
    "organisations",
    "groups",
    "events",
    "consultations",
    "committee",
    "mentoring",
    "metrics",
)
TITLES = {
    "organisations": _l("Member organisations"),
    "groups": _l("Working groups, recommendations and results"),
    "events": _l("Global calls and round tables"),
    "consultations": _l("Consultations and decisions"),
    "committee": _l("The Steering Committee"),
    "mentoring": _l("Mentoring programmes"),
    "metrics": _l("Shared metrics"),
}
SUPPRESSED = "suppressed"


@dataclass
class Bar:
    label: str
    value: int | None  # None: suppressed


@dataclass
class Chart:
    caption: str
    bars: list = field(default_factory=list)

    @property
    def top(self):
        return max([b.value for b in self.bars if b.value] or [1])


@dataclass
class Section:
    key: str
    figures: list = field(default_factory=list)  # (label, int | None | str)
    charts: list = field(default_factory=list)
    # Tables already published elsewhere: (caption, columns, [(label, [text])]).
    tables: list = field(default_factory=list)

    @property
    def title(self):
        return TITLES[self.key]


def window(year):
    """[1 January, next 1 January) as aware datetimes, and as dates."""
    return (
        datetime(year, 1, 1, tzinfo=UTC),
        datetime(year + 1, 1, 1, tzinfo=UTC),
        date(year, 1, 1),
        date(year + 1, 1, 1),
    )


def people(count):
    """A count of people through disclosure control (None: fewer than 5)."""
    return disclosure.suppress(count, count)


def _count(query):
    return db.session.scalar(query) or 0


def organisations_section(year):
    """Members at the end of the year by region, and those that joined in it: an
    organisation joined on its `member_since` (else when it was registered) and
    counts until it left (`status_since` of a departed one)."""
    from ..organisations.models import Organisation

    _start, _end, first, after = window(year)
    counts = {}  # region -> [members at the end of the year, joined in it]
    for region, status, since, member_since, created_at in db.session.execute(
        sa.select(
            Organisation.region,
            Organisation.status,
            Organisation.status_since,
            Organisation.member_since,
            Organisation.created_at,
        ).where(Organisation.status.in_(("member", "paused", "left")))
    ):
        joined = member_since or created_at.date()
        if joined >= after or (status == "left" and (since or joined) < after):
            continue
        row = counts.setdefault(region, [0, 0])
        row[0] += 1
        row[1] += joined >= first
    rows = sorted(counts.items())
    members = sum(r[0] for _r, r in rows)
    new = sum(r[1] for _r, r in rows)
    before = members - new
    growth = f"{round(100 * new / before)} %" if before else "–"
    return Section(
        "organisations",
        figures=[
            (_l("Member organisations at the end of the year"), members),
            (_l("Organisations that joined during the year"), new),
            (_l("Growth over the year"), growth),
        ],
        charts=[
            Chart(
                _l("Member organisations by region"),
                [Bar(vocab.label(vocab.REGIONS, r), n[0]) for r, n in rows],
            ),
            Chart(
                _l("Organisations that joined, by region"),
                [Bar(vocab.label(vocab.REGIONS, r), n[1]) for r, n in rows],
            ),
        ],
    )


def groups_section(year):
    from ..groups.models import WorkingGroup
    from ..recommendations.models import Recommendation
    from ..results.models import Result

    start, end, _s, _e = window(year)
    active = _count(
        sa.select(sa.func.count())
        .select_from(WorkingGroup)
        .where(
            WorkingGroup.created_at < end,
            sa.or_(WorkingGroup.closed_at.is_(None), WorkingGroup.closed_at >= start),
        )
    )
    published = _count(
        sa.select(sa.func.count())
        .select_from(Recommendation)
        .where(Recommendation.published_at >= start, Recommendation.published_at < end)
    )
    statuses = db.session.execute(
        sa.select(Result.status, sa.func.count())
        .group_by(Result.status)
        .order_by(Result.status)
    ).all()
    return Section(
        "groups",
        figures=[
            (_l("Working groups active during the year"), active),
            (_l("Recommendations published during the year"), published),
            (_l("Results followed"), sum(n for _s, n in statuses)),
        ],
        charts=[
            Chart(
                _l("Results by status"),
                [Bar(RESULT_LABELS.get(s, s), n) for s, n in statuses],
            )
        ],
    )


RESULT_LABELS = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}
KIND_LABELS = {
    "call": _l("Global calls"),
    "round_table": _l("Round tables"),
    "working_group": _l("Working group meetings"),
    "other": _l("Other meetings"),
}


def events_section(year):
    from ..events.models import EventSeries, EventSession, Registration

    start, end, _s, _e = window(year)
    rows = db.session.execute(
        sa.select(
            EventSeries.kind,
            sa.func.count(sa.distinct(EventSession.id)),
            sa.func.count(Registration.id).filter(Registration.attended.is_(True)),
        )
        .join(EventSession, EventSession.series_id == EventSeries.id)
        .outerjoin(Registration, Registration.session_id == EventSession.id)
        .where(
            EventSession.starts_at >= start,
            EventSession.starts_at < end,
            EventSession.status != "cancelled",
        )
        .group_by(EventSeries.kind)
        .order_by(EventSeries.kind)
    ).all()
    attended = sum(r[2] for r in rows)
    return Section(
        "events",
        figures=[
            (_l("Meetings held"), sum(r[1] for r in rows)),
            (_l("Attendances recorded"), people(attended)),
        ],
        charts=[
            Chart(
                _l("Meetings by kind"),
                [Bar(KIND_LABELS.get(r[0], r[0]), r[1]) for r in rows],
            ),
            Chart(
                _l("Attendance by kind of meeting"),
                [Bar(KIND_LABELS.get(r[0], r[0]), people(r[2])) for r in rows],
            ),
        ],
    )


def consultations_section(year):
    from ..consultations.models import Consultation, Response
    from ..decisions.models import Decision

    start, end, first, after = window(year)
    held = sa.and_(
        Consultation.status != "draft",
        Consultation.opens_on < after,
        Consultation.closes_on >= first,
    )
    consultations = _count(
        sa.select(sa.func.count()).select_from(Consultation).where(held)
    )
    responses = _count(
        sa.select(sa.func.count())
        .select_from(Response)
        .join(Consultation, Consultation.id == Response.consultation_id)
        .where(held, Response.status == "submitted")
    )
    outcomes = db.session.execute(
        sa.select(Decision.outcome, sa.func.count())
        .where(Decision.closed_at >= start, Decision.closed_at < end)
        .group_by(Decision.outcome)
        .order_by(Decision.outcome)
    ).all()
    return Section(
        "consultations",
        figures=[
            (_l("Consultations held"), consultations),
            (_l("Responses submitted"), responses),
            (_l("Decisions closed"), sum(n for _o, n in outcomes)),
        ],
        charts=[
            Chart(
                _l("Decisions by outcome"),
                [Bar(OUTCOME_LABELS.get(o, o or "–"), n) for o, n in outcomes],
            )
        ],
    )


OUTCOME_LABELS = {
    "passed": _l("Passed"),
    "rejected": _l("Rejected"),
    "no_quorum": _l("No quorum"),
}


def committee_section(year):
    from ..elections.models import Election
    from ..elections.terms import current_seats

    start, end, _s, after = window(year)
    today = min(date.today(), date(year, 12, 31))
    seats = current_seats(on=today)
    by_region = {}
    for seat in seats:
        by_region[seat.region] = by_region.get(seat.region, 0) + 1
    counted = db.session.scalars(
        sa.select(Election.id)
        .where(
            Election.status == "counted",
            Election.voting_closes_at >= start,
            Election.voting_closes_at < end,
        )
        .order_by(Election.id)
    ).all()
    section = Section(
        "committee",
        figures=[
            (_l("Seats held on the committee"), len(seats)),
            (_l("Elections counted during the year"), len(counted)),
        ],
        charts=[
            Chart(
                _l("Seats by region"),
                [
                    Bar(vocab.label(vocab.REGIONS, r), n)
                    for r, n in sorted(by_region.items())
                ],
            )
        ],
    )
    section.elections = list(counted)
    return section


def mentoring_section(year):
    from ..mentorships.models import Mentorship
    from ..programmes.models import Programme
    from ..surveys.models import SurveyResponse

    start, end, _s, _e = window(year)
    programmes = _count(
        sa.select(sa.func.count())
        .select_from(Programme)
        .where(Programme.status != "draft", Programme.created_at < end)
    )
    started = _count(
        sa.select(sa.func.count())
        .select_from(Mentorship)
        .where(Mentorship.started_at >= start, Mentorship.started_at < end)
    )
    ended = dict(
        db.session.execute(
            sa.select(Mentorship.status, sa.func.count())
            .where(Mentorship.closed_at >= start, Mentorship.closed_at < end)
            .group_by(Mentorship.status)
        ).all()
    )
    completed = ended.get("completed", 0)
    closed_early = ended.get("closed_early", 0)
    finished = completed + closed_early
    rate = (
        f"{round(100 * completed / finished)} %"
        if disclosure.publishable(completed) and disclosure.publishable(closed_early)
        else None
    )
    answers = _count(
        sa.select(sa.func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.submitted_at >= start, SurveyResponse.submitted_at < end)
    )
    section = Section(
        "mentoring",
        figures=[
            (_l("Programmes open or run"), programmes),
            (_l("Mentorships started (matches)"), people(started)),
            (_l("Mentorships completed"), people(completed)),
            (_l("Mentorships closed early"), people(closed_early)),
            (_l("Completion rate"), rate),
            (_l("Survey answers received"), people(answers)),
        ],
        charts=[
            Chart(
                _l("How the year's mentorships ended"),
                [
                    Bar(_l("Completed"), people(completed)),
                    Bar(_l("Closed early"), people(closed_early)),
                ],
            )
        ],
    )
    section.tables.append(survey_results())
    return section


def survey_results():
    """The Alliance's survey results exactly as the outcomes dashboard publishes
    them for the whole Alliance (its queries, disclosure control and rounding):
    over all programmes so far, since survey answers carry no year of their own
    in the dashboard's cells."""
    from ..outcomes import metrics, tables
    from ..outcomes.filters import Filters

    table = tables.surveys(
        {"surveys": metrics.survey_cells(None), "filters": Filters()}
    )
    caption = _l(
        "Survey results over all programmes so far (as on the outcomes dashboard)"
    )
    return (caption, table.columns, tables.shown_rows(table))


def metrics_section(year):
    """The shared metrics of the year's cycle: per indicator, how many organisations
    reported approved values, and the cycle's completeness. The published figures
    themselves come from the metrics' publication: extend here."""
    from ..metrics.models import Cycle, CycleOrganisation, Indicator, MetricValue

    cycle = db.session.scalar(sa.select(Cycle).where(Cycle.year == year))
    if cycle is None:
        return Section("metrics", figures=[(_l("Reporting cycle"), _l("None"))])
    asked = _count(
        sa.select(sa.func.count())
        .select_from(CycleOrganisation)
        .where(CycleOrganisation.cycle_id == cycle.id)
    )
    rows = db.session.execute(
        sa.select(
            Indicator.code, sa.func.count(sa.distinct(MetricValue.organisation_id))
        )
        .join(MetricValue, MetricValue.indicator_id == Indicator.id)
        .where(
            MetricValue.cycle_id == cycle.id,
            MetricValue.status == "approved",
            ~MetricValue.superseded,
        )
        .group_by(Indicator.code)
        .order_by(Indicator.code)
    ).all()
    reporting = _count(
        sa.select(sa.func.count(sa.distinct(MetricValue.organisation_id))).where(
            MetricValue.cycle_id == cycle.id,
            MetricValue.status == "approved",
            ~MetricValue.superseded,
        )
    )
    completeness = f"{round(100 * reporting / asked)} %" if asked else "–"
    return Section(
        "metrics",
        figures=[
            (_l("Organisations asked to report"), asked),
            (_l("Organisations with approved values"), reporting),
            (_l("Completeness"), completeness),
            *_published_headlines(cycle),
        ],
        charts=[
            Chart(
                _l("Organisations with approved values, by indicator"),
                [Bar(code, n) for code, n in rows],
            )
        ],
    )


def _published_headlines(cycle):
    """The Alliance-wide figure of each indicator as the cycle's latest publication
    shows it (already through disclosure control: a hidden figure stays its
    symbol); nothing when the cycle is not published."""
    from flask_babel import get_locale

    from ..metrics.publication import latest_for

    publication = latest_for(cycle)
    if publication is None:
        return []
    lang = str(get_locale() or "en")
    found = []
    for code, table in sorted(publication.figures.get("indicators", {}).items()):
        row = next((r for r in table["rows"] if r["level"] == "alliance"), None)
        column = next(
            (c for c in ("share", "mean", "sum", "total") if c in table["columns"]),
            None,
        )
        if row is None or column is None:
            continue
        cell = row["cells"].get(column, {})
        name = table["name"].get(lang) or table["name"].get("en") or code
        shown = cell.get("value")
        if shown is None:
            shown = cell.get("symbol") or "–"
        elif column == "share":
            shown = f"{shown} %"
        found.append((name, shown))
    return found


BUILDERS = {
    "organisations": organisations_section,
    "groups": groups_section,
    "events": events_section,
    "consultations": consultations_section,
    "committee": committee_section,
    "mentoring": mentoring_section,
    "metrics": metrics_section,
}


def compile_report(year):
    """Every section of `year`, in order."""
    return [BUILDERS[key](year) for key in SECTIONS]
