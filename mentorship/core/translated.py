"""Translated content: written in one language, read in every configured one.

A model attaches a text with `translated_field()`:

    name_id, name = translated_field()

`set_text` writes it (editing the source marks the other languages' text outdated),
`mark_reviewed` approves a translation, `resolve` picks what a reader sees (her
language, else the source, with the language it is in), `body_in` makes it
queryable in SQL. Languages come from the LANGUAGES setting: adding Portuguese
touches no table.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, lazyload, mapped_column, relationship

from ..db import db, utcnow
from .models import TranslatedText, Translation

STATUSES = ("source", "missing", "draft", "reviewed", "outdated")


def languages():
    """The content languages, in the configured order."""
    return tuple(current_app.config.get("LANGUAGES") or ("en",))


def translated_field(nullable=True):
    """(foreign key column, relationship): a translated text attached to a model.

    The text belongs to its row: deleting the row deletes it.
    """
    column = mapped_column(
        sa.ForeignKey("translated_texts.id", ondelete="SET NULL"), nullable=nullable
    )
    link = relationship(
        TranslatedText,
        foreign_keys=[column.column],
        cascade="all, delete-orphan",
        single_parent=True,
        lazy="joined",  # one join with its owner; its languages come in one SELECT
    )
    return column, link


@dataclass
class Shown:
    """What a reader sees: the text, its language, and whether it is a fallback."""

    body: str
    lang: str
    fallback: bool = False


def resolve(text, lang):
    """The text in `lang` if written, else in its source, else in any language."""
    if text is None:
        return Shown("", lang)
    if text.body(lang):
        return Shown(text.body(lang), lang)
    for other in (text.source_lang, *languages(), *sorted(text.translations)):
        if text.body(other):
            return Shown(text.body(other), other, fallback=True)
    return Shown("", lang)


@dataclass
class Edit:
    """What an editor submitted: the source language, the texts, the languages
    she marks reviewed."""

    source_lang: str
    bodies: dict = field(default_factory=dict)
    reviewed: set = field(default_factory=set)

    def is_empty(self):
        return not any(value.strip() for value in self.bodies.values())


def set_text(text, edit):
    """Write `edit` into `text` (a new TranslatedText when None); returns it.

    The source counts as reviewed. A new or changed translation is a draft unless
    marked reviewed. A changed source marks every other language's text outdated,
    unless the same edit rewrote or reviewed it. The caller adds and flushes.
    """
    if text is None:
        text = TranslatedText(source_lang=edit.source_lang, translations={})
    old_source = text.body(edit.source_lang)
    text.source_lang = edit.source_lang
    changed = {
        lang for lang, body in edit.bodies.items() if _write(text, lang, body, edit)
    }
    if text.body(edit.source_lang) != old_source:
        for lang, row in text.translations.items():
            kept = lang not in changed and lang not in edit.reviewed
            if lang != edit.source_lang and kept and row.body:
                row.status = "outdated"
    return text


def _write(text, lang, body, edit):
    """Store one language's text; True when it changed."""
    body = _clean(body)
    row = text.translations.get(lang)
    if row is None:
        if not body:
            return False
        row = text.translations[lang] = Translation(lang=lang, body="", status="draft")
    changed = row.body != body
    row.body = body
    if lang == edit.source_lang or (lang in edit.reviewed and body):
        row.status = "reviewed"
    elif changed:
        row.status = "draft"
    if changed:
        row.updated_at = utcnow()
    return changed


def mark_reviewed(text, lang):
    """Approve the translation in `lang` (it matches the current source)."""
    row = text.translations.get(lang)
    if row is None or not row.body:
        raise ValueError(f"no text in {lang} to review")
    row.status = "reviewed"
    row.updated_at = utcnow()


def new_text(source_lang, **bodies):
    """A TranslatedText with `bodies` (lang=text); the source counts as reviewed."""
    return set_text(None, Edit(source_lang, bodies))


def _clean(body):
    return (body or "").replace("\r\n", "\n").strip()


def body_in(text_id_column, lang):
    """SQL: the text in `lang` of the TranslatedText `text_id_column` points at."""
    return (
        sa.select(Translation.body)
        .where(Translation.text_id == text_id_column, Translation.lang == lang)
        .scalar_subquery()
    )


def name_only(path, name, *unshown):
    """Loader options for a page that shows only the `name` text of the model that
    `path` (a relationship, or None for the queried model) leads to: the name with
    its languages joined in the owner's query (call `.unique()` on the result), the
    `unshown` texts (e.g. a description) left unloaded until read. Saves the two
    SELECTs of the texts' languages that the default loading runs."""
    if path is None:
        return (
            joinedload(name).joinedload(TranslatedText.translations),
            *(lazyload(attribute) for attribute in unshown),
        )
    return (
        joinedload(path).joinedload(name).joinedload(TranslatedText.translations),
        *(joinedload(path).lazyload(attribute) for attribute in unshown),
    )


def get(text_id):
    """The TranslatedText with this id, or None (identity-mapped: cheap to repeat)."""
    return db.session.get(TranslatedText, text_id) if text_id else None
