"""Full-text search: ranked and cut in SQL, with its cost bounded (words in a query, hits, snippets)."""
import pytest

import marsad
from marsad.storage.search import MAX_HITS, MAX_QUERY_CHARS, MAX_QUERY_WORDS, SearchError

STORY = ("Shelling in Azaz\n\nArtillery shelling hit the market of Azaz on Sunday, killing two civilians, "
         "the Civil Defence said.")


def _copies(count: int) -> list:
    """``count`` stored-alike documents (one extraction, copied under new ids; no events to clash)."""
    base = marsad.extract(STORY, key="base.txt", publisher="Enab Baladi", published="2021-03-14")
    return [base.with_(id=f"copy-{n:05d}", key=f"copy-{n}.txt", events=()) for n in range(count)]


def test_a_search_returns_at_most_its_limit_and_never_more_than_the_cap(store):
    store.add_documents(_copies(MAX_HITS + 3))
    assert len(store.search("Azaz", limit=7)) == 7
    assert len(store.search("Azaz shelling", limit=MAX_HITS, snippets=False)) == MAX_HITS
    with pytest.raises(SearchError, match=f"1 to {MAX_HITS:,} documents"):
        store.search("Azaz", limit=MAX_HITS + 1)


def test_the_words_and_characters_of_a_query_are_capped(store):
    store.add_documents(_copies(2))
    assert len(store.search(" ".join(["azaz"] * MAX_QUERY_WORDS))) == 2  # repeated words are searched once
    with pytest.raises(SearchError, match=f"has {MAX_QUERY_WORDS + 1} words; at most {MAX_QUERY_WORDS}"):
        store.search(" ".join(["azaz"] * (MAX_QUERY_WORDS + 1)))
    with pytest.raises(SearchError, match=f"at most {MAX_QUERY_CHARS:,} are allowed"):
        store.search("a" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(SearchError, match="no words"):
        store.search("🙂 (((")


def test_snippets_are_made_only_when_asked_for(store):
    store.add_documents(_copies(3))
    assert {h.snippet for h in store.search("market", snippets=False)} == {None}
    hits = store.search("market")
    assert len(hits) == 3 and all("market of Azaz" in h.snippet for h in hits)


def test_the_best_match_comes_first_and_ties_keep_a_stable_order(store):
    weak = marsad.extract("Clashes near Idlib\n\nClashes broke out near Idlib on Monday; later a shell fell near "
                          "Azaz, residents said.", key="weak.txt")
    strong = marsad.extract("Azaz shelled again\n\nShelling hit Azaz on Monday. Azaz hospital took the wounded; "
                            "the shelling of Azaz went on, activists said.", key="strong.txt")
    store.add_documents(_copies(4) + [weak, strong])
    keys = [h.key for h in store.search("Azaz")]
    assert keys[0] == "strong.txt" and keys.index("strong.txt") < keys.index("weak.txt")
    assert keys == [h.key for h in store.search("Azaz")]
