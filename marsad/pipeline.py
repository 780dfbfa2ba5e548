"""Named stages and the runner that passes one document through them.

A stage is a function from :class:`~marsad.model.Document` to ``Document``. The
:class:`Pipeline` keeps them in order under their names; they can be listed,
swapped, removed, inserted and configured. Any exception a stage raises comes
out as :class:`StageError` naming the stage and the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable, Iterator

from .model import Document, Rejection

StageFn = Callable[[Document], Document]


class StageError(Exception):
    """A stage failed on a document."""

    def __init__(self, stage: str, key: str, cause: BaseException):
        self.stage, self.key, self.cause = stage, key, cause
        super().__init__(f"stage '{stage}' failed on document '{key}': {type(cause).__name__}: {cause}")


@dataclass(frozen=True, kw_only=True)
class Stage:
    name: str
    fn: StageFn
    adds: str = ""  # what the stage adds to the document, for `marsad stages`


@dataclass(kw_only=True)
class Pipeline:
    """An ordered list of named stages."""

    stages: list[Stage] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def _index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f"no stage named '{name}'; stages are: {', '.join(self.names)}") from None

    def add(self, name: str, fn: StageFn, *, adds: str = "", after: str | None = None) -> "Pipeline":
        if name in self.names:
            raise ValueError(f"a stage named '{name}' is already in the pipeline")
        at = self._index(after) + 1 if after else len(self.stages)
        self.stages.insert(at, Stage(name=name, fn=fn, adds=adds))
        return self

    def replace(self, name: str, fn: StageFn) -> "Pipeline":
        i = self._index(name)
        self.stages[i] = Stage(name=name, fn=fn, adds=self.stages[i].adds)
        return self

    def remove(self, name: str) -> "Pipeline":
        del self.stages[self._index(name)]
        return self

    def configure(self, name: str, **options) -> "Pipeline":
        """Bind keyword options to a stage function (e.g. ``configure("language", min_chars=40)``)."""
        i = self._index(name)
        stage = self.stages[i]
        self.stages[i] = Stage(name=name, fn=partial(stage.fn, **options), adds=stage.adds)
        return self

    def copy(self) -> "Pipeline":
        return Pipeline(stages=list(self.stages))

    def run(self, doc: Document) -> Document:
        for stage in self.stages:
            try:
                doc = stage.fn(doc)
            except StageError:
                raise
            except Exception as exc:  # a stage's failure is reported with its name
                raise StageError(stage.name, doc.key, exc) from exc
            doc = doc.with_(stages=doc.stages + (stage.name,))
        return doc

    def run_many(self, items: Iterable[Document | Rejection]) -> Iterator[Document | Rejection]:
        """Run every document; a failing one becomes a Rejection and the batch goes on."""
        for item in items:
            if isinstance(item, Rejection):
                yield item
                continue
            try:
                yield self.run(item)
            except StageError as exc:
                yield Rejection(source=item.source or item.key, reason=str(exc))


def default_pipeline() -> Pipeline:
    """The standard stages, in order."""
    from .extraction import stage as extract
    from .reading import clean, ingest, language, metadata

    pipe = Pipeline()
    pipe.add("ingest", ingest.run, adds="id, text (HTML main text), page metadata")
    pipe.add("clean", clean.run, adds="paragraphs with roles: story versus header and furniture")
    pipe.add("language", language.run, adds="language per paragraph and per document")
    pipe.add("metadata", metadata.run, adds="title, publisher, author, published date (fallback chain)")
    pipe.add("extract", extract.run, adds="ACLED-typed events with actors, place, date and attributed claims")
    return pipe
