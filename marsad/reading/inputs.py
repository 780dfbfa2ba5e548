"""Reading inputs: files, folders and JSONL/CSV batches become unprocessed documents.

:func:`read_paths` walks what the user named and yields, in a stable order, one
:class:`~marsad.model.Document` per input document (``key``, ``raw``, ``given``
metadata) or a :class:`~marsad.model.Rejection` saying which input failed and why.
A bad line of a batch never stops the rest of it.

- A folder is read recursively, files in sorted order; hidden files are skipped.
- ``*.jsonl`` / ``*.ndjson``: one JSON object per line with ``text`` and optional
  ``id, title, url, publisher, published, language``.
- ``*.csv``: a header row with at least ``text``; the same optional columns.
- Any other file is one document, HTML when its markup says so, else plain text;
  its key is the file name.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Document, Given, Rejection
from .ingest import CONTROL_CHARACTERS, is_blank, strip_controls

BATCH_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
GIVEN_FIELDS = ("title", "url", "publisher", "published", "language")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # one report; a file or batch line above it is rejected unread
UTF_ENCODINGS = {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"}

# What binary files begin with, for a message that says what the file is.
_MAGIC = ((b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
          (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "a program"), (b"SQLite format 3", "an SQLite database"),
          (b"\xd0\xcf\x11\xe0", "an old Office document"), (b"RIFF", "a media file"), (b"ID3", "an MP3 file"))
BINARY_CONTROL_SHARE = 0.01  # more control characters than this makes a text binary


class InputError(ValueError):
    """An input cannot be read at all."""


def _shown(path: Path | str) -> str:
    """A path as text that can be stored: bytes of a file name that are not UTF-8 become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _legacy(data: bytes) -> str:
    """Windows-1256 (Arabic) or a Latin code page for bytes that are not UTF-8.

    Windows-1256 puts Arabic letters in 0xC1-0xFE; in Latin text that range holds only the accented
    letters, which are few beside the plain ASCII ones. Latin text with bytes in 0x80-0x9F (curly
    quotes, dashes) is Windows-1252; without them it is read as ISO-8859-1.
    """
    high = sum(1 for b in data if b >= 0xC0)
    ascii_letters = sum(1 for b in data if 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A)
    if high > ascii_letters:
        return "cp1256"
    if any(0x80 <= b <= 0x9F for b in data):
        return "cp1252"
    return "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII-range text leaves every other byte NUL."""
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _binary_kind(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of a file's bytes, or :class:`InputError` for what is not text.

    In order: a byte-order mark (UTF-8/16/32); UTF-16 without one; UTF-8; else line by line, each
    line that is not UTF-8 read in the one legacy code page guessed for all of them
    (:func:`_legacy`), so a file that mixes UTF-8 and Windows-1256 lines comes out whole
    (encoding ``"utf-8+cp1256"``). Text with many control characters is binary; a few stray ones
    are left for the ``ingest`` stage to remove (with a warning).
    """
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"binary content: this is {kind}, not text")
    encoding = None
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            encoding = enc
            break
    if encoding is None and b"\x00" in data[:8192]:
        encoding = _utf16_without_bom(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"marked as {encoding} but not valid {encoding}: {exc.reason} at byte {exc.start}") \
                from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_lines(data)
    if text:
        controls = len(CONTROL_CHARACTERS.findall(text[:65536]))
        if controls > BINARY_CONTROL_SHARE * min(len(text), 65536):
            raise InputError(f"binary content: {controls} control characters in the first "
                             f"{min(len(text), 65536)} characters; not a text file")
    return text, encoding


def _decode_lines(data: bytes) -> tuple[str, str]:
    lines = data.splitlines(keepends=True)
    bad: list[int] = []
    utf8_non_ascii = False
    for i, line in enumerate(lines):
        try:
            line.decode("utf-8")
            utf8_non_ascii = utf8_non_ascii or not line.isascii()
        except UnicodeDecodeError:
            bad.append(i)
    legacy = _legacy(b"".join(lines[i] for i in bad))
    bad_set = set(bad)
    text = "".join(line.decode(legacy, errors="replace") if i in bad_set else line.decode("utf-8")
                   for i, line in enumerate(lines))
    return text, (f"utf-8+{legacy}" if utf8_non_ascii else legacy)


def encoding_note(encoding: str) -> str | None:
    """The warning a document gets when its encoding was guessed rather than known."""
    if encoding in UTF_ENCODINGS:
        return None
    if "+" in encoding:
        return (f"encoding guessed: mixed, UTF-8 lines and {encoding.split('+')[1]} lines "
                f"(the file is not valid UTF-8)")
    return f"encoding guessed: {encoding} (the file is not valid UTF-8)"


def _text_value(row: dict, name: str) -> tuple[str | None, str | None]:
    """``(value, problem)`` of an optional text field: strings and numbers are kept, anything else is not."""
    value = row.get(name)
    if value is None or value == "":
        return None, None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, f"field {name!r} is {_json_type(value)}, not text; ignored"
    value = strip_controls(str(value))[0].strip()
    return (value or None), None


def _json_type(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", type(None): "null"}.get(type(value),
                                                                                         type(value).__name__)


def read_row(row: object, where: str, default_key: str, *, encoding: str = "utf-8",
              max_bytes: int = MAX_DOCUMENT_BYTES) -> Document | Rejection:
    if not isinstance(row, dict):
        return Rejection(source=where, reason=f"expected a JSON object, got {_json_type(row)}")
    text = row.get("text")
    if text is None or text == "":
        return Rejection(source=where, reason="no 'text' field, or it is empty")
    if not isinstance(text, str):
        return Rejection(source=where, reason=f"the 'text' field is {_json_type(text)}, not a string")
    if is_blank(text):
        return Rejection(source=where, reason="the 'text' field holds only spaces or invisible characters")
    if len(text) > max_bytes:
        return Rejection(source=where, reason=f"the text is {_megabytes(len(text))}; one document may be at "
                                              f"most {_megabytes(max_bytes)}")
    key = row.get("id")
    if key is None or key == "":
        key = default_key
    elif isinstance(key, bool) or not isinstance(key, (str, int)):
        return Rejection(source=where, reason=f"the 'id' field is {_json_type(key)}; it must be a string or a number")
    warnings, values = [], {}
    for name in GIVEN_FIELDS:
        values[name], problem = _text_value(row, name)
        if problem:
            warnings.append(problem)
    note = encoding_note(encoding)
    if note:
        warnings.insert(0, note)
    return Document(key=strip_controls(str(key))[0].strip() or default_key, raw=text, source=where, format="auto",
                    given=Given(**values), encoding=encoding, warnings=tuple(warnings))


def _lines(handle, max_bytes: int) -> Iterator[tuple[int, bytes | str | None]]:
    """``(number, line)`` of a file (binary or text); a line longer than ``max_bytes`` comes as ``None``, unread."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) > max_bytes and not line.endswith(newline):
            while True:  # skip the rest of the long line without holding it
                rest = handle.readline(1 << 20)
                if not rest or rest.endswith(newline):
                    break
            yield number, None
            continue
        yield number, line


def _bom_encoding(path: Path) -> str | None:
    """``utf-16`` or ``utf-32`` when the file opens with that byte-order mark."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def read_jsonl(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Document | Rejection]:
    wide = _bom_encoding(path)  # UTF-16/32 JSON Lines are read as text; the rest line by line as bytes
    with path.open("rb") as binary:
        handle = io.TextIOWrapper(binary, encoding=wide, errors="replace", newline="") if wide else binary
        for number, line in _lines(handle, max_bytes):
            where = f"{_shown(path)}:{number}"
            if line is None:
                yield Rejection(source=where, reason=f"line is longer than {_megabytes(max_bytes)}, the most one "
                                                     "document may hold; skipped")
                continue
            if not line.strip():
                continue
            if isinstance(line, str):
                decoded, encoding = line, wide
            else:
                if number == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8):]
                try:
                    decoded, encoding = line.decode("utf-8"), "utf-8"
                except UnicodeDecodeError:  # JSON Lines should be UTF-8; read a legacy code page, and say so
                    decoded, encoding = _decode_lines(line)
            try:
                row = json.loads(decoded)
            except json.JSONDecodeError as exc:
                yield Rejection(source=where, reason=f"not a JSON line: {exc.msg} (character {exc.pos + 1})")
                continue
            except RecursionError:
                yield Rejection(source=where, reason="not a JSON line: nested too deeply")
                continue
            except ValueError as exc:  # e.g. an integer of more digits than Python converts
                yield Rejection(source=where, reason=f"not a JSON line: {exc}")
                continue
            yield read_row(row, where, f"{_shown(path.name)}:{number}", encoding=encoding, max_bytes=max_bytes)


def _csv_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if sample.startswith(bom):
            return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 4:  # a character cut by the end of the sample
            return "utf-8"
        return _legacy(sample)


class _Counted:
    """The lines of a file, counted as the CSV reader takes them."""

    def __init__(self, handle):
        self.handle, self.count = handle, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.handle)
        self.count += 1
        return line


def read_csv(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Document | Rejection]:
    """Rows of a CSV file, read as a stream; a malformed row is rejected and the rows after it are read."""
    csv.field_size_limit(max_bytes)
    encoding = _csv_encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        lines = _Counted(handle)
        reader = csv.DictReader(lines, strict=True)
        try:
            fields = reader.fieldnames
        except csv.Error as exc:
            yield Rejection(source=f"{_shown(path)}:1", reason=f"malformed CSV header: {exc}")
            return
        if not fields or "text" not in fields:
            yield Rejection(source=_shown(path), reason=f"CSV header has no 'text' column (found: {fields})")
            return
        repeated = sorted({f for f in fields if fields.count(f) > 1})
        if repeated:
            yield Rejection(source=f"{_shown(path)}:1", reason="CSV header repeats the column"
                            f"{'s' if len(repeated) > 1 else ''} {', '.join(map(repr, repeated))}; "
                            "which one holds the value is unclear, so the file is not read")
            return
        while True:
            first = lines.count + 1  # the row's first line: rows may span lines
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Rejection(source=f"{_shown(path)}:{first}", reason=f"malformed CSV row: {exc}")
                continue
            where = f"{_shown(path)}:{first}"
            if None in row:
                yield Rejection(source=where, reason="row has more fields than the header")
                continue
            doc = read_row(row, where, f"{_shown(path.name)}:{first}", encoding=encoding.replace("-sig", ""),
                           max_bytes=max_bytes)
            if isinstance(doc, Document) and "\ufffd" in doc.raw and encoding.startswith("utf-8"):
                doc = doc.with_(warnings=doc.warnings + ("bytes that are not UTF-8 were replaced by \ufffd",))
            yield doc


def _not_regular(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (a broken link, a pipe, a device), or ``None``."""
    try:
        mode = path.stat().st_mode  # follows links: a link to /dev/zero is a device
    except FileNotFoundError:
        return "no such file (a broken link?)" if path.is_symlink() else "no such file"
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, pipe or socket?)"
    return None


