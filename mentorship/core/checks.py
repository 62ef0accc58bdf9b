"""Conditions that features contribute to another feature's checklist, without
imports: the onboarding of a new organisation asks "are its roles named?", "has it
been introduced to a buddy?"; the features that know register the answer.

A feature's `init_app` calls `register(app, "onboarding", key, label, test)`; the
checklist reads `registered("onboarding")` and calls `test(organisation)` (a bool).
`key` is stored with the checklist item that uses it, so it must not change.
"""

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Check:
    """One condition a feature can answer about a record."""

    kind: str
    key: str
    label: object  # a lazy_gettext string: shown in the reader's language
    test: object  # callable(record) -> bool


def register(app, kind, key, label, test):
    """Offer the check `key` to the checklists of `kind`."""
    checks = app.extensions.setdefault("checks", {})
    if (kind, key) in checks:
        raise ValueError(f"check {key!r} already registered for {kind!r}")
    checks[kind, key] = Check(kind, key, label, test)


def registered(kind, app=None):
    """The checks of `kind`, by key."""
    app = app or current_app
    checks = app.extensions.get("checks", {})
    return {key: check for (k, key), check in checks.items() if k == kind}


def get(kind, key, app=None):
    """The check `key` of `kind`, or None when no feature offers it (any more)."""
    return registered(kind, app).get(key)
