"""Joining the Alliance: who reviews organisations' applications."""

from .people import is_staff


def can_review_applications(user):
    """The Secretariat (and the platform's administrators) review applications."""
    return is_staff(user)
