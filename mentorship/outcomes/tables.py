"""The metrics as captioned tables: what the pages, charts and exports all show.

One structure feeds the HTML tables, the SVG charts and the CSV/XLSX exports, so the
same numbers appear everywhere. Survey figures that disclosure control refuses (fewer
than `disclosure.MIN_GROUP` answers, or a group another figure could be subtracted from)
leave this module as `Stat(hidden=True)`: their value is dropped here, never rendered.
"""

from dataclasses import dataclass, field

from flask_babel import format_decimal, format_number, format_percent
from flask_babel import gettext as _

from .. import vocab
from ..core import disclosure, translated
from ..core.disclosure import MIN_GROUP
from ..i18n import language_name, localized
from ..matches.approvals import DECLINE_REASONS
from ..matches.reasons import describe_close
from .metrics import SURVEY_DIMENSIONS

CHART_ROWS = 15


@dataclass(frozen=True)
class Stat:
    """One figure; `unit` tells how to print it (count, percent, days, mean...)."""

    value: float | int | None
    unit: str = "count"
    hidden: bool = False
    # Hidden although 5 or more answered: it could be subtracted from another figure.
    withheld: bool = False


@dataclass
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[Stat]]] = field(default_factory=list)
    # Cell columns drawn as bars (0 = the first column after the row labels).
    chart_columns: tuple[int, ...] = ()
    note: str = ""


def shown(stat):
    """A figure as the reader reads it, in her locale's number format."""
    if stat.withheld:
        return _("withheld")
    if stat.hidden:
        return _("fewer than %(num)d", num=MIN_GROUP)
    if stat.value is None:
        return _("no data")
    if stat.unit == "percent":
        return format_percent(stat.value, "#,##0.#%")
    if stat.unit == "count":
        return format_number(stat.value)
    if stat.unit == "nps":
        return format_decimal(stat.value, "+#,##0;-#,##0")
    if stat.unit == "rate":
        return format_decimal(stat.value, "#,##0.00")
    return format_decimal(stat.value, "#,##0.0")


def shown_rows(table):
    """The table's rows with each figure as text: (label, [text, ...])."""
    return [(label, [shown(stat) for stat in cells]) for label, cells in table.rows]


def ratio(part, whole):
    return None if not whole else part / whole


def _rows(pairs):
    return [(label, [stat]) for label, stat in pairs]


def participation(data):
    enrolled, ttm = data["enrolment"], data["time_to_match"]
    return Table(
        "participation",
        _("Participation"),
        [_("Measure"), _("Value")],
        _rows(
            [
                (_("Mentors enrolled"), Stat(enrolled["mentors"])),
                (_("Mentees enrolled"), Stat(enrolled["mentees"])),
                (_("Mentees proposed a mentor"), Stat(enrolled["proposed"])),
                (_("Mentees matched"), Stat(enrolled["matched"])),
                (
                    _("Match rate"),
                    Stat(ratio(enrolled["matched"], enrolled["mentees"]), "percent"),
                ),
                (_("Median time to match (days)"), Stat(ttm["median_days"], "days")),
            ]
        ),
    )


def offers(data):
    found = data["proposals"]
    decided = found["accepted"] + found["declined"]
    return Table(
        "offers",
        _("Proposals offered to pairs"),
        [_("Measure"), _("Value")],
        _rows(
            [
                (_("Accepted"), Stat(found["accepted"])),
                (_("Declined"), Stat(found["declined"])),
                (
                    _("Acceptance rate"),
                    Stat(ratio(found["accepted"], decided), "percent"),
                ),
            ]
        ),
    )


def pairs(data):
    m = data["mentorships"]
    ended = m["completed"] + m["closed_early"]
    return Table(
        "mentorships",
        _("Mentorships"),
        [_("Measure"), _("Value")],
        _rows(
            [
                (_("Mentorships"), Stat(m["total"])),
                (_("Active"), Stat(m["active"])),
                (_("Completed"), Stat(m["completed"])),
                (_("Closed early"), Stat(m["closed_early"])),
                (_("Completion rate"), Stat(ratio(m["completed"], ended), "percent")),
                (
                    _("Early-closure share"),
                    Stat(ratio(m["closed_early"], ended), "percent"),
                ),
                (_("First-meeting rate"), Stat(ratio(m["met"], m["total"]), "percent")),
                (_("Meetings logged"), Stat(m["meetings"])),
                (
                    _("Meetings per pair per month"),
                    Stat(ratio(m["meetings"], m["months_active"]), "rate"),
                ),
                (
                    _("Active-pair rate (met in the last 45 days)"),
                    Stat(ratio(m["active_recent"], m["active"]), "percent"),
                ),
                (
                    _("Re-match requested after early closure"),
                    Stat(m["rematch_requested"]),
                ),
                (
                    _("Re-match rate"),
                    Stat(ratio(m["rematched"], m["rematch_requested"]), "percent"),
                ),
            ]
        ),
    )


