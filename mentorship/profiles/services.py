"""Profile services: they add and flush; the request commits."""

from babel.core import get_global

from .. import vocab
from ..db import db
from .models import Profile

COMMON_FIELDS = (
    "headline",
    "bio",
    "focus",
    "tags",
    "discipline",
    "career_stage",
    "years_experience",
    "commodity",
    "operation_type",
    "country",
    "timezone",
    "languages",
    "availability_hours",
    "same_region_preferred",
    "meeting_mode",
)
ROLE_FIELDS = {"mentor": ("capacity",), "mentee": ("cross_org_only",)}

# Facts about her rather than about the role: worth copying to her other profile.
SHARED_FIELDS = (
    "bio",
    "discipline",
    "career_stage",
    "years_experience",
    "commodity",
    "operation_type",
    "country",
    "timezone",
    "languages",
    "availability_hours",
    "same_region_preferred",
    "meeting_mode",
)
LIST_FIELDS = ("tags", "languages")


def other_role(role):
    return "mentee" if role == "mentor" else "mentor"


def _check_role(role):
    if role not in vocab.PROFILE_ROLES:
        raise ValueError(f"unknown profile role {role!r}")


def _clean(name, value):
    if name in LIST_FIELDS:
        return list(dict.fromkeys(value or ()))  # distinct, in the order chosen
    return value.strip() if isinstance(value, str) else value


def save_profile(user, role, data):
    """Create or update her `role` profile from validated form data."""
    _check_role(role)
    profile = user.profile(role)
    if profile is None:
        profile = Profile(role=role)
        user.profiles.append(profile)
    for name in COMMON_FIELDS + ROLE_FIELDS[role]:
        setattr(profile, name, _clean(name, data[name]))
    if role == "mentee":
        profile.capacity = None
    db.session.flush()
    return profile


def set_paused(profile, paused):
    """Take the profile out of matching (paused) or put it back."""
    profile.paused = bool(paused)
    db.session.flush()


def delete_profile(profile):
    """Remove the profile; her account and other profile stay."""
    profile.user.profiles.remove(profile)  # delete-orphan: the row goes on flush
    db.session.flush()


def prefill_from_other(user, role):
    """Starting values for a new `role` profile: her other profile, else her org."""
    _check_role(role)
    other = user.profile(other_role(role))
    if other is not None:
        return {name: _clean(name, getattr(other, name)) for name in SHARED_FIELDS}
    return _prefill_from_account(user)


def _prefill_from_account(user):
    data = {}
    if user.locale in vocab.SPOKEN_LANGUAGES:
        data["languages"] = [user.locale]
    country = user.organisation.country if user.organisation else None
    if country in vocab.COUNTRIES:
        data["country"] = country
        zones = get_global("territory_zones").get(country, ())
        if len(zones) == 1 and zones[0] in vocab.TIMEZONES:
            data["timezone"] = zones[0]
    return data
