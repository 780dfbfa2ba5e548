"""marsad: conflict-event extraction from Arabic and English news reports.

The library in four names:

- :func:`read` -- documents from files, folders and JSONL/CSV batches, run through the pipeline;
- :func:`extract` -- one text (plain or HTML) run through the pipeline;
- :class:`Pipeline` / :func:`default_pipeline` -- the named stages, to list, swap and configure;
- :class:`Document` -- the frozen record every stage passes on.
"""
from __future__ import annotations

import os
from typing import Iterable, Iterator

from .model import Document, Given, Metadata, Paragraph, Rejection
from .pipeline import Pipeline, Stage, StageError, default_pipeline

__version__ = "0.1.0"
__all__ = ["Document", "Given", "Metadata", "Paragraph", "Pipeline", "Rejection", "Stage", "StageError",
           "default_pipeline", "extract", "read"]


def read(paths: str | os.PathLike | Iterable[str | os.PathLike], *, pipeline: Pipeline | None = None,
         errors: str = "skip") -> Iterator[Document | Rejection]:
    """Read and process every document under ``paths``.

    With ``errors="skip"`` (the default) inputs that cannot be read or processed
    are left out; ``errors="yield"`` yields them as :class:`Rejection` records;
    ``errors="raise"`` raises on the first one.
    """
    from .reading.inputs import read_paths

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    pipe = pipeline or default_pipeline()
    for item in pipe.run_many(read_paths(paths)):
        if isinstance(item, Rejection):
            if errors == "raise":
                raise ValueError(f"{item.source}: {item.reason}")
            if errors == "yield":
                yield item
            continue
        yield item


def extract(text: str, *, key: str = "text", title: str | None = None, url: str | None = None,
            publisher: str | None = None, published: str | None = None, language: str | None = None,
            pipeline: Pipeline | None = None) -> Document:
    """Run one text (plain or HTML) through the pipeline and return the processed document."""
    given = Given(title=title, url=url, publisher=publisher, published=published, language=language)
    doc = Document(key=key, raw=text, source=key, format="auto", given=given)
    return (pipeline or default_pipeline()).run(doc)
