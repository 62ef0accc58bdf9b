"""The metrics' fixed vocabularies, stored as codes and translated at the edge:
units, kinds, confidence, states, and the disaggregation dimensions with their
values (country takes ISO 3166 codes, named in the reader's language by Babel)."""

from flask_babel import lazy_gettext as _l

UNITS = {
    "count": _l("Count"),
    "percent": _l("Percent"),
    "ratio": _l("Ratio"),
    "currency": _l("Currency (US dollars)"),
}
KINDS = {
    "count": _l("Count of people"),
    "magnitude": _l("Magnitude (an amount or a rate)"),
}
ENTRIES = {
    "share": _l("Women and total counts (the share is computed)"),
    "value": _l("The value itself"),
}
CONFIDENCE = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}
STATUSES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "has_issues": _l("Has issues"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
}
REVIEW_ACTIONS = {
    "approve": _l("Approve"),
    "send_back": _l("Send back with issues"),
    "reject": _l("Reject"),
}

COMMODITIES = {
    "gold": _l("Gold"),
    "copper": _l("Copper"),
    "coal": _l("Coal"),
    "iron_ore": _l("Iron ore"),
    "lithium": _l("Lithium"),
    "nickel_cobalt": _l("Nickel and cobalt"),
    "diamonds_gemstones": _l("Diamonds and gemstones"),
    "aggregates": _l("Sand, gravel and aggregates"),
    "other": _l("Other commodities"),
}
OPERATION_TYPES = {
    "large_scale": _l("Large-scale mining"),
    "artisanal_small_scale": _l("Artisanal and small-scale mining"),
    "exploration": _l("Exploration"),
    "processing": _l("Processing and refining"),
    "services": _l("Mining services and suppliers"),
}
JOB_LEVELS = {
    "operational": _l("Operational and entry level"),
    "technical": _l("Technical and professional"),
    "management": _l("Management"),
    "executive": _l("Executive"),
    "board": _l("Board"),
}
DIMENSIONS = {
    "country": _l("Country"),
    "commodity": _l("Commodity"),
    "operation_type": _l("Operation type"),
    "job_level": _l("Job level"),
}
VALUES = {
    "commodity": COMMODITIES,
    "operation_type": OPERATION_TYPES,
    "job_level": JOB_LEVELS,
}
"""Each dimension's values, except the country's (ISO codes, from Babel)."""


def label(table, code):
    """The translated label of `code` in `table`, or the code itself."""
    return table.get(code, code or "")


def breakdown_parts(key):
    """'commodity=gold;job_level=board' -> [('commodity', 'gold'), ...]."""
    if not key:
        return []
    return [tuple(part.split("=", 1)) for part in key.split(";") if "=" in part]


def breakdown_key(parts):
    """The canonical key of a breakdown: its dimensions in DIMENSIONS' order."""
    chosen = dict(parts)
    return ";".join(f"{dim}={chosen[dim]}" for dim in DIMENSIONS if chosen.get(dim))


def breakdown_label(key):
    """The breakdown in the reader's words: 'Total', or 'Gold · Board'."""
    from ..i18n import country_name

    parts = breakdown_parts(key)
    if not parts:
        return str(_l("Total"))
    return " · ".join(
        country_name(value) if dim == "country" else str(label(VALUES[dim], value))
        for dim, value in parts
        if dim in DIMENSIONS
    )


def number(value):
    """A figure in the reader's format (12.5 -> '12,5' in French)."""
    from flask_babel import format_decimal

    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.##")


LOGGED_FIELDS = {
    "value": _l("Value"),
    "women": _l("Number of women"),
    "total": _l("Total"),
    "source": _l("Source"),
    "source_year": _l("Year of the source"),
    "coverage_note": _l("Coverage note"),
    "confidence": _l("Confidence"),
    "explanation": _l("Explanation"),
    "document_name": _l("Source document"),
}
