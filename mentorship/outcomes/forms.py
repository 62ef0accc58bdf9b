"""The dashboards' filter form (GET: bookmarkable, no CSRF needed)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from .. import vocab
from ..db import db
from ..forms import BaseForm, QuickSelect
from ..i18n import LANGUAGES, localized
from ..organisations.models import Organisation
from ..programmes.models import Programme
from . import cache
from .filters import BREAKDOWNS, Filters

BREAKDOWN_LABELS = {
    "region": _l("Region"),
    "language": _l("Language"),
    "programme": _l("Programme"),
    "organisation": _l("Organisation"),
}


class FilterForm(BaseForm):
    """Which part of the Alliance the figures describe; empty means all."""

    class Meta:
        csrf = False  # a GET form that changes nothing: links can be shared

    programme = SelectField(_l("Programme"), default="", widget=QuickSelect())
    organisation = SelectField(_l("Organisation"), default="", widget=QuickSelect())
    region = SelectField(_l("Region"), default="", widget=QuickSelect())
    language = SelectField(_l("Language"), default="", widget=QuickSelect())
    breakdown = SelectField(
        _l("Show figures by"),
        choices=[SelectChoice(code, label) for code, label in BREAKDOWN_LABELS.items()],
        default="region",
        widget=QuickSelect(),
    )

    def __init__(self, formdata, programmes, organisations=None):
        super().__init__(formdata=formdata)
        everyone = SelectChoice("", _l("All"))
        self.programme.choices = [everyone] + [
            SelectChoice(str(programme_id), name) for programme_id, name in programmes
        ]
        if organisations is None:
            del self.organisation
            del self.region
        else:
            self.organisation.choices = [everyone] + [
                SelectChoice(str(org_id), name) for org_id, name in organisations
            ]
            self.region.choices = [everyone] + vocab.choices(vocab.REGIONS)
        self.language.choices = [everyone] + [
            SelectChoice(code, name) for code, name in LANGUAGES.items()
        ]

    def filters(self, organisation_id=None):
        """The validated choices as Filters (call after validate())."""

        def number(field):
            return int(field.data) if field and field.data else None

        return Filters(
            programme=number(self.programme),
            organisation=organisation_id or number(getattr(self, "organisation", None)),
            region=getattr(self, "region", None) and self.region.data or None,
            language=self.language.data or None,
        )

    @property
    def by(self):
        return self.breakdown.data if self.breakdown.data in BREAKDOWNS else "region"


def programme_choices(include_drafts):
    """(id, name in the reader's language) of the programmes a reader may pick,
    newest first; kept per data version (cache.py)."""

    def compute():
        query = sa.select(Programme).order_by(Programme.starts_on.desc(), Programme.id)
        if not include_drafts:
            query = query.where(Programme.status != "draft")
        found = db.session.scalars(query).all()
        return tuple((p.id, localized(p, "name")) for p in found)

    return cache.cached("programmes", compute, include_drafts)


def organisation_choices():
    """(id, name) of every organisation, by name; kept per data version."""

    def compute():
        query = sa.select(Organisation.id, Organisation.name).order_by(
            Organisation.name
        )
        return tuple((row.id, row.name) for row in db.session.execute(query))

    return cache.cached("organisations", compute)