def goals(data):
    m = data["mentorships"]
    return Table(
        "goals",
        _("Goals"),
        [_("Measure"), _("Value")],
        _rows(
            [
                (_("Goals set"), Stat(m["goals"])),
                (_("Goals achieved"), Stat(m["achieved"])),
                (
                    _("Share of goals achieved"),
                    Stat(ratio(m["achieved"], m["goals"]), "percent"),
                ),
            ]
        ),
    )


# --- Survey answers: disclosure control (core/disclosure.py) ----------------------

SURVEY_MEASURES = ("answers", "satisfaction", "nps", "confidence")
UNITS = {"answers": "count", "satisfaction": "mean", "nps": "nps", "confidence": "mean"}
# The count behind each measure (a stage may not ask a question: baseline has no NPS).
MEASURE_N = {
    "answers": "answers",
    "satisfaction": "satisfaction_n",
    "nps": "nps_n",
    "confidence": "confidence_n",
}


class SurveyFigures:
    """Published figures of the survey cells of one reader's scope.

    A figure is computed on the cells its filters select, and published only when
    `disclosure.Partition` allows that group, for that measure; values are rounded.
    """

    def __init__(self, cells):
        self.cells = {}
        for row in cells:
            key = tuple(row[name] for name in SURVEY_DIMENSIONS)
            self.cells[key] = row
        self._partitions = {}

    def _partition(self, measure):
        """One partition per measure; measures counted alike share theirs."""
        if measure not in self._partitions:
            counts = {key: row[MEASURE_N[measure]] for key, row in self.cells.items()}
            same = tuple(counts.values())
            if same not in self._partitions:
                self._partitions[same] = disclosure.Partition(counts, MIN_GROUP)
            self._partitions[measure] = self._partitions[same]
        return self._partitions[measure]

    def value_of(self, key, dimension):
        return key[SURVEY_DIMENSIONS.index(dimension)]

    def labels(self, key, dimension):
        """What _key_label needs to name this cell's value of `dimension`."""
        row = self.cells[key]
        return {
            "key": self.value_of(key, dimension),
            "name": row["organisation_name"],
            "name_id": row["name_id"],
        }

    def select(self, **wanted):
        """Keys of the cells matching every wanted value (None: any)."""
        position = {name: i for i, name in enumerate(SURVEY_DIMENSIONS)}
        checks = [(position[k], v) for k, v in wanted.items() if v is not None]
        return [key for key in self.cells if all(key[i] == v for i, v in checks)]

    def stat(self, measure, keys):
        unit = UNITS[measure]
        n = self._partition(measure).total(keys)
        if n == 0:
            return Stat(None, unit)
        if not disclosure.publishable(n):
            return Stat(None, unit, hidden=True)
        if not self._partition(measure).allows(keys):
            return Stat(None, unit, hidden=True, withheld=True)
        return Stat(self._value(measure, keys, n), unit)

    def _value(self, measure, keys, n):
        def summed(name):
            return sum(self.cells[key][name] for key in keys)

        if measure == "answers":
            return n
        if measure == "nps":
            score = 100 * (summed("promoters") - summed("detractors")) / n
            return disclosure.round_score(score, n)
        return disclosure.round_mean(summed(f"{measure}_sum") / n, n)


def _filter_values(filters):
    return {
        "programme": filters.programme,
        "region": filters.region,
        "organisation": filters.organisation,
        "language": filters.language,
    }


def surveys(data, figures=None):
    """Per stage and over all stages, for the dashboard's filters."""
    figures = figures or SurveyFigures(data["surveys"])
    wanted = _filter_values(data["filters"])
    labels = {
        "baseline": _("Start of the mentorship"),
        "midpoint": _("Mid-point"),
        "final": _("End of the mentorship"),
        None: _("All stages"),
    }
    rows = []
    for stage, label in labels.items():
        keys = figures.select(stage=stage, **wanted)
        rows.append((label, [figures.stat(name, keys) for name in SURVEY_MEASURES]))
    return Table(
        "surveys",
        _("Survey answers"),
        [
            _("Survey"),
            _("People who answered"),
            _("Satisfaction (1-5)"),
            _("Net promoter score"),
            _("Confidence (1-5)"),
        ],
        rows,
        note=survey_note(),
    )


def survey_breakdown(data, by_label, figures=None):
    """The final survey per region, language, programme or organisation, and in
    all: a breakdown table whose hidden cells its total cannot give away (a cell is
    shown only when disclosure control allows its group, total included)."""
    figures = figures or SurveyFigures(data["surveys"])
    by = data["enrolment"]["by"]
    wanted = _filter_values(data["filters"])
    everyone = figures.select(stage="final", **wanted)
    captions = {
        "region": _("End-of-mentorship survey by region"),
        "language": _("End-of-mentorship survey by language"),
        "programme": _("End-of-mentorship survey by programme"),
        "organisation": _("End-of-mentorship survey by organisation"),
    }
    table = Table(
        "survey-breakdown",
        captions[by],
        [
            str(by_label),
            _("People who answered"),
            _("Satisfaction (1-5)"),
            _("Net promoter score"),
            _("Confidence (1-5)"),
        ],
        note=survey_note(),
    )
    groups = {}
    for key in everyone:
        groups.setdefault(figures.value_of(key, by), []).append(key)
    rows = []
    for keys in groups.values():
        label = _key_label(by, figures.labels(keys[0], by))
        rows.append((label, [figures.stat(name, keys) for name in SURVEY_MEASURES]))
    table.rows = sorted(rows, key=lambda row: str(row[0]))
    if rows:
        total = [figures.stat(name, everyone) for name in SURVEY_MEASURES]
        table.rows.append((_("All"), total))
    return table


