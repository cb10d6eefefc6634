"""The process-wide stores the slider move reads its views and indexes from."""

from __future__ import annotations

from ui import memo


def test_lru_builds_once_and_evicts_the_least_recently_used():
    built: list[str] = []
    lru = memo.LRU(2)

    def make(key: str):
        return lambda: built.append(key) or key.upper()

    assert lru.get("a", make("a")) == "A"
    assert lru.get("a", make("a")) == "A"
    assert built == ["a"]
    lru.get("b", make("b"))
    lru.get("a", make("a"))  # "a" is now the most recently used
    lru.get("c", make("c"))  # so "b" goes
    assert len(lru) == 2
    lru.get("a", make("a"))
    lru.get("b", make("b"))
    assert built == ["a", "b", "c", "b"]


def test_a_store_is_one_object_per_name():
    first = memo.store("test-store", 4)
    assert memo.store("test-store", 4) is first
    assert memo.store("test-store-other", 4) is not first
