"""Needs and offers, follow-up answers and partnerships."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..core import schedule
from ..core.transitions import update_if
from ..core.translated import Edit, set_text
from ..db import db, utcnow
from . import introductions, notify
from .introductions import IntroductionError
from .models import (
    FollowUpAnswer,
    Introduction,
    IntroductionStatus,
    Listing,
    Partnership,
)

# --- Needs and offers --------------------------------------------------------------


def listings_of(organisation_id):
    """Its needs and offers, needs first, in the taxonomy's order."""
    return db.session.scalars(
        sa.select(Listing)
        .where(Listing.organisation_id == organisation_id)
        .order_by(Listing.kind, Listing.id)
    ).all()


def save_listing(organisation, kind, category, description, lang, user):
    """Add a need or an offer, or rewrite its description if already listed."""
    listing = db.session.scalar(
        sa.select(Listing).where(
            Listing.organisation_id == organisation.id,
            Listing.kind == kind,
            Listing.category == category,
        )
    )
    created = listing is None
    if created:
        listing = Listing(organisation_id=organisation.id, kind=kind, category=category)
        db.session.add(listing)
    listing.description = set_text(
        listing.description, Edit(source_lang=lang, bodies={lang: description})
    )
    listing.updated_at = utcnow()
    db.session.flush()
    record(listing, "listed" if created else "listing_edited", actor=user)
    return listing


def remove_listing(listing, user):
    record(listing, "listing_removed", actor=user)
    db.session.delete(listing)
    db.session.flush()


# --- Follow-up and partnerships --------------------------------------------------


@schedule.handler(introductions.FOLLOW_UP_JOB)
def send_follow_up(payload, reminder):
    """The reminder came due: ask both sides, unless one already answered."""
    introduction = db.session.get(Introduction, payload["introduction_id"])
    if introduction is None or introduction.status != IntroductionStatus.INTRODUCED:
        return
    if introduction.follow_up_answer is None:
        notify.follow_up(introduction)


def answer_follow_up(introduction, user, answer):
    """Record what came of an introduction: 'no_partnership' (a partnership is
    recorded with `record_partnership`)."""
    if introduction.status != IntroductionStatus.INTRODUCED:
        raise IntroductionError(
            _l("Only an introduction that was made has a follow-up.")
        )
    if answer == FollowUpAnswer.NO_PARTNERSHIP and introduction.partnership:
        raise IntroductionError(
            _l("A partnership is recorded: change its status instead.")
        )
    update_if(
        Introduction,
        introduction,
        follow_up_answer=answer,
        follow_up_answered_at=utcnow(),
    )
    record(introduction, "follow_up_answered", actor=user, to_state=answer)


def record_partnership(introduction, user, kind, status, outcome):
    """Record (or update) the partnership that came out of an introduction."""
    if introduction.status != IntroductionStatus.INTRODUCED:
        raise IntroductionError(
            _l("Only an introduction that was made has a follow-up.")
        )
    partnership = introduction.partnership
    before = partnership.status if partnership else None
    if partnership is None:
        partnership = Partnership(introduction_id=introduction.id)
        db.session.add(partnership)
    partnership.kind = kind
    partnership.status = status
    partnership.outcome = (outcome or "").strip()[:4000]
    partnership.recorded_by_id = user.id
    partnership.updated_at = utcnow()
    db.session.flush()
    record(
        partnership,
        "partnership_recorded",
        actor=user,
        from_state=before,
        to_state=status,
    )
    if introduction.follow_up_answer != FollowUpAnswer.PARTNERSHIP:
        answer_follow_up(introduction, user, FollowUpAnswer.PARTNERSHIP)
    return partnership


# --- Reading ----------------------------------------------------------------------


def involving(organisation_id):
    """SQL condition: introductions of which the organisation is one side."""
    return sa.or_(
        Introduction.org_low_id == organisation_id,
        Introduction.org_high_id == organisation_id,
    )


def of_organisation(organisation_id):
    """Its introductions, newest first, grouped by state."""
    rows = db.session.scalars(
        sa.select(Introduction)
        .where(involving(organisation_id))
        .order_by(Introduction.created_at.desc(), Introduction.id.desc())
    ).all()
    grouped = {state: [] for state in IntroductionStatus}
    for row in rows:
        grouped[IntroductionStatus(row.status)].append(row)
    return grouped


def admin_query(status=None, region=None):
    """Every introduction, newest first, optionally in one state or region."""
    from ..organisations.models import Organisation

    query = sa.select(Introduction).order_by(
        Introduction.created_at.desc(), Introduction.id.desc()
    )
    if status:
        query = query.where(Introduction.status == status)
    if region:
        in_region = sa.select(Organisation.id).where(Organisation.region == region)
        query = query.where(
            sa.or_(
                Introduction.org_low_id.in_(in_region),
                Introduction.org_high_id.in_(in_region),
            )
        )
    return query


def counts():
    """Introductions made, waiting, follow-ups due, partnerships by status."""
    by_status = dict(
        db.session.execute(
            sa.select(Introduction.status, sa.func.count()).group_by(
                Introduction.status
            )
        ).all()
    )
    partnerships = dict(
        db.session.execute(
            sa.select(Partnership.status, sa.func.count()).group_by(Partnership.status)
        ).all()
    )
    return by_status, partnerships


def follow_ups_due(now=None):
    """Introductions whose follow-up went out and that no side has answered."""
    from ..core.models import Reminder

    now = now or utcnow()
    keys = sa.select(Reminder.key).where(
        Reminder.job == introductions.FOLLOW_UP_JOB, Reminder.due_at <= now
    )
    made = db.session.scalars(
        sa.select(Introduction).where(
            Introduction.status == IntroductionStatus.INTRODUCED,
            Introduction.follow_up_answer.is_(None),
        )
    ).all()
    due = set(db.session.scalars(keys))
    return [i for i in made if introductions.follow_up_key(i.id) in due]


def has_buddy(organisation):
    """The onboarding check: an onboarding introduction that was made."""
    found = db.session.scalar(
        sa.select(Introduction.id)
        .where(
            involving(organisation.id),
            Introduction.onboarding.is_(True),
            Introduction.status == IntroductionStatus.INTRODUCED,
        )
        .limit(1)
    )
    return found is not None


def have_buddies(organisations):
    """`has_buddy` for many organisations in one query: the ids that pass."""
    ids = [org.id for org in organisations]
    query = sa.select(Introduction.org_low_id, Introduction.org_high_id).where(
        sa.or_(Introduction.org_low_id.in_(ids), Introduction.org_high_id.in_(ids)),
        Introduction.onboarding.is_(True),
        Introduction.status == IntroductionStatus.INTRODUCED,
    )
    return {side for pair in db.session.execute(query) for side in pair} & set(ids)
