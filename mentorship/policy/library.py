"""The library: who reads a resource, who proposes, publishes, translates, reviews.

A published resource is read by anyone (public), by the people of member
organisations (members), or by the current members of one working group (and the
Secretariat always). A draft or a resource in review is seen by whoever proposed
it and by those who may publish it: the Secretariat, and the chair of the working
group the resource is for. Any signed-in person of a member organisation, or of a
working group, proposes resources. Volunteer translators hold a term in the
"translators" body (`core.memberships`); one assigned to a resource's language
uploads its translation; the Secretariat and the translators' chair review.
"""

from ..db import utcnow
from .constituents import in_body, in_body_kind
from .people import is_staff

MEMBER = "member"
PUBLISHED = "published"


def _current(user):
    if not user.is_authenticated:
        return []
    today = utcnow().date()
    return [m for m in user.current_memberships if m.is_current(today)]


def _of_member_organisation(user):
    organisation = getattr(user, "organisation", None)
    return organisation is not None and organisation.status == MEMBER


def chairs(user, resource):
    """She chairs the working group the resource is for (or that owns it)."""
    return any(
        in_body(user, body_id, ("chair",))
        for body_id in (resource.group_id, resource.owner_body_id)
    )


def can_publish_resource(user, resource):
    """The Secretariat or the chair of the resource's working group."""
    return user.is_authenticated and (is_staff(user) or chairs(user, resource))


def can_see_resource(user, resource):
    if is_staff(user) or can_publish_resource(user, resource):
        return True
    if user.is_authenticated and resource.proposed_by_id == user.id:
        return True  # whoever proposed it follows it, published or not
    if resource.status != PUBLISHED:
        return False
    if resource.visibility == "public":
        return True
    if not user.is_authenticated:
        return False
    if resource.visibility == "members":
        return _of_member_organisation(user) or bool(_current(user))
    return in_body(user, resource.group_id)


def can_propose_resource(user):
    """People of member organisations, of working groups, and the Secretariat."""
    return user.is_authenticated and (
        is_staff(user) or _of_member_organisation(user) or bool(_current(user))
    )


def can_edit_resource(user, resource):
    """Its publishers; whoever proposed it while it is a draft."""
    if can_publish_resource(user, resource):
        return True
    return (
        user.is_authenticated
        and resource.proposed_by_id == user.id
        and resource.status == "draft"
    )


def can_delete_resource(user, resource=None):
    """Deleting (with its files) is the Secretariat's."""
    return is_staff(user)


def is_translator(user):
    """She holds a current term in the translators' body."""
    return in_body_kind(user, "translators")


def can_review_translations(user):
    """The Secretariat and the translators' chair."""
    return is_staff(user) or in_body_kind(user, "translators", ("chair",))


def can_view_translation_status(user):
    """The matrix of resources x languages: the Secretariat and the translators."""
    return is_staff(user) or is_translator(user)


def can_assign_translators(user):
    return is_staff(user)


def can_upload_file(user, resource, lang, assigned_ids=()):
    """The source is its editors'; a translation is also its assigned translators'."""
    if can_edit_resource(user, resource):
        return True
    return (
        lang != resource.source_lang and is_translator(user) and user.id in assigned_ids
    )


def can_see_translators(user, resource, assigned_ids=()):
    """Who translates a resource (names): its editors, the reviewers, and the
    translators assigned to it, not every reader."""
    if not user.is_authenticated:
        return False
    return (
        can_edit_resource(user, resource)
        or can_review_translations(user)
        or user.id in assigned_ids
    )


def can_read_file_version(user, resource, assigned_ids=()):
    """Any stored version of its files (not only the published one): those who edit
    or review the resource, and its assigned translators."""
    return can_see_resource(user, resource) and can_see_translators(
        user, resource, assigned_ids
    )


def visible_condition(user):
    """SQL condition on Resource: what appears in her list (published ones she may
    read; the Secretariat's list filters by status itself)."""
    import sqlalchemy as sa

    from ..library.models import Resource

    allowed = [Resource.visibility == "public"]
    if user.is_authenticated:
        if is_staff(user) or _of_member_organisation(user) or _current(user):
            allowed.append(Resource.visibility == "members")
        body_ids = [m.body_id for m in _current(user) if m.body_id is not None]
        if is_staff(user):
            allowed.append(Resource.visibility == "working_group")
        elif body_ids:
            allowed.append(
                sa.and_(
                    Resource.visibility == "working_group",
                    Resource.group_id.in_(body_ids),
                )
            )
    return sa.and_(Resource.status == PUBLISHED, sa.or_(*allowed))