def read_file(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Document | Rejection]:
    problem = _not_regular(path)
    if problem:
        yield Rejection(source=_shown(path), reason=problem)
        return
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".csv"):
        try:
            yield from (read_jsonl if suffix != ".csv" else read_csv)(path, max_bytes)
        except OSError as exc:  # unreadable, or gone while being read
            yield Rejection(source=_shown(path), reason=f"cannot read the file: {exc.strerror or exc}")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"the file is {_megabytes(size)}; one document may be at most {_megabytes(max_bytes)} "
                             "(split it, or raise the limit with --max-document-mb)")
        if size == 0:
            raise InputError("the file is empty")
        raw, encoding = decode(path.read_bytes())
        if is_blank(raw):
            raise InputError("the file holds only spaces, line breaks or invisible characters")
    except OSError as exc:
        yield Rejection(source=_shown(path), reason=f"cannot read the file: {exc.strerror or exc}")
        return
    except InputError as exc:
        yield Rejection(source=_shown(path), reason=str(exc))
        return
    fmt = "html" if suffix in (".html", ".htm", ".xhtml") else "auto"
    note = encoding_note(encoding)
    yield Document(key=_shown(path.name), raw=raw, source=_shown(path), format=fmt, encoding=encoding,
                   warnings=(note,) if note else ())


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in sorted order; linked sub-folders are followed, each real folder read once."""
    seen = {os.path.realpath(folder)}
    for root, dirs, files in os.walk(folder, followlinks=True):
        kept = []
        for d in sorted(d for d in dirs if not d.startswith(".")):
            real = os.path.realpath(os.path.join(root, d))
            if real not in seen:  # a link back to a folder already read would loop
                seen.add(real)
                kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_paths(paths: Iterable[str | os.PathLike], *, max_bytes: int = MAX_DOCUMENT_BYTES,
               skip: Iterable[str | os.PathLike] = ()) -> Iterator[Document | Rejection]:
    """Every document in the named files and folders, or a rejection for what cannot be read; files in
    ``skip`` (the database being written, its journal and lock) are passed over in folders."""
    skipped = {os.path.realpath(p) for p in skip}
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for file in _walk(path):
                if skipped and os.path.realpath(file) in skipped:
                    continue
                yield from read_file(file, max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes)
        elif path.exists():
            yield Rejection(source=_shown(path), reason="not a regular file or folder (a device, pipe or socket?)")
        else:
            yield Rejection(source=_shown(path), reason="no such file or folder")