def survey_note():
    return _(
        "Confidential: a figure is shown only for a group of at least %(num)d people "
        "that no other figure you can request could be subtracted from to single out "
        "fewer people (otherwise: withheld). Means are rounded to the nearest 0.5 "
        "below 20 people, to 0.1 from 20.",
        num=MIN_GROUP,
    )


# --- Breakdowns and charts --------------------------------------------------------


def _key_label(by, row):
    key = row["key"]
    if by == "language":
        return language_name(key) if key else _("Unknown")
    if by == "programme":
        return localized(_Names(row), "name") or _("Programme %(id)s", id=key)
    if by == "organisation":
        return row.get("name") or _("No organisation")
    return vocab.label(vocab.REGIONS, key) if key else _("No organisation")


class _Names:
    """A row's programme name (its translated text's id), for i18n.localized."""

    def __init__(self, row):
        self.name = translated.get(row.get("name_id"))


def breakdown(data, by_label):
    enrolled = data["enrolment"]
    captions = {
        "region": _("Enrolled by role and region"),
        "language": _("Enrolled by role and language"),
        "programme": _("Enrolled by role and programme"),
        "organisation": _("Enrolled by role and organisation"),
    }
    rows = sorted(enrolled["rows"], key=lambda r: -(r["mentors"] + r["mentees"]))
    table = Table(
        "breakdown",
        captions[enrolled["by"]],
        [
            str(by_label),
            _("Mentors"),
            _("Mentees"),
            _("Mentees matched"),
            _("Match rate"),
        ],
        chart_columns=(0, 1),
    )
    for row in rows:
        table.rows.append(
            (
                _key_label(enrolled["by"], row),
                [
                    Stat(row["mentors"]),
                    Stat(row["mentees"]),
                    Stat(row["matched"]),
                    Stat(ratio(row["matched"], row["mentees"]), "percent"),
                ],
            )
        )
    if len(rows) > CHART_ROWS:
        table.note = _(
            "The chart shows the %(num)d largest; the table shows them all.",
            num=CHART_ROWS,
        )
    return table


def funnel(data):
    enrolled, m = data["enrolment"], data["mentorships"]
    return Table(
        "funnel",
        _("From enrolment to completion"),
        [_("Step"), _("Number")],
        _rows(
            [
                (_("Mentees enrolled"), Stat(enrolled["mentees"])),
                (_("Mentees proposed a mentor"), Stat(enrolled["proposed"])),
                (_("Mentees matched"), Stat(enrolled["matched"])),
                (_("Pairs that met at least once"), Stat(m["met"])),
                (_("Pairs that completed"), Stat(m["completed"])),
            ]
        ),
        chart_columns=(0,),
    )


def declines(data):
    by_reason = {}
    for code, n in data["proposals"]["decline_reasons"].items():
        side, _sep, reason = (code or "").rpartition(":")
        counts = by_reason.setdefault(reason, {"mentee": 0, "mentor": 0})
        counts[side if side in counts else "mentee"] += n
    order = {code: i for i, code in enumerate(DECLINE_REASONS)}
    table = Table(
        "declines",
        _("Why offers were declined"),
        [_("Reason"), _("Declined by mentees"), _("Declined by mentors")],
        chart_columns=(0, 1),
    )
    for reason in sorted(by_reason, key=lambda code: order.get(code, len(order))):
        counts = by_reason[reason]
        label = describe_close(reason) or _("No reason given")
        table.rows.append((label, [Stat(counts["mentee"]), Stat(counts["mentor"])]))
    return table


def partnerships(data):
    """Introductions made between organisations and partnerships by status."""
    from ..partnerships.models import PartnershipStatus
    from ..partnerships.taxonomy import PARTNERSHIP_STATUSES

    found = data.get("partnerships")
    if found is None:
        return None
    rows = [(_("Introductions made between organisations"), Stat(found["introduced"]))]
    for status in PartnershipStatus:
        label = _("Partnerships: %(status)s", status=PARTNERSHIP_STATUSES[status])
        rows.append((label, Stat(found["partnerships"].get(status, 0))))
    return Table(
        "partnerships",
        _("Introductions and partnerships between organisations"),
        [_("Measure"), _("Value")],
        _rows(rows),
    )


def all_tables(data, by_label):
    """Every table of a dashboard, in page order."""
    figures = SurveyFigures(data["surveys"])
    found = [
        participation(data),
        breakdown(data, by_label),
        funnel(data),
        offers(data),
        declines(data),
        pairs(data),
        goals(data),
        surveys(data, figures),
        survey_breakdown(data, by_label, figures),
        partnerships(data),
    ]
    return [table for table in found if table is not None]
