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
import re._constants as sre
import re._parser as sre_parse
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
        lower = folded.lower() if folded.isascii() else None
        for pattern, needs in zip(self.patterns(name, key), _needs(self.package, name, key), strict=True):
            if needs and lower is not None and not _holds(lower, needs):
                continue  # (a word it needs is missing: no need to try it at every character)
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


@lru_cache(maxsize=None)
def _needs(package: str, name: str, key: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Per pattern of :func:`_patterns`, the words an ASCII text must hold in lower case for it to match: of
    each group, one (for "source\\s*:" the group ("source",) and (":",); for "(المصدر|المصادر)" one
    that no ASCII text holds)."""
    return tuple(_words_needed(p.pattern) for p in _patterns(package, name, key))


def _holds(lower: str, needs: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the text holds one word of each group."""
    for words in needs:
        for word in words:
            if word in lower:
                break
        else:
            return False
    return True


def _words_needed(source: str) -> tuple[tuple[str, ...], ...]:
    """The runs of letters the expression (ignoring case) must match one after the other at its top level,
    and its top-level choices between such runs alone, where each letter matches in an ASCII text exactly
    what it is in lower case (a lower-case ASCII letter, or a character without case)."""
    try:
        parsed = list(sre_parse.parse(source, re.IGNORECASE))
    except Exception:  # (an expression the parser of this Python reads otherwise: no words needed)
        return ()
    if parsed and parsed[0] == (sre.AT, sre.AT_BEGINNING):
        return ()  # tried at the start of the text alone, which is quick: no words looked for
    needs: list[tuple[str, ...]] = []
    run = ""
    for op, av in parsed + [(None, None)]:
        if op is sre.LITERAL and _caseless(av):
            run += chr(av)
            continue
        if run:
            needs.append((run,))
            run = ""
        if op is sre.SUBPATTERN and not av[1] and not av[2] and len(av[3]) == 1:
            op, av = list(av[3])[0]
        if op is sre.BRANCH:
            words = [_literal(branch) for branch in av[1]]
            if all(words):
                needs.append(tuple(words))
    return tuple(needs)


def _literal(parsed) -> str:
    """The text a parsed expression of caseless letters alone matches, else ''."""
    ops = list(parsed)
    if not ops or not all(op is sre.LITERAL and _caseless(av) for op, av in ops):
        return ""
    return "".join(chr(av) for _, av in ops)


def _caseless(code: int) -> bool:
    ch = chr(code)
    return "a" <= ch <= "z" or ch.lower() == ch == ch.upper()


READING = DataFolder("marsad.reading")  # what the reading stages know: outlets, page furniture, calendars
