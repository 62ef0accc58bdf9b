"""People, roles and organisations: who manages whom, who sees whom."""

import sqlalchemy as sa

STAFF = ("secretariat", "admin")
READERS = ("secretariat", "admin", "steering")


def is_staff(user):
    """Secretariat and platform operators manage the whole Alliance."""
    return user.is_authenticated and user.has_role(*STAFF)


def is_coordinator(user):
    """A coordinator of some organisation (which one is asked by `coordinates`)."""
    return user.is_authenticated and user.has_role("coordinator")


def coordinates(user, organisation_id):
    """True when `user` is a coordinator of that organisation."""
    return (
        organisation_id is not None
        and is_coordinator(user)
        and user.organisation_id == organisation_id
    )


def my_organisation(user):
    """The organisation whose members `user` looks after (her coordinator's page)."""
    return user.organisation_id if coordinates(user, user.organisation_id) else None


def coordinators_of(organisation_id=None):
    """SQL condition on `User`: the coordinators of that organisation (a value or a
    column); without argument, the coordinators of any organisation."""
    from ..auth.models import User
    from ..core import memberships

    if organisation_id is None:
        return sa.and_(
            User.id.in_(memberships.holders("coordinator")),
            User.organisation_id.is_not(None),
        )
    return sa.and_(
        User.id.in_(
            memberships.holders("coordinator", organisation_id=organisation_id)
        ),
        User.organisation_id == organisation_id,
    )


def secretariat_condition():
    """SQL condition on `User`: the Secretariat, who stands in for organisations."""
    from ..auth.models import RoleGrant, User

    return User.id.in_(
        sa.select(RoleGrant.user_id).where(RoleGrant.role == "secretariat")
    )


def can_view_mail_failures(user):
    """The emails the mail server refused (addresses, contents): the Secretariat."""
    return is_staff(user)


def can_manage_organisations(user):
    return is_staff(user)


def can_manage_people(user):
    """Everyone's account and roles: the platform's administrators."""
    return user.is_authenticated and user.has_role("admin")


def can_view_members(user, organisation_id):
    """The member list of an organisation: its coordinators and the Secretariat."""
    return is_staff(user) or coordinates(user, organisation_id)


def can_view_person(viewer, person):
    """A person's account and profiles: herself, her coordinators, the Secretariat."""
    if not viewer.is_authenticated:
        return False
    return viewer.id == person.id or can_view_members(viewer, person.organisation_id)


def can_grant_role(viewer, role):
    """Admins manage every role; the Secretariat appoints coordinators."""
    if can_manage_people(viewer):
        return True
    return role == "coordinator" and is_staff(viewer)


def role_change_refusal(viewer, person, granted, revoked):
    """Why `viewer` may not grant `granted` and revoke `revoked` of `person` (a code),
    or None when she may."""
    if not all(can_grant_role(viewer, role) for role in (*granted, *revoked)):
        return "not_allowed"
    if person.id == viewer.id and "admin" in revoked:
        return "own_admin"
    if "coordinator" in granted and person.organisation_id is None:
        return "coordinator_without_organisation"
    return None


def invitation_ends_coordination(user, invitation):
    """Accepting an invitation elsewhere ends her coordination of her organisation:
    the coordinator role follows the organisation, it must not travel with her."""
    return user.organisation_id != invitation.organisation_id and is_coordinator(user)


def can_read_reports(user):
    return user.is_authenticated and user.has_role(*READERS)


def visible_people(viewer, user_model):
    """A SQL condition selecting exactly the people `viewer` may see."""
    if is_staff(viewer):
        return sa.true()
    if my_organisation(viewer) is not None:
        return sa.or_(
            user_model.organisation_id == viewer.organisation_id,
            user_model.id == viewer.id,
        )
    return user_model.id == viewer.id


def can_view_organisation(user, organisation):
    """A member organisation's page is public; the others are the Secretariat's."""
    return organisation.status == "member" or is_staff(user)


def can_appoint_coordinators(user):
    """Appoint or remove an organisation's coordinators: who may grant the role."""
    return can_grant_role(user, "coordinator")


def can_accept_invitation(user, invitation):
    """An invitation is accepted by the account of the address it was sent to."""
    from ..auth.services import normalise_email

    return user.is_authenticated and normalise_email(user.email) == invitation.email
