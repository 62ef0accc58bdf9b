"""Publishing a cycle: the approved figures through disclosure control, frozen.

`publish(cycle, by)` takes the cycle's approved, current values for the total (no
breakdown), aggregates them per country, region and the whole Alliance, runs
`core.disclosure_tables` on each indicator's table, and stores the result, hidden
cells already removed, as a new `Publication` (version 1, 2, ... per cycle). Pages
and open-data files read only these snapshots: a value edited or reopened after
publication changes nothing published until the Secretariat publishes again, and
the earlier version stays readable.

Tables: an indicator entered as women and total (a share) publishes per row the
women, the men (total - women) and the total, all counts of people, and the share
where women and total are published; relations: total = women + men per row, and
each region the sum of its countries, the Alliance the sum of its regions, per
column. A count entered as a value (incidents) publishes its sum per row. A
magnitude (a pay gap) publishes the mean over contributing organisations with
their number; the dominance and contributors rules apply per row, and secondary
suppression runs on the sums (mean x contributors) with the same relations.
"""

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from ..core import disclosure_tables as dt
from ..core.translated import resolve
from ..db import UTCDateTime, db, utcnow
from ..organisations.models import Organisation
from .indicators import MetricsError
from .models import Cycle, Entry, Indicator, Kind, MetricValue, ValueStatus

ALLIANCE = "all"
LANGS = ("en", "fr", "es")


