"""Wire copies: the same story printed by several outlets counts as one source.

Each story is reduced to its set of word 5-grams (folded, so spelling variants agree) and summarised
by a MinHash signature of 64 hashes; locality-sensitive hashing over 16 bands of 4 rows proposes
pairs that share a band, and a pair is a copy when the signatures agree on at least
``THRESHOLD`` of their hashes (an estimate of the Jaccard similarity of the 5-gram sets). Cost grows
with the number of documents, not with its square. Within a group of copies the original is the
earliest published (then the smallest document id); the others are its copies. Translations are
not copies: they share no 5-grams.
"""
from __future__ import annotations

import hashlib
import struct
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .textnorm import tokens

SHINGLE = 5
HASHES = 64
BANDS = 16
ROWS = HASHES // BANDS
THRESHOLD = 0.8
MIN_SHINGLES = 8  # stories shorter than this are never called copies
_MASK = (1 << 61) - 1
_SEEDS = [int.from_bytes(hashlib.sha1(f"marsad-minhash-{i}".encode()).digest()[:8], "big") | 1 for i in range(HASHES)]


@dataclass(frozen=True, kw_only=True, slots=True)
class Story:
    doc_id: str
    text: str
    published: date | None = None


def shingles(text: str) -> set[int]:
    words = tokens(text)
    grams = (" ".join(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1)))
    return {struct.unpack("<Q", hashlib.blake2b(g.encode(), digest_size=8).digest())[0] for g in grams}


def signature(grams: set[int]) -> tuple[int, ...]:
    return tuple(min(((g * seed) ^ (seed >> 7)) & _MASK for g in grams) for seed in _SEEDS)


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    return sum(x == y for x, y in zip(a, b)) / HASHES


def find_copies(stories: list[Story]) -> dict[str, str]:
    """``{copy doc id: original doc id}`` for every story that is a copy of another."""
    signatures: dict[str, tuple[int, ...]] = {}
    buckets: dict[tuple[int, tuple[int, ...]], list[str]] = defaultdict(list)
    info = {s.doc_id: s for s in stories}
    for story in stories:
        grams = shingles(story.text)
        if len(grams) < MIN_SHINGLES:
            continue
        sig = signature(grams)
        signatures[story.doc_id] = sig
        for band in range(BANDS):
            buckets[(band, sig[band * ROWS:(band + 1) * ROWS])].append(story.doc_id)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    seen: set[tuple[str, str]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pair = (min(a, b), max(a, b))
                if pair in seen:
                    continue
                seen.add(pair)
                if similarity(signatures[a], signatures[b]) >= THRESHOLD:
                    ra, rb = root(a), root(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for doc_id in signatures:
        groups[root(doc_id)].append(doc_id)
    copies: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda d: (info[d].published or date.max, d))
        copies.update({m: original for m in members if m != original})
    return copies
