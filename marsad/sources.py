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
from pathlib import Path
from typing import Iterable, Iterator

from .model import Document, Given, Rejection

BATCH_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
GIVEN_FIELDS = ("title", "url", "publisher", "published", "language")


class InputError(ValueError):
    """An input cannot be read at all."""


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (BOM or not), UTF-16/32 with a BOM, else Windows-1256 or Latin-1."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    if b"\x00" in data[:8192]:
        raise InputError("binary content (NUL bytes) and no text encoding mark")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1256 puts Arabic letters in 0xC1-0xFE; in Latin-1 text that range holds only the
    # accented letters, which are few beside the plain ASCII ones.
    high = sum(1 for b in data if b >= 0xC0)
    ascii_letters = sum(1 for b in data if 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A)
    if high > ascii_letters:
        return data.decode("cp1256", errors="replace"), "cp1256"
    return data.decode("latin-1"), "latin-1"


def _given(row: dict) -> Given:
    values = {}
    for name in GIVEN_FIELDS:
        value = row.get(name)
        values[name] = str(value).strip() if value not in (None, "") else None
    return Given(**values)


def _from_row(row: object, where: str, default_key: str) -> Document | Rejection:
    if not isinstance(row, dict):
        return Rejection(source=where, reason=f"expected a JSON object, got {type(row).__name__}")
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejection(source=where, reason="no 'text' field, or it is empty")
    key = str(row.get("id") or default_key)
    return Document(key=key, raw=text, source=where, format="auto", given=_given(row))


def read_jsonl(path: Path) -> Iterator[Document | Rejection]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            where = f"{path}:{number}"
            if not line.strip():
                continue
            try:
                row = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield Rejection(source=where, reason=f"not a JSON line: {exc}")
                continue
            yield _from_row(row, where, f"{path.name}:{number}")


def read_csv(path: Path) -> Iterator[Document | Rejection]:
    csv.field_size_limit(1 << 30)
    try:
        text, _ = decode(path.read_bytes())
    except InputError as exc:
        yield Rejection(source=str(path), reason=str(exc))
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield Rejection(source=str(path), reason=f"CSV header has no 'text' column (found: {reader.fieldnames})")
        return
    try:
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if None in row:
                yield Rejection(source=where, reason="row has more fields than the header")
                continue
            yield _from_row(row, where, f"{path.name}:{reader.line_num}")
    except csv.Error as exc:
        yield Rejection(source=f"{path}:{reader.line_num}", reason=f"malformed CSV: {exc}")


def read_file(path: Path) -> Iterator[Document | Rejection]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(path)
        return
    if suffix == ".csv":
        yield from read_csv(path)
        return
    try:
        raw, encoding = decode(path.read_bytes())
    except (OSError, InputError) as exc:
        yield Rejection(source=str(path), reason=str(exc))
        return
    fmt = "html" if suffix in (".html", ".htm", ".xhtml") else "auto"
    yield Document(key=path.name, raw=raw, source=str(path), format=fmt, encoding=encoding)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Document | Rejection]:
    """Every document in the named files and folders, or a rejection for what cannot be read."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for file in _walk(path):
                yield from read_file(file)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield Rejection(source=str(path), reason="no such file or folder")
