"""Language knowledge lives in data files beside the stage that reads them; this loads them once.

Each layer that has knowledge keeps a ``data/`` folder in its package (``marsad/reading/data``,
``marsad/extraction/data``, ``marsad/evaluation/data``), read through one :class:`DataFolder`. In
it, ``<file>.json`` holds what is shared across languages (outlets, actors, places) and
``<lang>/<file>.json`` what is said per language (furniture markers, months, event words). Adding a
language means adding a folder with the same files to each; the engine reads every language folder
it finds (:meth:`DataFolder.languages`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from .textnorm import fold_pattern


class LexiconError(ValueError):
    """A data file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class DataFolder:
    """The ``data/`` folder of one package, e.g. ``DataFolder("marsad.reading")``."""

    package: str

    @property
    def root(self) -> Traversable:
        return resources.files(self.package) / "data"

    def languages(self) -> tuple[str, ...]:
        """Language codes that have a data folder, sorted."""
        return _languages(self.package)

    def load(self, name: str, language: str | None = None) -> Any:
        """The parsed JSON of ``data/[language/]name.json``."""
        return _load(self.package, name, language)

    def load_all(self, name: str) -> dict[str, Any]:
        """``{language: data}`` for every language folder that has ``name.json``."""
        return {lang: self.load(name, lang) for lang in self.languages()
                if (self.root / lang / f"{name}.json").is_file()}

    def patterns(self, name: str, key: str) -> tuple[re.Pattern, ...]:
        """The regular expressions under ``key`` in ``name.json`` of every language, compiled.

        They are meant to be matched against text folded by :func:`marsad.reading.textnorm.fold`,
        so the Arabic letters of each pattern are folded the same way first.
        """
        return _patterns(self.package, name, key)

    def first_match(self, name: str, key: str, folded: str) -> re.Match | None:
        """The first of the ``key`` patterns of ``name.json`` that matches the folded text."""
        for pattern in self.patterns(name, key):
            m = pattern.search(folded)
            if m:
                return m
        return None


# The caches are keyed by package name, so every DataFolder of one package shares them.
@lru_cache(maxsize=None)
def _languages(package: str) -> tuple[str, ...]:
    root = DataFolder(package).root
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")))


@lru_cache(maxsize=None)
def _load(package: str, name: str, language: str | None) -> Any:
    root = DataFolder(package).root
    where = root / language / f"{name}.json" if language else root / f"{name}.json"
    try:
        return json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"data file {where} is missing") from None
    except json.JSONDecodeError as exc:
        raise LexiconError(f"data file {where} is not valid JSON: {exc}") from None


@lru_cache(maxsize=None)
def _patterns(package: str, name: str, key: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for lang, data in DataFolder(package).load_all(name).items():
        for source in data.get(key, []):
            try:
                compiled.append(re.compile(fold_pattern(source), re.IGNORECASE))
            except re.error as exc:
                raise LexiconError(f"bad pattern in {package} data/{lang}/{name}.json [{key}]: {source!r}: {exc}") \
                    from None
    return tuple(compiled)


READING = DataFolder("marsad.reading")  # what the reading stages know: outlets, page furniture, calendars
