"""Process-wide LRU stores for values a slider move looks up several times.

``st.cache_resource`` hashes its arguments on every call (30–250 µs here for a filter or a
tuple key; a slider move made five such calls), which was a sizeable share of the move.
These stores are keyed by plain hashable tuples instead (a dict lookup), live as long as the
server process and are shared by every session, like ``st.cache_resource``. What they hold
derives from the dataset, which only changes with a restart of the server.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRU(Generic[V]):
    """A bounded dict, safe to share between the server's session threads."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two sessions may build the same value once each
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


_STORES: dict[str, LRU] = {}
_STORES_LOCK = threading.Lock()


def store(name: str, size: int) -> LRU:
    """The process's store called ``name`` (made on first use)."""
    found = _STORES.get(name)
    if found is None:
        with _STORES_LOCK:
            found = _STORES.setdefault(name, LRU(size))
    return found