class Publication(db.Model):
    """One published version of a cycle's figures, as computed then."""

    __tablename__ = "metric_publications"
    __table_args__ = (sa.UniqueConstraint("cycle_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        sa.ForeignKey("metric_cycles.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    figures: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    cycle: Mapped[Cycle] = relationship()
    published_by = relationship("User")


# --- Publishing -----------------------------------------------------------------------


def publish(cycle, by):
    """A new version of the cycle's publication; refused when nothing is approved."""
    # One publisher at a time per cycle (the version numbers stay a sequence).
    db.session.execute(
        sa.select(Cycle.id).where(Cycle.id == cycle.id).with_for_update()
    )
    rows = _approved(cycle)
    if not rows:
        raise MetricsError(_l("The cycle has no approved value to publish."))
    latest = latest_for(cycle)
    figures = {"indicators": {}}
    by_indicator = defaultdict(list)
    for value in rows:
        by_indicator[value.indicator_id].append(value)
    for indicator in cycle.indicators:
        mine = by_indicator.get(indicator.id)
        if mine:
            figures["indicators"][indicator.code] = indicator_table(indicator, mine)
    publication = Publication(
        cycle=cycle,
        version=(latest.version + 1) if latest else 1,
        published_by_id=by.id if by else None,
        figures=figures,
    )
    db.session.add(publication)
    db.session.flush()
    return publication


def _approved(cycle):
    return db.session.scalars(
        sa.select(MetricValue)
        .join(Organisation, Organisation.id == MetricValue.organisation_id)
        .where(
            MetricValue.cycle_id == cycle.id,
            MetricValue.status == ValueStatus.APPROVED,
            MetricValue.superseded.is_(False),
            MetricValue.breakdown == "",
        )
        # Each value's organisation and version are read: loaded in two queries,
        # not one per row.
        .options(
            selectinload(MetricValue.organisation),
            selectinload(MetricValue.indicator_version),
        )
    ).all()


def _geography(values):
    """[(key, level, region, country)] rows and the relations between them."""
    regions = defaultdict(set)
    for value in values:
        org = value.organisation
        regions[org.region or ""].add(org.country or "")
    rows = [(ALLIANCE, "alliance", "", "")]
    links = [(ALLIANCE, tuple(("r", r) for r in sorted(regions)))]
    for region in sorted(regions):
        rows.append((("r", region), "region", region, ""))
        countries = tuple(("c", region, c) for c in sorted(regions[region]))
        links.append((("r", region), countries))
        for country in sorted(regions[region]):
            rows.append((("c", region, country), "country", region, country))
    return rows, links


def _row_of(value):
    org = value.organisation
    region, country = org.region or "", org.country or ""
    return (("c", region, country), ("r", region), ALLIANCE)


def indicator_table(indicator, values):
    """The published table of one indicator (a JSON-ready dict)."""
    version = max((v.indicator_version for v in values), key=lambda v: v.number)
    rows, links = _geography(values)
    if version.entry == Entry.SHARE:
        columns, cells, primary, size = _share_cells(values, rows)
    elif indicator.kind == Kind.COUNT:
        columns, cells, primary, size = _count_cells(values, rows)
    else:
        columns, cells, primary, size = _magnitude_cells(values, rows)
    relations = [
        dt.Relation((total, column), tuple((p, column) for p in parts))
        for total, parts in links
        for column in ("women", "men", "total", "sum")
    ]
    if "women" in columns:
        relations += [
            dt.Relation((key, "total"), ((key, "women"), (key, "men")))
            for key, *_ in rows
        ]
    relations = [r for r in relations if all(k in cells for k in r.cells)]
    counts = indicator.kind == Kind.COUNT
    hidden = dt.protect(cells, relations, primary, size=size, counts=counts)
    contributors = defaultdict(set)
    for value in values:
        for key in _row_of(value):
            contributors[key].add(value.organisation_id)
    out_rows = []
    for key, level, region, country in rows:
        shown = {}
        for column in columns:
            cell = (key, column)
            if column == "share":
                w, t = (key, "women"), (key, "total")
                if w in hidden or t in hidden:
                    reason = hidden.get(w) or hidden.get(t)
                    shown["share"] = {"symbol": reason}
                elif cells[t]:
                    shown["share"] = {"value": round(100 * cells[w] / cells[t], 1)}
                else:
                    shown["share"] = {"symbol": None, "value": None}
            elif column == "mean":
                s = (key, "sum")
                if s in hidden:
                    shown["mean"] = {"symbol": hidden[s]}
                else:
                    n = len(contributors[key])
                    shown["mean"] = {"value": round(cells[s] / n, 1)}
            elif cell in hidden:
                shown[column] = {"symbol": hidden[cell]}
            else:
                shown[column] = {"value": cells[cell]}
        shown = {
            column: {"value": cell.get("value"), "symbol": cell.get("symbol")}
            for column, cell in shown.items()
            if not (column == "sum" and "mean" in columns)
        }
        out_rows.append(
            {
                "level": level,
                "region": region,
                "country": country,
                "contributors": len(contributors[key]),
                "cells": shown,
            }
        )
    return {
        "code": indicator.code,
        "kind": indicator.kind,
        "unit": version.unit,
        "entry": version.entry,
        "indicator_version": version.number,
        "name": _texts(version.name),
        "definition": _texts(version.definition),
        "numerator": version.numerator,
        "denominator": version.denominator,
        "columns": [c for c in columns if not (c == "sum" and "mean" in columns)],
        "rows": out_rows,
        "provenance": _provenance(values),
    }


def _texts(text):
    return {lang: resolve(text, lang).body for lang in LANGS}


def _share_cells(values, rows):
    cells = {(key, c): 0 for key, *_ in rows for c in ("women", "men", "total")}
    for value in values:
        women, total = value.women or 0, value.total or 0
        for key in _row_of(value):
            cells[(key, "women")] += women
            cells[(key, "men")] += total - women
            cells[(key, "total")] += total
    primary = {key: dt.count_reason(n) for key, n in cells.items()}
    return ("women", "men", "total", "share"), cells, primary, None


def _count_cells(values, rows):
    cells = {(key, "sum"): 0 for key, *_ in rows}
    for value in values:
        for key in _row_of(value):
            cells[(key, "sum")] += int(value.value or 0)
    primary = {key: dt.count_reason(n) for key, n in cells.items()}
    return ("sum",), cells, primary, None


def _magnitude_cells(values, rows):
    cells = {(key, "sum"): 0.0 for key, *_ in rows}
    parts = defaultdict(list)
    for value in values:
        for key in _row_of(value):
            cells[(key, "sum")] += value.value or 0.0
            parts[(key, "sum")].append(value.value or 0.0)
    primary = {key: dt.magnitude_reason(parts[key]) for key in cells}
    return ("mean", "sum"), cells, primary, lambda key: len(parts[key])


def _provenance(values):
    """Who contributed: their number; names only per region with at least
    MIN_CONTRIBUTORS organisations (a name beside a region's single figure would
    be that organisation's figure); sources; submission versions."""
    by_region = defaultdict(set)
    for value in values:
        by_region[value.organisation.region or ""].add(value.organisation)
    named = {
        region: sorted(o.name for o in orgs)
        for region, orgs in by_region.items()
        if len(orgs) >= dt.MIN_CONTRIBUTORS
    }
    return {
        "organisations": len({v.organisation_id for v in values}),
        "named_by_region": named,
        "sources": sorted({v.source for v in values if v.source}),
        "submission_versions": sorted({v.version for v in values}),
    }


# --- Reading --------------------------------------------------------------------------


def latest_for(cycle):
    return db.session.scalars(
        sa.select(Publication)
        .where(Publication.cycle_id == cycle.id)
        .order_by(Publication.version.desc())
        .limit(1)
    ).first()


def versions_of(cycle):
    return db.session.scalars(
        sa.select(Publication)
        .where(Publication.cycle_id == cycle.id)
        .order_by(Publication.version.desc())
    ).all()


def latest_publications():
    """{year: latest publication} of every published cycle, oldest year first."""
    found = db.session.scalars(
        sa.select(Publication)
        .join(Cycle, Cycle.id == Publication.cycle_id)
        .order_by(Cycle.year, Publication.version)
    ).all()
    return {p.cycle.year: p for p in found}


def published_indicator(code):
    """[(year, table)] for an indicator over its published cycles."""
    out = []
    for year, publication in latest_publications().items():
        table = publication.figures.get("indicators", {}).get(code)
        if table:
            out.append((year, table))
    return out


def published_codes():
    codes = set()
    for publication in latest_publications().values():
        codes |= set(publication.figures.get("indicators", {}))
    return [
        i
        for i in db.session.scalars(sa.select(Indicator).order_by(Indicator.position))
        if i.code in codes
    ]
