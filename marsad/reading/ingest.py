"""Stage ``ingest``: give the document its content-hash id and the text every offset points into.

Plain text is kept as given (line endings made ``\\n``). HTML goes through
trafilatura: its main text becomes ``Document.text`` and the metadata in its
markup (title, author, date, site name) goes to ``Document.page``; the markup
itself stays in ``Document.raw``.
"""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from html.parser import HTMLParser

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


# Control characters no text needs (NUL, backspace, escape ...): tab, newline and form feed stay.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Halves of UTF-16 surrogate pairs standing alone (JSON "\ud800"): no encoding can write them.
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def strip_controls(text: str) -> tuple[str, int]:
    """``text`` without stray control characters and with lone surrogates made U+FFFD, and how many
    characters were removed or replaced."""
    cleaned, n = CONTROL_CHARACTERS.subn("", text)
    cleaned, m = _LONE_SURROGATES.subn("\ufffd", cleaned)
    return cleaned, n + m


# Characters that show nothing: besides spaces, format characters (zero-width, bidi marks and
# isolates, the byte-order mark), the Arabic tatweel that only stretches a joint, and U+FFFD.
_BLANK_CATEGORIES = {"Cf", "Cc", "Zs", "Zl", "Zp"}
_BLANK_EXTRA = {"\u0640", "\ufffd"}


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: only spaces, line breaks and invisible characters."""
    return not any(not c.isspace() and c not in _BLANK_EXTRA and unicodedata.category(c) not in _BLANK_CATEGORIES
                   for c in text)


def content_id(raw: str) -> str:
    """The id of a document: SHA-256 of its NFC text with unified newlines, no control characters (lone
    surrogates as U+FFFD) and no outer spaces."""
    canon = unicodedata.normalize("NFC", strip_controls(normalize_newlines(raw))[0]).strip()
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]


def html_to_text(raw: str, url: str | None = None) -> tuple[str, PageMeta]:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            raw, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # lxml/htmldate can fail on broken markup; the caller then reads the visible text
        result = None
    if result is None:
        return "", PageMeta()
    page = PageMeta(title=result.title or None, author=result.author or None, published=result.date or None,
                    sitename=result.sitename or None, url=result.url or url)
    return normalize_newlines(result.text or ""), page


class _VisibleText(HTMLParser):
    """All text a reader would see on a page, one line per block; scripts, styles and frames skipped."""

    HIDDEN = {"script", "style", "noscript", "template", "svg", "head"}  # never shown as text
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section",
              "header", "footer", "blockquote", "pre", "table", "ul", "ol", "title", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "body":
            self.hidden = 0  # an unclosed <head> (or <style>) ends where the body begins
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag == "title":
            self.in_title = True
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "title":
            self.in_title = False
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


_HIDDEN_BLOCKS = re.compile(rf"<({'|'.join(sorted(_VisibleText.HIDDEN))})\b.*?(?:</\1\s*>|\Z)",
                            re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]*>?")


def visible_text(raw: str) -> tuple[str, str | None]:
    """``(text, title)`` of markup that trafilatura could not read (broken or absurdly deep)."""
    parser = _VisibleText()
    try:
        parser.feed(raw)
        parser.close()
    except Exception:  # markup the standard parser gives up on ("<![CD..."): drop the tags by pattern
        text = html.unescape(_ANY_TAG.sub("\n", _HIDDEN_BLOCKS.sub("\n", raw)))
        lines = (" ".join(line.split()) for line in text.split("\n"))
        return "\n".join(line for line in lines if line), None
    title = " ".join("".join(parser.title).split()) or None
    return parser.text(), title


def run(doc: Document) -> Document:
    raw, controls = strip_controls(normalize_newlines(doc.raw))
    warnings = doc.warnings
    if controls:
        warnings += (f"removed or replaced {controls} control character{'s' if controls > 1 else ''} "
                     "(NUL, lone surrogates and the like)",)
    fmt = doc.format if doc.format != "auto" else ("html" if looks_like_html(raw) else "text")
    if fmt == "html":
        text, page = html_to_text(raw, doc.given.url)
        if is_blank(text):
            text, title = visible_text(raw)
            page = PageMeta(title=title, url=doc.given.url)
            if not is_blank(text):
                warnings += ("the page's main text could not be found; all its visible text was read",)
    else:
        text, page = raw, doc.page
    if is_blank(text):
        what = "no main text could be read from the HTML" if fmt == "html" else "the text is empty or invisible"
        raise EmptyDocument(what)
    return doc.with_(id=content_id(raw), raw=raw, text=text, format=fmt, page=page, warnings=warnings)
