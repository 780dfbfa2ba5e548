"""Ingest on a Dask cluster: the same pipeline, partition by partition, the same database.

:func:`ingest_distributed` reads the inputs in this process (streaming), sends partitions of
unprocessed documents to the cluster's workers, and writes each partition's results in input order
as they come back, so the database is the one a single process makes: the same documents, events,
claims and (after :func:`marsad.linking.incidents.link_database`) incidents. Documents already stored are
skipped before they are sent (an interrupted ingest resumes where it stopped); at most a few
partitions per worker are in flight, so memory stays flat however large the input.

``workers`` starts a local cluster of that many single-threaded worker processes; ``scheduler``
connects to an existing cluster (``tcp://host:8786``), whose workers need marsad installed.
"""
from __future__ import annotations

import os
from collections import deque
from typing import Iterable

from ..model import Document, Rejection
from ..reading.inputs import MAX_DOCUMENT_BYTES, read_paths
from ..storage import Store
from .batch import IngestReport, Intake, Progress, store_documents

PARTITION = 100  # documents per task
IN_FLIGHT = 3  # partitions per worker sent ahead


def process_partition(docs: list[Document]) -> list[Document | Rejection]:
    """Run the default pipeline over one partition (on a worker)."""
    from ..pipeline import default_pipeline

    return list(default_pipeline().run_many(docs))


def _partitions(items: Iterable[Document | Rejection], store: Store, report: IngestReport, size: int):
    """Partitions of new documents; rejections and duplicates are counted here, in input order."""
    batch: list[Document] = []
    intake = Intake(store)
    for item in items:
        report.read += 1
        if isinstance(item, Rejection):
            report.rejected.append(item)
            continue
        doc = intake.admit(item)
        if doc is None:
            report.duplicates += 1
            continue
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_distributed(paths: Iterable[str | os.PathLike], store: Store, *, workers: int | None = None,
                       scheduler: str | None = None, partition: int = PARTITION,
                       progress: Progress | None = None, max_bytes: int = MAX_DOCUMENT_BYTES,
                       wait: bool = True, on_wait=None) -> IngestReport:
    """Process and store every document under ``paths`` on a Dask cluster (see the module docstring),
    holding the database's writer lock as :func:`marsad.jobs.batch.ingest` does."""
    with store.writing("ingest", wait=wait, on_wait=on_wait):
        return _ingest_distributed(paths, store, workers=workers, scheduler=scheduler, partition=partition,
                                   progress=progress, max_bytes=max_bytes)


def _ingest_distributed(paths, store: Store, *, workers, scheduler, partition, progress, max_bytes) -> IngestReport:
    from distributed import Client, LocalCluster

    if scheduler:
        cluster, client = None, Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    report = IngestReport()
    try:
        width = max(1, len(client.scheduler_info().get("workers", {})) or (workers or 2))
        pending: deque = deque()

        def drain(keep: int) -> None:
            while len(pending) > keep:
                results = pending.popleft().result()  # in submission order: the order of the input
                docs = [r for r in results if isinstance(r, Document)]
                for doc in docs:
                    report.note(doc)
                report.rejected.extend(r for r in results if isinstance(r, Rejection))
                store_documents(store, docs, report)
                if progress:
                    progress(report)

        for batch in _partitions(read_paths(paths, max_bytes=max_bytes, skip=store.files()), store, report, partition):
            pending.append(client.submit(process_partition, batch, pure=False))
            drain(IN_FLIGHT * width)
        drain(0)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return report
