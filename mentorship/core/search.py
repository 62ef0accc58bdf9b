"""Full-text search behind one function, on SQLite (FTS5) and PostgreSQL.

A feature indexes a record's searchable text per language:

    search.index("resource", resource.id, {"en": "...", "fr": "...", "es": "..."})

and filters its list with the ids that match what a reader typed:

    query.where(Resource.id.in_(search.matching("resource", words)))

`matching` returns a SELECT of record ids, so it composes with any other filter,
ordering and `core.pagination`. Every language's text is searched whatever the
reader's language: a Spanish word finds the record through its Spanish text.

- PostgreSQL: each row's text is read with the text-search configuration of its
  language (english, french, spanish: "plantillas" finds "plantilla") and also
  with `simple`, so a word of another language, a name or a code in the text is
  found as written; the reader's words go through `websearch_to_tsquery` (never
  a syntax error).
- SQLite: an FTS5 table (`search_fts`, external content on `search_entries`, kept
  in step by triggers; `unicode61` with diacritics removed: "guia" finds "guía");
  each word the reader typed becomes a quoted prefix term, so no input is FTS5
  syntax.

The FTS5 table and its triggers are made by the migration (SQLite only).
"""

import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow

CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}
MAX_WORDS = 12
FTS_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) "
    "VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) "
    "VALUES ('delete', old.id, old.body); "
    "INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body); END",
)
FTS_DROP = (
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
)


class SearchEntry(db.Model):
    """The searchable text of one record in one language."""

    __tablename__ = "search_entries"
    __table_args__ = (sa.Index("ix_search_entries_record", "kind", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    record_id: Mapped[int] = mapped_column()
    lang: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def index(kind, record_id, texts):
    """Replace the record's searchable text with `texts` (lang -> text)."""
    remove(kind, record_id)
    for lang, body in sorted(texts.items()):
        body = (body or "").strip()
        if body:
            db.session.add(
                SearchEntry(kind=kind, record_id=record_id, lang=lang, body=body)
            )
    db.session.flush()


def remove(kind, record_id):
    """Forget the record's searchable text."""
    db.session.execute(
        sa.delete(SearchEntry).where(
            SearchEntry.kind == kind, SearchEntry.record_id == record_id
        )
    )


_WORD = re.compile(r"\w+", re.UNICODE)


def words_of(text):
    """The words a reader typed (bounded), without any search syntax."""
    return _WORD.findall(str(text or ""))[:MAX_WORDS]


def matching(kind, text):
    """SELECT of the ids of `kind` records whose text in any language has every
    word of `text` (None when no word was typed: no filter)."""
    words = words_of(text)
    if not words:
        return None
    if db.session.get_bind().dialect.name == "postgresql":
        condition = _postgresql(words)
    else:
        condition = _sqlite(words)
    return (
        sa.select(SearchEntry.record_id)
        .where(SearchEntry.kind == kind, condition)
        .distinct()
    )


def _postgresql(words):
    query = " ".join(words)
    config = sa.case(
        *((SearchEntry.lang == lang, name) for lang, name in CONFIGS.items()),
        else_="simple",
    )
    stemmed = sa.func.to_tsvector(sa.cast(config, REGCONFIG), SearchEntry.body).op(
        "@@"
    )(sa.func.websearch_to_tsquery(sa.cast(config, REGCONFIG), query))
    plain = sa.func.to_tsvector(sa.literal("simple", REGCONFIG), SearchEntry.body).op(
        "@@"
    )(sa.func.websearch_to_tsquery(sa.literal("simple", REGCONFIG), query))
    return sa.or_(stemmed, plain)


class _RegConfig(sa.types.UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **kw):
        return "regconfig"


REGCONFIG = _RegConfig()


def _sqlite(words):
    terms = " ".join('"' + word.replace('"', "") + '"*' for word in words)
    fts = sa.text("SELECT rowid FROM search_fts WHERE search_fts MATCH :terms")
    return SearchEntry.id.in_(fts.bindparams(terms=terms).columns(sa.column("rowid")))
