"""What the lists, the Secretariat's page and the panels read."""

from collections import Counter

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..core.pagination import paginate
from ..core.translated import name_only
from ..db import db
from ..organisations.models import Organisation
from ..roles.voices import member_organisations
from .models import (
    Consultation,
    ConsultationStatus,
    Extension,
    ExtensionStatus,
    Response,
    ResponseStatus,
)

PER_PAGE = 20
NOT_STARTED = "not_started"


def admin_list(page):
    """Every consultation, newest first."""
    query = sa.select(Consultation).order_by(
        Consultation.created_at.desc(), Consultation.id.desc()
    )
    return paginate(query, page, PER_PAGE)


def closed(page):
    """Closed consultations (their results are public), latest first."""
    query = (
        sa.select(Consultation)
        .where(Consultation.status == ConsultationStatus.CLOSED)
        .order_by(Consultation.closed_at.desc(), Consultation.id.desc())
    )
    return paginate(query, page, PER_PAGE)


def open_consultations(today, titles_only=False):
    """Open consultations already opened, soonest deadline first (extensions
    aside: an organisation with a later deadline still sees it); `titles_only`:
    with their titles' languages joined in, without their introductions."""
    options = name_only(None, Consultation.title, Consultation.intro)
    return (
        db.session.scalars(
            sa.select(Consultation)
            .options(*(options if titles_only else ()))
            .where(
                Consultation.status == ConsultationStatus.OPEN,
                Consultation.opens_on <= today,
            )
            .order_by(Consultation.closes_on, Consultation.id)
        )
        .unique()
        .all()
    )


def statuses(consultation_ids, organisation_ids=None):
    """{(consultation id, organisation id): 'draft' or 'submitted'}."""
    if not consultation_ids:
        return {}
    query = sa.select(
        Response.consultation_id, Response.organisation_id, Response.status
    ).where(Response.consultation_id.in_(list(consultation_ids)))
    if organisation_ids is not None:
        query = query.where(Response.organisation_id.in_(list(organisation_ids)))
    return {(c, o): s for c, o, s in db.session.execute(query)}


def deadlines(consultation_ids, organisation_ids):
    """{(consultation id, organisation id): granted day} for granted extensions."""
    if not consultation_ids or not organisation_ids:
        return {}
    rows = db.session.execute(
        sa.select(
            Extension.consultation_id,
            Extension.organisation_id,
            Extension.granted_until,
        ).where(
            Extension.consultation_id.in_(list(consultation_ids)),
            Extension.organisation_id.in_(list(organisation_ids)),
            Extension.status == ExtensionStatus.GRANTED,
        )
    )
    return {(c, o): day for c, o, day in rows}


def awaiting(organisation_ids, today):
    """[{organisation, consultation, status, deadline}]: open consultations these
    member organisations have not submitted, before their deadline."""
    if not organisation_ids:
        return []
    # Most days none: one SELECT.
    consultations = open_consultations(today, titles_only=True)
    if not consultations:
        return []
    organisations = member_organisations(organisation_ids, names_only=True)
    ids = [c.id for c in consultations]
    org_ids = [o.id for o in organisations]
    found = statuses(ids, org_ids)
    later = deadlines(ids, org_ids)
    rows = []
    for organisation in organisations:
        for consultation in consultations:
            key = (consultation.id, organisation.id)
            deadline = max(
                later.get(key, consultation.closes_on), consultation.closes_on
            )
            status = found.get(key, NOT_STARTED)
            if status != ResponseStatus.SUBMITTED and today <= deadline:
                rows.append(
                    {
                        "organisation": organisation,
                        "consultation": consultation,
                        "status": status,
                        "deadline": deadline,
                    }
                )
    return rows


def participation(consultation):
    """(rows, counts): each member organisation with its status and its later
    deadline (or None), by name; counts per status."""
    organisations = member_organisations()
    found = statuses([consultation.id])
    later = deadlines([consultation.id], [o.id for o in organisations])
    rows = []
    for organisation in organisations:
        key = (consultation.id, organisation.id)
        rows.append((organisation, found.get(key, NOT_STARTED), later.get(key)))
    counts = Counter(status for _org, status, _day in rows)
    return rows, counts


def extensions(consultation):
    """Its requests for later deadlines, pending first."""
    return db.session.scalars(
        sa.select(Extension)
        .where(Extension.consultation_id == consultation.id)
        .options(selectinload(Extension.organisation))
        .order_by(
            (Extension.status != ExtensionStatus.REQUESTED), Extension.requested_at
        )
    ).all()


def extension_of(consultation, organisation_id):
    return db.session.scalar(
        sa.select(Extension).where(
            Extension.consultation_id == consultation.id,
            Extension.organisation_id == organisation_id,
        )
    )


def open_overview(today):
    """The Secretariat's glance: each open consultation with its counts of
    submitted and draft responses out of the member organisations."""
    consultations = open_consultations(today)
    members = db.session.scalar(
        sa.select(sa.func.count()).where(Organisation.status == "member")
    )
    found = statuses([c.id for c in consultations])
    rows = []
    for consultation in consultations:
        counts = Counter(s for (c, _o), s in found.items() if c == consultation.id)
        rows.append((consultation, counts))
    return rows, members
