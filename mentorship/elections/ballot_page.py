"""The election's ballot as the decisions' pages show it (registered in
`decisions.words.RULE_PAGES` for the STV rule): the election's title, link and
rules in a sentence or two, and the candidates in an order drawn for each
organisation (stable on reload, different between organisations)."""

import random
import sys

import sqlalchemy as sa
from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.exceptions import HTTPException

from ..db import db
from ..decisions import words as decision_words
from ..decisions.models import Rule
from ..i18n import localized
from .models import OPTION_PREFIX, Election, ElectionStatus, Nomination
from .words_record import region


def election_of(decision):
    return db.session.scalar(
        sa.select(Election).where(Election.decision_id == decision.id)
    )


def about(decision):
    """{"url", "rules", "record_url"} of the election this decision is the ballot of."""
    election = election_of(decision)
    if election is None:
        return {"url": "#", "rules": "", "record_url": None}
    counted = election.status == ElectionStatus.COUNTED
    return {
        "url": url_for("elections.election", election_id=election.id),
        "rules": rules(election),
        "record_url": url_for("elections.record", election_id=election.id)
        if counted
        else None,
    }


def rules(election):
    """'5 seats are filled by single transferable vote. Africa: at most 2; Latin
    America & Caribbean: at least 1. At most one seat per organisation.'"""
    minimum, maximum = election.limits()
    parts = []
    for code in sorted(set(minimum) | set(maximum)):
        if code in minimum and code in maximum:
            limit = _(
                "at least %(low)d, at most %(high)d",
                low=minimum[code],
                high=maximum[code],
            )
        elif code in minimum:
            limit = _("at least %(low)d", low=minimum[code])
        else:
            limit = _("at most %(high)d", high=maximum[code])
        parts.append(f"{region(code)}: {limit}")
    seats = ngettext(
        "%(num)d seat is filled by single transferable vote.",
        "%(num)d seats are filled by single transferable vote.",
        election.seats,
    )
    regional = (
        _("Seats per region: %(limits)s.", limits="; ".join(parts)) if parts else ""
    )
    return " ".join(
        p for p in (seats, regional, _("At most one seat per organisation.")) if p
    )


def options(decision, organisation_id):
    """The ballot's options in `organisation_id`'s drawn order, each as
    {"option", "name", "region", "organisation", "url", "withdrawn"}."""
    election = election_of(decision)
    refs = {o.ref: o for o in decision.options}
    ids = [
        int(r.removeprefix(OPTION_PREFIX)) for r in refs if r.startswith(OPTION_PREFIX)
    ]
    nominations = {
        n.id: n
        for n in db.session.scalars(sa.select(Nomination).where(Nomination.id.in_(ids)))
    }
    listed = []
    for option in sorted(decision.options, key=lambda o: o.id):
        nomination = nominations.get(_nomination_id(option))
        listed.append(_item(option, nomination, election))
    random.Random(f"{decision.id}:{organisation_id}").shuffle(listed)
    return listed


def _nomination_id(option):
    ref = option.ref or ""
    return (
        int(ref.removeprefix(OPTION_PREFIX)) if ref.startswith(OPTION_PREFIX) else None
    )


def _item(option, nomination, election):
    name = localized(option, "label")
    if nomination is None or election is None:
        return {
            "option": option,
            "name": name,
            "region": "",
            "organisation": "",
            "url": "#",
            "withdrawn": option.withdrawn_at is not None,
        }
    return {
        "option": option,
        "name": nomination.candidate.name,
        "region": region(nomination.region),
        "organisation": getattr(nomination.candidate_organisation, "name", ""),
        "url": candidate_url(election.id, nomination.id),
        "withdrawn": option.withdrawn_at is not None,
    }


def candidate_url(election_id, nomination_id):
    """Her page (part nominations' route) when it exists, else the election's."""
    path = f"/elections/{election_id}/candidates/{nomination_id}"
    try:
        current_app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:
        return url_for("elections.election", election_id=election_id)
    return request.script_root + path


def register():
    """The decisions' pages show an STV decision through this module."""
    decision_words.RULE_PAGES[Rule.SINGLE_TRANSFERABLE_VOTE] = sys.modules[__name__]
