"""A consultation's results: per-option totals, scale distributions and means,
free texts, a breakdown by region, each through disclosure control.

Nothing is published when fewer than `MIN_GROUP` organisations submitted, and no
question's figures when fewer than `MIN_GROUP` answered it. The region breakdown
cuts the submitting organisations into blocks of 5+ (`disclosure.Partition`, keys
(all, region)): a region gets its own column only when it is a whole block, the
rest are pooled in "other regions", so that the columns and the total can never
be differenced to single out fewer than 5 organisations. Anonymous consultations
have no breakdown: their answers are linked to no organisation, hence no region.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .. import vocab
from ..core import disclosure
from ..db import db
from ..i18n import localized
from ..organisations.models import Organisation
from .models import (
    Anonymity,
    AnonymousAnswer,
    Answer,
    QuestionKind,
    Response,
    ResponseStatus,
)

OTHER_REGIONS = "other"
ALL = "all"


@dataclass
class Row:
    """One answer as counted: who (an organisation id, or a ballot) and what."""

    who: object
    question_id: int
    option_id: int | None
    scale_value: int | None
    text: str | None


@dataclass
class QuestionResult:
    question: object
    respondents: int
    shown: bool
    counts: list = field(default_factory=list)  # [(label, count)]
    mean: float | None = None
    texts: list = field(default_factory=list)  # [(organisation or None, text)]
    regions: dict = field(default_factory=dict)  # {label: {column: count}}


@dataclass
class Results:
    consultation: object
    submitted: int
    shown: bool
    questions: list
    columns: list  # [(column code, label)] of the region breakdown
    by_organisation: list  # [(organisation, {question id: text})]
    waiting: bool = False  # anonymous and still open: nothing counted yet


def _rows(consultation):
    """Every submitted answer, with its organisation (None in anonymous mode)."""
    if consultation.anonymity == Anonymity.ANONYMOUS:
        found = db.session.execute(
            sa.select(
                AnonymousAnswer.ballot,
                AnonymousAnswer.question_id,
                AnonymousAnswer.option_id,
                AnonymousAnswer.scale_value,
                AnonymousAnswer.text,
            ).where(AnonymousAnswer.consultation_id == consultation.id)
        )
    else:
        found = db.session.execute(
            sa.select(
                Response.organisation_id,
                Answer.question_id,
                Answer.option_id,
                Answer.scale_value,
                Answer.text,
            )
            .join(Response, Response.id == Answer.response_id)
            .where(
                Response.consultation_id == consultation.id,
                Response.status == ResponseStatus.SUBMITTED,
            )
        )
    return [Row(*values) for values in found]


def submitted_organisations(consultation):
    """The organisations that submitted, by name."""
    return db.session.scalars(
        sa.select(Organisation)
        .join(Response, Response.organisation_id == Organisation.id)
        .where(
            Response.consultation_id == consultation.id,
            Response.status == ResponseStatus.SUBMITTED,
        )
        .order_by(Organisation.name)
    ).all()


def compute(consultation, names=False):
    """The results of `consultation`; with `names`, who said what (never in
    anonymous mode, where the database cannot tell)."""
    organisations = submitted_organisations(consultation)
    submitted = len(organisations)
    anonymous = consultation.anonymity == Anonymity.ANONYMOUS
    # Anonymous answers are counted once the consultation is closed: figures seen
    # before and after one organisation's submission would tell its answers.
    waiting = anonymous and consultation.status != "closed"
    shown = disclosure.publishable(submitted) and not waiting
    rows = [] if waiting else _rows(consultation)
    region_of = {o.id: o.region for o in organisations}
    columns, column_of = ([], {}) if anonymous else _columns(organisations)
    by_question = defaultdict(list)
    for row in rows:
        by_question[row.question_id].append(row)
    named = names and not anonymous
    by_id = {o.id: o for o in organisations}
    questions = [
        _question(q, by_question[q.id], shown, column_of, region_of, by_id, named)
        for q in consultation.questions
    ]
    by_organisation = (
        _by_organisation(consultation, organisations, rows) if named else []
    )
    return Results(
        consultation, submitted, shown, questions, columns, by_organisation, waiting
    )


def _columns(organisations):
    """The region columns the partition allows, and {region: column code}."""
    cells = Counter((ALL, o.region) for o in organisations)
    partition = disclosure.Partition(dict(cells))
    if not partition.allows(cells):
        return [], {}
    own = sorted(key for key in cells if partition.allows([key]))
    rest = [key for key in cells if key not in own]
    columns = [(region, vocab.REGIONS.get(region, region)) for _all, region in own]
    column_of = {region: region for _all, region in own}
    if rest and partition.allows(rest):
        columns.append((OTHER_REGIONS, _l("Other regions")))
        column_of.update({region: OTHER_REGIONS for _all, region in rest})
    if len(columns) < 2:  # one column would repeat the total
        return [], {}
    return columns, column_of


def _question(question, rows, shown, column_of, region_of, by_id, named):
    respondents = len({row.who for row in rows})
    result = QuestionResult(
        question, respondents, shown and disclosure.publishable(respondents)
    )
    if not result.shown:
        return result
    if question.is_choice:
        counted = Counter(row.option_id for row in rows)
        result.counts = [
            (localized(option, "label"), counted[option.id])
            for option in question.options
        ]
        keys = {option.id: localized(option, "label") for option in question.options}
        result.regions = _regions(rows, "option_id", keys, column_of, region_of)
    elif question.kind == QuestionKind.SCALE:
        values = [row.scale_value for row in rows if row.scale_value is not None]
        counted = Counter(values)
        span = range(question.scale_min, question.scale_max + 1)
        result.counts = [(str(value), counted[value]) for value in span]
        mean = sum(values) / len(values) if values else None
        result.mean = disclosure.round_mean(mean, len(values))
        keys = {value: str(value) for value in span}
        result.regions = _regions(rows, "scale_value", keys, column_of, region_of)
    else:
        result.texts = [
            (by_id.get(row.who) if named else None, row.text)
            for row in sorted(rows, key=lambda r: (str(r.text), str(r.who)))
        ]
    return result


def _regions(rows, attribute, keys, column_of, region_of):
    """{label: {column: count}} for the allowed region columns."""
    if not column_of:
        return {}
    table = {label: Counter() for label in keys.values()}
    for row in rows:
        label = keys.get(getattr(row, attribute))
        column = column_of.get(region_of.get(row.who))
        if label is not None and column is not None:
            table[label][column] += 1
    return table


def _by_organisation(consultation, organisations, rows):
    """[(organisation, {question id: the answer as text})] for who said what."""
    options = {
        option.id: localized(option, "label")
        for question in consultation.questions
        for option in question.options
    }
    said = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.option_id is not None:
            said[row.who][row.question_id].append(options.get(row.option_id, ""))
        elif row.scale_value is not None:
            said[row.who][row.question_id].append(str(row.scale_value))
        elif row.text:
            said[row.who][row.question_id].append(row.text)
    return [
        (org, {qid: "; ".join(values) for qid, values in said[org.id].items()})
        for org in organisations
    ]


def shown_mean(result):
    """The mean as the reader writes numbers ("4.5", "4,5"), or ''."""
    return "" if result.mean is None else format_decimal(result.mean, "#,##0.0")


def chart(result):
    """The SVG bar chart of a shown choice or scale question, or ''."""
    from ..outcomes.charts import bars

    if not result.shown or not result.counts or not any(n for _l, n in result.counts):
        return ""
    title = localized(result.question, "label")
    categories = tuple(label for label, _n in result.counts)
    series = ((str(_l("Organisations")), tuple(float(n) for _l, n in result.counts)),)
    return Markup(bars(title, categories, series))


def csv_rows(results):
    """Rows of the CSV export: question, answer, count, then the region columns;
    suppressed figures say so."""
    for number, result in enumerate(results.questions, 1):
        label = localized(result.question, "label")
        if not result.shown:
            yield [
                number,
                label,
                "",
                str(_l("fewer than %(num)d", num=disclosure.MIN_GROUP)),
                *[""] * len(results.columns),
            ]
            continue
        for answer, count in result.counts:
            regions = result.regions.get(answer, {})
            yield [
                number,
                label,
                answer,
                count,
                *[regions.get(code, 0) for code, _name in results.columns],
            ]
        if result.mean is not None:
            yield [
                number,
                label,
                str(_l("Mean")),
                result.mean,
                *[""] * len(results.columns),
            ]
        for organisation, text in result.texts:
            yield [
                number,
                label,
                organisation.name if organisation else "",
                text,
                *[""] * len(results.columns),
            ]
