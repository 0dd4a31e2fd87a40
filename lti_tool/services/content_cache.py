"""Per-process caches of what is the same for every reader: a curriculum item's page model, keyed by a hash of the
item's content (so a changed item — a reloaded curriculum, an edited library experience — is built again, and an
unchanged one is not), the interface language and anything else its output depends on.

Only content goes in here, never a learner's data: the caller's key must name everything the value depends on.
Both maps are bounded (least recently used entries go first), so a large library cannot grow them without end."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """A thread-safe least-recently-used map holding at most ``max_entries`` values."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``make()`` (called outside the lock) kept and returned."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        made = make()
        self.put(key, made)
        return made

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


# The digest of an item object, computed once per object (the object is kept with it, so an id is never reused
# for another object while its entry lives).
_DIGESTS: BoundedCache[tuple[object, bytes]] = BoundedCache(max_entries=4096)


def content_digest(item: object) -> bytes:
    """A hash of a curriculum item's content (its dataclass ``repr``, which holds every field but source line
    numbers): equal for equal content, whichever object holds it."""
    def make() -> tuple[object, bytes]:
        return item, hashlib.blake2b(repr(item).encode("utf-8", "surrogatepass"), digest_size=16).digest()

    return _DIGESTS.get_or_make(id(item), make)[1]
