"""Who hears of the library's changes, each in her language, after commit:

- the translators assigned to a resource's other languages, when its source
  changes (their translation is now outdated) and when they are assigned;
- the reviewers (Secretariat and the translators' chair), when a translation is
  uploaded and is ready to be reviewed and published;
- whoever uploaded a translation, when it is reviewed (published to readers);
- the Secretariat, when a member proposes a resource for publication.
"""

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships
from ..core.models import Body, Membership
from ..core.notifications import notify, public_url
from ..db import db
from ..policy.people import secretariat_condition
from .models import TranslatorAssignment


def _people(condition):
    return db.session.scalars(
        sa.select(User).where(condition, User.erased_at.is_(None)).order_by(User.id)
    ).all()


def _reviewers():
    chairs = (
        sa.select(Membership.user_id)
        .join(Body, Body.id == Membership.body_id)
        .where(
            Body.kind == "translators",
            Membership.position == "chair",
            memberships.current(),
        )
    )
    return _people(sa.or_(secretariat_condition(), User.id.in_(chairs)))


def _send(people, template, resource, **context):
    url = public_url("library.detail", resource_id=resource.id)
    matrix = public_url("library.translations")
    for person in people:
        notify(
            person,
            template,
            person=person,
            resource=resource,
            url=url,
            matrix_url=matrix,
            **context,
        )


def source_changed(resource, langs):
    """Translators of `langs`: the source has a new version."""
    assigned = sa.select(TranslatorAssignment.user_id).where(
        TranslatorAssignment.resource_id == resource.id,
        TranslatorAssignment.lang.in_(langs),
    )
    _send(_people(User.id.in_(assigned)), "library_source_changed", resource)


def assigned(resource, assignment):
    _send(
        _people(User.id == assignment.user_id),
        "library_assigned",
        resource,
        lang=assignment.lang,
    )


def translation_ready(resource, file):
    _send(_reviewers(), "library_translation_ready", resource, lang=file.lang)


def translation_reviewed(resource, file):
    if file.uploaded_by_id is None:
        return
    _send(
        _people(User.id == file.uploaded_by_id),
        "library_translation_reviewed",
        resource,
        lang=file.lang,
    )


def proposed(resource):
    _send(_people(secretariat_condition()), "library_proposed", resource)
