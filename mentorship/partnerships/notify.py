"""Who hears what when an introduction moves; each email in its reader's language."""

import sqlalchemy as sa

from .. import policy
from ..auth.models import User
from ..core import notifications
from ..core.models import Membership
from ..db import db


def stewards(organisation_id):
    """The organisation's current leader and coordinators, by name."""
    return db.session.scalars(
        sa.select(User)
        .where(
            User.id.in_(
                sa.select(Membership.user_id).where(
                    policy.stewards_condition(organisation_id)
                )
            ),
            User.erased_at.is_(None),
        )
        .order_by(User.name, User.id)
    ).all()


def recipients(organisation_id):
    """Who is told for one side: its stewards, or the Secretariat standing in."""
    found = stewards(organisation_id)
    if found:
        return found
    return db.session.scalars(
        sa.select(User).where(policy.secretariat_condition()).order_by(User.id)
    ).all()


def _send(person, template, **context):
    notifications.notify(person, template, name=person.name, **context)


def _page(organisation):
    return notifications.public_url(
        "partnerships.introductions", slug=organisation.slug
    )


def proposed(introduction, by_organisation):
    """The side(s) asked to answer: the other side, or both when the Secretariat
    proposed it."""
    for org in introduction.organisations:
        if by_organisation is not None and org.id == by_organisation.id:
            continue
        other = introduction.other(org.id)
        for person in recipients(org.id):
            _send(
                person,
                "introduction_proposed",
                organisation_name=org.name,
                other_name=other.name,
                by_secretariat=by_organisation is None,
                message=introduction.message,
                url=_page(org),
            )


def introduced(introduction):
    """Each side gets the other's contacts and suggested next steps."""
    for org in introduction.organisations:
        other = introduction.other(org.id)
        contacts = [(p.name, p.email) for p in stewards(other.id)]
        for person in recipients(org.id):
            _send(
                person,
                "introduction_made",
                organisation_name=org.name,
                other_name=other.name,
                other_website=other.website,
                contacts=contacts,
                onboarding=introduction.onboarding,
                url=_page(org),
            )


def declined(introduction, declined_side):
    """The other side learns that this introduction will not go ahead."""
    decliner = getattr(introduction, f"org_{declined_side}")
    other = introduction.other(decliner.id)
    for person in recipients(other.id):
        _send(
            person,
            "introduction_declined",
            organisation_name=other.name,
            other_name=decliner.name,
            url=_page(other),
        )


def follow_up(introduction):
    """Both sides are asked whether a partnership came out of it."""
    for org in introduction.organisations:
        other = introduction.other(org.id)
        url = notifications.public_url(
            "partnerships.follow_up", introduction_id=introduction.id
        )
        for person in recipients(org.id):
            _send(
                person,
                "introduction_follow_up",
                organisation_name=org.name,
                other_name=other.name,
                url=url,
            )
