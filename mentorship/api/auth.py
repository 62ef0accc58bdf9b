"""Who is calling: the bearer token of the request, never the session cookie.

`actor()` is the token's holder as the policy sees her: the person for a personal
token; for an organisation token, an `OrganisationActor` with the powers of a
coordinator of that organisation and of nothing else (no id of a person, no
global role, no positions in bodies)."""

import functools

from flask import request
from flask_limiter.util import get_remote_address
from flask_login import AnonymousUserMixin

from .. import policy
from ..db import utcnow
from ..policy.api import OrganisationActor
from . import tokens
from .problems import scope_problem, token_problem


class Anonymous(AnonymousUserMixin):
    id = None
    organisation_id = None
    organisation = None
    current_memberships = ()


def _presented_secret():
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if not header:
        return None
    if scheme.lower() != "bearer" or not value.strip():
        return ""
    return value.strip()


KEY = "wim.api_auth"  # kept in the request's environ: one answer per request


def authenticate():
    """(token, actor) of this request, once; raises a 401 problem for a bad token."""
    if KEY in request.environ:
        return current()
    secret = _presented_secret()
    if secret is None:
        request.environ[KEY] = (None, Anonymous())
        return request.environ[KEY]
    token = tokens.find(secret)
    refusal = policy.token_refusal(token, utcnow())
    if refusal is not None:
        request.environ[KEY] = refusal
        raise token_problem(refusal)
    who = token.user if token.is_personal else OrganisationActor(token.organisation)
    tokens.touch(token)
    request.environ[KEY] = (token, who)
    return request.environ[KEY]


def current():
    if KEY not in request.environ:
        return authenticate()
    auth = request.environ[KEY]
    if isinstance(auth, str):
        raise token_problem(auth)
    return auth


def token():
    return current()[0]


def actor():
    return current()[1]


def rate_key():
    """Flask-Limiter's key: the token's id; without a (valid) token, the address."""
    try:
        found = current()[0]
    except Exception:  # a bad token: the 401 comes from the view's guard
        found = None
    if found is None:
        return "api-anonymous:" + (get_remote_address() or "")
    return f"api-token:{found.id}"


def requires_scope(scope=None):
    """A token is needed (401 without); with `scope`, the token must carry it (403).
    Without `scope`, any token, or none (public data), will do."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            found, _ = current()
            if scope is not None:
                if found is None:
                    raise token_problem("missing")
                if not policy.has_scope(found, scope):
                    raise scope_problem(scope)
            return view(*args, **kwargs)

        wrapped.api_scope = scope
        # The matrix test's mark of a guarded view: here the token is the guard.
        wrapped.policy_question = functools.partial(policy.has_scope, scope=scope)
        return wrapped

    return decorate


def person():
    """The person of a personal token; an organisation token gets a 403."""
    from flask_babel import lazy_gettext as _l

    from .problems import ApiProblem

    who = actor()
    if not policy.can_read_own_account(who):
        raise ApiProblem(
            403,
            _l("This needs a personal token: an organisation has no account."),
            slug="personal-token-needed",
        )
    return who
