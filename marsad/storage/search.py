"""Full-text search over the stored documents, ranked by the database's own index.

SQLite ranks with FTS5's bm25 (a title word weighs five body words), PostgreSQL with ``ts_rank`` over
the GIN-indexed ``search_vector``. Both rank and cut in SQL, so a search reads back at most ``limit``
rows. The cost of one search is bounded: a query has at most :data:`MAX_QUERY_WORDS` words (and
:data:`MAX_QUERY_CHARS` characters), a search returns at most :data:`MAX_HITS` documents, and the
snippets, which read each hit's text, are made only when asked for.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from ..reading.textnorm import fold, query_terms
from . import schema

MAX_QUERY_WORDS = 32
MAX_QUERY_CHARS = 1000
MAX_HITS = 1000


class SearchError(ValueError):
    """A search query or limit that cannot be searched; the message says why."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SearchHit:
    id: str
    key: str
    title: str | None
    publisher: str | None
    published: str | None
    language: str | None
    snippet: str | None  # None when the search was made without snippets


def search_terms(query: str) -> list[str]:
    """The distinct terms ``query`` looks for, in order; :class:`SearchError` if it has none or too many."""
    terms = [t for t in query_terms(query) if t]
    if len(terms) > MAX_QUERY_WORDS:
        raise SearchError(f"search query has {len(terms):,} words; at most {MAX_QUERY_WORDS} are allowed")
    if len(query) > MAX_QUERY_CHARS:
        raise SearchError(f"search query is {len(query):,} characters long; at most {MAX_QUERY_CHARS:,} are allowed")
    if not terms:
        raise SearchError(f"search query {query!r} has no words to look for")
    return list(dict.fromkeys(terms))


def ranked_ids(conn: Connection, dialect: str, terms: list[str], limit: int) -> list[str]:
    """The ids of at most ``limit`` documents holding every term, best first (ranked in SQL)."""
    if dialect == "sqlite":
        match = " ".join('"' + t.replace('"', "") + '"' for t in terms)  # each term a phrase: no FTS syntax
        return list(conn.execute(text(
            "SELECT doc_id FROM documents_fts WHERE documents_fts MATCH :match "
            "ORDER BY bm25(documents_fts, 0.0, 5.0, 1.0), doc_id LIMIT :limit"),
            {"match": match, "limit": limit}).scalars())
    return list(conn.execute(text(
        "SELECT id FROM documents, plainto_tsquery('english', :terms) AS query "
        "WHERE search_vector @@ query ORDER BY ts_rank(search_vector, query) DESC, id LIMIT :limit"),
        {"terms": " ".join(terms), "limit": limit}).scalars())


def search(store, query: str, *, limit: int = 20, snippets: bool = True) -> list[SearchHit]:
    """Documents of ``store`` matching every word of ``query`` (Arabic or English), best first.

    Raises :class:`SearchError` for a query without words or past the caps, and for a ``limit``
    outside 1 to :data:`MAX_HITS`."""
    if not 1 <= limit <= MAX_HITS:
        raise SearchError(f"a search returns 1 to {MAX_HITS:,} documents, not {limit:,}")
    terms = search_terms(query)
    d = schema.documents
    columns = [d.c.id, d.c.key, d.c.title, d.c.publisher, d.c.published, d.c.language]
    with store.engine.connect() as conn:
        ids = ranked_ids(conn, store.dialect, terms, limit)
        if not ids:
            return []
        rows = {r["id"]: r for r in conn.execute(
            select(*columns, *([d.c.text] if snippets else [])).where(d.c.id.in_(ids))).mappings()}
        spans = _story_spans(conn, ids) if snippets else {}
    return [SearchHit(id=i, key=rows[i]["key"], title=rows[i]["title"], publisher=rows[i]["publisher"],
                      published=rows[i]["published"], language=rows[i]["language"],
                      snippet=_snippet(_story(rows[i]["text"], spans.get(i, [])), terms) if snippets else None)
            for i in ids]


def _story_spans(conn: Connection, ids: list[str]) -> dict[str, list[tuple[int, int]]]:
    """The body and heading paragraphs' spans of each document, in order (one query for all)."""
    p = schema.paragraphs
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in conn.execute(select(p.c.doc_id, p.c.start_offset, p.c.end_offset)
                            .where(p.c.doc_id.in_(ids) & p.c.role.in_(("body", "heading")))
                            .order_by(p.c.doc_id, p.c.idx)):
        spans.setdefault(row[0], []).append((row[1], row[2]))
    return spans


def _story(text_: str, spans: list[tuple[int, int]]) -> str:
    return "\n\n".join(text_[s:e] for s, e in spans) or text_


def _snippet(body: str, terms: list[str], width: int = 160) -> str:
    folded, origin = fold(body)
    hits = [at for at in (folded.find(t) for t in terms if t) if at >= 0]
    at = origin[min(hits)] if hits else 0
    start = max(0, at - width // 3)
    piece = " ".join(body[start:start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(body) else "")
