"""Wire copies: the same story printed by several outlets counts as one source.

Each story is reduced to its set of word 5-grams (folded, so spelling variants agree), each 5-gram
hashed to 64 bits, and summarised by a bottom-k MinHash sketch: the ``SKETCH`` smallest hashes. Two
stories are copies when the estimated Jaccard similarity of their 5-gram sets (the share of the
union's bottom-k hashes that both sketches hold) is at least ``THRESHOLD`` and they were published
within ``COPY_DAYS`` days of each other (a stored story with no date counts from the day it was
stored; in a batch that is not stored, a story with no date is compared only with others that have
none); copies of copies are one group.

Finding the pairs compares no pair without cause (prefix filtering, as in set-similarity joins):
each sketch's hashes are ordered rarest first (by how many stories of the batch hold them), and two
stories whose similarity reaches ``THRESHOLD`` share at least ``ceil(THRESHOLD * len)`` hashes, so
they share one of the first ``len - ceil(THRESHOLD * len) + 1`` hashes of each sketch (13 of 64),
whatever that order; a hash no other story holds is left out first. Only stories sharing one of those
hashes are compared, every pair of them, and a pair is scored only when its sketches share enough
hashes. Ordering rarest first keeps these buckets small when reports share boilerplate (the same
sentences in every report of an outlet): boilerplate hashes come last and enter a prefix only when a
story has too few rarer ones. A bucket of more than ``COMMON`` stories (boilerplate, or one story
copied by many outlets) is walked in date order, each story compared with one story of each of the
latest ``RECENT_GROUPS`` groups of copies met in it. So a story is compared with at most
13 x ``RECENT_GROUPS`` others: cost grows with the number of stories, not with its square, however
much boilerplate they share.

Within a group of copies the original is the earliest published (then the smallest document id); the
others are its copies. Translations are not copies: they share no 5-grams.
"""
from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from ..reading.textnorm import tokens

SHINGLE = 5
SKETCH = 64
THRESHOLD = 0.8
MIN_SHINGLES = 8  # stories shorter than this are never called copies
COPY_DAYS = 7  # copies are published within this many days of each other
COMMON = 10  # a bucket of more stories than this is walked group by group
RECENT_GROUPS = 10  # in such a bucket, a story is compared with one story of each of the latest groups


@dataclass(frozen=True, kw_only=True, slots=True)
class Story:
    doc_id: str
    sketch: tuple[int, ...]
    published: date | None = None
    day: date | None = None  # the date the copy window is counted from; the published date when not given

    @property
    def when(self) -> date | None:
        return self.day or self.published


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


def prefix_length(size: int) -> int:
    """How many of a sketch's rarest hashes two copies must share one of (see the module docstring)."""
    return size - math.ceil(THRESHOLD * size) + 1


def near_in_time(a: Story, b: Story) -> bool:
    if a.when is None or b.when is None:
        return a.when is None and b.when is None
    return abs((a.when - b.when).days) <= COPY_DAYS


class Groups:
    """Union-find over document ids: the groups of copies."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def root(self, x: str) -> str:
        path = []
        while self.parent.get(x, x) != x:
            path.append(x)
            x = self.parent[x]
        for y in path:
            self.parent[y] = x
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self, ids: Iterable[str]) -> list[list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for x in ids:
            found[self.root(x)].append(x)
        return list(found.values())


def join_copies(stories: list[Story], groups: Groups, *, fresh: set[str] | None = None) -> int:
    """Join in ``groups`` every two stories that are copies (only pairs with a ``fresh`` story, when
    given); returns how many pairs were compared."""
    info = {s.doc_id: s for s in stories if s.sketch}
    held = Counter(v for s in info.values() for v in s.sketch)  # a hash only one story holds makes no pair
    buckets: dict[int, list[str]] = defaultdict(list)
    for story in sorted(info.values(), key=lambda s: (s.when or date.min, s.doc_id)):
        shared = sorted((v for v in story.sketch if held[v] > 1), key=lambda v: (held[v], v))
        for value in shared[:max(0, len(shared) - (len(story.sketch) - prefix_length(len(story.sketch))))]:
            buckets[value].append(story.doc_id)
    compared: set[tuple[str, str]] = set()
    hashes = {d: frozenset(s.sketch) for d, s in info.items()}  # copies share at least THRESHOLD of the larger

    def compare(a: str, b: str) -> bool:
        """Compare two stories unless they need not be; True when they are (now) in one group."""
        if fresh is not None and a not in fresh and b not in fresh:
            return False
        if groups.root(a) == groups.root(b):
            return True
        if (a, b) in compared or not near_in_time(info[a], info[b]):
            return False
        compared.add((a, b))
        need = math.ceil(THRESHOLD * max(len(info[a].sketch), len(info[b].sketch)))
        if len(hashes[a] & hashes[b]) >= need and similarity(info[a].sketch, info[b].sketch) >= THRESHOLD:
            groups.join(a, b)
            return True
        return False

    for members in buckets.values():
        if len(members) <= COMMON:
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    compare(a, b)
            continue
        groups_seen: list[str] = []  # a bucket of boilerplate: one story of each of the latest groups
        for story in members:
            when = info[story].when
            groups_seen = [g for g in groups_seen if when is None or near_in_time(info[g], info[story])]
            groups_seen = groups_seen[-RECENT_GROUPS:]
            if not any(compare(g, story) for g in reversed(groups_seen)):
                groups_seen.append(story)
    return len(compared)


def originals(groups: list[list[str]], published: dict[str, date | None]) -> dict[str, str]:
    """``{copy: original}`` for groups of copies: the original is the earliest published, then the
    smallest id."""
    copies: dict[str, str] = {}
    for members in groups:
        if len(members) < 2:
            continue
        original = min(members, key=lambda d: (published.get(d) or date.max, d))
        copies.update({m: original for m in members if m != original})
    return copies


def find_copies(stories: list[Story]) -> dict[str, str]:
    """``{copy doc id: original doc id}`` for every story that is a copy of another."""
    groups = Groups()
    join_copies(stories, groups)
    info = {s.doc_id: s for s in stories if s.sketch}
    return originals(groups.members(info), {d: s.published for d, s in info.items()})
