"""Conditions that features contribute to another feature's checklist, without
imports: the onboarding of a new organisation asks "are its roles named?", "has it
been introduced to a buddy?"; the features that know register the answer.

A feature's `init_app` calls `register(app, "onboarding", key, label, test)`; the
checklist reads `registered("onboarding")` and calls `test(organisation)` (a bool).
A list of many records asks `answer_many(records)`: the check's `many(records)`, when
the feature gives one, answers for all of them in one query (the ids that pass).
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
    many: object = None  # callable(records) -> set of the ids that pass, or None

    def answer_many(self, records):
        """{id: bool} for these records: one query when the feature can, else one
        test per record."""
        if self.many is not None:
            passing = self.many(records)
            return {record.id: record.id in passing for record in records}
        return {record.id: bool(self.test(record)) for record in records}


def register(app, kind, key, label, test, many=None):
    """Offer the check `key` to the checklists of `kind` (`many`: the same question
    for a list of records, answered in one query)."""
    checks = app.extensions.setdefault("checks", {})
    if (kind, key) in checks:
        raise ValueError(f"check {key!r} already registered for {kind!r}")
    checks[kind, key] = Check(kind, key, label, test, many)


def registered(kind, app=None):
    """The checks of `kind`, by key."""
    app = app or current_app
    checks = app.extensions.get("checks", {})
    return {key: check for (k, key), check in checks.items() if k == kind}


def get(kind, key, app=None):
    """The check `key` of `kind`, or None when no feature offers it (any more)."""
    return registered(kind, app).get(key)
