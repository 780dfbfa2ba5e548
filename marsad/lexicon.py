"""Language knowledge lives in data files under ``marsad/data``; this loads them once.

Layout: ``data/<file>.json`` for what is shared across languages (outlets), and
``data/<lang>/<file>.json`` per language (furniture markers, bylines, months).
Adding a language means adding a folder with the same files; the engine reads
every language folder it finds (:func:`languages`).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from .textnorm import fold_pattern

DATA = resources.files("marsad") / "data"


class LexiconError(ValueError):
    """A data file is missing or malformed."""


@lru_cache(maxsize=None)
def languages() -> tuple[str, ...]:
    """Language codes that have a data folder, sorted."""
    return tuple(sorted(p.name for p in DATA.iterdir() if p.is_dir() and not p.name.startswith("_")))


@lru_cache(maxsize=None)
def load(name: str, language: str | None = None) -> Any:
    """The parsed JSON of ``data/[language/]name.json``."""
    where = DATA / language / f"{name}.json" if language else DATA / f"{name}.json"
    try:
        return json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"data file {where} is missing") from None
    except json.JSONDecodeError as exc:
        raise LexiconError(f"data file {where} is not valid JSON: {exc}") from None


def load_all(name: str) -> dict[str, Any]:
    """``{language: data}`` for every language folder that has ``name.json``."""
    found = {}
    for lang in languages():
        if (DATA / lang / f"{name}.json").is_file():
            found[lang] = load(name, lang)
    return found


@lru_cache(maxsize=None)
def patterns(name: str, key: str) -> tuple[re.Pattern, ...]:
    """The regular expressions under ``key`` in ``name.json`` of every language, compiled.

    They are meant to be matched against text folded by :func:`marsad.textnorm.fold`,
    so the Arabic letters of each pattern are folded the same way first.
    """
    compiled = []
    for lang, data in load_all(name).items():
        for source in data.get(key, []):
            try:
                compiled.append(re.compile(fold_pattern(source), re.IGNORECASE))
            except re.error as exc:
                raise LexiconError(f"bad pattern in data/{lang}/{name}.json [{key}]: {source!r}: {exc}") from None
    return tuple(compiled)


def first_match(name: str, key: str, folded: str) -> re.Match | None:
    """The first of the ``key`` patterns of ``name.json`` that matches the folded text."""
    for pattern in patterns(name, key):
        m = pattern.search(folded)
        if m:
            return m
    return None
