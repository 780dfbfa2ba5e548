"""Batches: read inputs, run the pipeline, and store, one document at a time.

:func:`ingest` is what ``marsad ingest`` and ``marsad demo`` call. Documents whose
content hash is already stored (or was seen earlier in the same batch) are
counted as duplicates and not processed again, so re-ingesting is a no-op. A
document that cannot be read or processed is counted as rejected, with its
reason, and the batch goes on.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .model import Document, Rejection
from .pipeline import Pipeline, StageError, default_pipeline
from .sources import read_paths
from .stages.ingest import content_id
from .storage import Store

CHUNK = 200  # documents written per transaction


@dataclass(kw_only=True)
class IngestReport:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"read": self.read, "new": self.new, "duplicates": self.duplicates,
                "rejected": [{"source": r.source, "reason": r.reason} for r in self.rejected]}


Progress = Callable[[IngestReport], None]


def ingest(paths: Iterable[str | os.PathLike], store: Store, *, pipeline: Pipeline | None = None,
           chunk: int = CHUNK, progress: Progress | None = None) -> IngestReport:
    """Process and store every document under ``paths``; return what happened."""
    return ingest_documents(read_paths(paths), store, pipeline=pipeline, chunk=chunk, progress=progress)


def ingest_documents(items: Iterable[Document | Rejection], store: Store, *, pipeline: Pipeline | None = None,
                     chunk: int = CHUNK, progress: Progress | None = None) -> IngestReport:
    """Process and store unprocessed documents (as :mod:`marsad.sources` reads them, or built by hand)."""
    pipe = pipeline or default_pipeline()
    report = IngestReport()
    pending: list[Document] = []
    seen: set[str] = set()

    def flush() -> None:
        report.new += len(store.add_documents(pending))
        pending.clear()

    for item in items:
        report.read += 1
        if isinstance(item, Rejection):
            report.rejected.append(item)
        else:
            doc_id = content_id(item.raw)
            if doc_id in seen or store.existing_ids([doc_id]):
                report.duplicates += 1
            else:
                seen.add(doc_id)
                try:
                    pending.append(pipe.run(item))
                except StageError as exc:
                    report.rejected.append(Rejection(source=item.source or item.key, reason=str(exc)))
        if len(pending) >= chunk:
            flush()
        if progress:
            progress(report)
    flush()
    if progress:
        progress(report)
    return report
