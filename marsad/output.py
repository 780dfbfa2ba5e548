"""The JSON edge: a processed document as the output contract's object (``marsad extract``)."""
from __future__ import annotations

from .model import Document


def document_record(doc: Document, *, events: list[dict] | None = None, credibility: float | None = None) -> dict:
    """One line of ``marsad extract`` output, with the contract's fields first and extras after."""
    meta = doc.meta
    record = {
        "doc": doc.key,
        "language": doc.language,
        "title": meta.title,
        "publisher": meta.publisher,
        "published": meta.published.isoformat() if meta.published else None,
        "events": events or [],
        "id": doc.id,
        "author": meta.author,
        "url": meta.url,
        "sources": {"title": meta.title_source, "publisher": meta.publisher_source,
                    "published": meta.published_source},
        "paragraphs": [{"start": p.start, "end": p.end, "role": p.role, "language": p.language}
                       for p in doc.paragraphs],
    }
    if credibility is not None:
        record["credibility"] = credibility
    if doc.warnings:
        record["warnings"] = list(doc.warnings)
    return record
