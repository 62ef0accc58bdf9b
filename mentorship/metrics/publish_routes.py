"""Published figures and open data (public), and the Secretariat's publishing page.

Everything shown here is read from a `Publication` snapshot, which holds no hidden
figure: a page or a file cannot show what disclosure control removed."""

import csv
import io
import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import policy
from ..core import disclosure_tables as dt
from ..core.pagecache import public_page
from ..db import db
from ..i18n import country_name
from ..vocab import REGIONS
from . import publication, words
from .indicators import MetricsError
from .routes import _cycle, _failed, bp

LEGEND = {
    dt.THRESHOLD: _l("Fewer than 5 people: not published."),
    dt.SECONDARY: _l(
        "Hidden so that another hidden figure cannot be worked out from the totals."
    ),
    dt.DOMINANCE: _l(
        "Two organisations make up 85% or more of the total: not published."
    ),
    dt.FEW: _l("Fewer than 3 organisations contributed: not published."),
}


def legend():
    """The suppression symbols with their meaning in the reader's language."""
    return [(symbol, str(text)) for symbol, text in LEGEND.items()]


def legend_in_languages():
    """{symbol: {language: meaning}} for the open-data files."""
    out = {symbol: {} for symbol in LEGEND}
    for lang in publication.LANGS:
        with force_locale(lang):
            for symbol, text in LEGEND.items():
                out[symbol][lang] = str(text)
    return out


def region_label(code):
    return str(REGIONS.get(code, code)) if code else _("No region")


def row_label(row):
    if row["level"] == "alliance":
        return _("All member organisations")
    if row["level"] == "region":
        return region_label(row["region"])
    return country_name(row["country"]) or _("No country")


def _refuse(message, status=400):
    return render_template("metrics/data_refused.html", message=message), status


@bp.get("/metrics/data")
@public_page
def data_index():
    """The indicators with published figures."""
    return render_template(
        "metrics/data_index.html",
        indicators=publication.published_codes(),
        years=list(publication.latest_publications()),
    )


@bp.get("/metrics/data/<code>")
@public_page
def data_page(code):
    """One indicator's published figures: a chart and its table for a year, by
    region and country, and the trend over published cycles. `country` or `region`
    narrows to one row, refused when that row is hidden or unknown."""
    series = publication.published_indicator(code)
    policy.ensure_reach(bool(series))
    years = [year for year, _table in series]
    asked_year = request.args.get("year", "")
    if asked_year:
        if not asked_year.isdigit() or int(asked_year) not in years:
            return _refuse(_("No figures were published for that year."))
        year = int(asked_year)
    else:
        year = years[-1]
    table = dict(series)[year]
    rows = table["rows"]
    country, region = request.args.get("country", ""), request.args.get("region", "")
    if country or region:
        level = "country" if country else "region"
        wanted = [
            r
            for r in rows
            if r["level"] == level
            and (r["country"] == country if country else r["region"] == region)
        ]
        if not wanted:
            return _refuse(_("No figures were published for that breakdown."))
        if any(cell.get("symbol") for cell in wanted[0]["cells"].values()):
            return _refuse(
                _(
                    "That breakdown is not published: showing it would reveal "
                    "figures hidden to protect small groups or single organisations."
                )
            )
        rows = wanted
    return render_template(
        "metrics/data_page.html",
        table=table,
        rows=rows,
        year=year,
        years=years,
        trend=_trend(series),
        legend=legend(),
        row_label=row_label,
        region_label=region_label,
        words=words,
        narrowed=bool(country or region),
    )


def _main_column(table):
    return "share" if "share" in table["columns"] else table["columns"][0]


def _trend(series):
    """[(year, cell)] of the Alliance's figure per published cycle."""
    out = []
    for year, table in series:
        column = _main_column(table)
        out.append((year, table["rows"][0]["cells"].get(column, {})))
    return out


def _open_table(code, year):
    series = dict(publication.published_indicator(code))
    policy.ensure_reach(year in series)
    return series[year]


def _metadata(table, year):
    return {
        "indicator": table["code"],
        "year": year,
        "name": table["name"],
        "definition": table["definition"],
        "numerator": table["numerator"],
        "denominator": table["denominator"],
        "unit": table["unit"],
        "kind": table["kind"],
        "indicator_version": table["indicator_version"],
        "publication_version": table.get("publication_version"),
        "published_at": table.get("published_at"),
        "legend": legend_in_languages(),
        "provenance": table["provenance"],
        "licence": "CC BY 4.0",
    }


def _stamped(code, year):
    table = dict(_open_table(code, year))
    found = publication.latest_publications()[year]
    table["publication_version"] = found.version
    table["published_at"] = found.published_at.isoformat()
    return table


@bp.get("/metrics/data/<code>/<int:year>.json")
def data_json(code, year):
    """The published table with its metadata, as JSON (stable codes as keys)."""
    table = _stamped(code, year)
    body = {
        "metadata": _metadata(table, year),
        "columns": table["columns"],
        "rows": table["rows"],
    }
    return Response(
        json.dumps(body, ensure_ascii=False, indent=1),
        mimetype="application/json",
    )


@bp.get("/metrics/data/<code>/<int:year>.csv")
def data_csv(code, year):
    """The published table as CSV: metadata lines starting with '#', then one line
    per row; a hidden figure is its symbol, never a number."""
    table = _stamped(code, year)
    out = io.StringIO()
    writer = csv.writer(out)
    for key, value in _metadata(table, year).items():
        text = (
            json.dumps(value, ensure_ascii=False)
            if not isinstance(value, str)
            else value
        )
        writer.writerow([f"# {key}", text])
    writer.writerow(["level", "region", "country", "contributors", *table["columns"]])
    for row in table["rows"]:
        cells = []
        for column in table["columns"]:
            cell = row["cells"].get(column, {})
            cells.append(cell.get("symbol") or _number(cell.get("value")))
        writer.writerow(
            [row["level"], row["region"], row["country"], row["contributors"], *cells]
        )
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{table["code"]}-{year}.csv"'
    )
    return response


def _number(value):
    return "" if value is None else value


# --- The Secretariat publishes --------------------------------------------------------


@bp.route("/admin/metrics/cycles/<int:cycle_id>/publish", methods=["GET", "POST"])
@policy.requires(policy.can_publish_metrics)
def publish_cycle(cycle_id):
    """Its published versions; publishing makes the next one."""
    found = _cycle(cycle_id)
    if request.method == "POST":
        try:
            made = publication.publish(found, current_user)
            db.session.commit()
        except MetricsError as error:
            _failed(error)
            return redirect(url_for("metrics.publish_cycle", cycle_id=found.id))
        flash(
            _("Version %(n)s of the figures is published.", n=made.version), "success"
        )
        return redirect(url_for("metrics.publish_cycle", cycle_id=found.id))
    return render_template(
        "metrics/publish.html",
        cycle=found,
        versions=publication.versions_of(found),
    )
