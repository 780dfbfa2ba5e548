"""Stage ``ingest``: give the document its content-hash id and the text every offset points into.

Plain text is kept as given (line endings made ``\\n``). HTML goes through
trafilatura: its main text becomes ``Document.text`` and the metadata in its
markup (title, author, date, site name) goes to ``Document.page``; the markup
itself stays in ``Document.raw``.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from ..model import Document, PageMeta

_HTML_HINT = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p|meta|title)[\s>/]", re.IGNORECASE)
_TAGS = re.compile(r"</?[a-zA-Z][^>]{0,200}>")


class EmptyDocument(ValueError):
    """The input holds no text once read."""


def looks_like_html(raw: str) -> bool:
    """True when the text is markup: a document tag near the top, or tags on many lines."""
    head = raw[:2000]
    if _HTML_HINT.search(head) and head.lstrip().startswith("<"):
        return True
    lines = [ln for ln in raw[:20000].splitlines() if ln.strip()]
    tagged = sum(1 for ln in lines if _TAGS.search(ln))
    return len(lines) >= 3 and tagged >= 0.6 * len(lines)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_id(raw: str) -> str:
    """The id of a document: SHA-256 of its NFC text with unified newlines and no outer spaces."""
    canon = unicodedata.normalize("NFC", normalize_newlines(raw)).strip()
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


def html_to_text(raw: str, url: str | None = None) -> tuple[str, PageMeta]:
    import trafilatura

    result = trafilatura.bare_extraction(
        raw, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None:
        return "", PageMeta()
    page = PageMeta(title=result.title or None, author=result.author or None, published=result.date or None,
                    sitename=result.sitename or None, url=result.url or url)
    return normalize_newlines(result.text or ""), page


def run(doc: Document) -> Document:
    raw = normalize_newlines(doc.raw)
    fmt = doc.format if doc.format != "auto" else ("html" if looks_like_html(raw) else "text")
    if fmt == "html":
        text, page = html_to_text(raw, doc.given.url)
    else:
        text, page = raw, doc.page
    if not text.strip():
        what = "no main text could be read from the HTML" if fmt == "html" else "the text is empty"
        raise EmptyDocument(what)
    return doc.with_(id=content_id(raw), raw=raw, text=text, format=fmt, page=page)
