"""Wire copies: the same story printed by several outlets counts as one source.

Each story is reduced to its set of word 5-grams (folded, so spelling variants agree), each 5-gram
hashed to 64 bits, and summarised by a bottom-k MinHash sketch: the ``SKETCH`` smallest hashes.
Stories that share one of their ``BANDS`` smallest hashes are candidates (an index, not a
comparison of every pair; within a candidate group a story is compared with one story of each group
of copies found so far), and a candidate is a copy when the estimated Jaccard similarity of
their 5-gram sets (the share of the union's bottom-k hashes that both sketches hold) is at least
``THRESHOLD``. Cost grows with the number of documents, not with its square. Within a group of copies
the original is the earliest published (then the smallest document id); the others are its copies.
Translations are not copies: they share no 5-grams.
"""
from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ..reading.textnorm import tokens

SHINGLE = 5
SKETCH = 64
BANDS = 8
THRESHOLD = 0.8
MIN_SHINGLES = 8  # stories shorter than this are never called copies


@dataclass(frozen=True, kw_only=True, slots=True)
class Story:
    doc_id: str
    sketch: tuple[int, ...]
    published: date | None = None


def sketch(text: str) -> tuple[int, ...]:
    """The bottom-k MinHash sketch of a story's 5-grams (empty for stories too short to judge)."""
    words = tokens(text)
    grams = {int.from_bytes(hashlib.blake2b(" ".join(words[i:i + SHINGLE]).encode(), digest_size=8).digest(), "big")
             for i in range(max(0, len(words) - SHINGLE + 1))}
    if len(grams) < MIN_SHINGLES:
        return ()
    return tuple(heapq.nsmallest(SKETCH, grams))


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the two 5-gram sets from their sketches."""
    union = heapq.nsmallest(SKETCH, set(a) | set(b))
    both = set(a) & set(b)
    return sum(1 for x in union if x in both) / len(union) if union else 0.0


def find_copies(stories: list[Story]) -> dict[str, str]:
    """``{copy doc id: original doc id}`` for every story that is a copy of another."""
    info = {s.doc_id: s for s in stories if s.sketch}
    buckets: dict[int, list[str]] = defaultdict(list)
    for story in info.values():
        for value in story.sketch[:BANDS]:
            buckets[value].append(story.doc_id)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for members in buckets.values():
        representatives: list[str] = []  # one story of each group of copies met in this bucket
        for story in members:
            for rep in representatives:
                if root(rep) == root(story):
                    break
                if similarity(info[rep].sketch, info[story].sketch) >= THRESHOLD:
                    ra, rb = root(rep), root(story)
                    parent[max(ra, rb)] = min(ra, rb)
                    break
            else:
                representatives.append(story)
    groups: dict[str, list[str]] = defaultdict(list)
    for doc_id in info:
        groups[root(doc_id)].append(doc_id)
    copies: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda d: (info[d].published or date.max, d))
        copies.update({m: original for m in members if m != original})
    return copies
