"""The HTTP API: who manages tokens, what a token may do.

A token acts as its holder: a personal token as the person, an organisation token
with the powers of a coordinator of that organisation, limited to it. Each API
endpoint then asks the same questions as the pages (people, matching, events...),
further limited by the token's scopes.
"""

from flask_babel import lazy_gettext as _l

from .people import coordinates

SCOPES = {
    "profile:read": _l("Read the holder's own account"),
    "members:read": _l("Read an organisation's members and their programme status"),
    "programmes:read": _l("Read programmes and enrolment status"),
    "mentorships:read": _l("Read her own mentorships, goals and meetings"),
    "events:read": _l("Read events and registrations"),
    "registrations:write": _l("Register for events and cancel"),
    "library:read": _l("Read the library's published resources"),
    "metrics:read": _l("Read published indicators and cycles"),
}
PERSONAL_ONLY_SCOPES = ("profile:read", "mentorships:read")
"""An organisation has no profile nor mentorships of its own."""

MAX_TOKEN_DAYS = 366


class OrganisationActor:
    """An organisation token: a coordinator of its organisation, limited to it."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    id = None
    email_verified_at = None
    erased_at = None
    current_memberships = ()
    role_grants = ()
    profiles = ()
    locale = "en"
    timezone = None

    def __init__(self, organisation):
        self.organisation = organisation
        self.organisation_id = organisation.id
        self.name = organisation.name

    @property
    def roles(self):
        return {"member", "coordinator"}

    def has_role(self, *names):
        return bool(self.roles & set(names))

    @property
    def is_verified(self):
        return False

    def profile(self, role):
        return None

    def get_id(self):
        return None


TOKEN_UNUSABLE = ("unknown", "expired", "revoked", "holder_gone")


def can_manage_personal_tokens(user):
    """Anyone signed in keeps her own tokens."""
    return user.is_authenticated


def can_manage_organisation_tokens(user, organisation_id):
    """An organisation's tokens are created and revoked by its coordinators."""
    return user.is_authenticated and coordinates(user, organisation_id)


def token_scopes_for(kind):
    """The scopes a token of that kind may carry."""
    if kind == "organisation":
        return [s for s in SCOPES if s not in PERSONAL_ONLY_SCOPES]
    return list(SCOPES)


def token_refusal(token, now):
    """Why a presented token cannot be used (one of TOKEN_UNUSABLE), or None."""
    if token is None:
        return "unknown"
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= now:
        return "expired"
    if token.is_personal and (token.user is None or token.user.erased_at is not None):
        return "holder_gone"
    return None


def has_scope(token, scope):
    """The token was granted that scope (no token: no scope)."""
    return token is not None and scope in (token.scopes or ())


def can_register_for(actor, person):
    """Whom an API caller may register for an event, or cancel for: herself, and,
    for an organisation's coordinators (their personal tokens, the organisation's
    token), its members: an organisation signs its members up for a round table
    from its own system. The session must still be open to her
    (`registration_refusal` asks about her, not the caller); the Secretariat has
    no such power over members."""
    if not actor.is_authenticated:
        return False
    if actor.id is not None and actor.id == person.id:
        return True
    return coordinates(actor, person.organisation_id)


def can_read_own_account(actor):
    """Her own account through a personal token."""
    return actor.is_authenticated and actor.id is not None


def own_mentorships(actor, mentorship_model):
    """SQL condition: the mentorships she is one of the pair of (what
    `can_view_mentorship` lets her open: content, not only status)."""
    import sqlalchemy as sa

    if actor.id is None:
        return sa.false()
    return sa.or_(
        mentorship_model.mentee_user_id == actor.id,
        mentorship_model.mentor_user_id == actor.id,
    )
