"""The indicator registry: created and revised by the Secretariat.

A revision that changes what an indicator means (its texts, unit, entry, breakdowns,
range) is a new version once values were entered against the current one; until
then the current version is corrected in place (nobody used it yet). Codes never
change: later publications and open data cite them.
"""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import translated
from ..core.errors import ServiceError
from ..db import db
from .models import Entry, Indicator, IndicatorVersion, Kind, MetricValue, Unit
from .words import DIMENSIONS

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
PLAIN_FIELDS = (
    "numerator",
    "denominator",
    "unit",
    "entry",
    "disaggregations",
    "reference_period",
    "preferred_sources",
    "methodology",
    "min_value",
    "max_value",
)


class MetricsError(ServiceError):
    """A change to the metrics that cannot be made (translated message)."""


@dataclass
class Definition:
    """What a version says: its texts (translated.Edit) and its plain fields."""

    name: translated.Edit
    definition: translated.Edit
    numerator: str = ""
    denominator: str = ""
    unit: str = Unit.COUNT
    entry: str = Entry.VALUE
    disaggregations: list = field(default_factory=list)
    reference_period: str = ""
    preferred_sources: str = ""
    methodology: str = ""
    min_value: float | None = None
    max_value: float | None = None
    change_note: str = ""


def _check(definition, kind):
    if kind not in set(Kind):
        raise MetricsError(_l("Choose a kind of indicator."))
    if definition.unit not in set(Unit) or definition.entry not in set(Entry):
        raise MetricsError(_l("Choose a unit and a way of entering the value."))
    if definition.entry == Entry.SHARE and definition.unit != Unit.PERCENT:
        raise MetricsError(_l("A share entered as women and total is a percentage."))
    if any(dim not in DIMENSIONS for dim in definition.disaggregations):
        raise MetricsError(_l("Choose breakdowns from the list."))
    low, high = definition.min_value, definition.max_value
    if low is not None and high is not None and low > high:
        raise MetricsError(_l("The lowest value must not exceed the highest."))
    if definition.name.is_empty():
        raise MetricsError(_l("Give the indicator a name in at least one language."))


def _fill(version, definition):
    version.name = translated.set_text(version.name, definition.name)
    version.definition = translated.set_text(version.definition, definition.definition)
    for name in PLAIN_FIELDS:
        setattr(version, name, getattr(definition, name))
    version.disaggregations = [d for d in DIMENSIONS if d in definition.disaggregations]
    version.change_note = definition.change_note


def create(code, definition, by, *, kind=Kind.COUNT, endorsed=False):
    """A new indicator with its first version; its code is stable and unique."""
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise MetricsError(
            _l("A code is 2 to 40 capital letters, digits or underscores.")
        )
    if db.session.scalar(sa.select(Indicator.id).where(Indicator.code == code)):
        raise MetricsError(_l("Another indicator already has this code."))
    _check(definition, kind)
    position = db.session.scalar(sa.select(sa.func.count(Indicator.id))) or 0
    indicator = Indicator(code=code, kind=kind, endorsed=endorsed, position=position)
    version = IndicatorVersion(number=1)
    _fill(version, definition)
    indicator.versions.append(version)
    db.session.add(indicator)
    db.session.flush()
    record(indicator, "indicator_created", actor=by, data={"code": code})
    return indicator


def in_use(version):
    """Values were entered against this version."""
    return bool(
        db.session.scalar(
            sa.select(MetricValue.id)
            .where(MetricValue.indicator_version_id == version.id)
            .limit(1)
        )
    )


def revise(indicator, definition, by, *, kind=None, endorsed=None):
    """Change an indicator: a new version when the current one is in use (its
    values keep it), else the current version corrected. Returns the version."""
    kind = kind or indicator.kind
    _check(definition, kind)
    indicator.kind = kind
    if endorsed is not None:
        indicator.endorsed = endorsed
    current = indicator.current
    if in_use(current):
        version = IndicatorVersion(number=current.number + 1)
        indicator.versions.append(version)
    else:
        version = current
    _fill(version, definition)
    db.session.flush()
    record(
        indicator,
        "indicator_revised",
        actor=by,
        data={"code": indicator.code, "version": version.number},
    )
    return version


def by_code(code):
    """The indicator with this code, None for an unknown or malformed one."""
    if not isinstance(code, str) or not CODE.match(code):
        return None  # a NUL byte would reach the database as an error
    return db.session.scalar(sa.select(Indicator).where(Indicator.code == code))


def all_indicators():
    return db.session.scalars(
        sa.select(Indicator).order_by(Indicator.position, Indicator.code)
    ).all()
