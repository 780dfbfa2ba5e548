"""Batches: read inputs, run the pipeline, and store, one document at a time.

:func:`ingest` is what ``marsad ingest`` and ``marsad demo`` call. Documents whose
content hash is already stored (or was seen earlier in the same batch) are
counted as duplicates and not processed again, so re-ingesting is a no-op. A
document that cannot be read, processed or stored is counted as rejected, with
its reason, and the batch goes on. Documents are written in transactions of
:data:`CHUNK`, so an interrupted batch keeps what it wrote and a re-run resumes.

One writer at a time: a batch holds the database's writer lock
(:meth:`marsad.storage.Store.writing`) while it runs; a second batch waits for
it (or, with ``wait=False``, stops with :class:`marsad.storage.DatabaseBusy`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy.exc import DBAPIError

from ..model import Document, Rejection
from ..pipeline import Pipeline, StageError, default_pipeline
from ..reading.ingest import content_id
from ..reading.inputs import MAX_DOCUMENT_BYTES, read_paths
from ..storage import StorageError, Store

CHUNK = 200  # documents written per transaction


@dataclass(kw_only=True)
class IngestReport:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (source, warning) of stored documents

    def note(self, doc: Document) -> None:
        """Keep the warnings of a processed document (guessed encodings, ignored dates ...)."""
        self.warnings.extend((doc.source or doc.key, w) for w in doc.warnings)

    def as_dict(self) -> dict:
        return {"read": self.read, "new": self.new, "duplicates": self.duplicates,
                "rejected": [{"source": r.source, "reason": r.reason} for r in self.rejected],
                "warnings": [{"source": s, "warning": w} for s, w in self.warnings]}


Progress = Callable[[IngestReport], None]


def ingest(paths: Iterable[str | os.PathLike], store: Store, *, pipeline: Pipeline | None = None,
           chunk: int = CHUNK, progress: Progress | None = None, max_bytes: int = MAX_DOCUMENT_BYTES,
           wait: bool = True, on_wait: Callable[[str], None] | None = None) -> IngestReport:
    """Process and store every document under ``paths``; return what happened."""
    items = read_paths(paths, max_bytes=max_bytes, skip=store.files())
    return ingest_documents(items, store, pipeline=pipeline, chunk=chunk, progress=progress, wait=wait,
                            on_wait=on_wait)


class Intake:
    """Which unprocessed documents of a batch are new: not stored and not met earlier in the batch. A new
    document whose key (its id in the input, or its file name) already names a different text is let in
    with a warning naming the first document of the batch with that key, or else the first stored one.
    The batch's documents already stored count as its own, so a batch resumed after an interruption
    names the same document an uninterrupted run does. One database query per document."""

    def __init__(self, store: Store):
        self.store = store
        self.seen: set[str] = set()
        self.keys: dict[str, str] = {}  # key -> id of the first document of the batch with it

    def admit(self, doc: Document) -> Document | None:
        """``doc`` (perhaps with a warning), or None for a duplicate."""
        doc_id = content_id(doc.raw)
        if doc_id in self.seen:
            return None
        stored, named = self.store.lookup(doc_id, doc.key)
        self.seen.add(doc_id)
        if stored:
            self.keys.setdefault(doc.key, doc_id)
            return None
        other = self.keys.setdefault(doc.key, doc_id)  # an earlier document of the batch with this key ...
        if other == doc_id:
            other = named  # ... else a stored one
        if other is None:
            return doc
        return doc.with_(warnings=doc.warnings + (
            f"the key {doc.key!r} already names document {other}, whose text differs; both are kept",))


def _process(item: Document, pipe: Pipeline, store: Store, intake: Intake,
             report: IngestReport) -> Document | None:
    """The processed document, or None when it is a duplicate or is rejected (counted in ``report``)."""
    try:
        doc = intake.admit(item)
        if doc is None:
            report.duplicates += 1
            return None
        return pipe.run(doc)
    except StageError as exc:
        report.rejected.append(Rejection(source=item.source or item.key, reason=str(exc)))
    except StorageError:
        raise  # the database, not the document: stop with what is stored kept
    except DBAPIError as exc:
        raise store.failure(exc, "read") from None
    except Exception as exc:  # whatever one document does, the batch goes on
        report.rejected.append(Rejection(source=item.source or item.key,
                                         reason=f"unexpected {type(exc).__name__}: {exc}"))
    return None


def store_documents(store: Store, docs: list[Document], report: IngestReport) -> None:
    """Write processed documents and count them: new, rejected by the database, or stored meanwhile by
    another writer (a duplicate), so that read = new + duplicates + rejected always holds."""
    rejected = len(report.rejected)
    new = store.add_documents(docs, rejected=report.rejected)
    report.new += len(new)
    report.duplicates += len(docs) - len(new) - (len(report.rejected) - rejected)


def ingest_documents(items: Iterable[Document | Rejection], store: Store, *, pipeline: Pipeline | None = None,
                     chunk: int = CHUNK, progress: Progress | None = None, wait: bool = True,
                     on_wait: Callable[[str], None] | None = None) -> IngestReport:
    """Process and store unprocessed documents (as :mod:`marsad.reading.inputs` reads them, or built by hand)."""
    pipe = pipeline or default_pipeline()
    report = IngestReport()
    pending: list[Document] = []

    def flush() -> None:
        store_documents(store, pending, report)
        pending.clear()

    with store.writing("ingest", wait=wait, on_wait=on_wait):
        intake = Intake(store)
        for item in items:
            report.read += 1
            if isinstance(item, Rejection):
                report.rejected.append(item)
            else:
                doc = _process(item, pipe, store, intake, report)
                if doc is not None:
                    report.note(doc)
                    pending.append(doc)
            if len(pending) >= chunk:
                flush()
            if progress:
                progress(report)
        flush()
    if progress:
        progress(report)
    return report
